import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { translateFile } from '../../src/translate/translate-file.js';

/**
 * Mutated corpus files (byte flips, truncations, token deletions, macro soup) must each translate
 * or fail with located diagnostics: no exception, no hang. `npm run fuzz` runs many more cases.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const CASE_LIMIT_MS = 5000;
const project = loadProject();
const inputs = project.plans.flatMap((plan) => [...plan.sources, ...plan.headers].map((p) => ({ plan, name: p, text: readFileSync(join(project.root, 'NetBSD_code', p), 'latin1') })));
const MACRO_SOUP = ['#define', '#if 0', '#endif', '##', 'SIMPLEQ_FOREACH(', 'CFATTACH_DECL_NEW(x, 0, a, b, NULL, NULL);', '\\\n', '/*', '*/', '"', "'", '{', '}', '(', ')', ';', '\xff\xfe', '\r\n'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('delete-token' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('soup' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), piece: fc.constantFrom(...MACRO_SOUP) }),
);

type Mutation = { kind: 'flip' | 'truncate' | 'delete-token' | 'soup'; at: number; byte?: number; piece?: string };

function mutate(text: string, muts: Mutation[]): string {
  let t = text;
  for (const m of muts) {
    const i = Math.floor(m.at * t.length);
    if (m.kind === 'flip') t = t.slice(0, i) + String.fromCharCode(m.byte!) + t.slice(i + 1);
    else if (m.kind === 'truncate') t = t.slice(0, i);
    else if (m.kind === 'soup') t = t.slice(0, i) + m.piece! + t.slice(i);
    else {
      const tok = /[A-Za-z_]\w*|\S/.exec(t.slice(i));
      if (tok) t = t.slice(0, i + tok.index) + t.slice(i + tok.index + tok[0].length);
    }
  }
  return t;
}

describe('fuzzing the translator with mutated corpus files', () => {
  it(`${RUNS} cases: each translates or fails with located diagnostics, within ${CASE_LIMIT_MS} ms`, () => {
    let failedCleanly = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: inputs.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, muts) => {
        const input = inputs[which]!;
        const text = mutate(input.text, muts);
        const started = performance.now();
        const t = translateFile(input.name, text, { rules: project.rules, transforms: project.transforms, shapes: project.shapes, module: input.plan, modules: project.plans });
        expect(performance.now() - started).toBeLessThan(CASE_LIMIT_MS);
        const lines = text.split('\n').length;
        for (const d of t.diagnostics) {
          expect(d.line, d.message).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          if (d.file === input.name) expect(d.line).toBeLessThanOrEqual(lines);
        }
        if (t.diagnostics.some((d) => d.severity === 'error')) failedCleanly++;
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261125) },
    );
    expect(failedCleanly).toBeGreaterThan(0); // the mutations do break inputs: errors were located, not thrown
  }, 600_000);
});
