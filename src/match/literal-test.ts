import type { Transform } from '../transform/transform.js';
import { ruleLiterals } from './rule-literals.js';
import type { Rule } from './rule.js';

/**
 * Whether a text can get an edit from these rules and transforms, as one regular expression over
 * every literal they need (a single scan of the text however many rules there are); `true`: one
 * of them may act anywhere, `false`: none can act at all.
 */
export function literalTest(rules: readonly Rule[], transforms: readonly Transform[]): RegExp | boolean {
  const literals = new Set<string>();
  for (const l of [...rules.map(ruleLiterals), ...transforms.map((t) => t.literals)]) {
    if (l === undefined) return true; // this one may act anywhere
    for (const s of l) literals.add(s);
  }
  if (literals.size === 0) return false;
  // Longest first: the alternation then never stops at a prefix (only speed depends on it).
  const sorted = [...literals].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return new RegExp(sorted.map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
}
