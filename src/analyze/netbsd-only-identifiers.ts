import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { listFiles } from '../files/list-files.js';
import { join } from 'node:path';
import { CACHE_DIR, readCacheJson, writeCacheJson } from '../files/cache-dir.js';
import { codeIdentifiers } from '../parse/code-spans.js';

export const API_MAP_RELATIVE_PATH = '../shared/docs/netbsd-to-dragonfly.md';

/**
 * NetBSD kernel identifiers that do not exist (or mean something else) on DragonFly, read from
 * the API map's tables (§2.1-2.11): first-column names whose DragonFly column does not name them
 * again and that DragonFly's headers (`dragonflySys`) do not declare. Any of them left in emitted
 * code is an untranslated NetBSD API. (Same-name-different-meaning APIs such as KASSERT exist on
 * DragonFly; the build check catches their misuse.)
 */
export function loadNetbsdOnlyIdentifiers(apiMapPath: string, dragonflySys?: string): Set<string> {
  const names = new Set<string>();
  if (!existsSync(apiMapPath)) return names;
  let inTables = false;
  for (const line of readFileSync(apiMapPath, 'utf8').split('\n')) {
    if (line.startsWith('### 2.')) inTables = !line.startsWith('### 2.12') && !line.startsWith('### 2.13');
    if (line.startsWith('## 3.')) inTables = false;
    if (!inTables || !line.startsWith('| `')) continue;
    const cells = line.split('|').map((c) => c.trim());
    const first = cells[1] ?? '';
    const dragonfly = cells[3] ?? '';
    for (const m of first.matchAll(/`([A-Za-z_]\w*)`/g)) {
      const name = m[1]!;
      if (new RegExp(`\`[^\`]*\\b${name}\\b[^\`]*\``).test(dragonfly)) continue; // same spelling on DragonFly
      names.add(name);
    }
  }
  if (dragonflySys && existsSync(dragonflySys)) for (const name of declaredIn(dragonflySys, names)) names.delete(name);
  return names;
}

/**
 * Which of `names` occur as whole words in DragonFly's headers. One alternation of the few
 * hundred names over the 8 MB of headers, not a set of every identifier there: a third of the time.
 */
function declaredIn(dir: string, names: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  if (names.size === 0) return found;
  const headers = listFiles(dir).filter((f) => /\.(h|m)$/.test(f));
  // The answer only changes with the names or the headers: kept by both (headers by size and mtime).
  const key = createHash('sha256').update([...names].join('\0'));
  for (const rel of headers) {
    const st = statSync(join(dir, rel));
    key.update(`\0${rel}\0${st.size}\0${st.mtimeMs}`);
  }
  const cached = join(CACHE_DIR, 'dragonfly-names', `${key.digest('hex')}.json`);
  const hit = readCacheJson(cached) as string[] | undefined;
  if (hit) return new Set(hit);
  const anyName = new RegExp(`\\b(?:${[...names].join('|')})\\b`, 'g');
  for (const rel of headers) for (const m of readFileSync(join(dir, rel), 'latin1').matchAll(anyName)) found.add(m[0]);
  writeCacheJson(cached, [...found].sort());
  return found;
}

export interface UnhandledIdentifier {
  name: string;
  line: number;
  column: number;
}

/** NetBSD-only identifiers still present in code (not comments or strings) of `text`. */
export function findUnhandledIdentifiers(text: string, netbsdOnly: ReadonlySet<string>): UnhandledIdentifier[] {
  const out: UnhandledIdentifier[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const tok of codeIdentifiers(text)) {
    if (!netbsdOnly.has(tok.name)) continue;
    for (; scanned < tok.start; scanned++) if (text.charCodeAt(scanned) === 10) (line++, (lineStart = scanned + 1));
    out.push({ name: tok.name, line, column: tok.start - lineStart + 1 });
  }
  return out;
}
