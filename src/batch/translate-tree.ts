import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ModulePlan } from '../emit/module-plan.js';
import type { Rule } from '../match/rule.js';
import type { MacroShapes } from '../parse/macro-shapes.js';
import type { Transform } from '../transform/transform.js';
import { listSources } from './list-sources.js';
import { treeMemoryGuard } from './memory.js';
import { ruleSetHash } from './rule-set-hash.js';
import { translateOne, type TreeFileResult } from './translate-one.js';
import { batchContext, type BatchSetup } from './batch-context.js';

export interface TreeOptions {
  rules: readonly Rule[];
  /** Must be registered transforms (workers look them up by id). */
  transforms: readonly Transform[];
  shapes: MacroShapes;
  modules: readonly ModulePlan[];
  /** Write each changed file (same relative path) under this folder; nothing is written without it. */
  outDir?: string;
  /** Translate files with ERROR regions anyway, gaps marked (else such files are not written). */
  allowPartial?: boolean;
  /** Extra worker threads beside the calling thread; default: one per further core. */
  workers?: number;
  /** Folder of the content-addressed result cache; no cache without it. */
  cacheDir?: string;
  /** false: parse every file, even those that mention no rule's literal (to measure the pre-filter). */
  prefilter?: boolean;
}

export interface TreeResult {
  files: TreeFileResult[];
  totals: { files: number; parsed: number; cached: number; changed: number; written: number; applications: number };
  wallMs: number;
  workers: number;
  /** How many files the worker threads translated (the rest: the calling thread). */
  byWorkers: number;
}

/**
 * Applies a rule set to every .c/.h file under `root` (the batch entry point, e.g. a whole NetBSD
 * subsystem). Files no rule can touch are not parsed; the rest are shared between this thread and
 * worker threads; only small per-file results are kept.
 */
export async function translateTree(root: string, opts: TreeOptions): Promise<TreeResult> {
  const started = performance.now();
  const setup: BatchSetup = {
    root,
    outDir: opts.outDir,
    cacheDir: opts.cacheDir,
    ruleSetHash: opts.cacheDir ? ruleSetHash(opts.rules, opts.transforms, opts.shapes, opts.modules, opts.allowPartial === true) : '',
    rules: opts.rules,
    transformIds: opts.transforms.map((t) => t.id),
    shapes: opts.shapes,
    modules: opts.modules,
    allowPartial: opts.allowPartial === true,
    prefilter: opts.prefilter !== false,
  };
  const ctx = batchContext(setup, opts.transforms);
  const results = new Map<string, TreeFileResult>();
  const paths = listSources(root);
  // Workers start first: their start-up (loading the engine) overlaps the pre-filter below.
  const wanted = Math.max(0, Math.min(opts.workers ?? availableParallelism() - 1, Math.floor(paths.length / 8)));
  const queue: string[] = [];
  let filled!: () => void;
  const queueFilled = new Promise<void>((resolve) => (filled = resolve));
  let byWorkers = 0;
  const workers = Array.from({ length: wanted }, () => runWorker(setup, queue, (r) => (results.set(r.path, r), byWorkers++), queueFilled));
  // Cheap text test first; only candidates are worth parsing. Largest first balances the threads.
  const candidates: { path: string; bytes: Buffer }[] = [];
  for (const path of paths) {
    const bytes = readFileSync(join(root, path));
    if (ctx.prefilter(path, bytes.toString('latin1'))) candidates.push({ path, bytes });
    else results.set(path, { path, bytes: bytes.length, parsed: false, cached: false, changed: false, written: false, applications: [], diagnostics: [] });
  }
  candidates.sort((a, b) => b.bytes.length - a.bytes.length || (a.path < b.path ? -1 : 1));
  const read = new Map(candidates.map((c) => [c.path, c.bytes]));
  queue.push(...candidates.map((c) => c.path));
  filled();
  await Promise.all([
    ...workers,
    (async () => {
      const guard = treeMemoryGuard();
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        const r = translateOne(ctx, path, read.get(path));
        results.set(path, r);
        if (!r.cached) guard(r.bytes);
        await new Promise((r) => setImmediate(r)); // let workers' results in (they are fed again) and finalizers run
      }
    })(),
  ]);
  const files = [...results.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const count = (f: (r: TreeFileResult) => boolean): number => files.filter(f).length;
  const totals = {
    files: files.length,
    parsed: count((f) => f.parsed),
    cached: count((f) => f.cached),
    changed: count((f) => f.changed),
    written: count((f) => f.written),
    applications: files.reduce((n, f) => n + f.applications.length, 0),
  };
  return { files, totals, wallMs: performance.now() - started, workers: wanted, byWorkers };
}

/** Set by bin/cli-bundle.mjs when this module runs from the bundle: the bundled worker's URL. */
declare const PORT_VIRTIO_BUNDLED_WORKER: string | undefined;

/** The bundled worker beside a bundled CLI; under tsx, the entry that registers tsx in the thread. */
function workerUrl(): URL {
  return typeof PORT_VIRTIO_BUNDLED_WORKER === 'string' ? new URL(PORT_VIRTIO_BUNDLED_WORKER) : new URL('./worker-entry.mjs', import.meta.url);
}

/** One worker thread: once the queue is filled, it takes two files at a time until the queue is empty. */
function runWorker(setup: BatchSetup, queue: string[], done: (r: TreeFileResult) => void, queueFilled: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl(), { workerData: setup });
    let inFlight = 0;
    const feed = (): void => {
      while (inFlight < 2 && queue.length > 0) {
        worker.postMessage(queue.shift());
        inFlight++;
      }
      if (inFlight === 0) void worker.terminate().then(() => resolve());
    };
    worker.on('message', (m: { ready: true } | TreeFileResult) => {
      if ('path' in m) {
        done(m);
        inFlight--;
        feed();
      } else void queueFilled.then(feed);
    });
    worker.on('error', reject);
  });
}
