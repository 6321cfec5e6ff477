import { toHex } from '../model/memory.js';
import { EAGAIN, ENOENT } from '../model/virtqueue-driver.js';
import type { DeviceAction } from '../model/device/backend.js';
import type { ScenarioContext } from './scenario.js';

export interface Buf {
  len: number;
  /** Driver-to-device (NetBSD's `write` argument: the driver wrote it, the device reads it). */
  out: boolean;
  /** Contents to store before the request (out buffers). */
  data?: Uint8Array;
}

export interface SubmitOptions {
  notify?: boolean;
  /** Use virtio_enqueue_p for this buffer index (a sub-range of the slot's buffer). */
  partial?: number;
  concurrent?: DeviceAction;
}

/**
 * The test client's use of the virtqueue API, the sequence virtio.c's comment prescribes:
 * prep -> reserve -> enqueue per buffer -> commit; completions: dequeue -> dequeue_commit.
 * Each buffer of a slot has a fixed place in one DMA region, so addresses stay predictable.
 */
export class QueueClient {
  private region = 0;

  constructor(
    private readonly ctx: ScenarioContext,
    readonly vq: number,
    readonly num: number,
    readonly maxBufs: number,
    readonly bufLen: number,
  ) {}

  async setup(): Promise<void> {
    const r = await this.ctx.do({ do: 'alloc_buf', len: this.num * this.maxBufs * this.bufLen });
    this.region = Number(r.ret.addr);
  }

  addr(slot: number, i: number): number {
    return this.region + (slot * this.maxBufs + i) * this.bufLen;
  }

  /** Returns the slot, or -1 when the queue is full (EAGAIN from prep or reserve). */
  async submit(bufs: readonly Buf[], opts: SubmitOptions = {}): Promise<number> {
    const p = await this.ctx.do({ do: 'prep', vq: this.vq });
    if (p.ret.r === EAGAIN) return -1;
    const slot = Number(p.ret.slot);
    const r = await this.ctx.do({ do: 'reserve', vq: this.vq, slot, nsegs: bufs.length });
    if (r.ret.r === EAGAIN) return -1;
    for (const [i, b] of bufs.entries()) {
      if (b.len > this.bufLen) throw new Error(`buffer of ${b.len} bytes exceeds ${this.bufLen}`);
      if (b.data) await this.ctx.do({ do: 'write_buf', addr: this.addr(slot, i), hex: toHex(b.data) });
      if (opts.partial === i) await this.ctx.do({ do: 'enqueue_p', vq: this.vq, slot, segs: [[this.addr(slot, i), this.bufLen]], start: 0, len: b.len, write: b.out });
      else await this.ctx.do({ do: 'enqueue', vq: this.vq, slot, segs: [[this.addr(slot, i), b.len]], write: b.out });
    }
    await this.ctx.do({ do: 'commit', vq: this.vq, slot, notify: opts.notify ?? true, ...(opts.concurrent ? { concurrent: opts.concurrent } : {}) });
    return slot;
  }

  /** Dequeues every completion, reads back `readBack` bytes of the first in-buffer if asked, and recycles the slots. */
  async drain(readBack?: (slot: number) => { index: number; len: number } | undefined): Promise<{ slot: number; len: number }[]> {
    const done: { slot: number; len: number }[] = [];
    for (;;) {
      const d = await this.ctx.do({ do: 'dequeue', vq: this.vq });
      if (d.ret.r === ENOENT) return done;
      const slot = Number(d.ret.slot);
      done.push({ slot, len: Number(d.ret.len) });
      const rb = readBack?.(slot);
      if (rb) await this.ctx.do({ do: 'read_buf', addr: this.addr(slot, rb.index), len: rb.len });
      await this.ctx.do({ do: 'dequeue_commit', vq: this.vq, slot });
    }
  }
}

/** True if a step's callbacks include this queue's vq_done. */
export function sawDone(cb: readonly string[], vq: number): boolean {
  return cb.includes(`vq_done ${vq}`);
}
