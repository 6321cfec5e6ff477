import {
  STRUCT_VIRTIO_BLK_REQ_HDR, VIRTIO_BLK_CONFIG_CAPACITY, VIRTIO_BLK_CONFIG_SEG_MAX, VIRTIO_BLK_F_BLK_SIZE, VIRTIO_BLK_F_FLUSH, VIRTIO_BLK_F_GEOMETRY,
  VIRTIO_BLK_F_RO, VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_SIZE_MAX, VIRTIO_BLK_S_OK, VIRTIO_BLK_T_IN, VIRTIO_BLK_T_OUT,
  VIRTIO_CONFIG_DEVICE_STATUS_ACK, VIRTIO_CONFIG_DEVICE_STATUS_DRIVER, VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK,
  VIRTIO_CONFIG_QUEUE_ADDRESS, VIRTIO_CONFIG_QUEUE_SELECT,
} from './virtio-constants.generated.js';
import { VIRTIO_BLK_T_FLUSH } from './device/blk-device.js';
import type { DmaArena } from './dma-arena.js';
import { BioQueue, BUF_CMD_FLUSH, BUF_CMD_READ, BUF_CMD_WRITE, type Bio } from './ld-bioq.js';
import type { Memory } from './memory.js';
import { EAGAIN, ModelAssertion, type Segment } from './virtqueue-driver.js';
import { type RegisterBus, VirtioDriverModel } from './virtio-driver.js';

export const LD_FEATURES = VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_GEOMETRY | VIRTIO_BLK_F_RO | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH;
const PAGE_SIZE = 4096;
const MAXPHYS = 128 * 1024;
const DEV_BSIZE = 512;
const [EIO, ENXIO, EBUSY, EINVAL, EOPNOTSUPP] = [5, 6, 16, 22, 45];
/** struct virtio_blk_req on LP64: the packed header, vr_status, then three pointers from offset 24. */
const REQ = { size: 48, status: STRUCT_VIRTIO_BLK_REQ_HDR.size, cmdsts: 24 } as const;

/** What the kernel above the driver sees happen: biodone, devstat, disk(9) calls, the drain sleep. */
export interface KernelTrace {
  callback(fn: string, arg: number): void;
}

/**
 * The reference for the translated ld_virtio.c on DragonFly (ld(4)'s strategy/start/done and
 * open/close/detach as disk(9) glue, over the virtqueue model): attach negotiates, reads seg_max
 * and the capacity, allocates the queue and one request block per slot, creates the disk; a bio
 * is sorted into the queue (bioqdisksort) and started while fewer than vq_num are in flight, as
 * header (out), payload, status byte (in); with VIRTIO_BLK_F_FLUSH negotiated a flush bio is queued
 * too and sent as a FLUSH header and the status byte (without it, it completes at once); a completion's status byte decides EIO (and B_ERROR)
 * or success; detach refuses while the disk is open, else waits for what is in flight, resets the
 * device, frees the queue and request maps, fails what is still queued with ENXIO and removes the
 * disk. `live` counts DMA tags and maps as the shim does.
 */
export class LdVirtioModel {
  readonly core: VirtioDriverModel;
  readonly bios = new Map<number, Bio>();
  readonly queue = new BioQueue();
  inflight = 0;
  opencnt = 0;
  diskOpen = 0;
  detaching = false;
  attached = false;
  cdev = false;
  live = 0;
  private statBusy = 0;
  private reqBase = 0;
  private segSize = 0;
  private maxinflight = 0;
  private queueFlush = false;
  private readonly slots = new Map<number, Bio>();

  constructor(private readonly bus: RegisterBus, private readonly mem: Memory, private readonly arena: DmaArena, private readonly trace: KernelTrace) {
    this.core = new VirtioDriverModel(bus, mem, arena, { vqDone: () => this.vqDone(), configChange: () => {} });
  }

  attach(): Record<string, number> {
    const c = this.core;
    c.setStatus(0);
    c.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_ACK);
    c.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_DRIVER);
    const features = c.negotiate(LD_FEATURES);
    this.queueFlush = (features & VIRTIO_BLK_F_FLUSH) !== 0;
    if (features & (VIRTIO_BLK_F_RO | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_GEOMETRY)) throw new ModelAssertion('the model covers devices offering SEG_MAX only');
    let maxxfer = MAXPHYS;
    if (features & VIRTIO_BLK_F_SEG_MAX) {
      const segMax = c.readConfig(VIRTIO_BLK_CONFIG_SEG_MAX, 4);
      if (segMax > 3 && segMax - 3 < maxxfer / PAGE_SIZE) maxxfer = (segMax - 3) * PAGE_SIZE;
    }
    this.segSize = maxxfer;
    const vq = c.allocVq(0, maxxfer / PAGE_SIZE + 2);
    this.live += 2;
    const blocks = Math.floor((c.readConfig(VIRTIO_BLK_CONFIG_CAPACITY, 8) * DEV_BSIZE) / DEV_BSIZE);
    this.maxinflight = vq.num;
    this.reqBase = this.arena.alloc(REQ.size * vq.num, 1);
    this.live += 2 + 4 * vq.num; // the request block; per slot a command and a payload map, each a tag and a map
    c.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK);
    this.trace.callback('devstat_add', 0);
    this.trace.callback('disk_create', 0);
    this.trace.callback('disk_setdiskinfo', blocks);
    this.attached = this.cdev = true;
    return { r: 0, blocks, iosize: maxxfer, maxinflight: vq.num };
  }

  report(): Record<string, number> {
    if (!this.attached) return { attached: 0, live: this.live };
    return { attached: 1, live: this.live, inflight: this.inflight, queued: this.queue.length, opencnt: this.opencnt, detaching: this.detaching ? 1 : 0, cdev: this.cdev ? 1 : 0 };
  }

  open(): number {
    if (this.detaching) return ENXIO;
    this.opencnt++;
    this.diskOpen++;
    return 0;
  }

  close(): number {
    if (this.opencnt > 0) this.opencnt--;
    if (this.diskOpen > 0) this.diskOpen--;
    return 0;
  }

  /** ld_virtio_disk_strategy. */
  strategy(bio: Bio): number {
    if (this.bios.has(bio.id)) throw new ModelAssertion(`bio ${bio.id} reused`);
    this.bios.set(bio.id, bio);
    if (bio.cmd === BUF_CMD_FLUSH && !this.queueFlush) return this.biodone(bio, 0, 0, false);
    if (bio.cmd !== BUF_CMD_READ && bio.cmd !== BUF_CMD_WRITE && bio.cmd !== BUF_CMD_FLUSH) return this.biodone(bio, EOPNOTSUPP, bio.len, true);
    if (bio.len === 0 && bio.cmd !== BUF_CMD_FLUSH) return this.biodone(bio, 0, 0, false);
    if (bio.len % DEV_BSIZE !== 0) return this.biodone(bio, EINVAL, bio.len, true);
    if (this.detaching) return this.biodone(bio, ENXIO, bio.len, true);
    this.trace.callback('devstat_start', ++this.statBusy);
    this.queue.sort(bio);
    this.start();
    return 0;
  }

  private biodone(bio: Bio, error: number, resid: number, berror: boolean): number {
    if (bio.done) throw new ModelAssertion(`bio ${bio.id} completed twice`);
    Object.assign(bio, { done: true, error, resid, berror });
    this.trace.callback('biodone', bio.id);
    return 0;
  }

  private endTransaction(): void {
    this.trace.callback('devstat_end', --this.statBusy);
  }

  /** ld_virtio_disk_start: hand queued bios to ld_virtio_start while there is room. */
  private start(): void {
    for (let bio = this.queue.first(); !this.detaching && this.inflight < this.maxinflight && bio; bio = this.queue.first()) {
      const r = this.startOne(bio);
      if (r === EAGAIN) break;
      this.queue.remove(bio);
      if (r === 0) this.inflight++;
      else {
        bio.error = r;
        this.endTransaction();
        this.biodone(bio, r, bio.len, true);
      }
    }
  }

  /** ld_virtio_start: header, payload (split at the payload map's segment size), status byte, one notifying commit. */
  private startOne(bio: Bio): number {
    const vq = this.core.vq(0);
    const { r, slot } = vq.prep();
    if (r !== 0) return r;
    if (bio.cmd === BUF_CMD_FLUSH) return this.startFlush(bio, slot);
    const payload: Segment[] = [];
    for (let off = 0; off < bio.len; off += this.segSize) payload.push({ addr: bio.addr + off, len: Math.min(this.segSize, bio.len - off) });
    const rr = vq.reserve(slot, payload.length + 2);
    if (rr !== 0) return rr;
    const isread = bio.cmd === BUF_CMD_READ;
    const req = this.reqBase + REQ.size * slot;
    const hdr = new DataView(new ArrayBuffer(STRUCT_VIRTIO_BLK_REQ_HDR.size));
    hdr.setUint32(STRUCT_VIRTIO_BLK_REQ_HDR.fields.type.offset, isread ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT, true);
    hdr.setBigUint64(STRUCT_VIRTIO_BLK_REQ_HDR.fields.sector.offset, BigInt(Math.floor(bio.offset / DEV_BSIZE)), true);
    this.mem.write(req, new Uint8Array(hdr.buffer));
    const cmdsts = { addr: req, len: REQ.cmdsts };
    vq.enqueueP(slot, cmdsts, 0, STRUCT_VIRTIO_BLK_REQ_HDR.size, true);
    vq.enqueue(slot, payload, !isread);
    vq.enqueueP(slot, cmdsts, REQ.status, 1, false);
    this.core.commit(0, slot, true);
    this.slots.set(slot, bio);
    return 0;
  }

  /** blk/flush-request's branch of ld_virtio_start: a FLUSH header (sector 0) and the status byte, no payload. */
  private startFlush(bio: Bio, slot: number): number {
    const vq = this.core.vq(0);
    const rr = vq.reserve(slot, 2);
    if (rr !== 0) return rr;
    const req = this.reqBase + REQ.size * slot;
    const hdr = new DataView(new ArrayBuffer(STRUCT_VIRTIO_BLK_REQ_HDR.size));
    hdr.setUint32(STRUCT_VIRTIO_BLK_REQ_HDR.fields.type.offset, VIRTIO_BLK_T_FLUSH, true);
    this.mem.write(req, new Uint8Array(hdr.buffer));
    const cmdsts = { addr: req, len: REQ.cmdsts };
    vq.enqueueP(slot, cmdsts, 0, STRUCT_VIRTIO_BLK_REQ_HDR.size, true);
    vq.enqueueP(slot, cmdsts, REQ.status, 1, false);
    this.core.commit(0, slot, true);
    this.slots.set(slot, bio);
    return 0;
  }

  /** ld_virtio_vq_done -> ld_virtio_vq_done1 -> ld_virtio_disk_done, per completed slot. */
  private vqDone(): void {
    const vq = this.core.vq(0);
    for (let d = vq.dequeue(); d.r === 0; d = vq.dequeue()) {
      const bio = this.slots.get(d.slot);
      if (!bio) throw new ModelAssertion(`completion of slot ${d.slot}, which holds no bio`);
      this.slots.delete(d.slot);
      const ok = this.mem.read(this.reqBase + REQ.size * d.slot + REQ.status, 1)[0] === VIRTIO_BLK_S_OK;
      vq.dequeueCommit(d.slot);
      this.endTransaction();
      this.inflight--;
      this.biodone(bio, ok ? 0 : EIO, ok ? 0 : bio.len, !ok);
      this.start();
    }
  }

  /** ld_virtio_detach. */
  detach(): number {
    if (this.opencnt > 0 || (this.cdev && this.diskOpen > 0)) return EBUSY;
    this.detaching = true;
    while (this.inflight > 0) {
      this.trace.callback('zsleep', 100);
      const before = this.inflight;
      this.core.intr();
      if (this.inflight === before) throw new ModelAssertion('detach waits for requests the device never completes');
    }
    const c = this.core;
    c.setStatus(0);
    c.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_ACK);
    c.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_DRIVER);
    this.bus.write(VIRTIO_CONFIG_QUEUE_SELECT, 2, 0);
    this.bus.write(VIRTIO_CONFIG_QUEUE_ADDRESS, 4, 0);
    this.live = 0;
    for (let bio = this.queue.first(); bio; bio = this.queue.first()) {
      this.queue.remove(bio);
      this.endTransaction();
      this.biodone(bio, ENXIO, bio.len, true);
    }
    // teardown so far, as the fixture's probe reports it: child let go, queue freed, no DMA left, bio queue empty
    this.trace.callback('devstat_remove', 15);
    this.trace.callback('disk_destroy', 15);
    this.cdev = false;
    this.attached = false;
    return 0;
  }
}
