import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * port-virtio's own cache folder, npm's conventional place (`node_modules/.cache/<tool>`): the
 * CLI bundle, parsed rule files, `--check` build results. Everything in it is keyed by content
 * (or checked against its inputs' sizes and mtimes), so deleting it only costs time.
 */
export const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/port-virtio', import.meta.url));

/** A cached JSON value, or undefined when absent or unreadable (a miss: the caller computes it). */
export function readCacheJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Stores a JSON value: written beside its place, then renamed, so a reader (another thread, a
 * parallel run) never sees half an entry. A cache that cannot be written (a read-only checkout)
 * only costs time, so that is not an error.
 */
export function writeCacheJson(file: string, value: unknown): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, file);
  } catch {
    // not cached
  }
}
