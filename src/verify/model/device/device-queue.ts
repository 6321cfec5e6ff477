import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE, VRING_AVAIL_F_NO_INTERRUPT, VRING_USED_F_NO_NOTIFY, VIRTIO_PAGE_SIZE } from '../virtio-constants.generated.js';
import { readU16, readU32, readU64, writeU16, writeU32, type Memory } from '../memory.js';
import { vring, vringLayout } from '../vring-layout.js';

export interface ChainSegment {
  addr: number;
  len: number;
  write: boolean;
}

export interface Chain {
  head: number;
  segments: ChainSegment[];
}

/** A chain the device refuses (the spec's "driver MUST" rules); the device stops the queue, as QEMU does. */
export class ChainError extends Error {}

/**
 * The device half of a split virtqueue (virtio 0.9.5 legacy layout): it reads avail->idx and the
 * descriptor chains (NEXT, INDIRECT) from guest memory and publishes completions on the used ring.
 * The legacy layout does not depend on the driver's indirect tables, so only the size and the
 * page frame the driver wrote to QUEUE_ADDRESS are needed.
 */
export class DeviceQueue {
  lastAvail = 0;
  usedIdx = 0;
  readonly avail: number;
  readonly used: number;

  constructor(
    private readonly mem: Memory,
    readonly index: number,
    readonly num: number,
    readonly base: number,
  ) {
    const l = vringLayout(num, 0, false);
    this.avail = base + l.availOffset;
    this.used = base + l.usedOffset;
  }

  availIdx(): number {
    return readU16(this.mem, vring.availIdx(this.avail));
  }

  interruptsSuppressed(): boolean {
    return (readU16(this.mem, vring.availFlags(this.avail)) & VRING_AVAIL_F_NO_INTERRUPT) !== 0;
  }

  hasAvail(): boolean {
    return this.lastAvail !== this.availIdx();
  }

  /** virtqueue_pop: the next available chain, its descriptors walked and checked. */
  pop(): Chain | undefined {
    if (!this.hasAvail()) return undefined;
    const head = readU16(this.mem, vring.availRing(this.avail, this.lastAvail % this.num));
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    if (head >= this.num) throw new ChainError(`avail ring names descriptor ${head} of ${this.num}`);
    return { head, segments: this.walk(this.base, this.num, head, false) };
  }

  private walk(table: number, size: number, first: number, nested: boolean): ChainSegment[] {
    const out: ChainSegment[] = [];
    let i = first;
    for (let hops = 0; ; hops++) {
      if (hops >= size) throw new ChainError(`descriptor chain from ${first} loops`);
      const d = vring.desc(table, i);
      const flags = readU16(this.mem, vring.descFlags(d));
      const addr = readU64(this.mem, vring.descAddr(d));
      const len = readU32(this.mem, vring.descLen(d));
      if (flags & VRING_DESC_F_INDIRECT) {
        if (nested) throw new ChainError('indirect descriptor inside an indirect table');
        if (flags & VRING_DESC_F_NEXT) throw new ChainError('descriptor has both INDIRECT and NEXT');
        if (len === 0 || len % 16 !== 0) throw new ChainError(`indirect table length ${len} is not a multiple of 16`);
        out.push(...this.walk(addr, len / 16, 0, true));
      } else {
        const write = (flags & VRING_DESC_F_WRITE) !== 0;
        if (!write && out.some((s) => s.write)) throw new ChainError('readable descriptor after a writable one');
        out.push({ addr, len, write });
      }
      if (!(flags & VRING_DESC_F_NEXT)) return out;
      i = readU16(this.mem, vring.descNext(d));
      if (i >= size) throw new ChainError(`next ${i} outside a table of ${size}`);
    }
  }

  /** virtqueue_push + virtqueue_flush: one used element, then the index. */
  push(head: number, len: number): void {
    const pos = this.usedIdx % this.num;
    writeU32(this.mem, vring.usedId(this.used, pos), head);
    writeU32(this.mem, vring.usedLen(this.used, pos), len);
    this.usedIdx = (this.usedIdx + 1) & 0xffff;
    writeU16(this.mem, vring.usedIdx(this.used), this.usedIdx);
  }

  /** virtio_queue_set_notification(vq, !on): VRING_USED_F_NO_NOTIFY in used->flags. */
  setNoNotify(on: boolean): void {
    const f = readU16(this.mem, vring.usedFlags(this.used));
    writeU16(this.mem, vring.usedFlags(this.used), on ? f | VRING_USED_F_NO_NOTIFY : f & ~VRING_USED_F_NO_NOTIFY);
  }

  noNotify(): boolean {
    return (readU16(this.mem, vring.usedFlags(this.used)) & VRING_USED_F_NO_NOTIFY) !== 0;
  }

  /** Test set-up (the harness's set_idx): the device resumes at idx, its used ring says so. */
  setIndices(idx: number): void {
    this.lastAvail = this.usedIdx = idx & 0xffff;
    writeU16(this.mem, vring.usedIdx(this.used), this.usedIdx);
  }

  static fromPfn(mem: Memory, index: number, num: number, pfn: number): DeviceQueue {
    return new DeviceQueue(mem, index, num, pfn * VIRTIO_PAGE_SIZE);
  }
}
