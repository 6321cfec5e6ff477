import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every .c and .h file under `root`, as paths relative to it with '/' separators, sorted. */
export function listSources(root: string): string[] {
  const out: string[] = [];
  const visit = (rel: string): void => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && /\.[ch]$/.test(entry.name)) out.push(path);
    }
  };
  visit('');
  return out.sort();
}
