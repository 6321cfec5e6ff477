import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCacheJson, writeCacheJson } from '../../files/cache-dir.js';
import { listFiles } from '../../files/list-files.js';
import type { BuildResult } from './build-module.js';
import type { Toolchain } from './toolchain.js';

const BUILD_CODE_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * Results of `--check` builds, by what the build read: the module's files, the headers of other
 * modules it includes (`#include "../virtio/virtiovar.h"`), and the toolchain (clang, ld.lld,
 * bmake and awk, DragonFly's headers and share/mk, and this build code). A module none of these
 * changed for is not built again; its last result (diagnostics, log) is reused.
 */
export class BuildCache {
  private readonly toolchainPrint: string;

  constructor(
    private readonly dir: string,
    toolchain: Toolchain,
  ) {
    this.toolchainPrint = toolchainFingerprint(toolchain);
  }

  /** The key of a module's build: its inputs' contents and the toolchain. */
  key(moduleDir: string): string {
    const h = createHash('sha256').update(this.toolchainPrint);
    for (const [file, bytes] of moduleInputs(moduleDir)) h.update(`${file}\0`).update(bytes).update('\0');
    return h.digest('hex');
  }

  get(key: string): BuildResult | undefined {
    return readCacheJson(path.join(this.dir, `${key}.json`)) as BuildResult | undefined; // a damaged entry is a miss, and is overwritten
  }

  put(key: string, result: BuildResult): void {
    // Paths into a temporary obj dir are gone after the build: only the result is kept.
    const { koPath: _ko, objDir: _obj, ...kept } = result;
    writeCacheJson(path.join(this.dir, `${key}.json`), kept);
  }
}

/**
 * The module's own files (relative names), then every file of the emitted tree it includes with
 * a quoted path, followed from file to file. Generated headers (`pci_if.h`) are not in the tree:
 * they come from DragonFly's sources, which the toolchain fingerprint covers.
 */
function moduleInputs(moduleDir: string): [string, Buffer][] {
  const inputs = new Map<string, Buffer>();
  const pending = listFiles(moduleDir)
    .filter((f) => !f.split('/').some((part) => part.startsWith('.')))
    .map((f) => path.join(moduleDir, f));
  while (pending.length > 0) {
    const file = pending.shift()!;
    if (inputs.has(file)) continue;
    const bytes = readFileSync(file);
    inputs.set(file, bytes);
    if (!/\.[ch]$/.test(file)) continue;
    for (const m of bytes.toString('latin1').matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"]+)"/gm)) {
      const included = path.resolve(path.dirname(file), m[1]!);
      if (!inputs.has(included) && existsSync(included) && statSync(included).isFile()) pending.push(included);
    }
  }
  return [...inputs].map(([file, bytes]) => [path.relative(moduleDir, file), bytes] as [string, Buffer]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Tools and DragonFly's tree by path, size and mtime (as make judges files); this build code by content. */
function toolchainFingerprint(tc: Toolchain): string {
  const h = createHash('sha256');
  const stamp = (file: string): void => {
    const st = statSync(file);
    h.update(`${file}\0${st.size}\0${st.mtimeMs}\0`);
  };
  for (const tool of [tc.clang, tc.lld, tc.bmake, tc.awk]) stamp(tool);
  for (const sub of ['share/mk', 'sys']) {
    const dir = path.join(tc.dragonflyDir, sub);
    if (existsSync(dir)) for (const f of listFiles(dir)) stamp(path.join(dir, f));
  }
  for (const f of readdirSync(BUILD_CODE_DIR).sort()) if (/\.(ts|js|mjs)$/.test(f)) h.update(f).update(readFileSync(path.join(BUILD_CODE_DIR, f)));
  return h.digest('hex');
}
