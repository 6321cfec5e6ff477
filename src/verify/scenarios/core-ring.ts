import { VIRTIO_F_RING_INDIRECT_DESC } from '../model/virtio-constants.generated.js';
import { EAGAIN } from '../model/virtqueue-driver.js';
import type { DeviceSpec } from '../run/step.js';
import { type Buf, QueueClient } from './client.js';
import type { Rng, Scenario, ScenarioContext } from './scenario.js';

/** A buffer mover (virtio-rng's id): the core scenarios need no device semantics. */
export const GENERIC_DEVICE_ID = 4;
const MAXNSEGS = 4;
const BUF = 64;

export function genericDevice(num: number, indirect: boolean): DeviceSpec {
  return { kind: 'generic', deviceId: GENERIC_DEVICE_ID, features: indirect ? VIRTIO_F_RING_INDIRECT_DESC : 0, queueSizes: [num] };
}

/** Driver-to-device buffers first (with data), then device-to-driver ones: the order a device requires. */
export function randomBufs(rng: Rng, n: number): Buf[] {
  const outs = rng.int(0, n);
  return Array.from({ length: n }, (_, i) => (i < outs ? { len: rng.int(1, BUF), out: true, data: rng.bytes(rng.int(1, 16)) } : { len: rng.int(1, BUF), out: false }));
}

/** A random walk over the whole API on one queue; `cycles` ops after optionally starting the indices at `start`. */
async function randomWalk(ctx: ScenarioContext, num: number, cycles: number, start?: number): Promise<void> {
  const { rng } = ctx;
  await ctx.do({ do: 'attach', features: 0, vqs: [[65536, MAXNSEGS]] });
  if (start !== undefined) await ctx.do({ do: 'set_idx', vq: 0, idx: start });
  const client = new QueueClient(ctx, 0, num, Math.min(5, num), BUF);
  await client.setup();
  const submitted = new Map<number, Buf[]>();
  const readBack = (slot: number): { index: number; len: number } | undefined => {
    const bufs = submitted.get(slot) ?? [];
    const index = bufs.findIndex((b) => !b.out);
    return index >= 0 ? { index, len: bufs[index]!.len } : undefined;
  };
  for (let i = 0; i < cycles; i++) {
    const x = rng.next();
    if (x < 0.4) {
      const bufs = randomBufs(rng, rng.int(1, Math.min(5, num)));
      const slot = await client.submit(bufs, { notify: rng.chance(0.8), ...(rng.chance(0.2) ? { partial: rng.int(0, bufs.length - 1) } : {}) });
      if (slot >= 0) submitted.set(slot, bufs);
    } else if (x < 0.5) {
      const p = await ctx.do({ do: 'prep', vq: 0 });
      if (p.ret.r === EAGAIN) continue;
      const slot = Number(p.ret.slot);
      if (rng.chance(0.5) && (await ctx.do({ do: 'reserve', vq: 0, slot, nsegs: rng.int(1, Math.min(5, num)) })).ret.r === EAGAIN) continue;
      await ctx.do({ do: 'abort', vq: 0, slot });
    } else if (x < 0.75) await ctx.do({ do: 'device', action: { kind: 'consume', vq: 0, n: rng.int(1, 3) } });
    else if (x < 0.9) await client.drain(readBack);
    else await ctx.do({ do: 'commit', vq: 0, slot: -1, notify: true });
  }
  await ctx.do({ do: 'commit', vq: 0, slot: -1, notify: true });
  await ctx.do({ do: 'device', action: { kind: 'consume', vq: 0, n: num } });
  await client.drain(readBack);
}

export const ringBasics: Scenario = {
  name: 'ring-basics',
  drivers: ['virtio'],
  summary: 'random prep/reserve/enqueue/enqueue_p/commit/abort/dequeue on queues of 4..16, direct and indirect',
  seeds: [1, 2, 3],
  device: (seed) => genericDevice([4, 8, 16][seed % 3]!, seed % 2 === 1),
  generate: (ctx) => randomWalk(ctx, ctx.device.queueSizes[0]!, 70),
};

export const wrapAround: Scenario = {
  name: 'wrap-around',
  drivers: ['virtio'],
  summary: 'free-running 16-bit avail/used indices started near 65535 wrap to 0 mid-run',
  seeds: [1, 2],
  device: (seed) => genericDevice(seed === 1 ? 8 : 4, seed === 2),
  generate: (ctx) => {
    const num = ctx.device.queueSizes[0]!;
    return randomWalk(ctx, num, 12 * num + 24, 0x10000 - num - 1);
  },
  check(steps) {
    const set = steps.find((s) => s.op.do === 'set_idx')?.op;
    const toWrap = set?.do === 'set_idx' ? 0x10000 - set.idx : Infinity;
    const committed = steps.filter((s) => s.op.do === 'commit' && s.op.slot >= 0).length;
    const dequeued = steps.filter((s) => s.op.do === 'dequeue' && s.record.ret.r === 0).length;
    return committed > toWrap && dequeued > toWrap ? [] : [`indices did not wrap: ${committed} commits, ${dequeued} dequeues, ${toWrap} to the wrap`];
  },
};
