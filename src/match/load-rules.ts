import { readFileSync } from 'node:fs';
import { listFiles } from '../files/list-files.js';
import { join, relative, sep } from 'node:path';
import type { YAMLMap } from 'yaml';
import { yamlLibrary } from '../files/yaml-library.js';
import { compiledRewrites } from './find-rule-edits.js';
import { RuleCache } from './rule-cache.js';
import type { PatternRewrite, RenameKind, Rule, RuleExample } from './rule.js';

/** A rule file that cannot be loaded: the message names the file and line. */
export class RuleLoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
    readonly ruleId?: string,
  ) {
    super(`${file}:${line}:1: error: PV2001: ${message}${ruleId ? ` [${ruleId}]` : ''}`);
  }
}

const RENAME_KINDS: readonly RenameKind[] = ['identifier', 'type', 'field', 'macro', 'label'];
/** Data files under rules/ that are not rules: the parser's macro shapes and the module layout. */
const NON_RULE_FILES = new Set(['macro-shapes.yml', 'modules.yml']);

/** Loads every rules/<area>/<name>.yml, sorted by id: the declared, deterministic order. */
export function loadRuleDir(rulesDir: string, projectRoot: string): Rule[] {
  const cache = new RuleCache(rulesDir);
  const rules = listFiles(rulesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(rulesDir, f))
    .filter((f) => !NON_RULE_FILES.has(f.split(sep).pop()!))
    .map((f) => loadRuleFile(f, rulesDir, projectRoot, cache));
  cache.save();
  const seen = new Map<string, Rule>();
  for (const r of rules) {
    const prior = seen.get(r.id);
    if (prior) throw new RuleLoadError(r.file, r.line, `duplicate rule id '${r.id}' (also in ${prior.file})`, r.id);
    seen.set(r.id, r);
  }
  return rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}


export function loadRuleFile(path: string, rulesDir: string, projectRoot: string, cache?: RuleCache): Rule {
  const file = relative(projectRoot, path);
  const text = readFileSync(path, 'utf8');
  const expectedId = relative(rulesDir, path).replace(/\.ya?ml$/, '').split(sep).join('/');
  const key = cache?.key(text, file, expectedId);
  const cached = key ? cache!.get(key) : undefined;
  if (cached) return cached;
  const rule = parseRuleFile(text, file, expectedId);
  if (key) cache!.put(key, rule);
  return rule;
}

/** A rule from its YAML text, checked (patterns compiled): every problem names the file and line. */
function parseRuleFile(text: string, file: string, expectedId: string): Rule {
  const { isMap, LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new RuleLoadError(file, lineCounter.linePos(e.pos[0]).line, `malformed YAML: ${e.message.split('\n')[0]}`);
  }
  if (!isMap(doc.contents)) throw new RuleLoadError(file, 1, 'a rule file must be a YAML mapping');
  const lineOf = (key: string): number => {
    const pair = (doc.contents as YAMLMap).items.find((p) => (p.key as { value?: unknown })?.value === key);
    const range = (pair?.key as { range?: [number, number, number] })?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const data = doc.toJS() as Record<string, unknown>;
  const fail = (key: string, message: string): never => {
    throw new RuleLoadError(file, lineOf(key), message, typeof data.id === 'string' ? data.id : undefined);
  };
  const str = (key: string, required: boolean): string | undefined => {
    const v = data[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.trim() === '') return fail(key, `'${key}' must be a non-empty string`);
    return v;
  };

  const id = str('id', true)!;
  if (id !== expectedId) fail('id', `rule id '${id}' must equal its path under rules/ ('${expectedId}')`);
  const known = new Set(['id', 'summary', 'see', 'scope', 'rename', 'rewrites', 'match', 'replace', 'context', 'where', 'include', 'examples']);
  for (const key of Object.keys(data)) if (!known.has(key)) fail(key, `unknown field '${key}'`);

  const rule: Rule = { id, summary: str('summary', true)!, file, line: lineOf('id'), scope: {}, examples: [] };
  const see = str('see', false);
  if (see) rule.see = see;
  if (data.scope !== undefined) rule.scope = readScope(data.scope, () => fail('scope', "'scope' must be 'all' or a mapping of drivers, files and/or exclude-drivers lists"));
  if (data.rename !== undefined) rule.rename = readRename(data.rename, (m) => fail('rename', m));
  if (data.match !== undefined || data.replace !== undefined) {
    if (data.rewrites !== undefined) fail('match', "use either 'match'/'replace' or 'rewrites', not both");
    rule.rewrites = [readRewrite(data, (m) => fail('match', m))];
  } else if (data.rewrites !== undefined) {
    if (!Array.isArray(data.rewrites) || data.rewrites.length === 0) fail('rewrites', "'rewrites' must be a non-empty list");
    rule.rewrites = (data.rewrites as unknown[]).map((r) => readRewrite(r, (m) => fail('rewrites', m)));
  }
  if (data.include !== undefined) rule.include = readInclude(data.include, (m) => fail('include', m));
  const kinds = [rule.rename, rule.rewrites, rule.include].filter((x) => x !== undefined).length;
  if (kinds !== 1) fail('id', "a rule needs exactly one of 'rename', 'match'/'replace' (or 'rewrites'), 'include'");
  rule.examples = readExamples(data.examples, (m) => fail('examples', m));
  try {
    compiledRewrites(rule); // a pattern that does not parse, or an unknown $X in replace, is a load error
  } catch (e) {
    fail(data.rewrites !== undefined ? 'rewrites' : 'match', (e as Error).message);
  }
  return rule;
}

function readScope(v: unknown, bad: () => never): Rule['scope'] {
  if (v === 'all') return {};
  if (typeof v !== 'object' || v === null) return bad();
  const o = v as Record<string, unknown>;
  const scope: Rule['scope'] = {};
  const keys: Record<string, 'drivers' | 'files' | 'excludeDrivers'> = { drivers: 'drivers', files: 'files', 'exclude-drivers': 'excludeDrivers' };
  for (const [k, val] of Object.entries(o)) {
    const key = keys[k];
    if (!key || !Array.isArray(val) || !val.every((x) => typeof x === 'string')) bad();
    scope[key!] = val as string[];
  }
  return scope;
}

function readRename(v: unknown, fail: (m: string) => never): NonNullable<Rule['rename']> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail("'rename' must be a mapping with 'map' (and optional 'kinds')");
  const o = v as Record<string, unknown>;
  const kinds = (o.kinds ?? RENAME_KINDS) as unknown;
  if (!Array.isArray(kinds) || !kinds.every((k) => RENAME_KINDS.includes(k as RenameKind)))
    fail(`'rename.kinds' must be a list of ${RENAME_KINDS.join(', ')}`);
  if (typeof o.map !== 'object' || o.map === null) return fail("'rename.map' must map old names to new names");
  const map = new Map<string, string>();
  for (const [from, to] of Object.entries(o.map as Record<string, unknown>)) {
    if (typeof to !== 'string' || !/^[A-Za-z_]\w*$/.test(from) || !/^[A-Za-z_]\w*$/.test(to))
      fail(`'rename.map' entry '${from}' must map an identifier to an identifier`);
    map.set(from, to as string);
  }
  const rename: NonNullable<Rule['rename']> = { kinds: kinds as RenameKind[], map };
  if (o.inside !== undefined) {
    if (typeof o.inside !== 'string' || !/^[a-z_]+$/.test(o.inside)) fail("'rename.inside' must be a tree-sitter node type, e.g. parameter_declaration");
    rename.inside = o.inside as string;
  }
  return rename;
}

function readRewrite(v: unknown, fail: (m: string) => never): PatternRewrite {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (typeof o.match !== 'string' || o.match.trim() === '') fail("'match' must be a non-empty code pattern");
  if (typeof o.replace !== 'string') fail("'replace' must be a string (empty string deletes the match)");
  const context = (o.context ?? 'function') as PatternRewrite['context'];
  if (!['function', 'struct', 'file'].includes(context)) fail("'context' must be function, struct or file");
  const where: PatternRewrite['where'] = {};
  for (const [name, cond] of Object.entries((o.where ?? {}) as Record<string, unknown>)) {
    const c = (cond ?? {}) as Record<string, unknown>;
    const entry: PatternRewrite['where'][string] = {};
    try {
      if (typeof c.regex === 'string') entry.regex = new RegExp(c.regex);
      if (typeof c['not-regex'] === 'string') entry.notRegex = new RegExp(c['not-regex']);
    } catch (e) {
      fail(`bad regex in 'where.${name}': ${(e as Error).message}`);
    }
    if (!entry.regex && !entry.notRegex) fail(`'where.${name}' needs 'regex' or 'not-regex'`);
    where[name.replace(/^\$/, '')] = entry;
  }
  return { match: (o.match as string).trim(), replace: (o.replace as string).replace(/\n$/, ''), context, where };
}

function readInclude(v: unknown, fail: (m: string) => never): Map<string, string[]> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail("'include' must map a header to a list of replacement lines");
  const map = new Map<string, string[]>();
  for (const [header, lines] of Object.entries(v as Record<string, unknown>)) {
    if (!/^[<"].+[>"]$/.test(header)) fail(`'include' key '${header}' must be <path> or "path"`);
    if (!Array.isArray(lines) || !lines.every((l) => typeof l === 'string')) fail(`'include.${header}' must be a list (empty = drop)`);
    map.set(header, lines as string[]);
  }
  return map;
}

function readExamples(v: unknown, fail: (m: string) => never): RuleExample[] {
  if (!Array.isArray(v) || v.length === 0) return fail("every rule needs 'examples' (before/after pairs the test suite runs)");
  return v.map((e, i) => {
    const o = (e ?? {}) as Record<string, unknown>;
    if (typeof o.name !== 'string' || typeof o.before !== 'string') fail(`example ${i + 1} needs 'name' and 'before'`);
    if ((o.after === undefined) === (o.unchanged !== true)) fail(`example '${String(o.name)}' needs exactly one of 'after' or 'unchanged: true'`);
    const ex: RuleExample = { name: o.name as string, before: o.before as string };
    if (typeof o.after === 'string') ex.after = o.after;
    if (o.unchanged === true) ex.unchanged = true;
    if (typeof o.file === 'string') ex.file = o.file;
    if (typeof o.driver === 'string') ex.driver = o.driver;
    return ex;
  });
}
