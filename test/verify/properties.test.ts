import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { buildHarness } from '../../src/verify/harness/build-harness.js';
import { translateModule } from '../../src/verify/harness/translated-virtio.js';
import { CBackend } from '../../src/verify/run/c-backend.js';
import { firstDivergence } from '../../src/verify/run/compare.js';
import { runOps } from '../../src/verify/run/run-ops.js';
import type { Vector } from '../../src/verify/run/step.js';
import { programScenario, type Program, type ProgramCmd } from '../../src/verify/scenarios/program.js';
import { generateVector } from '../../src/verify/vectors/generate-vector.js';

const cmd: fc.Arbitrary<ProgramCmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('submit' as const), n: fc.integer({ min: 1, max: 6 }), notify: fc.boolean(), partial: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('abort' as const), reserve: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('consume' as const), n: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.constant({ k: 'drain' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'flush' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('interrupts' as const), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('poll' as const), concurrent: fc.integer({ min: 0, max: 2 }) }) },
);

const program: fc.Arbitrary<Program> = fc.record({
  num: fc.constantFrom(1, 2, 4, 8, 16, 32),
  indirect: fc.boolean(),
  maxnsegs: fc.integer({ min: 1, max: 6 }),
  // null: indices from 0; otherwise anywhere, often within a few requests of the 16-bit wrap
  start: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xffff - 24, max: 0xffff })),
  cmds: fc.array(cmd, { maxLength: 40 }),
});

/** The model's run of a program (generation itself checks the device saw no protocol violation). */
const vectorOf = (p: Program): Promise<Vector> => generateVector(programScenario(p), 0);

describe('property: random operation sequences and queue sizes', () => {
  it('the model keeps the virtqueue invariants', async () => {
    await fc.assert(
      fc.asyncProperty(program, async (p) => {
        const v = await vectorOf(p);
        let inFlight = 0;
        for (const { op, expect: r } of v.steps) {
          if (op.do === 'commit' && op.slot >= 0) inFlight++;
          if (op.do === 'dequeue' && r.ret.r === 0) inFlight--;
          // a queue never holds more requests than descriptors
          expect(inFlight).toBeLessThanOrEqual(p.num);
          expect(inFlight).toBeGreaterThanOrEqual(0);
          // a completion names a slot of the queue
          if (op.do === 'dequeue' && r.ret.r === 0) expect(Number(r.ret.slot)).toBeLessThan(p.num);
        }
        // everything committed came back: the final flush/consume/drain leaves nothing in flight
        expect(inFlight).toBe(0);
      }),
      { numRuns: 150, seed: 7 },
    );
  }, 120_000);

  it('the translated and the original C agree with the model on every step', async () => {
    const project = loadProject();
    const t = translateModule(project, 'virtio');
    const netbsd = join(project.root, 'NetBSD_code/sys');
    const builds = await Promise.all([
      buildHarness({ flavour: 'dragonfly', underTest: [join(t.dir, 'virtio.c')], includeDirs: [t.dir] }),
      buildHarness({ flavour: 'netbsd', underTest: [join(netbsd, 'dev/pci/virtio.c')], includeDirs: [netbsd] }),
    ]).finally(() => t.dispose());
    await fc.assert(
      fc.asyncProperty(program, async (p) => {
        const v = await vectorOf(p);
        for (const [i, b] of builds.entries()) {
          if (!b.ok) throw new Error(b.log);
          const backend = await CBackend.start(i === 0 ? 'translated' : 'original', b.binary);
          const run = await runOps(v.steps.map((s) => s.op), v.device, backend);
          await backend.close();
          expect(firstDivergence(v, run), backend.name).toBeUndefined();
        }
      }),
      { numRuns: 20, seed: 11 },
    );
  }, 180_000);
});
