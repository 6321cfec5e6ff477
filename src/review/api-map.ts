import { existsSync, readFileSync } from 'node:fs';

/**
 * The rationale behind a rule lives in the API map (../shared/docs/netbsd-to-dragonfly.md): the
 * sections its `see:` names, and the table rows of the NetBSD identifiers it rewrites. This reads
 * both so `explain` and the review page can quote them instead of only pointing at the file.
 */
export interface ApiMapSection {
  ref: string;
  title: string;
  line: number;
  /** The section's first prose paragraph (empty when it opens with a table). */
  excerpt: string;
}

export interface ApiMapRow {
  netbsd: string;
  dragonfly: string;
  notes: string;
  line: number;
}

export interface ApiMap {
  path: string;
  sections: Map<string, ApiMapSection>;
  rows: Map<string, ApiMapRow>;
}

export function loadApiMap(path: string): ApiMap {
  const map: ApiMap = { path, sections: new Map(), rows: new Map() };
  if (!existsSync(path)) return map;
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    const h = /^#{2,4} (\d+(?:\.\d+)?[a-z]?)\.? (.*)$/.exec(line);
    if (h) map.sections.set(`§${h[1]}`, { ref: `§${h[1]}`, title: h[2]!.trim(), line: i + 1, excerpt: paragraphAfter(lines, i + 1) });
    if (!line.startsWith('| `')) return;
    const cells = line.split('|').map((c) => c.trim());
    for (const m of (cells[1] ?? '').matchAll(/`([A-Za-z_]\w*)`/g))
      if (!map.rows.has(m[1]!)) map.rows.set(m[1]!, { netbsd: cells[1]!, dragonfly: cells[3] ?? '', notes: cells[5] ?? '', line: i + 1 });
  });
  return map;
}

function paragraphAfter(lines: string[], from: number): string {
  let i = from;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const out: string[] = [];
  for (; i < lines.length && lines[i]!.trim() !== '' && !/^(#|\||```)/.test(lines[i]!); i++) out.push(lines[i]!.trim());
  const text = out.join(' ');
  return text.length > 600 ? `${text.slice(0, 597)}...` : text;
}

/** The sections a `see:` string names (`netbsd-to-dragonfly.md §2.2, §3.3`), in order. */
export function seeSections(see: string | undefined, map: ApiMap): ApiMapSection[] {
  return [...(see ?? '').matchAll(/§(\d+(?:\.\d+)?[a-z]?)/g)].map((m) => map.sections.get(`§${m[1]}`)).filter((s): s is ApiMapSection => s !== undefined);
}

/** The table rows for `names` (NetBSD identifiers a rule rewrites), each row once. */
export function rowsFor(names: Iterable<string>, map: ApiMap, limit = 8): ApiMapRow[] {
  const out: ApiMapRow[] = [];
  for (const n of names) {
    const row = map.rows.get(n);
    if (row && !out.includes(row)) out.push(row);
    if (out.length >= limit) break;
  }
  return out;
}
