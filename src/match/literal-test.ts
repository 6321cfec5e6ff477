import { IDENTIFIER_CHAR } from '../parse/word-occurrences.js';
import type { Transform } from '../transform/transform.js';
import { ruleLiterals } from './rule-literals.js';
import type { Rule } from './rule.js';

/**
 * Whether a text can get an edit from these rules and transforms, as one regular expression over
 * every literal they need (a single scan of the text however many rules there are); `true`: one
 * of them may act anywhere, `false`: none can act at all.
 */
export function literalTest(rules: readonly Rule[], transforms: readonly Transform[]): RegExp | boolean {
  // Every file of a tree asks again, mostly for the same rules and transforms: built once per set.
  const key = [...rules, ...transforms].map(objectNumber).join(',') + `/${rules.length}`;
  let test = built.get(key);
  if (test === undefined) built.set(key, (test = buildLiteralTest(rules, transforms)));
  return test;
}

const built = new Map<string, RegExp | boolean>();
const numbers = new WeakMap<object, number>();
let lastNumber = 0;

/** A number for each rule or transform object (the same loaded rule set, the same numbers). */
function objectNumber(o: object): number {
  let n = numbers.get(o);
  if (n === undefined) numbers.set(o, (n = ++lastNumber));
  return n;
}

function buildLiteralTest(rules: readonly Rule[], transforms: readonly Transform[]): RegExp | boolean {
  const words = new Set<string>();
  const texts = new Set<string>();
  for (const l of rules.map(ruleLiterals)) {
    if (l === undefined) return true; // this one may act anywhere
    for (const s of l) words.add(s);
  }
  for (const t of transforms) {
    if (t.literals === undefined) return true;
    for (const s of t.literals) texts.add(s);
  }
  if (words.size + texts.size === 0) return false;
  // A rule's literal is a whole token where it acts (an identifier, a header name), so it must
  // not touch an identifier character where it begins or ends with one (aprint_normal is not
  // aprint_normal_dev); a transform's literal is any text. Longest first: the alternation then
  // never stops at a prefix (only speed depends on it).
  const alternatives = [...[...words].map((w) => ({ s: w, token: true })), ...[...texts].filter((t) => !words.has(t)).map((t) => ({ s: t, token: false }))];
  alternatives.sort((a, b) => longestFirst(a.s, b.s));
  return new RegExp(alternatives.map(({ s, token }) => (token ? asToken(s) : escape(s))).join('|'));
}

/** Any of `names` as a whole token (longest first, so the alternation never stops at a prefix). */
export function tokensTest(names: Iterable<string>, flags = ''): RegExp {
  return new RegExp([...new Set(names)].sort(longestFirst).map(asToken).join('|'), flags);
}

function longestFirst(a: string, b: string): number {
  return b.length - a.length || (a < b ? -1 : 1);
}

/**
 * `s` as a whole token. The look-behind comes after the first character (it looks at the one
 * before that): an alternative that starts with a plain character lets the engine skip ahead to
 * the positions where one could start, ~25% faster over the bulk tree than a look-behind first.
 */
function asToken(s: string): string {
  const head = IDENTIFIER_CHAR.test(s[0]!) ? escape(s[0]!) + '(?<![A-Za-z0-9_$].)' + escape(s.slice(1)) : escape(s);
  return head + (IDENTIFIER_CHAR.test(s[s.length - 1]!) ? '(?![A-Za-z0-9_$])' : '');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The identifier-shaped literals of a rule set, and one expression that finds them all as whole tokens. */
export interface LiteralWords {
  words: ReadonlySet<string>;
  /** Global: every whole-token occurrence of any of the words, in one native scan. */
  all: RegExp;
}

/** The rule set's identifier literals (renamed names, pattern literals), built once per set; undefined when it has none. */
export function literalWords(rules: readonly Rule[]): LiteralWords | undefined {
  const key = rules.map(objectNumber).join(',');
  if (!wordSets.has(key)) wordSets.set(key, buildLiteralWords(rules));
  return wordSets.get(key);
}

const wordSets = new Map<string, LiteralWords | undefined>();

function buildLiteralWords(rules: readonly Rule[]): LiteralWords | undefined {
  const words = new Set<string>();
  for (const l of rules.map(ruleLiterals)) for (const s of l ?? []) if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) words.add(s);
  if (words.size === 0) return undefined;
  return { words, all: tokensTest(words, 'g') };
}
