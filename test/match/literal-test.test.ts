import { describe, expect, it } from 'vitest';
import { literalTest } from '../../src/match/literal-test.js';
import type { Rule } from '../../src/match/rule.js';
import type { Transform } from '../../src/transform/transform.js';

const rule = (id: string, extra: Partial<Rule>): Rule => ({ id, summary: id, file: `${id}.yml`, line: 1, scope: {}, examples: [], ...extra });

describe('literalTest (which texts a rule set can act in)', () => {
  const rename = rule('r', { rename: { kinds: ['identifier'], map: new Map([['aprint_normal', 'printf']]) } });
  const include = rule('i', { include: new Map([['<sys/kmem.h>', ['<sys/malloc.h>']]]) });

  it("takes a rule's literal as a whole token, not as part of a longer identifier", () => {
    const test = literalTest([rename, include], []) as RegExp;
    expect(test.test('\taprint_normal(": ok\\n");')).toBe(true);
    expect(test.test('\taprint_normal_dev(self, ": ok\\n");')).toBe(false);
    expect(test.test('\tmy_aprint_normal(x);')).toBe(false);
    expect(test.test('#include<sys/kmem.h>\n')).toBe(true); // no identifier edge to guard
  });

  it("takes a transform's literal as any text", () => {
    const transform = { id: 't', meta: { summary: 't' }, appliesTo: () => true, literals: ['ld_'], create: () => ({ edits: [], diagnostics: [] }) } satisfies Transform;
    const test = literalTest([rename], [transform]) as RegExp;
    expect(test.test('struct ld_softc sc;')).toBe(true);
  });

  it('is true when a rule or transform may act anywhere, false when none can act', () => {
    expect(literalTest([rule('p', {})], [])).toBe(false);
    const anywhere = { id: 'a', meta: { summary: 'a' }, appliesTo: () => true, create: () => ({ edits: [], diagnostics: [] }) } satisfies Transform;
    expect(literalTest([rename], [anywhere])).toBe(true);
  });
});
