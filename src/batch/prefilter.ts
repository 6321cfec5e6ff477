import { basename } from 'node:path';
import { ruleLiterals } from '../match/rule-literals.js';
import { ruleApplies, type Rule } from '../match/rule.js';
import type { Transform } from '../transform/transform.js';

/**
 * Decides, from the text alone, whether a file can get any edit: it must mention a literal of a
 * rule that applies to it (see rule-literals.ts). A file that cannot is not parsed at all, which
 * is most of a kernel tree for a small rule set. A rule or transform that applies and has no
 * literals makes every file a candidate.
 */
/** For `translate`-style runs: no driver module, so the rules and transforms that apply to any file. */
export function makePrefilter(rules: readonly Rule[], transforms: readonly Transform[]): (path: string, text: string) => boolean {
  const byFileName = new Map<string, RegExp | boolean>();
  return (path, text) => {
    const base = basename(path);
    let test = byFileName.get(base);
    if (test === undefined) {
      test = literalTest(rules.filter((r) => ruleApplies(r, undefined, base)), transforms.filter((t) => t.appliesTo(undefined, base)));
      byFileName.set(base, test);
    }
    return typeof test === 'boolean' ? test : test.test(text);
  };
}

/** One regular expression over every literal: a single scan of the text however many rules there are. */
function literalTest(rules: readonly Rule[], transforms: readonly Transform[]): RegExp | boolean {
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
