import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenariosFor } from '../../src/verify/scenarios/registry.js';
import { VECTORS_DIR, readVectors } from '../../src/verify/vectors/vector-file.js';
import { generateAllVectors } from '../../src/verify/vectors/write-vectors.js';

describe('test/vectors', () => {
  it('holds exactly what the model generates from the scenarios (else: port-virtio verify --update-vectors)', async () => {
    const generated = await generateAllVectors();
    const committed = readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(committed).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) expect(readFileSync(join(VECTORS_DIR, name), 'utf8'), name).toBe(text);
  });

  it('covers the scenarios issue 7 requires, each with its own checks holding on the expected results', () => {
    const vectors = readVectors();
    for (const name of ['wrap-around', 'queue-full', 'indirect', 'no-interrupt', 'net-tx-no-notify', 'balloon-config-change', 'blk-io'])
      expect(vectors.filter((v) => v.scenario === name).length, name).toBeGreaterThan(0);
    for (const v of vectors) {
      const s = scenariosFor('all').find((x) => x.name === v.scenario)!;
      expect(s.check?.(v.steps.map((st) => ({ op: st.op, record: st.expect }))) ?? [], v.name).toEqual([]);
    }
  });
});
