import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes `files` (relative path -> bytes) as the folder `dest`, atomically: everything goes into
 * a temporary sibling first, then one rename swaps it in, so an interrupted run leaves the previous
 * tree intact. `keep` names sub-folders of an existing `dest` to carry over unchanged (modules
 * that this run does not regenerate).
 */
export function writeTreeAtomically(dest: string, files: Map<string, Buffer>, keep: readonly string[] = []): void {
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = mkdtempSync(join(dirname(dest), '.port-virtio-tmp-'));
  try {
    for (const sub of keep) {
      const from = join(dest, sub);
      if (existsSync(from)) cpSync(from, join(tmp, sub), { recursive: true });
    }
    for (const [rel, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      const p = join(tmp, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, bytes);
    }
    const old = existsSync(dest) ? `${tmp}.old` : undefined;
    if (old) renameSync(dest, old);
    renameSync(tmp, dest);
    if (old) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
