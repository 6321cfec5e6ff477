import { STRUCT_VIRTIO_NET_HDR } from '../model/virtio-constants.generated.js';
import { digest } from '../model/device/chain-data.js';
import { NetDevice, RX_QUEUE, TX_QUEUE } from '../model/device/net-device.js';
import { QueueClient, sawDone } from './client.js';
import type { Scenario } from './scenario.js';

const FRAME = 256;

/**
 * The transmit ring against QEMU's bottom-half mode, the way if_vioif uses the core: a packet is
 * a virtio_net_hdr and a frame, committed with notify. The ring is filled to EAGAIN, the bottom
 * half runs between calls and, at random, concurrently with a commit (at the commit's first
 * event, before the new avail index is published). The commit must then see, through a read
 * barrier taken after publishing the index, that the bottom half cleared NO_NOTIFY: if it reads
 * the flag stale it skips the kick the idle device needs, and the device model reports the queue
 * as stalled.
 */
export const netTxNoNotify: Scenario = {
  name: 'net-tx-no-notify',
  drivers: ['virtio', 'net'],
  summary: 'tx "bh" mode toggles VRING_USED_F_NO_NOTIFY on a full ring: every packet sent, no kick skipped while clear, none sent while set',
  seeds: [1, 2, 3],
  device: (seed) => ({ kind: 'net', queueSize: seed === 3 ? 16 : 8, ...(seed === 2 ? { burst: 3 } : {}) }),
  async generate(ctx) {
    const num = ctx.device.queueSizes[TX_QUEUE]!;
    const net = ctx.device as NetDevice;
    await ctx.do({ do: 'attach', features: 0, vqs: [[FRAME, 2], [FRAME, 2]] });
    const tx = new QueueClient(ctx, TX_QUEUE, num, 2, FRAME);
    await tx.setup();
    // receive side: buffers for a header and a frame, refilled as packets arrive
    const rx = new QueueClient(ctx, RX_QUEUE, num, 1, STRUCT_VIRTIO_NET_HDR.size + FRAME);
    await rx.setup();
    const post = async (): Promise<void> => {
      while ((await rx.submit([{ len: STRUCT_VIRTIO_NET_HDR.size + FRAME, out: false }])) >= 0);
    };
    await post();
    const frames: string[] = [];
    const bh = (): Promise<unknown> => ctx.do({ do: 'device', action: { kind: 'tx_bh' } });
    for (let round = 0; round < 3; round++) {
      // fill the ring: completions are not collected until it is full
      for (;;) {
        const frame = ctx.rng.bytes(ctx.rng.int(14, FRAME));
        const concurrent = net.txWaiting && ctx.rng.chance(0.5) ? { kind: 'tx_bh' } : undefined;
        const slot = await tx.submit([{ len: STRUCT_VIRTIO_NET_HDR.size, out: true }, { len: frame.length, out: true, data: frame }], concurrent ? { concurrent } : {});
        if (slot < 0) break;
        frames.push(digest(frame));
        if (ctx.rng.chance(0.25)) await bh();
        if (ctx.rng.chance(0.1) && sawDone((await ctx.do({ do: 'device', action: { kind: 'rx', n: ctx.rng.int(1, 3) } })).cb, RX_QUEUE)) {
          await rx.drain(() => ({ index: 0, len: STRUCT_VIRTIO_NET_HDR.size + 16 }));
          await post();
        }
      }
      // full (EAGAIN): let the device catch up, then recycle the slots
      for (let i = 0; i < 8 && net.txWaiting; i++) await bh();
      await tx.drain();
    }
    for (let i = 0; i < 4 && net.txWaiting; i++) await ctx.do({ do: 'device', action: { kind: 'tx_bh' } });
    await tx.drain();
    const sent = net.sent.join(',');
    if (sent !== frames.join(',')) throw new Error(`net-tx scenario: device sent ${net.sent.length} frames, client queued ${frames.length}, or out of order`);
  },
  check(steps) {
    const out: string[] = [];
    let commits = 0;
    let sent = 0;
    for (const [i, { op, record }] of steps.entries()) {
      if (op.do === 'commit' && op.vq === TX_QUEUE && op.slot >= 0) commits++;
      sent += record.dev.filter((e) => e.startsWith('tx id=')).length;
      for (const e of record.dev) {
        if (e.startsWith(`kick ${TX_QUEUE} `) && e.includes('NO_NOTIFY set')) out.push(`step ${i}: kick sent while VRING_USED_F_NO_NOTIFY was set`);
        if (e.startsWith('tx stalled')) out.push(`step ${i}: kick skipped while VRING_USED_F_NO_NOTIFY was clear (${e})`);
      }
    }
    if (sent !== commits) out.push(`${commits} packets committed, ${sent} sent`);
    return out;
  },
};
