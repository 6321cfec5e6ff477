import { ViombModelBackend } from '../run/viomb-model-backend.js';
import type { Op, StepRecord } from '../run/step.js';
import type { RunStep, Scenario, ScenarioContext } from './scenario.js';

const RAM_MIB = 64;
const FIRST_PFN = 0x40000;
const PGS_PER_REQ = 256;

/**
 * viomb itself (issue 6): the host's `balloon N` (guest RAM 64 MiB -> num_pages = (64 - N) MiB of
 * 4 KiB pages) raises ISR 0x2; viomb_config_change wakes the worker, which inflates exactly
 * num_pages distinct frames from the VM pool in requests of at most 256 on queue 0 and writes
 * `actual` after each; a larger N deflates on queue 1. Seeds vary the targets and the pool size (an
 * exhausted pool makes inflate retry after 10 s). The driver is detached at the end with pages in
 * the balloon: it must deflate them all first and give every page back.
 */
export const viombBalloon: Scenario = {
  name: 'viomb-inflate-deflate',
  drivers: ['virtio', 'balloon'],
  summary: 'viomb: balloon N -> inflate/deflate exactly num_pages distinct frames in <= 256 batches, actual follows; detach deflates all',
  seeds: [1, 2, 3, 4],
  device: () => ({ kind: 'balloon', queueSize: 8, ramMiB: RAM_MIB }),
  modelBackend: () => new ViombModelBackend(),
  async generate(ctx) {
    // sometimes smaller than the largest target (1536 pages): inflate then fails to allocate and retries after 10 s
    const pool = ctx.rng.chance(0.4) ? 4096 : ctx.rng.int(1100, 2200);
    await ctx.do({ do: 'driver', call: 'viomb_attach', args: { deviceid: 5, pool, pfn: FIRST_PFN } });
    await settle(ctx);
    // inflate, deflate (a larger N), inflate again, then anything
    const targets = [ctx.rng.int(RAM_MIB - 6, RAM_MIB - 3), ctx.rng.int(RAM_MIB - 2, RAM_MIB), ctx.rng.int(RAM_MIB - 6, RAM_MIB - 4), ctx.rng.int(RAM_MIB - 6, RAM_MIB)];
    for (const mib of targets) {
      await ctx.do({ do: 'device', action: { kind: 'balloon', mib } });
      await settle(ctx);
    }
    // a host that sets num_pages to any count (the virtio spec allows it): a request of fewer than 256 frames
    await ctx.do({ do: 'device', action: { kind: 'balloon', pages: ctx.rng.int(1, 1400) } });
    await settle(ctx);
    if (ctx.rng.chance(0.5)) {
      // detach while the host keeps a deflate request: EBUSY after 10 s, the worker restarted;
      // once the host answers, the balloon settles again and a second detach succeeds
      await ctx.do({ do: 'device', action: { kind: 'balloon_hold', on: 1 } });
      await ctx.do({ do: 'driver', call: 'viomb_detach', args: {} });
      await ctx.do({ do: 'device', action: { kind: 'balloon_hold', on: 0 } });
      await settle(ctx);
    }
    await ctx.do({ do: 'driver', call: 'viomb_detach', args: {} });
  },
  check: checkBalloon,
};

/** Lets the worker run until the balloon is where the host wants it, or stops making progress (pool exhausted). */
async function settle(ctx: ScenarioContext): Promise<void> {
  let ticks = 0;
  let idle = 0;
  for (let i = 0; i < 64; i++) {
    const r = await ctx.do({ do: 'driver', call: 'sched', args: { ticks } });
    if (r.ret.inflight === 0 && r.ret.actual === r.ret.npages && r.io.length === 0) return;
    // nothing happened: let the worker's sleep time out (the 10 s retry after a failed allocation);
    // twice in a row without progress: the pool is exhausted, the host's target out of reach
    idle = r.io.length > 0 ? 0 : ticks > 0 ? idle + 1 : idle;
    if (idle >= 2) return;
    ticks = r.io.length === 0 ? Math.max(1, Number(r.ret.left)) : 0;
  }
  throw new Error('viomb scenario: the worker did not settle in 64 runs');
}

function batches(rec: StepRecord): { kind: string; n: number; holding: number }[] {
  return rec.dev.flatMap((e) => {
    const m = /^(inflate|deflate) (\d+) pages, holding (\d+)$/.exec(e);
    return m ? [{ kind: m[1]!, n: Number(m[2]), holding: Number(m[3]) }] : [];
  });
}

function checkBalloon(steps: readonly RunStep[]): string[] {
  const out: string[] = [];
  const attach = steps.find((s) => s.op.do === 'driver' && s.op.call === 'viomb_attach');
  const pool = attach && attach.op.do === 'driver' ? attach.op.args.pool! : 0;
  let target = 0;
  let held = 0;
  let hold = false;
  steps.forEach((s, i) => {
    const ret = s.record.ret;
    for (const b of batches(s.record)) {
      if (b.n < 1 || b.n > PGS_PER_REQ) out.push(`step ${i}: a ${b.kind} request of ${b.n} frames`);
      held = b.holding;
    }
    if (s.record.viol.length > 0) out.push(`step ${i}: ${s.record.viol.join('; ')}`);
    if (s.op.do === 'device' && s.op.action.kind === 'balloon') {
      target = Number(/^balloon target (\d+)$/.exec(s.record.dev.find((e) => e.startsWith('balloon target')) ?? '')?.[1] ?? -1);
      if (!s.record.io.some((io) => io.startsWith('r4 20='))) out.push(`step ${i}: the config change did not reach viomb_config_change (no num_pages read)`);
    }
    if (isCall(s.op, 'sched') && ret.inflight === 0) {
      if (ret.balloon !== ret.actual || ret.actual !== held) out.push(`step ${i}: balloon list ${ret.balloon}, actual ${ret.actual}, host holds ${held}`);
      if (Number(ret.free) + Number(ret.balloon) !== pool) out.push(`step ${i}: ${ret.free} free + ${ret.balloon} in the balloon != pool ${pool}`);
    }
    const next = steps[i + 1];
    if (isCall(s.op, 'sched') && next && !isCall(next.op, 'sched') && target <= Number(ret.free) + Number(ret.balloon) && ret.actual !== target)
      out.push(`step ${i}: settled at actual ${ret.actual}, host asked for ${target}`);
    if (s.op.do === 'device' && s.op.action.kind === 'balloon_hold') hold = s.op.action.on === 1;
    // a held deflate request must make detach refuse (EBUSY) with the worker back; else it empties the balloon
    if (isCall(s.op, 'viomb_detach') && hold && (ret.r !== 16 || ret.kt === 0))
      out.push(`detach while the host holds a request: r=${ret.r}, worker ${ret.kt === 0 ? 'gone' : 'running'}`);
    if (isCall(s.op, 'viomb_detach') && !hold && (ret.r !== 0 || ret.free !== pool || held !== 0))
      out.push(`detach: r=${ret.r}, ${ret.free} of ${pool} pages free, host still holds ${held}`);
  });
  return out;
}

function isCall(op: Op, call: string): boolean {
  return op.do === 'driver' && op.call === call;
}
