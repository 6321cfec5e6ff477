import { VRING_AVAIL_F_NO_INTERRUPT, VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE, VRING_USED_F_NO_NOTIFY } from './virtio-constants.generated.js';
import { readU16, readU32, writeU16, writeU32, writeU64, type Memory } from './memory.js';
import { MINSEG_INDIRECT, vring, type VringLayout } from './vring-layout.js';

export const EAGAIN = 35;
export const ENOENT = 2;

/** A precondition of the virtqueue API that the caller broke (the C code would KKASSERT/KASSERT). */
export class ModelAssertion extends Error {}

export interface Segment {
  addr: number;
  len: number;
}

interface Entry {
  /** qe_next: -1 after prep; the next descriptor to fill once reserved (int16_t in C). */
  next: number;
  indirect: boolean;
}

const u16 = (n: number): number => n & 0xffff;
const i16 = (n: number): number => ((n & 0xffff) << 16) >> 16;

/**
 * The driver half of a split virtqueue, with the observable behaviour of NetBSD's virtqueue API
 * (virtio.c:699-1018): slots come from a FIFO free list, a request is prep -> reserve -> enqueue*
 * -> commit, completions are dequeue -> dequeue_commit. Every byte it writes is the byte the C
 * code writes, so ring memory can be compared after each call. 16-bit indices are free-running
 * and wrap; the ring position is the index modulo the (power-of-two) queue size.
 */
export class DriverVirtqueue {
  readonly entries: Entry[];
  readonly freelist: number[] = [];
  availIdx = 0;
  usedIdx = 0;
  queued = 0;

  constructor(
    private readonly mem: Memory,
    readonly index: number,
    readonly base: number,
    readonly layout: VringLayout,
  ) {
    this.entries = Array.from({ length: layout.num }, () => ({ next: -1, indirect: false }));
    this.init();
  }

  get num(): number {
    return this.layout.num;
  }
  private get avail(): number {
    return this.base + this.layout.availOffset;
  }
  private get used(): number {
    return this.base + this.layout.usedOffset;
  }
  private desc(i: number): number {
    return vring.desc(this.base, i);
  }
  private indirectTable(slot: number): number {
    return vring.desc(this.base + this.layout.indirectOffset, this.layout.maxnsegs * slot);
  }

  /** virtio_init_vq: zeroed rings, pre-chained indirect tables, every slot free in index order. */
  init(): void {
    this.mem.write(this.base, new Uint8Array(this.layout.bytes));
    if (this.layout.indirectOffset > 0)
      for (let i = 0; i < this.num; i++)
        for (let j = 0; j < this.layout.maxnsegs - 1; j++) writeU16(this.mem, vring.descNext(vring.desc(this.indirectTable(i), j)), j + 1);
    this.freelist.length = 0;
    for (let i = 0; i < this.num; i++) this.freelist.push(i);
    this.availIdx = this.usedIdx = 0;
    this.queued = 1;
  }

  get freeCount(): number {
    return this.freelist.length;
  }

  prep(): { r: number; slot: number } {
    const slot = this.freelist.shift();
    if (slot === undefined) return { r: EAGAIN, slot: -1 };
    this.entries[slot]!.next = -1;
    return { r: 0, slot };
  }

  reserve(slot: number, nsegs: number): number {
    const qe = this.entry(slot);
    if (qe.next !== -1 || nsegs < 1 || nsegs > this.num) throw new ModelAssertion(`reserve(${slot}, ${nsegs}) on a slot not fresh from prep or with a bad count`);
    qe.indirect = this.layout.indirectOffset > 0 && nsegs >= MINSEG_INDIRECT && nsegs <= this.layout.maxnsegs;
    if (qe.indirect) {
      const d = this.desc(slot);
      writeU64(this.mem, vring.descAddr(d), this.indirectTable(slot));
      writeU32(this.mem, vring.descLen(d), 16 * nsegs);
      writeU16(this.mem, vring.descFlags(d), VRING_DESC_F_INDIRECT);
      const t = this.indirectTable(slot);
      for (let i = 0; i < nsegs - 1; i++) writeU16(this.mem, vring.descFlags(vring.desc(t, i)), VRING_DESC_F_NEXT);
      writeU16(this.mem, vring.descFlags(vring.desc(t, nsegs - 1)), 0);
      qe.next = 0;
      return 0;
    }
    qe.next = slot;
    let s = slot;
    for (let i = 0; i < nsegs - 1; i++) {
      const n = this.freelist.shift();
      if (n === undefined) {
        writeU16(this.mem, vring.descFlags(this.desc(s)), 0);
        this.abort(slot);
        return EAGAIN;
      }
      writeU16(this.mem, vring.descFlags(this.desc(s)), VRING_DESC_F_NEXT);
      writeU16(this.mem, vring.descNext(this.desc(s)), n);
      s = n;
    }
    writeU16(this.mem, vring.descFlags(this.desc(s)), 0);
    return 0;
  }

  enqueue(slot: number, segs: readonly Segment[], write: boolean): number {
    const qe = this.entry(slot);
    if (qe.next < 0 || segs.length === 0) throw new ModelAssertion(`enqueue on slot ${slot} without reserve or segments`);
    let s = qe.next;
    for (const seg of segs) s = this.fill(slot, qe, s, seg.addr, seg.len, write);
    qe.next = i16(s);
    return 0;
  }

  enqueueP(slot: number, seg: Segment, start: number, len: number, write: boolean): number {
    const qe = this.entry(slot);
    if (qe.next < 0 || !(seg.len > start && seg.len >= start + len)) throw new ModelAssertion(`enqueue_p on slot ${slot} outside its segment`);
    qe.next = i16(this.fill(slot, qe, qe.next, seg.addr + start, len, write));
    return 0;
  }

  /** Fills descriptor s of the slot's table; returns its next field. */
  private fill(slot: number, qe: Entry, s: number, addr: number, len: number, write: boolean): number {
    const d = qe.indirect ? vring.desc(this.indirectTable(slot), s) : this.desc(s);
    writeU64(this.mem, vring.descAddr(d), addr);
    writeU32(this.mem, vring.descLen(d), len >>> 0);
    if (!write) writeU16(this.mem, vring.descFlags(d), readU16(this.mem, vring.descFlags(d)) | VRING_DESC_F_WRITE);
    return readU16(this.mem, vring.descNext(d));
  }

  /** Puts the slot on the avail ring; with notify, publishes avail->idx and says whether to kick. */
  commit(slot: number, notify: boolean): { r: number; kick: boolean } {
    if (slot >= 0) {
      this.entry(slot);
      writeU16(this.mem, vring.availRing(this.avail, this.availIdx % this.num), slot);
      this.availIdx = u16(this.availIdx + 1);
    }
    if (!notify) return { r: 0, kick: false };
    writeU16(this.mem, vring.availIdx(this.avail), this.availIdx);
    this.queued++;
    return { r: 0, kick: (readU16(this.mem, vring.usedFlags(this.used)) & VRING_USED_F_NO_NOTIFY) === 0 };
  }

  abort(slot: number): number {
    const qe = this.entry(slot);
    if (qe.next < 0) {
      this.freelist.push(slot);
      return 0;
    }
    return this.freeChain(slot);
  }

  /** Frees the slot and, following NEXT in the descriptor table, the rest of its chain. */
  private freeChain(slot: number): number {
    let s = slot;
    for (;;) {
      const flags = readU16(this.mem, vring.descFlags(this.desc(s)));
      const held = s;
      if (!(flags & VRING_DESC_F_NEXT)) {
        this.freelist.push(held);
        return 0;
      }
      s = readU16(this.mem, vring.descNext(this.desc(s)));
      this.freelist.push(held);
    }
  }

  /** virtio_vq_intr's test: the device has used entries the driver has not dequeued. */
  hasUsed(): boolean {
    return this.usedIdx !== readU16(this.mem, vring.usedIdx(this.used));
  }

  dequeue(): { r: number; slot: number; len: number } {
    if (!this.hasUsed()) return { r: ENOENT, slot: -1, len: -1 };
    const pos = this.usedIdx % this.num;
    this.usedIdx = u16(this.usedIdx + 1);
    const slot = u16(readU32(this.mem, vring.usedId(this.used, pos)));
    return { r: 0, slot, len: readU32(this.mem, vring.usedLen(this.used, pos)) | 0 };
  }

  dequeueCommit(slot: number): number {
    this.entry(slot);
    return this.freeChain(slot);
  }

  setInterrupts(enabled: boolean): void {
    const f = readU16(this.mem, vring.availFlags(this.avail));
    writeU16(this.mem, vring.availFlags(this.avail), enabled ? f & ~VRING_AVAIL_F_NO_INTERRUPT : f | VRING_AVAIL_F_NO_INTERRUPT);
    this.queued++;
  }

  /** Test set-up shared with the harness's set_idx: both free-running indices start at idx. */
  setIndices(idx: number): void {
    this.availIdx = this.usedIdx = u16(idx);
    writeU16(this.mem, vring.availIdx(this.avail), this.availIdx);
  }

  private entry(slot: number): Entry {
    const e = this.entries[slot];
    if (!e) throw new ModelAssertion(`slot ${slot} out of range`);
    return e;
  }
}

