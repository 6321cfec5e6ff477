import { compiledRewrites } from './find-rule-edits.js';
import type { Rule } from './rule.js';

/**
 * The texts a rule cannot do without: a file whose text contains none of them gets no edit from
 * the rule, so it need not be parsed for it (the batch pre-filter, src/batch/).
 *
 * - rename: the old names (an edit replaces exactly one of them);
 * - include: the header spellings (`<sys/kmem.h>`: the path node's text equals the key);
 * - rewrites: each pattern's literal (see pattern-literal.ts).
 * `undefined` when some pattern has no literal: the rule may match in any file.
 */
export function ruleLiterals(rule: Rule): readonly string[] | undefined {
  if (cache.has(rule)) return cache.get(rule);
  let literals: string[] | undefined = [];
  if (rule.rename) literals.push(...rule.rename.map.keys());
  if (rule.include) literals.push(...rule.include.keys());
  for (const { literal } of compiledRewrites(rule)) {
    if (literal === undefined) {
      literals = undefined;
      break;
    }
    literals.push(literal);
  }
  const result = literals ? [...new Set(literals)] : undefined;
  cache.set(rule, result);
  return result;
}

const cache = new WeakMap<Rule, readonly string[] | undefined>();

/** Whether `text` contains any of `literals` (undefined: the rule may match anywhere). */
export function mentionsAny(text: string, literals: readonly string[] | undefined): boolean {
  return literals === undefined || literals.some((l) => text.includes(l));
}
