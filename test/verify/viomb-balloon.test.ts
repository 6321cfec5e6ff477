import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { KernelSched } from '../../src/verify/model/kernel-sched.js';
import { findMutant } from '../../src/verify/mutants.js';
import type { StepRecord } from '../../src/verify/run/step.js';
import { viombBalloon } from '../../src/verify/scenarios/viomb-balloon.js';
import { readVectors } from '../../src/verify/vectors/vector-file.js';
import { BALLOON_MUTANTS } from '../../src/verify/viomb-mutants.js';
import { verify } from '../../src/verify/verify.js';

/**
 * Issues 6 and 7 for the balloon: the translated viomb.c (worker thread, inflate/deflate and their
 * completions, config change, detach) over the translated virtio.c, run against the model on the
 * committed vectors. Two-way: the original needs a NetBSD uvm/kthread/condvar shim (README).
 */
describe('viomb (translated) against the model', () => {
  const project = loadProject();
  const vectors = readVectors().filter((v) => v.scenario === viombBalloon.name);

  it('has vectors that inflate, deflate, hit an exhausted pool, send a partial batch, detach and have a detach refused', () => {
    expect(vectors.length).toBe(viombBalloon.seeds.length);
    const dev = vectors.flatMap((v) => v.steps.flatMap((s) => s.expect.dev));
    expect(dev.some((e) => /^inflate 256 pages/.test(e))).toBe(true);
    expect(dev.some((e) => /^deflate \d+ pages/.test(e))).toBe(true);
    expect(dev.some((e) => /^(inflate|deflate) (\d|\d\d|1\d\d|2[0-4]\d|25[0-5]) pages/.test(e))).toBe(true);
    // a failed allocation: the worker's 10 s retry (1000 ticks) runs out
    expect(vectors.some((v) => v.steps.some((s) => s.op.do === 'driver' && s.op.call === 'sched' && s.op.args.ticks === 1000))).toBe(true);
    for (const v of vectors) expect(v.steps.at(-1)!.op).toMatchObject({ do: 'driver', call: 'viomb_detach' });
    // a detach refused (EBUSY) while the host keeps a deflate request
    expect(vectors.some((v) => v.steps.some((s) => s.op.do === 'driver' && s.op.call === 'viomb_detach' && s.expect.ret.r === 16))).toBe(true);
  });

  it('reproduces every vector step by step', async () => {
    const r = await verify(project, { driver: 'balloon', vectors });
    expect(r.pluginBuilds?.balloon?.ok, r.pluginBuilds?.balloon?.ok ? '' : (r.pluginBuilds?.balloon as { log: string }).log).toBe(true);
    expect(r.vectors.map((v) => v.vector).sort()).toEqual(vectors.map((v) => v.name).sort());
    expect(r.vectors.flatMap((v) => v.failures)).toEqual([]);
  }, 120_000);

  it('fails when virtio_intr loses the ISR 0x2 dispatch (the config change never reaches viomb)', async () => {
    const m = findMutant('no-config-change-dispatch')!;
    const r = await verify(project, { driver: 'balloon', vectors, rules: m.apply(project.rules), implementations: ['translated'] });
    const failures = r.vectors.flatMap((v) => v.failures);
    expect(failures.length).toBe(vectors.length);
    for (const f of failures) {
      // the first `balloon N`: no num_pages read follows the interrupt
      expect(f.divergence?.op).toMatchObject({ do: 'device', action: { kind: 'balloon' } });
      expect(f.divergence?.field).toMatch(/^io\[/);
    }
  }, 120_000);

  it.each(BALLOON_MUTANTS.map((m) => [m.name, m] as const))('catches the balloon mutant %s', async (_n, m) => {
    const r = await verify(project, { driver: 'balloon', vectors, rules: m.apply(project.rules), implementations: ['translated'], failFast: true });
    expect(r.pluginBuilds?.balloon?.ok).toBe(true);
    expect(r.vectors.flatMap((v) => v.failures).some((f) => f.divergence !== undefined)).toBe(true);
  }, 120_000);
});

describe('viomb scenario checks and the scheduler model', () => {
  const rec = (over: Partial<StepRecord>): StepRecord => ({ ret: {}, io: [], cb: [], dev: [], viol: [], mem: {}, ...over });

  it('flags a request of more than 256 frames, a free page the host holds, and a detach that keeps pages', () => {
    const attach = { op: { do: 'driver', call: 'viomb_attach', args: { deviceid: 5, pool: 1000, pfn: 1 } } as const, record: rec({ ret: { r: 0 } }) };
    const problems = viombBalloon.check!([
      attach,
      { op: { do: 'driver', call: 'sched', args: { ticks: 0 } }, record: rec({ dev: ['inflate 300 pages, holding 300'], ret: { inflight: 0, actual: 300, balloon: 300, free: 701, npages: 300 } }) },
      { op: { do: 'driver', call: 'viomb_detach', args: {} }, record: rec({ ret: { r: 0, free: 1000 } }) },
    ]);
    expect(problems.some((p) => p.includes('request of 300 frames'))).toBe(true);
    expect(problems.some((p) => p.includes('701 free + 300'))).toBe(true);
    expect(problems.some((p) => p.startsWith('detach'))).toBe(true);
  });

  it('times a sleeping thread out at its deadline and wakes it early on its channel', () => {
    const s = new KernelSched();
    const log: string[] = [];
    s.spawn({
      resume: (timedOut) => {
        log.push(`run t=${s.now} timedOut=${timedOut}`);
        s.sleep('chan', 10);
      },
    });
    s.run(0);
    s.run(25);
    s.wakeup('chan');
    s.run(0);
    expect(log).toEqual(['run t=0 timedOut=false', 'run t=10 timedOut=true', 'run t=20 timedOut=true', 'run t=25 timedOut=false']);
    expect(s.state()).toEqual({ kt: 2, left: 10 });
  });
});
