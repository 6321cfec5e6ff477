import { basename } from 'node:path';
import { literalTest } from '../match/literal-test.js';
import { ruleApplies, type Rule } from '../match/rule.js';
import type { Transform } from '../transform/transform.js';

/**
 * Decides, from the text alone, whether a file can get any edit: it must mention a literal of a
 * rule that applies to it (see rule-literals.ts). A file that cannot is not parsed at all, which
 * is most of a kernel tree for a small rule set. A rule or transform that applies and has no
 * literals makes every file a candidate. For `translate`-style runs: no driver module, so the
 * rules and transforms that apply to any file.
 */
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
