import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffArrays } from 'diff';
import { codeIdentifiers } from '../../src/parse/code-spans.js';
import { LineIndex } from '../../src/parse/line-index.js';

/** One rewritten call: where the old name stood in the original file. */
export interface Site {
  file: string;
  offset: number;
  line: number;
  column: number;
  name: string;
}

export const siteKey = (s: { file: string; offset: number }): string => `${s.file}:${s.offset}`;

/**
 * The sites a tool changed, read from its rewritten copy the same way for every tool: each of
 * the ten rewrites removes its old name, so an old name that occurs in the original's code and
 * not in the copy (by a token-level diff, which survives any re-formatting) is one site.
 */
export function changedSites(original: string, copy: string, files: readonly string[], oldNames: ReadonlySet<string>): Map<string, Site> {
  const sites = new Map<string, Site>();
  for (const file of files) {
    const before = readFileSync(join(original, file), 'latin1');
    const afterPath = join(copy, file);
    if (!existsSync(afterPath)) continue;
    const after = readFileSync(afterPath, 'latin1');
    if (after === before) continue;
    const a = codeIdentifiers(before);
    const b = codeIdentifiers(after).map((t) => t.name);
    let lines: LineIndex | undefined;
    let i = 0;
    for (const change of diffArrays(a.map((t) => t.name), b)) {
      if (change.added) continue;
      if (change.removed)
        for (let k = i; k < i + change.count!; k++) {
          const t = a[k]!;
          if (!oldNames.has(t.name)) continue;
          lines ??= new LineIndex(before);
          const site = { file, offset: t.start, ...lines.position(t.start), name: t.name };
          sites.set(siteKey(site), site);
        }
      i += change.count!;
    }
  }
  return sites;
}
