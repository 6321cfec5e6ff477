import { EAGAIN } from '../model/virtqueue-driver.js';
import type { DeviceSpec } from '../run/step.js';
import { QueueClient } from './client.js';
import { genericDevice, randomBufs } from './core-ring.js';
import type { Scenario } from './scenario.js';

/** An abstract command of a random program; invalid ones (nothing to abort, a full queue) do what the API says. */
export type ProgramCmd =
  | { k: 'submit'; n: number; notify: boolean; partial: boolean }
  | { k: 'abort'; reserve: number }
  | { k: 'consume'; n: number }
  | { k: 'drain' }
  | { k: 'flush' }
  | { k: 'interrupts'; on: boolean }
  | { k: 'poll'; concurrent: number };

export interface Program {
  num: number;
  indirect: boolean;
  maxnsegs: number;
  start: number | null;
  cmds: ProgramCmd[];
}

/**
 * A program as a scenario, for property tests: its ops are decided against the model as it runs
 * (slot numbers, EAGAIN), so the same program yields one concrete vector. It ends by flushing,
 * letting the device consume everything and draining, so no slot may be left in flight.
 */
export function programScenario(p: Program): Scenario {
  return {
    name: 'program',
    drivers: ['virtio'],
    summary: 'a random program (property tests)',
    seeds: [0],
    device: (): DeviceSpec => genericDevice(p.num, p.indirect),
    async generate(ctx) {
      await ctx.do({ do: 'attach', features: 0, vqs: [[65536, p.maxnsegs]] });
      if (p.start !== null) await ctx.do({ do: 'set_idx', vq: 0, idx: p.start });
      const client = new QueueClient(ctx, 0, p.num, Math.min(6, p.num), 64);
      await client.setup();
      for (const c of p.cmds) {
        if (c.k === 'submit') await client.submit(randomBufs(ctx.rng, Math.min(c.n, p.num)), { notify: c.notify, ...(c.partial ? { partial: 0 } : {}) });
        else if (c.k === 'abort') {
          const r = await ctx.do({ do: 'prep', vq: 0 });
          if (r.ret.r === EAGAIN) continue;
          const slot = Number(r.ret.slot);
          if (c.reserve > 0 && (await ctx.do({ do: 'reserve', vq: 0, slot, nsegs: Math.min(c.reserve, p.num) })).ret.r === EAGAIN) continue;
          await ctx.do({ do: 'abort', vq: 0, slot });
        } else if (c.k === 'consume') await ctx.do({ do: 'device', action: { kind: 'consume', vq: 0, n: c.n } });
        else if (c.k === 'drain') await client.drain();
        else if (c.k === 'flush') await ctx.do({ do: 'commit', vq: 0, slot: -1, notify: true });
        else if (c.k === 'interrupts') await ctx.do({ do: c.on ? 'start_intr' : 'stop_intr', vq: 0 });
        else await ctx.do({ do: 'vq_intr', ...(c.concurrent > 0 ? { concurrent: { kind: 'consume', vq: 0, n: c.concurrent } } : {}) });
      }
      await ctx.do({ do: 'commit', vq: 0, slot: -1, notify: true });
      await ctx.do({ do: 'device', action: { kind: 'consume', vq: 0, n: p.num } });
      await client.drain();
    },
  };
}
