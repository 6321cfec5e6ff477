import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { encodeText } from '../inputs/read-source.js';
import { sha256Hex } from '../inputs/hash.js';
import { translateFile, type RuleApplication } from '../translate/translate-file.js';
import type { BatchContext } from './batch-context.js';

/** What the batch keeps of one file: no tree, no text (a kernel tree's trees do not fit in memory). */
export interface TreeFileResult {
  /** Relative to the tree's root, '/'-separated. */
  path: string;
  bytes: number;
  /** false: the pre-filter showed that no rule can touch the file, so it was not parsed. */
  parsed: boolean;
  cached: boolean;
  changed: boolean;
  /** Written to the output folder (changed, and no error diagnostics). */
  written: boolean;
  applications: RuleApplication[];
  diagnostics: Diagnostic[];
}

/** Reads, filters, translates (or takes from the cache) and writes one file of the tree. */
export function translateOne(ctx: BatchContext, path: string): TreeFileResult {
  const bytes = readReused(join(ctx.root, path));
  const text = bytes.toString('latin1');
  if (!ctx.prefilter(path, text)) return { path, bytes: bytes.length, parsed: false, cached: false, changed: false, written: false, applications: [], diagnostics: [] };
  const sha = ctx.cache ? sha256Hex(bytes) : '';
  const hit = ctx.cache?.get(path, sha);
  let result: TreeFileResult;
  let output: string | undefined;
  if (hit) {
    result = { path, bytes: bytes.length, parsed: true, cached: true, changed: hit.output !== undefined, written: false, applications: hit.applications, diagnostics: hit.diagnostics };
    output = hit.output;
  } else {
    const t = translateFile(path, text, ctx.translate);
    output = t.output.text === text ? undefined : t.output.text;
    result = { path, bytes: bytes.length, parsed: true, cached: false, changed: output !== undefined, written: false, applications: t.applications, diagnostics: t.diagnostics };
    ctx.cache?.put(path, sha, { output, applications: t.applications, diagnostics: t.diagnostics });
  }
  if (ctx.outDir && output !== undefined && !hasErrors(result.diagnostics)) {
    const dest = join(ctx.outDir, path);
    const dir = dirname(dest);
    if (!ctx.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      ctx.madeDirs.add(dir);
    }
    overwrite(dest, encodeText(output));
    result.written = true;
  }
  return result;
}

/**
 * Writes `data` over the file at `path` (creating it if need be). An existing file is rewritten in
 * place and then cut to size: truncating it first (writeFileSync) made ext4 drop and re-allocate
 * its blocks, which cost more than translating the file when the output tree is a fresh copy
 * of the input (its blocks still being written back).
 */
function overwrite(path: string, data: Uint8Array): void {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch {
    writeFileSync(path, data);
    return;
  }
  try {
    for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at, at);
    ftruncateSync(fd, data.length);
  } finally {
    closeSync(fd);
  }
}

/** One buffer per thread that every file is read into (see readReused). */
let readBuffer = Buffer.allocUnsafe(1 << 20);

/**
 * The file's bytes, in a buffer the next call reuses: a new buffer per file (readFileSync) cost
 * more than the read itself, the memory of a large one being fresh pages each time.
 */
function readReused(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size >= readBuffer.length) readBuffer = Buffer.allocUnsafe(2 * size);
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) readBuffer = Buffer.concat([readBuffer, Buffer.allocUnsafe(readBuffer.length)]); // it grew meanwhile
      const n = readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (n === 0) return readBuffer.subarray(0, length);
      length += n;
    }
  } finally {
    closeSync(fd);
  }
}
