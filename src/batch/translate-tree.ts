import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModulePlan } from '../emit/module-plan.js';
import type { Rule } from '../match/rule.js';
import type { MacroShapes } from '../parse/macro-shapes.js';
import type { Transform } from '../transform/transform.js';
import { listSources } from './list-sources.js';
import { ruleSetHash } from './rule-set-hash.js';
import { claimFiles } from './claim-files.js';
import type { TreeFileResult } from './translate-one.js';
import { batchContext, type BatchSetup } from './batch-context.js';
import { takeWorker } from './worker-pool.js';

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
  /** Parse whole files even where only rules apply (see TranslateOptions.wholeFile). */
  wholeFiles?: boolean;
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
    ruleSetHash: opts.cacheDir ? ruleSetHash(opts.rules, opts.transforms, opts.shapes, opts.modules, { allowPartial: opts.allowPartial === true, wholeFiles: opts.wholeFiles === true }) : '',
    rules: opts.rules,
    transformIds: opts.transforms.map((t) => t.id),
    shapes: opts.shapes,
    modules: opts.modules,
    allowPartial: opts.allowPartial === true,
    wholeFiles: opts.wholeFiles === true,
    prefilter: opts.prefilter !== false,
  };
  const ctx = batchContext(setup, opts.transforms);
  const results = new Map<string, TreeFileResult>();
  const paths = listSources(root);
  const wanted = Math.max(0, Math.min(opts.workers ?? availableParallelism() - 1, Math.floor(paths.length / 8)));
  let byWorkers = 0;
  const workers = Array.from({ length: wanted }, () => startWorker(setup, (r) => (results.set(r.path, r), byWorkers++)));
  // Largest first balances the threads. The pre-filter (a text test: only files that mention a
  // rule's literal are parsed) runs as each thread claims a file, so nobody waits for a pass over
  // the whole tree before starting.
  const queue = paths
    .map((path) => ({ path, size: statSync(join(root, path)).size }))
    .sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1))
    .map((c) => c.path);
  // Every thread claims the next file itself (claim-files.ts).
  const next = new Int32Array(new SharedArrayBuffer(4));
  for (const w of workers) w.start(queue, next);
  await claimFiles(ctx, queue, next, (r) => results.set(r.path, r));
  await Promise.all(workers.map((w) => w.finished));
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

/** Messages from worker.ts. */
export type WorkerMessage = { result: TreeFileResult } | { finished: true };

/** What a worker thread is sent once: the batch's settings, the queue and the shared counter. */
export interface WorkerStart {
  setup: BatchSetup;
  queue: string[];
  next: Int32Array;
}

/**
 * One worker thread (pre-started by the CLI, or started here); it loads the engine at once.
 * `start` gives it the setup, the queue and the shared counter, and it claims files until none is
 * left. `finished` settles after its last result.
 */
function startWorker(setup: BatchSetup, done: (r: TreeFileResult) => void): { start: (queue: string[], next: Int32Array) => void; finished: Promise<void> } {
  const { worker, bootError } = takeWorker();
  const finished = new Promise<void>((resolve, reject) => {
    if (bootError) reject(bootError);
    worker.on('message', (m: WorkerMessage) => {
      if ('result' in m) done(m.result);
      else {
        // Its results are all in (messages keep their order): tearing the thread down (its heap,
        // its trees) need not hold up the batch, and an unref'd thread does not hold the process.
        worker.unref();
        void worker.terminate();
        resolve();
      }
    });
    worker.on('error', reject);
  });
  return { start: (queue, next) => worker.postMessage({ setup, queue, next } satisfies WorkerStart), finished };
}
