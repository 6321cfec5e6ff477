import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule, RuleExample } from '../match/rule.js';
import type { Transform } from '../transform/transform.js';

/**
 * Everything that can appear as a rule id in a diff or record, described alike: data rules
 * (rules/**.yml), structural transforms (src/transform/), the engine's built-in passes, and
 * patch overlays. `explain` prints it; the review page renders it next to the hunks.
 */
export interface RuleInfo {
  id: string;
  kind: 'rule' | 'transform' | 'built-in' | 'patch overlay';
  summary: string;
  see?: string;
  /** Where it is defined, relative to the project root, and the 1-based line. */
  file: string;
  line: number;
  scope: string;
  /** The rule as written: the YAML without its examples, or the doc comment of a transform/pass. */
  body: string;
  examples: RuleExample[];
  /** Test files that exercise it beyond its examples (transforms). */
  tests: string[];
  /** NetBSD identifiers it rewrites, to find its rows in the API map. */
  identifiers: string[];
}

const TRANSFORM_DECL = /^export const \w+: Transform\b/m;

/** Passes the engine runs on every file; their ids appear in provenance like rules. */
const BUILT_INS = [
  { id: 'cleanup/dead-locals', file: 'src/translate/dead-locals.ts', symbol: 'findDeadLocals' },
  { id: 'parse/partial-gap', file: 'src/translate/parse-diagnostics.ts', symbol: 'gapMarkers' },
];

export function ruleInfos(root: string, rules: readonly Rule[], transforms: readonly Transform[]): Map<string, RuleInfo> {
  const out = new Map<string, RuleInfo>();
  for (const r of rules) out.set(r.id, dataRuleInfo(root, r));
  const sources = listTs(join(root, 'src/transform'));
  const cache = new Map<string, string>();
  const read = (f: string): string => cache.get(f) ?? (cache.set(f, readFileSync(join(root, f), 'utf8')), cache.get(f)!);
  for (const t of transforms) {
    const declares = (text: string): boolean => text.includes(`'${t.id}'`) && TRANSFORM_DECL.test(text);
    const file = sources.find((f) => declares(read(f))) ?? 'src/transform/registry.ts';
    const doc = docComment(read(file), TRANSFORM_DECL);
    const stem = file.split('/').pop()!.replace(/\.ts$/, '');
    const tests = listTs(join(root, 'test/transform'), 'test/transform').filter((f) => [t.id, `/${stem}.js`].some((s) => read(f).includes(s)));
    const examples = fixtureExamples(root, [...tests.flatMap((f) => fixtureDirs(read(f))), t.id.split('/').pop()!, stem]);
    out.set(t.id, { id: t.id, kind: 'transform', summary: t.meta.summary, ...(t.meta.see ? { see: t.meta.see } : {}), file, line: doc.line, scope: 'every file it recognises', body: doc.text, examples, tests, identifiers: [] });
  }
  for (const b of BUILT_INS) {
    const path = join(root, b.file);
    const doc = existsSync(path) ? docComment(readFileSync(path, 'utf8'), new RegExp(`^export function ${b.symbol}\\b`, 'm')) : { text: '', line: 1 };
    const summary = doc.text.replace(/\s+/g, ' ').split(/(?<=\.) (?=[A-Z])/)[0] || b.id;
    out.set(b.id, { id: b.id, kind: 'built-in', summary, file: b.file, line: doc.line, scope: 'every file (engine pass)', body: doc.text, examples: [], tests: [], identifiers: [] });
  }
  return out;
}

/** Fixture folders a transform's test names: describeTransformFixtures(x, 'dir') or fixtures/transform/dir. */
function fixtureDirs(test: string): string[] {
  return [...test.matchAll(/describeTransformFixtures\(\w+, '([\w-]+)'|fixtures\/transform\/([\w-]+)/g)].map((m) => (m[1] ?? m[2])!);
}

/** Each case (input.c, expected.c) of the first fixture folder that exists, as an example. */
function fixtureExamples(root: string, dirs: string[]): RuleExample[] {
  const dir = dirs.map((d) => join(root, 'test/fixtures/transform', d)).find((d) => existsSync(d));
  if (!dir) return [];
  return readdirSync(dir)
    .sort()
    .filter((c) => existsSync(join(dir, c, 'input.c')) && existsSync(join(dir, c, 'expected.c')))
    .map((c) => ({ name: c, before: readFileSync(join(dir, c, 'input.c'), 'latin1'), after: readFileSync(join(dir, c, 'expected.c'), 'latin1') }));
}

/** A `patch:<file>` id from a record: the overlay itself is its own explanation. */
export function overlayInfo(id: string): RuleInfo {
  const file = id.slice('patch:'.length);
  return { id, kind: 'patch overlay', summary: `hand fix kept as a patch overlay (${file}), applied after translation`, file, line: 1, scope: 'the file it patches', body: '', examples: [], tests: [], identifiers: [] };
}

function dataRuleInfo(root: string, r: Rule): RuleInfo {
  const text = readFileSync(join(root, r.file), 'utf8');
  const cut = text.search(/^examples:/m);
  const s = r.scope;
  const scope = [s.drivers && `drivers ${s.drivers.join(', ')}`, s.files && `files ${s.files.join(', ')}`, s.excludeDrivers && `not drivers ${s.excludeDrivers.join(', ')}`].filter(Boolean).join('; ') || 'all files (general rule)';
  const identifiers = r.rename ? [...r.rename.map.keys()] : (r.rewrites ?? []).flatMap((w) => [...w.match.matchAll(/(?<![$\w])[A-Za-z_]\w*/g)].map((m) => m[0]));
  return { id: r.id, kind: 'rule', summary: r.summary, ...(r.see ? { see: r.see } : {}), file: r.file, line: r.line, scope, body: (cut < 0 ? text : text.slice(0, cut)).trimEnd(), examples: r.examples, tests: [], identifiers: [...new Set(identifiers)] };
}

/** The /** ... *\/ comment right above the first line matching `decl`, as plain text. */
function docComment(text: string, decl: RegExp): { text: string; line: number } {
  const at = text.search(decl);
  if (at < 0) return { text: '', line: 1 };
  const before = text.slice(0, at).trimEnd();
  const start = before.endsWith('*/') ? before.lastIndexOf('/**') : -1;
  const body = start < 0 ? '' : before.slice(start + 3, -2).split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').trim();
  return { text: body, line: text.slice(0, start < 0 ? at : start).split('\n').length };
}

function listTs(dir: string, rel = 'src/transform'): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts')).sort().map((f) => `${rel}/${f}`) : [];
}
