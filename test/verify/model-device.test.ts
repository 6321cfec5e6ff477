import { describe, expect, it } from 'vitest';
import type { DeviceBackend } from '../../src/verify/model/device/backend.js';
import { BalloonDevice } from '../../src/verify/model/device/balloon-device.js';
import { BlkDevice, VIRTIO_BLK_T_FLUSH } from '../../src/verify/model/device/blk-device.js';
import { ChainError, DeviceQueue } from '../../src/verify/model/device/device-queue.js';
import { NetDevice, TX_QUEUE } from '../../src/verify/model/device/net-device.js';
import { VirtioPciDevice } from '../../src/verify/model/device/pci-transport.js';
import { SparseMemory, readU16, writeU16, writeU32, writeU64 } from '../../src/verify/model/memory.js';
import * as C from '../../src/verify/model/virtio-constants.generated.js';
import { vring, vringLayout } from '../../src/verify/model/vring-layout.js';

const PFN = 0x10000;
const BASE = PFN * 4096;

class Trace {
  events: string[] = [];
  violations: string[] = [];
  event(t: string): void {
    this.events.push(t);
  }
  violation(t: string): void {
    this.violations.push(t);
  }
}

/** A transport with queue `q` set up and DRIVER_OK, as a driver would leave it. */
function setup(backend: DeviceBackend, queues: number[]): { dev: VirtioPciDevice; mem: SparseMemory; trace: Trace } {
  const mem = new SparseMemory();
  const trace = new Trace();
  const dev = new VirtioPciDevice(mem, backend, trace);
  dev.write(C.VIRTIO_CONFIG_DEVICE_STATUS, 1, C.VIRTIO_CONFIG_DEVICE_STATUS_ACK);
  dev.write(C.VIRTIO_CONFIG_DEVICE_STATUS, 1, C.VIRTIO_CONFIG_DEVICE_STATUS_ACK | C.VIRTIO_CONFIG_DEVICE_STATUS_DRIVER);
  for (const q of queues) {
    dev.write(C.VIRTIO_CONFIG_QUEUE_SELECT, 2, q);
    dev.write(C.VIRTIO_CONFIG_QUEUE_ADDRESS, 4, PFN + 8 * q);
  }
  dev.write(C.VIRTIO_CONFIG_DEVICE_STATUS, 1, 7);
  return { dev, mem, trace };
}

/** Writes a descriptor chain of [addr, len, flags, next] and makes it available. */
function post(mem: SparseMemory, base: number, num: number, descs: [number, number, number, number][], head = 0): void {
  for (const [i, [addr, len, flags, next]] of descs.entries()) {
    const d = vring.desc(base, head + i);
    writeU64(mem, vring.descAddr(d), addr);
    writeU32(mem, vring.descLen(d), len);
    writeU16(mem, vring.descFlags(d), flags);
    writeU16(mem, vring.descNext(d), next);
  }
  const avail = base + vringLayout(num, 0, false).availOffset;
  const idx = readU16(mem, vring.availIdx(avail));
  writeU16(mem, vring.availRing(avail, idx % num), head);
  writeU16(mem, vring.availIdx(avail), idx + 1);
}

describe('device side of the split virtqueue', () => {
  it('rejects loops, INDIRECT with NEXT, and readable after writable', () => {
    const mem = new SparseMemory();
    const q = new DeviceQueue(mem, 0, 4, BASE);
    post(mem, BASE, 4, [[0x1000, 4, C.VRING_DESC_F_NEXT, 1], [0x1000, 4, C.VRING_DESC_F_NEXT, 0]]);
    expect(() => q.pop()).toThrow(/loops/);
    post(mem, BASE, 4, [[0x1000, 32, C.VRING_DESC_F_INDIRECT | C.VRING_DESC_F_NEXT, 1]], 2);
    expect(() => q.pop()).toThrow(ChainError);
    post(mem, BASE, 4, [[0x1000, 4, C.VRING_DESC_F_WRITE | C.VRING_DESC_F_NEXT, 1], [0x1000, 4, 0, 0]]);
    expect(() => q.pop()).toThrow(/readable descriptor after a writable/);
  });
});

describe('legacy PCI transport', () => {
  it('checks the status handshake and feature negotiation', () => {
    const { dev, trace } = setup(new NetDevice(8), []);
    expect(trace.violations).toEqual([]);
    dev.write(C.VIRTIO_CONFIG_GUEST_FEATURES, 4, C.VIRTIO_NET_F_MAC);
    expect(trace.violations).toEqual(['GUEST_FEATURES written outside the DRIVER..DRIVER_OK window']);
    dev.write(C.VIRTIO_CONFIG_DEVICE_STATUS, 1, 0);
    dev.write(C.VIRTIO_CONFIG_DEVICE_STATUS, 1, C.VIRTIO_CONFIG_DEVICE_STATUS_DRIVER);
    expect(trace.violations.at(-1)).toMatch(/status bit 0x2 set before 0x1/);
  });

  it('clears ISR on read and honours VRING_AVAIL_F_NO_INTERRUPT', () => {
    const { dev, mem, trace } = setup(new BalloonDevice(8), [0]);
    dev.backend.act(dev, { kind: 'balloon', pages: 5 });
    expect(dev.read(C.VIRTIO_CONFIG_ISR_STATUS, 1)).toBe(C.VIRTIO_CONFIG_ISR_CONFIG_CHANGE);
    expect(dev.read(C.VIRTIO_CONFIG_ISR_STATUS, 1)).toBe(0);
    expect(dev.read(C.VIRTIO_CONFIG_DEVICE_CONFIG_NOMSI + C.VIRTIO_BALLOON_CONFIG_NUM_PAGES, 4)).toBe(5);
    writeU16(mem, vring.availFlags(BASE + vringLayout(8, 0, false).availOffset), C.VRING_AVAIL_F_NO_INTERRUPT);
    dev.notifyQueue(0);
    expect(dev.interruptPending).toBe(false);
    expect(trace.events).toEqual(['DRIVER_OK', 'balloon target 5', 'irq config']);
  });
});

describe('device models', () => {
  it('blk: IN/OUT/FLUSH against the store, IOERR on a bad sector', () => {
    const blk = new BlkDevice({ capacity: 8, segMax: 4, badSectors: [6], seed: 1 }, 8);
    const { dev, mem, trace } = setup(blk, [0]);
    const req = (type: number, sector: number, data: [number, number] | undefined, head: number): void => {
      const hdr = 0x20000 + head * 0x1000;
      writeU32(mem, hdr, type);
      writeU64(mem, hdr + 8, sector);
      const descs: [number, number, number, number][] = [[hdr, 16, C.VRING_DESC_F_NEXT, head + 1]];
      if (data) descs.push([data[0], 512, C.VRING_DESC_F_NEXT | (type === C.VIRTIO_BLK_T_IN ? C.VRING_DESC_F_WRITE : 0), head + 2]);
      descs.push([hdr + 0x800, 1, C.VRING_DESC_F_WRITE, 0]);
      post(mem, BASE, 8, descs, head);
    };
    mem.write(0x30000, new Uint8Array(512).fill(0xab));
    req(C.VIRTIO_BLK_T_OUT, 2, [0x30000, 512], 0);
    req(C.VIRTIO_BLK_T_IN, 6, [0x31000, 512], 3);
    req(VIRTIO_BLK_T_FLUSH, 0, undefined, 6);
    dev.write(C.VIRTIO_CONFIG_QUEUE_NOTIFY, 2, 0);
    blk.act(dev, { kind: 'complete' });
    expect(trace.events.filter((e) => e.startsWith('blk')).map((e) => e.replace(/ data=.*/, ''))).toEqual([
      'blk OUT id=0 sector=2 bytes=512 status=0',
      'blk IN id=3 sector=6 bytes=512 status=1',
      'blk FLUSH id=6 sector=0 bytes=0 status=0',
    ]);
    expect(blk.store.subarray(1024, 1536).every((b) => b === 0xab)).toBe(true);
    expect(mem.read(0x23800, 1)[0]).toBe(C.VIRTIO_BLK_S_IOERR);
  });

  it('net: a kick sets NO_NOTIFY, the bottom half drains, clears it and re-checks the ring', () => {
    const net = new NetDevice(8, 2);
    const { dev, mem, trace } = setup(net, [0, 1]);
    const tx = BASE + 8 * 4096;
    const used = tx + vringLayout(8, 0, false).usedOffset;
    for (let i = 0; i < 3; i++) post(mem, tx, 8, [[0x40000, 10, C.VRING_DESC_F_NEXT, 2 * i + 1], [0x41000, 60, 0, 0]], 2 * i);
    dev.write(C.VIRTIO_CONFIG_QUEUE_NOTIFY, 2, TX_QUEUE);
    expect(readU16(mem, vring.usedFlags(used))).toBe(C.VRING_USED_F_NO_NOTIFY);
    net.act(dev, { kind: 'tx_bh' }); // a full burst of 2: stays scheduled, flag stays set
    expect([net.sent.length, net.txWaiting, readU16(mem, vring.usedFlags(used))]).toEqual([2, true, C.VRING_USED_F_NO_NOTIFY]);
    net.act(dev, { kind: 'tx_bh' });
    expect([net.sent.length, net.txWaiting, readU16(mem, vring.usedFlags(used))]).toEqual([3, false, 0]);
    post(mem, tx, 8, [[0x40000, 10, C.VRING_DESC_F_NEXT, 7], [0x41000, 60, 0, 0]], 6);
    net.settle(dev);
    expect(trace.events.at(-1)).toMatch(/^tx stalled: 1 packet/);
  });

  it('balloon: a frame inflated twice is a violation', () => {
    const balloon = new BalloonDevice(8);
    const { dev, mem, trace } = setup(balloon, [0]);
    writeU32(mem, 0x50000, 77);
    writeU32(mem, 0x50004, 77);
    post(mem, BASE, 8, [[0x50000, 8, 0, 0]]);
    dev.write(C.VIRTIO_CONFIG_QUEUE_NOTIFY, 2, 0);
    expect(balloon.inflated).toEqual(new Set([77]));
    expect(trace.violations).toEqual(['inflated 1 frame(s) twice or not held']);
  });
});
