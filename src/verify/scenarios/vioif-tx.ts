import { digest } from '../model/device/chain-data.js';
import { TX_QUEUE, type NetDevice } from '../model/device/net-device.js';
import { VIRTIO_F_NOTIFY_ON_EMPTY } from '../model/virtio-constants.generated.js';
import { toHex } from '../model/memory.js';
import { VioifModelBackend } from '../run/vioif-model-backend.js';
import type { Op } from '../run/step.js';
import type { RunStep, Scenario } from './scenario.js';

const MIN_FRAME = 14;
const MAX_FRAME = 300;

/**
 * vioif's own transmit path (vioif_start, vioif_tx_vq_done, vioif_watchdog from the translated
 * if_vioif.c) against QEMU's tx "bh" mode: the stack queues bursts of packets faster than the
 * device drains them, so the ring stays full for a while -- if_start marks output active, packets
 * wait on the subqueue, and only a completion restarts transmission: the device's empty-ring
 * interrupt (VIRTIO_F_NOTIFY_ON_EMPTY; tx interrupts are off) or the watchdog. Between bursts the
 * stack sends nothing, so a completion that does not restart leaves packets queued for good. The
 * bottom half runs between calls and, at random, concurrently with if_start.
 */
export const vioifTx: Scenario = {
  name: 'vioif-tx',
  drivers: ['net'],
  summary: 'vioif_start/tx_vq_done on a full tx ring in QEMU\'s bh mode: every packet sent in order with its data, no kick skipped or sent under NO_NOTIFY, output restarted after a completed batch',
  // Seed 4: a device without NOTIFY_ON_EMPTY, so only the watchdog reclaims (net/watchdog-rearm).
  seeds: [1, 2, 3, 4],
  device: (seed) => ({ kind: 'net', queueSize: seed === 3 ? 16 : 8, notifyOnEmpty: seed !== 4, ...(seed === 2 ? { burst: 3 } : {}) }),
  modelBackend: () => new VioifModelBackend(),
  async generate(ctx) {
    const net = ctx.device as NetDevice;
    const num = net.queueSizes[TX_QUEUE]!;
    await ctx.do({ do: 'net_attach' });
    const frames: string[] = [];
    let freed = 0;
    const step = async (op: Op): Promise<void> => {
      freed += (await ctx.do(op)).cb.filter((c) => c.startsWith('m_freem ')).length;
    };
    const send = async (n: number): Promise<void> => {
      const batch = Array.from({ length: n }, () => ctx.rng.bytes(ctx.rng.int(MIN_FRAME, MAX_FRAME)));
      // The bottom half runs concurrently only when if_start will not reclaim: vioif_tx_vq_done called
      // from if_start reads used->idx without a barrier (as in NetBSD), so it may or may not see what
      // the device just completed -- both legal, and the reference cannot know which.
      const room = num - (net.published - freed) - (frames.length - net.published);
      const concurrent = net.txWaiting && room >= n && ctx.rng.chance(0.5) ? { kind: 'tx_bh' } : undefined;
      frames.push(...batch.map(digest));
      await step({ do: 'net_send', frames: batch.map(toHex), ...(concurrent ? { concurrent } : {}) });
    };
    const bh = (): Promise<void> => step({ do: 'device', action: { kind: 'tx_bh' } });
    for (let round = 0; round < 4; round++) {
      // more packets than the ring holds, in a few sends: the ring fills, output goes active
      for (let sent = 0; sent < num + 4; ) {
        const n = ctx.rng.int(1, Math.max(1, num >> 1));
        await send(n);
        sent += n;
        if (ctx.rng.chance(0.3)) await bh();
      }
      // the stack stops sending: only completions (and their restarts) move the queue
      if (round === 2) {
        // the device is slow: the watchdog reclaims what it did send
        await bh();
        for (let s = 0; s < 6; s++) await step({ do: 'net_tick' });
      }
      if (!(net.features & VIRTIO_F_NOTIFY_ON_EMPTY)) {
        // No completion interrupt: the watchdog first fires before the device did anything, then
        // only a re-armed watchdog can reclaim what the device sends afterwards.
        for (let s = 0; s < 6; s++) await step({ do: 'net_tick' });
        for (let i = 0; i < 6 * num && (net.txWaiting || net.sent.length < frames.length || net.published > freed); i++) {
          await bh();
          await step({ do: 'net_tick' });
        }
      }
      for (let i = 0; i < 3 * num && (net.txWaiting || net.sent.length < frames.length); i++) await bh();
    }
    const sent = net.sent.join(',');
    if (sent !== frames.join(',')) throw new Error(`vioif-tx scenario: the device sent ${net.sent.length} frames of ${frames.length}, or out of order`);
  },
  check: checkVioifTx,
};

/** Every packet the stack queued reached the device once, in order, and was freed; the flag was respected both ways. */
export function checkVioifTx(steps: readonly RunStep[]): string[] {
  const out: string[] = [];
  const queued: number[] = [];
  const sentData: string[] = [];
  const freed = new Set<number>();
  let serial = 0;
  for (const [i, { op, record }] of steps.entries()) {
    if (op.do === 'net_send') for (const f of op.frames) queued.push(++serial) && sentData.push(digest(Buffer.from(f, 'hex')));
    for (const e of record.dev) {
      if (e.startsWith(`kick ${TX_QUEUE} `) && e.includes('NO_NOTIFY set')) out.push(`step ${i}: kick sent while VRING_USED_F_NO_NOTIFY was set`);
      if (e.startsWith('tx stalled')) out.push(`step ${i}: kick skipped while VRING_USED_F_NO_NOTIFY was clear (${e})`);
    }
    for (const c of record.cb)
      if (c.startsWith('m_freem ')) {
        const n = Number(c.slice(8));
        if (freed.has(n)) out.push(`step ${i}: packet ${n} freed twice`);
        freed.add(n);
      }
  }
  const onWire = steps.flatMap((s) => s.record.dev.filter((e) => e.startsWith('tx id=')).map((e) => e.replace(/.* data=/, '')));
  if (onWire.join(',') !== sentData.join(',')) out.push(`the device sent ${onWire.length} frames, the stack queued ${sentData.length} (or the order or data differ)`);
  if (freed.size !== queued.length) out.push(`${freed.size} of ${queued.length} packets freed`);
  return out;
}
