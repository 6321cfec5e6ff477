import { describe, expect, it } from 'vitest';
import { SparseMemory, readU16, readU32, readU64, writeU16 } from '../../src/verify/model/memory.js';
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from '../../src/verify/model/virtio-constants.generated.js';
import { DriverVirtqueue, EAGAIN, ENOENT, ModelAssertion } from '../../src/verify/model/virtqueue-driver.js';
import { vring, vringLayout } from '../../src/verify/model/vring-layout.js';

const BASE = 0x10000000;
const queue = (num: number, maxnsegs = 4, indirect = false): { vq: DriverVirtqueue; mem: SparseMemory } => {
  const mem = new SparseMemory();
  return { vq: new DriverVirtqueue(mem, 0, BASE, vringLayout(num, maxnsegs, indirect)), mem };
};
const flags = (mem: SparseMemory, i: number): number => readU16(mem, vring.descFlags(vring.desc(BASE, i)));

describe('vring layout (NetBSD virtio_alloc_vq sizes)', () => {
  it('pads descriptors + avail ring and the used ring to pages, indirect tables after', () => {
    expect(vringLayout(8, 4, false)).toEqual({ num: 8, maxnsegs: 4, availOffset: 128, usedOffset: 4096, indirectOffset: 0, bytes: 8192 });
    expect(vringLayout(256, 4, true)).toMatchObject({ usedOffset: 8192, indirectOffset: 12288, bytes: 12288 + 16 * 4 * 256 });
    expect(vringLayout(8, 1, true).indirectOffset).toBe(0); // one segment never goes indirect
  });
});

describe('driver virtqueue model', () => {
  it('hands out slots in free-list order and says EAGAIN when none is left', () => {
    const { vq } = queue(4);
    expect([0, 1, 2, 3].map(() => vq.prep())).toEqual([0, 1, 2, 3].map((slot) => ({ r: 0, slot })));
    expect(vq.prep()).toEqual({ r: EAGAIN, slot: -1 });
  });

  it('chains direct descriptors with NEXT and rolls a chain back when reserve runs dry', () => {
    const { vq, mem } = queue(4);
    const { slot } = vq.prep();
    expect(vq.reserve(slot, 3)).toBe(0);
    expect([flags(mem, 0), flags(mem, 1), flags(mem, 2)]).toEqual([VRING_DESC_F_NEXT, VRING_DESC_F_NEXT, 0]);
    expect(readU16(mem, vring.descNext(vring.desc(BASE, 0)))).toBe(1);
    const second = vq.prep().slot;
    expect(vq.reserve(second, 2)).toBe(EAGAIN);
    expect(vq.freeCount).toBe(1); // the aborted head is back; slot 0's chain still holds three
  });

  it('fills the segments and marks device-writable ones', () => {
    const { vq, mem } = queue(4);
    const { slot } = vq.prep();
    vq.reserve(slot, 2);
    vq.enqueue(slot, [{ addr: 0x1000, len: 16 }], true);
    vq.enqueue(slot, [{ addr: 0x2000, len: 512 }], false);
    expect(readU64(mem, vring.descAddr(vring.desc(BASE, 1)))).toBe(0x2000);
    expect(flags(mem, 1)).toBe(VRING_DESC_F_WRITE);
    expect(() => vq.enqueue(vq.prep().slot, [{ addr: 1, len: 1 }], true)).toThrow(ModelAssertion);
  });

  it('uses one descriptor pointing at the slot table for 2..maxnsegs buffers when indirect is on', () => {
    const { vq, mem } = queue(8, 4, true);
    const { slot } = vq.prep();
    vq.reserve(slot, 3);
    const d = vring.desc(BASE, slot);
    expect(readU16(mem, vring.descFlags(d))).toBe(VRING_DESC_F_INDIRECT);
    expect(readU32(mem, vring.descLen(d))).toBe(48);
    expect(readU64(mem, vring.descAddr(d))).toBe(BASE + vringLayout(8, 4, true).indirectOffset);
    expect(vq.freeCount).toBe(7);
  });

  it('publishes commits on the avail ring with a free-running index that wraps', () => {
    const { vq, mem } = queue(4);
    vq.setIndices(0xffff);
    writeU16(mem, vring.usedIdx(BASE + vq.layout.usedOffset), 0xffff); // the device's half of the set-up
    const avail = BASE + vq.layout.availOffset;
    for (let i = 0; i < 2; i++) {
      const { slot } = vq.prep();
      vq.reserve(slot, 1);
      vq.enqueue(slot, [{ addr: 0x1000, len: 8 }], true);
      expect(vq.commit(slot, true)).toEqual({ r: 0, kick: true });
    }
    expect(readU16(mem, vring.availIdx(avail))).toBe(1);
    expect([readU16(mem, vring.availRing(avail, 3)), readU16(mem, vring.availRing(avail, 0))]).toEqual([0, 1]);
    expect(vq.dequeue()).toEqual({ r: ENOENT, slot: -1, len: -1 });
  });
});
