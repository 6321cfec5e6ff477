import type { DmaArena } from './dma-arena.js';
import { KernelSched, VmPagePool, type ModelThread } from './kernel-sched.js';
import type { Memory } from './memory.js';
import { VirtioDriverModel, type RegisterBus } from './virtio-driver.js';
import { ModelAssertion } from './virtqueue-driver.js';
import { VIRTIO_BALLOON_CONFIG_ACTUAL, VIRTIO_BALLOON_CONFIG_NUM_PAGES, VIRTIO_CONFIG_DEVICE_STATUS_ACK, VIRTIO_CONFIG_DEVICE_STATUS_DRIVER, VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK, VIRTIO_CONFIG_QUEUE_ADDRESS, VIRTIO_CONFIG_QUEUE_SELECT } from './virtio-constants.generated.js';

const PGS_PER_REQ = 256;
const VIRTIO_BALLOON_F_MUST_TELL_HOST = 1;
const HZ = 100;
const u32 = (x: number): number => x >>> 0;
/** Wait channels (the C driver's &sc->sc_wait and &sc->sc_td). */
const WAIT = 'sc_wait';
const TD = 'sc_td';

/**
 * The reference for viomb (NetBSD viomb.c, as the DragonFly port runs it): its worker thread moves
 * at most 256 frames per request towards num_pages -- inflate on queue 0, deflate on queue 1, one
 * request in flight, `actual` written after each -- and sleeps 100 ms / 1 s / 10 s / 30 s. Detach
 * stops the worker and deflates everything first. Unsigned arithmetic as in C (sc_inflight is an
 * int that goes negative while deflating).
 */
export class ViombModel implements ModelThread {
  readonly core: VirtioDriverModel;
  readonly sched = new KernelSched();
  readonly pool: VmPagePool;
  npages = 0;
  actual = 0;
  inflight = 0;
  readonly balloon: number[] = [];
  private req: number[] = [];
  private entries = 0;
  private inflateDone = false;
  private deflateDone = false;
  private dying = false;
  private threadAlive = false;
  private blAddr = 0;

  constructor(private readonly bus: RegisterBus, private readonly mem: Memory, private readonly arena: DmaArena, pool: { pages: number; pfn: number }) {
    this.pool = new VmPagePool(pool.pages, pool.pfn);
    this.core = new VirtioDriverModel(this.bus, mem, arena, {
      vqDone: (i) => {
        if (i === 0) this.inflateDone = true;
        else this.deflateDone = true;
        this.sched.wakeup(WAIT);
      },
      configChange: () => {},
      configChanged: () => {
        this.readConfig();
        this.sched.wakeup(WAIT);
      },
    });
  }

  /** virtio_attach around viomb_attach: the status handshake, two queues, the request buffer, the worker. */
  attach(): void {
    const c = this.core;
    c.setStatus(0);
    c.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_ACK);
    c.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_DRIVER);
    c.negotiate(0);
    c.allocVq(0, 1);
    c.allocVq(1, 1);
    this.readConfig();
    this.blAddr = this.arena.alloc(4 * PGS_PER_REQ, 4096);
    c.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK);
    this.spawn();
  }

  private spawn(): void {
    this.threadAlive = true;
    this.sched.spawn(this);
  }

  private readConfig(): void {
    this.npages = this.core.readConfig(VIRTIO_BALLOON_CONFIG_NUM_PAGES, 4);
    this.actual = this.core.readConfig(VIRTIO_BALLOON_CONFIG_ACTUAL, 4);
  }

  /** viomb_thread, from its start or from its zsleep to the next zsleep. */
  resume(): void {
    if (this.dying) {
      this.threadAlive = false;
      this.sched.wakeup(TD);
      return this.sched.exit();
    }
    let sleeptime = 30000;
    const held = u32(this.actual + this.inflight);
    if (this.npages > held) {
      if (this.inflight === 0) sleeptime = this.inflate() !== 0 ? 10000 : 1000;
      else sleeptime = 100;
    } else if (this.npages < held) {
      if (this.inflight === 0) this.deflate();
      sleeptime = 100;
    }
    this.finishDone();
    this.sched.sleep(WAIT, Math.max(1, Math.floor((sleeptime * HZ + 999) / 1000)));
  }

  private finishDone(): void {
    for (;;) {
      if (this.inflateDone) {
        this.inflateDone = false;
        this.doneOn(0);
      } else if (this.deflateDone) {
        this.deflateDone = false;
        this.doneOn(1);
      } else return;
    }
  }

  private writePfns(pfns: readonly number[]): void {
    const bytes = new Uint8Array(4 * pfns.length);
    pfns.forEach((p, i) => new DataView(bytes.buffer).setUint32(4 * i, p, true));
    this.mem.write(this.blAddr, bytes);
  }

  /** prep, reserve, one descriptor of 4*n bytes, commit with a kick; false when the queue is full. */
  private submit(vq: number, n: number): boolean {
    const q = this.core.vq(vq);
    const p = q.prep();
    if (p.r !== 0 || q.reserve(p.slot, 1) !== 0) return false;
    q.enqueueP(p.slot, { addr: this.blAddr, len: 4 * PGS_PER_REQ }, 0, 4 * n, true);
    this.core.commit(vq, p.slot, true);
    return true;
  }

  private inflate(): number {
    if (this.inflight !== 0) return 0;
    const n = Math.min(PGS_PER_REQ, u32(this.npages - this.actual));
    const pages: number[] = [];
    for (let i = 0; i < n; i++) {
      const pfn = this.pool.alloc();
      if (pfn === undefined) {
        for (const p of pages) this.pool.release(p);
        return 1;
      }
      pages.push(pfn);
    }
    this.req = pages;
    this.entries = n;
    this.writePfns(pages);
    if (!this.submit(0, n)) {
      for (const p of pages) this.pool.release(p);
      this.req = [];
      return 0;
    }
    this.inflight += n;
    return 0;
  }

  private deflate(): void {
    const n = Math.min(PGS_PER_REQ, u32(u32(this.actual + this.inflight) - this.npages));
    if (n > this.balloon.length) throw new ModelAssertion(`deflate of ${n} pages with ${this.balloon.length} in the balloon`);
    this.entries = n;
    this.req = this.balloon.splice(0, n);
    this.writePfns(this.req);
    if (!this.submit(1, n)) {
      this.balloon.unshift(...this.req);
      this.req = [];
      return;
    }
    this.inflight -= n;
    if (!(this.core.features & VIRTIO_BALLOON_F_MUST_TELL_HOST)) this.freeReq();
  }

  private freeReq(): void {
    for (const p of this.req) this.pool.release(p);
    this.req = [];
  }

  /** inflate_done / deflate_done: take the answer, settle the pages, report `actual`. */
  private doneOn(vq: number): void {
    const q = this.core.vq(vq);
    const d = q.dequeue();
    if (d.r !== 0) return;
    q.dequeueCommit(d.slot);
    const n = this.entries;
    if (vq === 0) {
      this.balloon.push(...this.req);
      this.req = [];
      this.inflight -= n;
    } else {
      if (this.core.features & VIRTIO_BALLOON_F_MUST_TELL_HOST) this.freeReq();
      this.inflight += n;
    }
    this.core.writeConfig(VIRTIO_BALLOON_CONFIG_ACTUAL, 4, u32(vq === 0 ? this.actual + n : this.actual - n));
    this.readConfig();
  }

  /** viomb_detach: stop the worker, deflate everything (viomb_deflate_all), then let the parent reset. */
  detach(): number {
    this.dying = true;
    this.sched.wakeup(WAIT);
    while (this.threadAlive) this.sched.mainSleep(TD, 0, () => this.core.intr());
    const error = this.deflateAll();
    if (error !== 0) {
      this.dying = false;
      this.readConfig();
      this.spawn();
      return error;
    }
    const c = this.core;
    c.setStatus(0);
    c.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_ACK);
    c.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_DRIVER);
    for (const i of [1, 0]) {
      if (c.vq(i).freeCount !== c.vq(i).num) throw new ModelAssertion(`virtqueue ${i} freed with requests in flight`);
      this.bus.write(VIRTIO_CONFIG_QUEUE_SELECT, 2, i);
      this.bus.write(VIRTIO_CONFIG_QUEUE_ADDRESS, 4, 0);
    }
    return 0;
  }

  private deflateAll(): number {
    const EBUSY = 16;
    let timeouts = 0;
    for (;;) {
      if (this.inflateDone) {
        this.inflateDone = false;
        this.doneOn(0);
      } else if (this.deflateDone) {
        this.deflateDone = false;
        this.doneOn(1);
      } else if (this.inflight !== 0) {
        if (this.sched.mainSleep(WAIT, HZ, () => this.core.intr()) !== 0 && ++timeouts >= 10) return EBUSY;
      } else if (this.balloon.length === 0) return 0;
      else {
        this.npages = 0;
        if (this.actual === 0) return EBUSY;
        this.deflate();
        if (this.inflight === 0) return EBUSY;
      }
    }
  }

  /** What the fixture reports after each call (drivers/balloon-adapter.c report()). */
  report(attached: boolean): Record<string, number> {
    const { kt, left } = this.sched.state();
    const base = { t: this.sched.now, free: this.pool.free.length, kt, left };
    return attached ? { ...base, npages: this.npages, actual: this.actual, inflight: this.inflight, balloon: this.balloon.length } : base;
  }
}
