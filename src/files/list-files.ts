import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `root` (following no symlinks), as paths relative to it, sorted. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = rel ? join(rel, entry.name) : entry.name;
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) out.push(p);
    }
  };
  walk('');
  return out.sort();
}
