import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A fresh, writable copy of a source tree (the corpus is read-only and each tool rewrites its
 * own copy in place). Files are rewritten, not copied with their modes, so they are writable.
 */
export function freshCopy(src: string, dest: string): void {
  rmSync(dest, { recursive: true, force: true });
  const visit = (rel: string): void => {
    mkdirSync(join(dest, rel), { recursive: true });
    for (const e of readdirSync(join(src, rel), { withFileTypes: true })) {
      const path = join(rel, e.name);
      if (e.isDirectory()) visit(path);
      else if (e.isFile()) writeFileSync(join(dest, path), readFileSync(join(src, path)));
    }
  };
  visit('');
}
