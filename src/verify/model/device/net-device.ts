import { STRUCT_VIRTIO_NET_HDR, VIRTIO_F_NOTIFY_ON_EMPTY, VIRTIO_F_RING_INDIRECT_DESC, VIRTIO_NET_CONFIG_MAC, VIRTIO_NET_F_MAC } from '../virtio-constants.generated.js';
import { type DeviceAction, type DeviceBackend, intArg, type Transport } from './backend.js';
import { concat, digest, pattern, readableBytes, scatter, writableLength } from './chain-data.js';
import { ChainError } from './device-queue.js';

export const RX_QUEUE = 0;
export const TX_QUEUE = 1;
/** QEMU's default virtio-net tx_burst. */
export const TX_BURST = 256;

/**
 * virtio-net with QEMU's transmit "bh" mode (hw/net/virtio-net.c virtio_net_handle_tx_bh and
 * virtio_net_tx_bh): a kick sets VRING_USED_F_NO_NOTIFY and schedules the bottom half; the
 * bottom half (the `tx_bh` action) sends up to TX_BURST packets; after a full burst it stays
 * scheduled with the flag set, otherwise it clears the flag and looks at the ring once more --
 * if packets arrived meanwhile it sets the flag again and reschedules. Every sent packet is
 * completed with length 0 and an interrupt request. Received packets (`rx`) come from a
 * seeded source and wait in a backlog while the driver has posted no buffer.
 */
export class NetDevice implements DeviceBackend {
  readonly deviceId = 1;
  readonly features: number;
  readonly queueSizes: readonly number[];
  readonly mac = Uint8Array.of(0x52, 0x54, 0x00, 0x12, 0x34, 0x56);
  txWaiting = false;
  /** The tx avail index the driver had published at the end of the latest step (for scenario generators). */
  published = 0;
  readonly sent: string[] = [];
  private readonly backlog: Uint8Array[] = [];
  private received = 0;

  constructor(
    queueSize: number,
    private readonly burst = TX_BURST,
    /** Offer VIRTIO_F_NOTIFY_ON_EMPTY (QEMU does; vioif asks for it and turns tx interrupts off). */
    notifyOnEmpty = false,
  ) {
    this.queueSizes = [queueSize, queueSize];
    this.features = VIRTIO_NET_F_MAC | VIRTIO_F_RING_INDIRECT_DESC | (notifyOnEmpty ? VIRTIO_F_NOTIFY_ON_EMPTY : 0);
  }

  configRead(offset: number, width: number): number {
    if (width === 1 && offset >= VIRTIO_NET_CONFIG_MAC && offset < VIRTIO_NET_CONFIG_MAC + 6) return this.mac[offset - VIRTIO_NET_CONFIG_MAC]!;
    return 0;
  }

  configWrite(): void {}

  kick(t: Transport, index: number): void {
    if (index === RX_QUEUE) return this.deliver(t);
    if (index !== TX_QUEUE || this.txWaiting) return;
    this.txWaiting = true;
    t.queue(TX_QUEUE)!.setNoNotify(true);
    t.trace.event('tx bh scheduled');
  }

  reset(): void {
    this.txWaiting = false;
    this.backlog.length = 0;
  }

  act(t: Transport, action: DeviceAction): void {
    if (action.kind === 'tx_bh') return this.txBh(t);
    if (action.kind === 'rx') {
      for (let n = intArg(action, 'n', 1); n > 0; n--) this.backlog.push(pattern(0x10000 + ++this.received, 60 + ((this.received * 37) % 200)));
      return this.deliver(t);
    }
    throw new Error(`net device: unknown action '${action.kind}'`);
  }

  /**
   * Packets are waiting, notifications are on and no bottom half is scheduled: the driver
   * published buffers while VRING_USED_F_NO_NOTIFY was clear and did not kick. Nothing will
   * ever send them.
   */
  settle(t: Transport): void {
    const q = t.queue(TX_QUEUE);
    this.published = q?.availIdx() ?? 0;
    if (q && !this.txWaiting && q.hasAvail() && !q.noNotify()) t.trace.event(`tx stalled: ${(q.availIdx() - q.lastAvail) & 0xffff} packet(s) published, notifications on, no kick`);
  }

  private txBh(t: Transport): void {
    const q = t.queue(TX_QUEUE);
    if (!this.txWaiting || !q) return t.trace.event('tx bh not scheduled');
    this.txWaiting = false;
    const sent = this.flush(t);
    if (sent < 0) return;
    if (sent >= this.burst) {
      this.txWaiting = true;
      return t.trace.event('tx bh rescheduled after a full burst');
    }
    q.setNoNotify(false);
    if (this.flush(t) > 0) {
      q.setNoNotify(true);
      this.txWaiting = true;
      t.trace.event('tx bh rescheduled: ring refilled');
    }
  }

  /** virtio_net_flush_tx: up to a burst of packets; -1 when the ring is malformed. */
  private flush(t: Transport): number {
    const q = t.queue(TX_QUEUE)!;
    let n = 0;
    while (n < this.burst) {
      let chain;
      try {
        chain = q.pop();
      } catch (e) {
        if (!(e instanceof ChainError)) throw e;
        t.trace.violation(`tx queue: ${e.message}`);
        return -1;
      }
      if (!chain) break;
      const frame = readableBytes(t.mem, chain).subarray(STRUCT_VIRTIO_NET_HDR.size);
      this.sent.push(digest(frame));
      t.trace.event(`tx id=${chain.head} len=${frame.length} data=${digest(frame)}`);
      q.push(chain.head, 0);
      t.notifyQueue(TX_QUEUE);
      n++;
    }
    return n;
  }

  private deliver(t: Transport): void {
    const q = t.queue(RX_QUEUE);
    let done = 0;
    while (q && this.backlog.length > 0) {
      let chain;
      try {
        chain = q.pop();
      } catch (e) {
        if (!(e instanceof ChainError)) throw e;
        return t.trace.violation(`rx queue: ${e.message}`);
      }
      if (!chain) break;
      const frame = this.backlog.shift()!;
      const data = concat([new Uint8Array(STRUCT_VIRTIO_NET_HDR.size), frame]);
      const n = Math.min(data.length, writableLength(chain));
      scatter(t.mem, chain, data);
      t.trace.event(`rx id=${chain.head} len=${frame.length} data=${digest(frame)}${n < data.length ? ' truncated' : ''}`);
      q.push(chain.head, n);
      done++;
    }
    if (this.backlog.length > 0) t.trace.event(`rx ${this.backlog.length} waiting for buffers`);
    if (done > 0) t.notifyQueue(RX_QUEUE);
  }
}
