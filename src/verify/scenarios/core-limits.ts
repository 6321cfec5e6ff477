import { EAGAIN } from '../model/virtqueue-driver.js';
import { type Buf, QueueClient } from './client.js';
import { genericDevice, randomBufs } from './core-ring.js';
import type { Scenario } from './scenario.js';

const BUF = 64;

export const queueFull: Scenario = {
  name: 'queue-full',
  drivers: ['virtio'],
  summary: 'direct chains until prep, then reserve, return EAGAIN (reserve rolls its chain back); the queue recovers',
  seeds: [1, 2],
  device: (seed) => genericDevice(seed === 1 ? 8 : 16, false),
  async generate(ctx) {
    const num = ctx.device.queueSizes[0]!;
    await ctx.do({ do: 'attach', features: 0, vqs: [[65536, 4]] });
    const client = new QueueClient(ctx, 0, num, 3, BUF);
    await client.setup();
    for (let round = 0; round < 3; round++) {
      // 3-descriptor chains: the last one that fits leaves 1 or 2 descriptors, so reserve hits EAGAIN.
      while ((await client.submit(randomBufs(ctx.rng, 3))) >= 0);
      const p = await ctx.do({ do: 'prep', vq: 0 });
      if (p.ret.r !== EAGAIN) await ctx.do({ do: 'abort', vq: 0, slot: Number(p.ret.slot) });
      await ctx.do({ do: 'device', action: { kind: 'consume', vq: 0, n: ctx.rng.int(1, num) } });
      await client.drain();
    }
    await ctx.do({ do: 'device', action: { kind: 'consume', vq: 0, n: num } });
    await client.drain();
  },
  check: (steps) => (steps.some((s) => s.record.ret.r === EAGAIN) ? [] : ['no call returned EAGAIN']),
};

export const indirect: Scenario = {
  name: 'indirect',
  drivers: ['virtio'],
  summary: 'VIRTIO_F_RING_INDIRECT_DESC: 2..maxnsegs buffers take one descriptor and a table, more fall back to a chain',
  seeds: [1, 2],
  device: (seed) => genericDevice(seed === 1 ? 8 : 4, true),
  async generate(ctx) {
    const num = ctx.device.queueSizes[0]!;
    const maxnsegs = 4;
    await ctx.do({ do: 'attach', features: 0, vqs: [[65536, maxnsegs]] });
    const client = new QueueClient(ctx, 0, num, num, BUF);
    await client.setup();
    const bufs = new Map<number, Buf[]>();
    for (let i = 0; i < 3 * num; i++) {
      const n = maxnsegs < num && ctx.rng.chance(0.2) ? ctx.rng.int(maxnsegs + 1, num) : ctx.rng.int(2, Math.min(maxnsegs, num));
      const b = randomBufs(ctx.rng, n);
      const slot = await client.submit(b);
      if (slot >= 0) bufs.set(slot, b);
      if (slot < 0 || ctx.rng.chance(0.3)) {
        await ctx.do({ do: 'device', action: { kind: 'consume', vq: 0, n: ctx.rng.int(1, num) } });
        await client.drain((s) => {
          const index = bufs.get(s)?.findIndex((x) => !x.out) ?? -1;
          return index >= 0 ? { index, len: bufs.get(s)![index]!.len } : undefined;
        });
      }
    }
    await ctx.do({ do: 'device', action: { kind: 'consume', vq: 0, n: num } });
    await client.drain();
  },
};

export const noInterrupt: Scenario = {
  name: 'no-interrupt',
  drivers: ['virtio'],
  summary: 'virtio_stop_vq_intr sets VRING_AVAIL_F_NO_INTERRUPT: completions raise no interrupt until virtio_start_vq_intr',
  seeds: [1],
  device: () => genericDevice(8, true),
  async generate(ctx) {
    await ctx.do({ do: 'attach', features: 0, vqs: [[65536, 4]] });
    const client = new QueueClient(ctx, 0, 8, 4, BUF);
    await client.setup();
    for (let round = 0; round < 4; round++) {
      const quiet = round % 2 === 0;
      await ctx.do({ do: quiet ? 'stop_intr' : 'start_intr', vq: 0 });
      for (let i = 0; i < 3; i++) await client.submit(randomBufs(ctx.rng, ctx.rng.int(1, 4)));
      // polling, as a driver with interrupts off does: virtio_vq_intr calls vq_done when entries are
      // used -- here once with the device completing while the poll runs (its read barrier decides
      // whether the poll sees the new used->idx), once after
      if (quiet) {
        await ctx.do({ do: 'vq_intr', concurrent: { kind: 'consume', vq: 0, n: 2 } });
        await ctx.do({ do: 'device', action: { kind: 'consume', vq: 0, n: 1 } });
        await ctx.do({ do: 'vq_intr' });
      } else await ctx.do({ do: 'device', action: { kind: 'consume', vq: 0, n: 3 } });
      await client.drain();
    }
  },
  check(steps) {
    const out: string[] = [];
    let quiet = false;
    let loud = 0;
    for (const [i, { op, record }] of steps.entries()) {
      if (op.do === 'stop_intr' || op.do === 'start_intr') quiet = op.do === 'stop_intr';
      const irq = record.dev.some((e) => e === 'irq 0');
      if (irq && quiet) out.push(`step ${i}: interrupt while VRING_AVAIL_F_NO_INTERRUPT was set`);
      if (irq && !quiet) loud++;
    }
    if (loud === 0) out.push('no interrupt after virtio_start_vq_intr');
    return out;
  },
};
