import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PROJECT_ROOT } from '../../cli/project.js';
import type { CompilerDiagnostic } from '../build/compiler-diagnostic.js';
import { findExecutable } from '../build/find-executable.js';
import { parseClangDiagnostics } from '../build/parse-clang-diagnostics.js';
import { runProcess } from '../build/run-process.js';
import { resolveDragonflyDir } from '../build/dragonfly-corpus.js';

export type Flavour = 'dragonfly' | 'netbsd';

export interface HarnessSources {
  flavour: Flavour;
  /** C files under test (the translated or the original virtio.c, later a child driver). */
  underTest: string[];
  /** Where the code under test finds its own headers (virtiovar.h, ...). */
  includeDirs: string[];
  /** Extra units compiled against libc (e.g. common/kthread-sched.c for a driver's kernel threads; linked with -pthread). */
  libcUnits?: string[];
  /**
   * Who answers the registers: `lockstep` (default) the TypeScript device model, through the JSON-lines
   * protocol of common/; `qemu` QEMU's own devices over qtest (host/qemu/, DragonFly flavour only).
   */
  backend?: 'lockstep' | 'qemu';
}

export type HarnessBuild = { ok: true; binary: string; cached: boolean } | { ok: false; diagnostics: CompilerDiagnostic[]; log: string };

export const HOST_DIR = join(PROJECT_ROOT, 'src/verify/host');
export const DEFAULT_CACHE_DIR = join(PROJECT_ROOT, '.port-virtio/verify-cache');
const LIBC_SIDE = ['main.c', 'reply.c', 'json.c', 'arena.c', 'events.c'];
/** The QEMU backend: its own process core, guest RAM and events; common/'s reply and JSON. */
const QEMU_LIBC_SIDE = ['qemu/main.c', 'qemu/qtest.c', 'qemu/firmware.c', 'qemu/guest-ram.c', 'qemu/events.c', 'common/reply.c', 'common/json.c'];
/** dragonfly/'s shim files the QEMU backend replaces: bus.c (registers and interrupts are QEMU's), adapter.c (the test child). */
const QEMU_REPLACED = ['bus.c', 'adapter.c'];
const SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=undefined', '-fno-omit-frame-pointer'];

/**
 * Compiles a harness: the code under test, the flavour's kernel shim and the test child with
 * -nostdlibinc (only shim headers, so nothing of Linux's leaks in), the protocol core against
 * libc, all with ASan/UBSan. Binaries are cached by the hash of every input.
 */
export async function buildHarness(src: HarnessSources, cacheDir = DEFAULT_CACHE_DIR): Promise<HarnessBuild> {
  const clang = findExecutable('clang-19');
  if (!clang) return { ok: false, diagnostics: [], log: 'clang-19 not found on PATH: install the Debian package clang-19' };
  const qemu = src.backend === 'qemu';
  if (qemu && src.flavour !== 'dragonfly') throw new Error('the QEMU backend runs the DragonFly flavour only');
  const shimDir = join(HOST_DIR, src.flavour);
  const common = join(HOST_DIR, 'common');
  const qemuDir = join(HOST_DIR, 'qemu');
  const queueH = join(resolveDragonflyDir(undefined, process.env), 'sys/sys/queue.h');
  const kernelFlags = [
    '-std=gnu11', '-g', '-O1', '-nostdlibinc', '-ffreestanding', '-Wall', '-Wno-unused-function', '-Wno-pointer-sign',
    '-Werror=implicit-function-declaration', '-Werror=int-conversion', '-Werror=incompatible-pointer-types',
    `-I${join(shimDir, 'include')}`, `-I${shimDir}`, `-I${common}`, ...(qemu ? [`-I${qemuDir}`, `-I${join(qemuDir, 'kernel')}`] : []), ...src.includeDirs.map((d) => `-I${d}`),
    `-DDFLY_CORPUS_QUEUE_H="${queueH}"`, ...SANITIZE,
  ];
  const libcFlags = ['-std=gnu11', '-g', '-O1', '-Wall', `-DHARNESS_FLAVOUR="${src.flavour}"`, `-I${common}`, ...(qemu ? [`-I${qemuDir}`] : []), ...SANITIZE];
  const kernelUnits = qemu
    ? [...src.underTest, ...cFiles(shimDir).filter((f) => !QEMU_REPLACED.includes(basename(f))), ...cFiles(join(qemuDir, 'kernel'))]
    : [...src.underTest, ...cFiles(shimDir), join(common, 'vq-commands.c')];
  const libcUnits = [...(qemu ? QEMU_LIBC_SIDE.map((f) => join(HOST_DIR, f)) : LIBC_SIDE.map((f) => join(common, f))), ...(src.libcUnits ?? [])];

  // Keyed by contents, not paths: the translated sources live in a fresh temporary folder each run.
  const headerHash = createHash('sha256').update(JSON.stringify({ clang, flags: kernelFlags.filter((f) => !src.includeDirs.some((d) => f === `-I${d}`)), libcFlags, v: 1 }));
  for (const f of [...headers(common), ...headers(shimDir), ...(qemu ? headers(qemuDir) : []), ...src.includeDirs.flatMap(headers), queueH])
    headerHash.update(basename(f)).update(readFileSync(f));
  const headersKey = headerHash.digest('hex');
  /** An object's key: every header and flag, and the unit itself (a unit that includes a .c names its hash). */
  const objectKey = (unit: string, side: string): string => createHash('sha256').update(headersKey).update(side).update(basename(unit)).update(readFileSync(unit)).digest('hex').slice(0, 24);
  const hash = createHash('sha256').update(headersKey);
  for (const f of [...kernelUnits, ...libcUnits]) hash.update(basename(f)).update(readFileSync(f));
  const outDir = join(cacheDir, `${qemu ? 'qemu-' : ''}${src.flavour}-${hash.digest('hex').slice(0, 20)}`);
  const binary = join(outDir, 'harness');
  if (existsSync(binary)) {
    const now = new Date();
    utimesSync(outDir, now, now);
    return { ok: true, binary, cached: true };
  }
  pruneCache(cacheDir);

  const work = `${outDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const objects = join(cacheDir, 'objects');
  mkdirSync(work, { recursive: true });
  mkdirSync(objects, { recursive: true });
  try {
    // Objects are cached on their own: a mutant or a changed translation recompiles only the units it changed.
    const compile = async (unit: string, flags: string[], i: number): Promise<{ log: string; ok: boolean }> => {
      const obj = join(work, `${i}-${basename(unit, '.c')}.o`);
      const cached = join(objects, `${objectKey(unit, flags === kernelFlags ? 'kernel' : 'libc')}.o`);
      try {
        copyFileSync(cached, obj);
        const now = new Date();
        utimesSync(cached, now, now);
        return { log: '', ok: true };
      } catch {
        // not built yet (or pruned meanwhile by another process)
      }
      const r = await runProcess(clang, [...flags, '-c', unit, '-o', obj], { cwd: work, env: process.env, timeoutMs: 120_000 });
      if (r.exitCode === 0) {
        const tmp = `${cached}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
        copyFileSync(obj, tmp);
        renameSync(tmp, cached);
      }
      return { log: r.output, ok: r.exitCode === 0 };
    };
    const results = await Promise.all([...kernelUnits.map((u, i) => compile(u, kernelFlags, i)), ...libcUnits.map((u, i) => compile(u, libcFlags, 100 + i))]);
    let log = results.map((r) => r.log).join('');
    if (results.every((r) => r.ok)) {
      const objs = readdirSync(work).filter((f) => f.endsWith('.o')).map((f) => join(work, f));
      const link = await runProcess(clang, [...SANITIZE, ...(src.libcUnits?.length ? ['-pthread'] : []), ...objs, '-o', join(work, 'harness')], { cwd: work, env: process.env, timeoutMs: 120_000 });
      log += link.output;
      if (link.exitCode === 0) {
        try {
          renameSync(work, outDir);
        } catch (e) {
          // another process built the same inputs first: its binary is as good as ours
          if (!existsSync(binary)) throw e;
        }
        return { ok: true, binary, cached: false };
      }
    }
    return { ok: false, diagnostics: parseClangDiagnostics(log), log };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every change to the translation is a new build: keep the most recently used ones only (objects: their own limit). */
const CACHE_KEEP = 16;
const OBJECTS_KEEP = 400;

function pruneCache(cacheDir: string): void {
  if (!existsSync(cacheDir)) return;
  const objects = join(cacheDir, 'objects');
  if (existsSync(objects)) {
    const objs = readdirSync(objects)
      .map((e) => ({ path: join(objects, e), mtime: statSync(join(objects, e)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const o of objs.slice(OBJECTS_KEEP)) rmSync(o.path, { force: true });
  }
  const entries = readdirSync(cacheDir)
    .filter((e) => !e.includes('.tmp-') && e !== 'objects')
    .map((e) => ({ path: join(cacheDir, e), mtime: statSync(join(cacheDir, e)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const e of entries.slice(CACHE_KEEP)) rmSync(e.path, { recursive: true, force: true });
}

function cFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => join(dir, f));
}

function headers(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...headers(p));
    else if (name.endsWith('.h')) out.push(p);
  }
  return out;
}
