import { VIRTIO_BALLOON_CONFIG_ACTUAL } from '../model/virtio-constants.generated.js';
import { DEFLATE_QUEUE, INFLATE_QUEUE } from '../model/device/balloon-device.js';
import { QueueClient } from './client.js';
import type { Scenario, ScenarioContext } from './scenario.js';

const PFNS_PER_REQ = 64;

/**
 * The balloon's use of the core: `balloon N` changes num_pages and raises ISR 0x2; the interrupt
 * handler must call sc_config_change (which reads num_pages through
 * virtio_read_device_config_4). The test client then moves page frame numbers over the
 * inflate/deflate queues and reports `actual`; the device model checks the frames are distinct.
 * (viomb's own inflate/deflate logic is verified once its translation builds.)
 */
export const balloonConfig: Scenario = {
  name: 'balloon-config-change',
  drivers: ['virtio', 'balloon'],
  summary: 'ISR 0x2 -> sc_config_change with num_pages; frames over the inflate/deflate queues; actual written back',
  seeds: [1],
  device: () => ({ kind: 'balloon', queueSize: 8 }),
  async generate(ctx) {
    await ctx.do({ do: 'attach', features: 0, vqs: [[4 * PFNS_PER_REQ, 1], [4 * PFNS_PER_REQ, 1]] });
    const queues = [new QueueClient(ctx, INFLATE_QUEUE, 8, 1, 4 * PFNS_PER_REQ), new QueueClient(ctx, DEFLATE_QUEUE, 8, 1, 4 * PFNS_PER_REQ)];
    for (const q of queues) await q.setup();
    const held: number[] = [];
    let next = 0x2000;
    for (const target of [ctx.rng.int(70, 200), ctx.rng.int(10, 60), ctx.rng.int(100, 180)]) {
      const r = await ctx.do({ do: 'device', action: { kind: 'balloon', pages: target } });
      if (!r.cb.includes(`config_change value=${target}`)) throw new Error(`balloon scenario: config change to ${target} not dispatched by the model`);
      while (held.length !== target) {
        const inflate = held.length < target;
        const n = Math.min(PFNS_PER_REQ, Math.abs(target - held.length));
        const pfns = inflate ? Array.from({ length: n }, () => (next += ctx.rng.int(1, 3))) : held.splice(held.length - n, n);
        if (inflate) held.push(...pfns);
        await move(ctx, queues[inflate ? 0 : 1]!, pfns);
      }
      await ctx.do({ do: 'write_config', index: VIRTIO_BALLOON_CONFIG_ACTUAL, width: 4, value: held.length });
      await ctx.do({ do: 'read_config', index: VIRTIO_BALLOON_CONFIG_ACTUAL, width: 4 });
    }
  },
  check(steps) {
    const targets = steps.filter((s) => s.op.do === 'device').length;
    const dispatched = steps.filter((s) => s.record.cb.some((c) => c.startsWith('config_change'))).length;
    return dispatched === targets ? [] : [`${targets} config changes raised, ${dispatched} dispatched to sc_config_change`];
  },
};

async function move(ctx: ScenarioContext, q: QueueClient, pfns: number[]): Promise<void> {
  const data = new Uint8Array(4 * pfns.length);
  pfns.forEach((p, i) => new DataView(data.buffer).setUint32(4 * i, p, true));
  await q.submit([{ len: data.length, out: true, data }]);
  await q.drain();
}
