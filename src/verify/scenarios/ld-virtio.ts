import { BUF_CMD_FLUSH, BUF_CMD_READ, BUF_CMD_WRITE } from '../model/ld-bioq.js';
import { VIRTIO_BLK_S_UNSUPP } from '../model/device/blk-device.js';
import { toHex } from '../model/memory.js';
import { LdModelBackend } from '../run/ld-model-backend.js';
import type { DeviceSpec, Op, StepRecord } from '../run/step.js';
import { checkLdDetach, checkLdStrategy, completedIds } from './ld-virtio-checks.js';
import type { Scenario, ScenarioContext } from './scenario.js';

const SECTOR = 512;
const CAPACITY = 64;
const BAD_SECTOR = 40;
/** seg_max 6: ld_virtio_attach limits a transfer to 3 pages (24 sectors) and the queue to 5 segments. */
const SEG_MAX = 6;
const MAX_SECTORS = ((SEG_MAX - 3) * 4096) / SECTOR;

const device = (queueSize: number) => (seed: number): DeviceSpec => ({ kind: 'blk', queueSize, capacity: CAPACITY, segMax: SEG_MAX, badSectors: [BAD_SECTOR], seed });

/** The kernel above the driver, as the scenarios drive it: bios with data in DMA memory, their completions read back. */
class Disk {
  private next = 0;
  readonly pending = new Set<number>();
  private readonly reads = new Map<number, { addr: number; len: number }>();

  constructor(private readonly ctx: ScenarioContext) {}

  call(call: string, args: Record<string, number> = {}, extra: Partial<Extract<Op, { do: 'driver' }>> = {}): Promise<StepRecord> {
    return this.step({ do: 'driver', call, args, ...extra });
  }

  /** Any step: bios it completed are looked at (ld_bio), and a read's data read back. */
  async step(op: Op): Promise<StepRecord> {
    const rec = await this.ctx.do(op);
    for (const id of completedIds(rec)) {
      this.pending.delete(id);
      const bio = await this.ctx.do({ do: 'driver', call: 'ld_bio', args: { id } });
      const read = this.reads.get(id);
      if (read && bio.ret.error === 0) await this.ctx.do({ do: 'read_buf', addr: read.addr, len: read.len });
    }
    return rec;
  }

  async bio(cmd: number, sector: number, sectors: number, bytes = sectors * SECTOR): Promise<number> {
    const id = this.next++;
    let addr = 0;
    if (bytes > 0) {
      addr = Number((await this.ctx.do({ do: 'alloc_buf', len: bytes })).ret.addr);
      if (cmd === BUF_CMD_WRITE) await this.ctx.do({ do: 'write_buf', addr, hex: toHex(this.ctx.rng.bytes(bytes)) });
      if (cmd === BUF_CMD_READ) this.reads.set(id, { addr, len: bytes });
    }
    this.pending.add(id);
    await this.call('ld_strategy', { id, cmd, offset: sector * SECTOR, len: bytes, addr });
    return id;
  }

  complete(n?: number, status?: number): Promise<StepRecord> {
    return this.step({ do: 'device', action: { kind: 'complete', ...(n === undefined ? {} : { n }), ...(status === undefined ? {} : { status }) } });
  }

  async drain(): Promise<void> {
    for (let i = 0; i < 64 && this.pending.size > 0; i++) await this.complete();
    if (this.pending.size > 0) throw new Error(`ld scenario: bios ${[...this.pending].join(',')} never completed`);
  }
}

/**
 * The translated ld_virtio strategy path (issue 4): the disk is written whole first (so every
 * read has a known answer), then random reads, writes and flushes -- more than the queue holds,
 * so bios wait in the bio queue (bioqdisksort puts reads before writes) -- while the device
 * completes in random batches: an access to the bad sector gets VIRTIO_BLK_S_IOERR and some
 * batches are answered VIRTIO_BLK_S_UNSUPP. Checked: every bio completes once; a device error
 * completes it with EIO, B_ERROR and the full residual, never as success; a read returns what the
 * device last stored there; zero-length and odd-length bios are handled without the device.
 */
export const ldStrategy: Scenario = {
  name: 'ld-strategy',
  drivers: ['blk'],
  summary: 'ld_virtio strategy/start/done: reads, writes and flushes through the bio queue with data checked, IOERR and UNSUPP completions -> EIO + B_ERROR',
  seeds: [1, 2, 3],
  device: (seed) => device(seed === 3 ? 8 : 4)(seed),
  modelBackend: () => new LdModelBackend(),
  async generate(ctx) {
    const disk = new Disk(ctx);
    await disk.call('ld_attach', { deviceid: 2 });
    await disk.call('ld_open');
    for (const [from, to] of [[0, MAX_SECTORS], [MAX_SECTORS, BAD_SECTOR], [BAD_SECTOR + 1, CAPACITY]] as const) await disk.bio(BUF_CMD_WRITE, from, to - from);
    await disk.drain();
    for (let round = 0; round < 6; round++) {
      for (let i = ctx.rng.int(2, 7); i > 0; i--) {
        const r = ctx.rng.next();
        const sectors = ctx.rng.int(1, 8);
        const sector = ctx.rng.chance(0.15) ? BAD_SECTOR - ctx.rng.int(0, sectors - 1) : ctx.rng.int(0, CAPACITY - sectors);
        if (r < 0.45) await disk.bio(BUF_CMD_READ, sector, sectors);
        else if (r < 0.85) await disk.bio(BUF_CMD_WRITE, sector, sectors);
        else if (r < 0.93) await disk.bio(BUF_CMD_FLUSH, 0, 0, 0);
        else await disk.bio(BUF_CMD_READ, sector, 0, ctx.rng.chance(0.5) ? 0 : SECTOR + 100);
        if (ctx.rng.chance(0.3)) await disk.complete(ctx.rng.int(1, 3));
      }
      if (ctx.rng.chance(0.5)) await disk.complete(ctx.rng.int(1, 2), VIRTIO_BLK_S_UNSUPP);
      if (ctx.rng.chance(0.6)) await disk.drain();
    }
    await disk.drain();
    await disk.call('ld_close');
    await disk.call('ld_detach');
  },
  check: checkLdStrategy,
};

/**
 * Detach of the translated ld_virtio (issue 4's EBUSY): while the disk is open detach fails with
 * EBUSY and changes nothing (no register access, the disk and its state as they were); closed, it
 * waits for the requests in flight (the device completes them while detach sleeps), resets the
 * device, frees the queue and every DMA map, fails the bios still queued with ENXIO and removes
 * devstat and the disk, in that order. Seed 1 (queue 4) detaches with bios queued behind a full
 * ring, seed 2 (queue 8) with requests in flight only.
 */
export const ldDetach: Scenario = {
  name: 'ld-detach',
  drivers: ['blk'],
  summary: 'ld_virtio detach: EBUSY with nothing changed while open; closed, it drains in-flight requests, fails queued bios with ENXIO and tears down in order',
  seeds: [1, 2],
  device: (seed) => device(seed === 1 ? 4 : 8)(seed),
  modelBackend: () => new LdModelBackend(),
  async generate(ctx) {
    const disk = new Disk(ctx);
    const attach = await disk.call('ld_attach', { deviceid: 2 });
    const num = Number(attach.ret.maxinflight);
    await disk.call('ld_open');
    // open and idle: EBUSY; then with requests in flight, and opened twice
    await disk.call('ld_detach');
    for (let i = ctx.rng.int(1, num - 1); i > 0; i--) await disk.bio(ctx.rng.chance(0.5) ? BUF_CMD_READ : BUF_CMD_WRITE, ctx.rng.int(0, 30), ctx.rng.int(1, 4));
    await disk.call('ld_detach');
    await disk.call('ld_open');
    await disk.call('ld_detach');
    await disk.call('ld_close');
    await disk.complete(1);
    // the smaller queue (seed 1) detaches with bios queued behind a full ring, the larger with requests in flight only
    const more = num === 4 ? num + ctx.rng.int(1, 3) : 1;
    for (let i = 0; i < more; i++) await disk.bio(BUF_CMD_WRITE, ctx.rng.int(0, 30), ctx.rng.int(1, 4));
    await disk.call('ld_detach');
    await disk.call('ld_close');
    await disk.call('ld_detach', {}, { concurrent: { kind: 'complete' } });
  },
  check: checkLdDetach,
};
