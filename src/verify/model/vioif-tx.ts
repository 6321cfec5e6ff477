import { STRUCT_VIRTIO_NET_HDR, VIRTIO_F_NOTIFY_ON_EMPTY, VIRTIO_NET_F_CTRL_RX, VIRTIO_NET_F_CTRL_VQ, VIRTIO_NET_F_MAC, VIRTIO_NET_F_STATUS } from './virtio-constants.generated.js';
import type { DmaArena } from './dma-arena.js';
import type { Memory } from './memory.js';
import { EAGAIN, ModelAssertion, type Segment } from './virtqueue-driver.js';
import type { VirtioDriverModel } from './virtio-driver.js';

export const VIOIF_TX_FEATURES = VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS | VIRTIO_NET_F_CTRL_VQ | VIRTIO_NET_F_CTRL_RX | VIRTIO_F_NOTIFY_ON_EMPTY;
const MCLBYTES = 2048;
const ETHER_MAX_LEN = 1518;
const ETHER_HDR_LEN = 14;
const TX_MAXNSEGS = 16;
const HDR = STRUCT_VIRTIO_NET_HDR.size;
/** vioif's queues: [maxsegsize, maxnsegs] of rx and tx, as vioif_attach allocates them. */
export const VIOIF_VQS: [number, number][] = [[MCLBYTES + HDR, 2], [HDR + ETHER_MAX_LEN - ETHER_HDR_LEN, TX_MAXNSEGS + 1]];
const RX = 0;
const TX = 1;

interface Packet {
  serial: number;
  addr: number;
  len: number;
}

export interface StackTrace {
  /** A call the stack or the driver made that the stack can see: if_start, devstart_sched, m_freem, watchdog. */
  callback(fn: string, arg: number): void;
}

/**
 * The reference for vioif's transmit path on DragonFly (net/if_var.h's steps for if_start and
 * transmission done, over the virtqueue model): if_start takes packets off the subqueue, one
 * slot per packet (the header, then the frame's segments), publishes them with one notifying
 * commit and arms the watchdog for 5 s; a full ring puts the packet back, marks output active
 * and reclaims completions (retrying once). Completion -- the empty-ring interrupt, the watchdog
 * or if_start's own reclaim -- frees the packets, clears output-active and, when packets wait,
 * schedules one start that runs after the current entry returns.
 */
export class VioifTxModel {
  running = false;
  oactive = false;
  timer = 0;
  opackets = 0;
  oerrors = 0;
  private readonly queue: Packet[] = [];
  private prepended: Packet | undefined;
  private readonly mbufs = new Map<number, Packet>();
  private hdrBase = 0;
  private serial = 0;
  private scheduled = false;

  constructor(
    private readonly virtio: VirtioDriverModel,
    private readonly mem: Memory,
    private readonly arena: DmaArena,
    private readonly trace: StackTrace,
  ) {}

  /** The fixture's attach: the virtio half of vioif_attach, vioif_alloc_mems' header block, the end of vioif_init. */
  attach(): Record<string, number> {
    const r = this.virtio.attach({ features: VIOIF_TX_FEATURES, vqs: VIOIF_VQS });
    this.virtio.vq(RX).setInterrupts(true);
    this.virtio.vq(TX).setInterrupts(false);
    const rxNum = this.virtio.vq(RX).num;
    this.hdrBase = this.arena.alloc(HDR * (rxNum + this.virtio.vq(TX).num), 1) + HDR * rxNum;
    this.running = true;
    return r;
  }

  get qlen(): number {
    return this.queue.length + (this.prepended ? 1 : 0);
  }

  state(): Record<string, number> {
    return { oactive: this.oactive ? 1 : 0, qlen: this.qlen, timer: this.timer, opackets: this.opackets, oerrors: this.oerrors };
  }

  /** ifq_dispatch: queue the packets (their data in DMA memory), then if_start unless output is active. */
  send(frames: readonly Uint8Array[]): void {
    for (const f of frames) {
      const addr = this.arena.alloc(f.length, 16);
      this.mem.write(addr, f);
      this.queue.push({ serial: ++this.serial, addr, len: f.length });
    }
    if (this.oactive) return;
    this.trace.callback('if_start', 0);
    this.start();
  }

  /** One second of the subqueue watchdog; vioif_watchdog reclaims while running. */
  tick(): void {
    if (this.timer === 0 || --this.timer !== 0) return;
    this.trace.callback('watchdog', 0);
    if (!this.running) return;
    this.txDone();
    if (this.oactive) this.timer = 5; // net/watchdog-rearm: still full, look again
  }

  /** virtio_vq_intr's call into the child. */
  vqDone(index: number): void {
    if (index === TX) this.txDone();
    else this.trace.callback('vq_done', index);
  }

  /** After each entry returns: the scheduled start (bounded, as the fixture bounds it). */
  runScheduled(): void {
    for (let i = 0; i < 4 && this.scheduled; i++) {
      this.scheduled = false;
      this.trace.callback('if_start', 1);
      this.start();
    }
  }

  private dequeue(): Packet | undefined {
    const p = this.prepended ?? this.queue.shift();
    this.prepended = undefined;
    return p;
  }

  private ringFull(p: Packet): void {
    if (this.prepended) throw new ModelAssertion('pending prepended packet');
    this.prepended = p;
    this.oactive = true;
    this.txDone();
  }

  private start(): void {
    if (!this.running || this.oactive) return;
    const vq = this.virtio.vq(TX);
    let queued = 0;
    let retry = 0;
    for (;;) {
      const p = this.dequeue();
      if (!p) break;
      const { r, slot } = vq.prep();
      const segs = split(p);
      if (r === EAGAIN || vq.reserve(slot, segs.length + 1) !== 0) {
        this.ringFull(p);
        if (retry++ === 0) continue;
        break;
      }
      this.mbufs.set(slot, p);
      vq.enqueue(slot, [{ addr: this.hdrBase + HDR * slot, len: HDR }], true);
      vq.enqueue(slot, segs, true);
      this.virtio.commit(TX, slot, false);
      queued++;
    }
    if (queued > 0) {
      this.virtio.commit(TX, -1, true);
      this.timer = 5;
    }
  }

  private txDone(): number {
    const vq = this.virtio.vq(TX);
    let n = 0;
    for (let d = vq.dequeue(); d.r === 0; d = vq.dequeue()) {
      n++;
      const p = this.mbufs.get(d.slot);
      if (!p) throw new ModelAssertion(`tx completion for slot ${d.slot}, which holds no packet`);
      this.mbufs.delete(d.slot);
      vq.dequeueCommit(d.slot);
      this.opackets++;
      this.trace.callback('m_freem', p.serial);
    }
    if (n > 0) {
      this.oactive = false;
      if (this.qlen > 0) {
        this.scheduled = true;
        this.trace.callback('devstart_sched', 0);
      }
    }
    return n;
  }
}

/** The frame's DMA segments (the tx map's maxsegsz is ETHER_MAX_LEN). */
function split(p: Packet): Segment[] {
  const out: Segment[] = [];
  for (let off = 0; off < p.len; off += ETHER_MAX_LEN) out.push({ addr: p.addr + off, len: Math.min(ETHER_MAX_LEN, p.len - off) });
  return out;
}
