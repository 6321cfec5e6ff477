import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../scenarios/scenario.js';
import type { CodeRef, QemuScenario, ScenarioContext, ScenarioSetup } from './qemu-scenario.js';

/** sys/buf.h's buf_cmd_t, as the shim declares it. */
const BUF_CMD = { read: 1, write: 2, flush: 5 } as const;
const EIO = 5;
const EBUSY = 16;
const SECTOR = 512;
const IMAGE_BYTES = 16 << 20;
const MAX_IO = 64 << 10;
const VIRTIO_BLK_F_FLUSH = 1 << 9;

const START: CodeRef = { file: 'ld_virtio.c', text: 'ld_virtio_start(struct ld_virtio_softc' };
const DONE: CodeRef = { file: 'ld_virtio.c', text: 'ld_virtio_vq_done1(struct ld_virtio_softc' };

/** A raw image of deterministic bytes, and QEMU's virtio-blk on it. */
function blkDevice(seed: number) {
  return (tmp: string): ScenarioSetup => {
    const path = join(tmp, 'disk.img');
    writeFileSync(path, pattern(seed, IMAGE_BYTES));
    return { device: { device: 'virtio-blk-pci,drive=d0', extra: ['-drive', `if=none,id=d0,file=${path},format=raw,cache=writeback`] } };
  };
}

/** The result of one bio as the fixture packs it: done, B_ERROR, b_error, b_resid. */
function bioResult(packed: number | undefined): { done: boolean; berror: boolean; error: number; resid: number } {
  if (packed === undefined || packed < 0) return { done: false, berror: false, error: 0, resid: 0 };
  const v = BigInt(packed);
  return { done: true, berror: (v & 1n) === 1n, error: Number(v >> 32n), resid: Number((v & 0xffffffffn) >> 1n) };
}

interface Io {
  id: number;
  op: keyof typeof BUF_CMD;
  offset: number;
  len: number;
  addr: number;
}

/** Submits bios and waits for all of them; returns each one's result. */
async function runBios(ctx: ScenarioContext, ios: readonly Io[]): Promise<ReturnType<typeof bioResult>[]> {
  for (const io of ios) {
    const r = await ctx.machine.request('submit', { id: io.id, op: BUF_CMD[io.op], offset: io.offset, len: io.len, addr: io.addr });
    ctx.check(r.r === 0, `d_strategy of a ${io.op} at ${io.offset} returned ${r.r}`, START);
  }
  const w = await ctx.machine.request('wait', { ids: ios.map((i) => i.id), ms: 5000 });
  ctx.check(w.pending === 0, `${w.pending} of ${ios.length} bios not completed 5 s after submission (no completion interrupt handled)`, DONE);
  return ios.map((io) => bioResult(w[`e${String(io.id).padStart(2, '0')}`]));
}

async function attachAndOpen(ctx: ScenarioContext): Promise<Record<string, number>> {
  ctx.step('attach');
  const a = await ctx.ok('attach');
  ctx.check(a.attached === 1, 'virtio-blk attached no disk (vdb) under virtiobus');
  ctx.step('open');
  await ctx.ok('open');
  return a;
}

async function readOk(ctx: ScenarioContext, addr: number, offset: number, len: number, expected: Buffer, what: string): Promise<void> {
  const [r] = await runBios(ctx, [{ id: 0, op: 'read', offset, len, addr }]);
  ctx.check(!r!.berror && r!.error === 0 && r!.resid === 0, `${what}: read of ${len} bytes at ${offset} ended with error ${r!.error}${r!.berror ? ' (B_ERROR)' : ''}, resid ${r!.resid}`, DONE);
  const got = ctx.machine.ramRead(addr, len);
  ctx.check(got.equals(expected), `${what}: read of ${len} bytes at ${offset} differs from the image at byte ${firstDiff(got, expected)}`, DONE);
}

function firstDiff(a: Buffer, b: Buffer): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return Math.min(a.length, b.length);
}

const blkAttach: QemuScenario = {
  name: 'blk-attach',
  driver: 'blk',
  summary: 'the disk attaches under virtiobus; its capacity is the image size; QEMU holds the features the driver negotiated',
  setup: blkDevice(1),
  async run(ctx) {
    ctx.step('attach');
    const a = await ctx.ok('attach');
    ctx.check(a.attached === 1, 'no disk attached', START);
    ctx.check(a.blocks! * a.blksize! === IMAGE_BYTES, `capacity ${a.blocks} blocks of ${a.blksize} bytes = ${a.blocks! * a.blksize!} bytes; the image has ${IMAGE_BYTES}`, { file: 'ld_virtio.c', text: 'd_media_blocks =' });
    ctx.check(a.features === a.device_features, `the driver negotiated ${hex(a.features)}, QEMU holds ${hex(a.device_features)} as the guest's features`, { file: 'virtio.c', text: 'virtio_negotiate_features(struct virtio_softc' });
  },
};

const blkIo: QemuScenario = {
  name: 'blk-io',
  driver: 'blk',
  summary: '2,000 random reads and writes of 1-64 KiB, up to 4 in flight, through d_strategy; data checked against the image file',
  setup: blkDevice(2),
  async run(ctx) {
    const image = readFileSync(join(ctx.tmp, 'disk.img'));
    await attachAndOpen(ctx);
    const bufs: number[] = [];
    for (let i = 0; i < 4; i++) bufs.push((await ctx.ok('buf_alloc', { len: MAX_IO, align: 4096 })).addr!);
    const rng = new Rng(20);
    for (let done = 0; done < 2000; ) {
      const batch: (Io & { data?: Buffer })[] = [];
      const n = Math.min(rng.int(1, 4), 2000 - done);
      for (let i = 0; i < n; i++) {
        const len = SECTOR * rng.int(1, MAX_IO / SECTOR);
        let offset = SECTOR * rng.int(0, (IMAGE_BYTES - len) / SECTOR);
        // bios in flight together never overlap: their order on the device is not defined
        if (batch.some((b) => offset < b.offset + b.len && b.offset < offset + len)) offset = -1;
        if (offset < 0) continue;
        const op = rng.chance(0.5) ? 'read' : 'write';
        const io: Io & { data?: Buffer } = { id: i, op, offset, len, addr: bufs[i]! };
        if (op === 'write') {
          io.data = pattern(word(rng), len);
          ctx.machine.ramWrite(io.addr, io.data);
        }
        batch.push(io);
      }
      ctx.step(`ios ${done + 1}-${done + batch.length}`);
      const results = await runBios(ctx, batch);
      batch.forEach((io, i) => {
        const r = results[i]!;
        ctx.check(!r.berror && r.error === 0 && r.resid === 0, `${io.op} of ${io.len} bytes at ${io.offset}: error ${r.error}${r.berror ? ' (B_ERROR)' : ''}, resid ${r.resid}`, DONE);
        if (io.data) io.data.copy(image, io.offset);
        else {
          const got = ctx.machine.ramRead(io.addr, io.len);
          const want = image.subarray(io.offset, io.offset + io.len);
          ctx.check(got.equals(want), `read of ${io.len} bytes at ${io.offset} differs from the image at byte ${firstDiff(got, want)}`, DONE);
        }
      });
      done += batch.length;
    }
    ctx.step('image file');
    const onDisk = readFileSync(join(ctx.tmp, 'disk.img'));
    ctx.check(onDisk.equals(image), `the image file differs from what was written at byte ${firstDiff(onDisk, image)}`, START);
    ctx.step('close');
    await ctx.ok('close');
  },
};

const blkErrors: QemuScenario = {
  name: 'blk-errors',
  driver: 'blk',
  summary: 'a read past the end fails with EIO (B_ERROR) and the disk keeps working',
  setup: blkDevice(3),
  async run(ctx) {
    const image = readFileSync(join(ctx.tmp, 'disk.img'));
    await attachAndOpen(ctx);
    const addr = (await ctx.ok('buf_alloc', { len: MAX_IO, align: 4096 })).addr!;
    ctx.step('read past the end');
    const [r] = await runBios(ctx, [{ id: 1, op: 'read', offset: IMAGE_BYTES, len: 4096, addr }]);
    ctx.check(r!.berror && r!.error === EIO, `a read at the end of the disk ended with error ${r!.error}${r!.berror ? ' (B_ERROR)' : ' and no B_ERROR'}; EIO expected`, DONE);
    ctx.step('read after the error');
    await readOk(ctx, addr, IMAGE_BYTES - 8192, 8192, image.subarray(IMAGE_BYTES - 8192), 'after the failed read');
    const s = await ctx.ok('state');
    ctx.check(s.inflight === 0, `${s.inflight} requests still counted in flight`, DONE);
  },
};

const blkFlush: QemuScenario = {
  name: 'blk-flush',
  driver: 'blk',
  summary: 'VIRTIO_BLK_F_FLUSH is negotiated and a BUF_CMD_FLUSH reaches the device (QMP query-blockstats flush_operations)',
  setup: blkDevice(4),
  async run(ctx) {
    const a = await attachAndOpen(ctx);
    ctx.check((a.features! & VIRTIO_BLK_F_FLUSH) !== 0, `VIRTIO_BLK_F_FLUSH not negotiated (features ${hex(a.features)}): the write cache is never flushed`, { file: 'ld_virtio.c', text: 'virtio_negotiate_features(' });
    const flushes = async (): Promise<number> => {
      const stats = (await ctx.machine.qmp('query-blockstats')) as { stats: { flush_operations: number } }[];
      return stats.reduce((n, s) => n + s.stats.flush_operations, 0);
    };
    const before = await flushes();
    ctx.step('flush');
    const [r] = await runBios(ctx, [{ id: 2, op: 'flush', offset: 0, len: 0, addr: 0 }]);
    ctx.check(!r!.berror && r!.error === 0, `BUF_CMD_FLUSH ended with error ${r!.error}`, START);
    const after = await flushes();
    ctx.check(after === before + 1, `QEMU counted ${after - before} flushes for one BUF_CMD_FLUSH`, START);
  },
};

const blkLifecycle: QemuScenario = {
  name: 'blk-lifecycle',
  driver: 'blk',
  summary: 'detach while open is EBUSY and the disk still works; close, detach: every DMA byte back; 20 unload/load cycles of child and parent',
  setup: blkDevice(5),
  async run(ctx) {
    const image = readFileSync(join(ctx.tmp, 'disk.img'));
    const heap0 = (await ctx.ok('state')).heap_bytes!;
    await attachAndOpen(ctx);
    const addr = (await ctx.ok('buf_alloc', { len: 8192, align: 4096 })).addr!;
    ctx.step('detach while open');
    const d = await ctx.machine.request('detach_child');
    ctx.check(d.r === EBUSY, `detach of the open disk returned ${d.r}; EBUSY expected`, { file: 'ld_virtio.c', text: 'ld_virtio_detach(device_t' });
    await readOk(ctx, addr, 0, 8192, image.subarray(0, 8192), 'after the refused detach');
    ctx.step('close and detach');
    await ctx.ok('close');
    const gone = await ctx.ok('detach_child');
    ctx.check(gone.dma_bytes === 8192 && gone.dma_objects === 0, `after the disk's detach ${gone.dma_bytes! - 8192} bytes of DMA memory and ${gone.dma_objects} DMA tags/maps are still allocated`, { file: 'ld_virtio.c', text: 'ld_virtio_detach(device_t' });
    for (let i = 1; i <= 20; i++) {
      ctx.step(`child load/unload cycle ${i}`);
      const a = await ctx.ok('attach_child');
      ctx.check(a.attached === 1, 'the disk did not attach again', START);
      await ctx.ok('open');
      await readOk(ctx, addr, 4096 * i, 4096, image.subarray(4096 * i, 4096 * i + 4096), `cycle ${i}`);
      await ctx.ok('close');
      const u = await ctx.ok('detach_child');
      ctx.check(u.dma_bytes === 8192 && u.dma_objects === 0, `cycle ${i}: ${u.dma_bytes! - 8192} bytes of DMA memory left after detach`, { file: 'ld_virtio.c', text: 'ld_virtio_detach(device_t' });
    }
    await ctx.ok('attach_child');
    for (let i = 1; i <= 20; i++) {
      ctx.step(`parent load/unload cycle ${i}`);
      // kldunload virtio-blk, then virtio: odd cycles; even ones unload virtio with the disk attached
      if (i % 2 === 1) await ctx.ok('detach_child', {}, { file: 'ld_virtio.c', text: 'ld_virtio_detach(device_t' });
      const u = await ctx.ok('detach_parent');
      ctx.check(u.dma_bytes === 8192 && u.dma_objects === 0 && u.heap_bytes === heap0, `cycle ${i}: after unloading virtio ${u.dma_bytes! - 8192} DMA bytes, ${u.dma_objects} DMA objects and ${u.heap_bytes! - heap0} heap bytes are left`, { file: 'virtio.c', text: 'virtio_detach(device_t' });
      const a = await ctx.ok('attach');
      ctx.check(a.attached === 1, `cycle ${i}: the disk did not attach with the reloaded parent`, START);
      await ctx.ok('open');
      await readOk(ctx, addr, 8192 * i, 8192, image.subarray(8192 * i, 8192 * i + 8192), `parent cycle ${i}`);
      await ctx.ok('close');
    }
  },
};

const blkShutdown: QemuScenario = {
  name: 'blk-shutdown',
  driver: 'blk',
  summary: "shutdown of virtiobus with the disk open resets the device and leaves the driver's state alone (no detach)",
  setup: blkDevice(6),
  async run(ctx) {
    await attachAndOpen(ctx);
    const iobase = ctx.machine.devices[0]!.iobase;
    ctx.step('shutdown');
    await ctx.ok('shutdown');
    const status = (await ctx.ok('reg_read', { width: 1, port: iobase + 18 })).v;
    const s = await ctx.ok('state');
    ctx.check(status === 0, `device status ${hex(status)} after shutdown: the device was not reset and may still DMA into memory the next kernel owns`, { file: 'virtio.c', text: 'DEVMETHOD(device_shutdown' });
    ctx.check(s.attached === 1, 'shutdown detached the disk (a full detach at reboot)', { file: 'virtio.c', text: 'DEVMETHOD(device_shutdown' });
  },
};

/** n bytes of a seeded xorshift32 stream (n a multiple of 4). */
function pattern(seed: number, n: number): Buffer {
  const words = new Uint32Array(n / 4);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return Buffer.from(words.buffer);
}

/** 32 random bits. */
function word(rng: Rng): number {
  return (rng.next() * 4294967296) >>> 0;
}

const blkAttachFailure: QemuScenario = {
  name: 'blk-attach-failure',
  driver: 'blk',
  summary: "attach failures (no interrupt; the ring's DMA memory) leave nothing behind and the parent reusable; on fragmented memory the 150 KiB ring waits instead of failing",
  setup: blkDevice(7),
  async run(ctx) {
    const image = readFileSync(join(ctx.tmp, 'disk.img'));
    const ATTACH: CodeRef = { file: 'ld_virtio.c', text: 'ld_virtio_attach(device_t' };
    ctx.step('attach with the interrupt failing');
    await ctx.ok('fail_irq');
    const a = await ctx.ok('attach');
    ctx.check(a.attached === 0, 'the disk attached although its interrupt could not be set up', ATTACH);
    ctx.check(a.dma_bytes === 0 && a.dma_objects === 0, `the failed attach left ${a.dma_bytes} bytes of DMA memory and ${a.dma_objects} DMA tags/maps behind`, ATTACH);
    ctx.step('attach with the ring allocation failing');
    await ctx.ok('fail_dma', { nth: 1 });
    const b = await ctx.machine.request('attach_child');
    ctx.check(b.r !== 0 && b.attached === 0 && b.dma_bytes === 0 && b.dma_objects === 0, `attach without ring memory: returned ${b.r}, attached ${b.attached}, ${b.dma_bytes} DMA bytes and ${b.dma_objects} DMA tags/maps left`, ATTACH);
    ctx.step('attach on fragmented memory');
    await ctx.ok('fragment', { on: 1 });
    const c = await ctx.machine.request('attach_child');
    ctx.check(c.r === 0 && c.attached === 1, `the disk did not attach (${c.r}) while no 150 KiB contiguous run was free at once: its ring was allocated without waiting`, { file: 'virtio.c', text: 'virtio_alloc_vq(struct virtio_softc' });
    await ctx.ok('fragment', { on: 0 });
    await ctx.ok('open');
    const addr = (await ctx.ok('buf_alloc', { len: 4096, align: 4096 })).addr!;
    await readOk(ctx, addr, 4096, 4096, image.subarray(4096, 8192), 'after the failed attaches');
  },
};

function hex(v: number | undefined): string {
  return v === undefined ? '?' : `0x${v.toString(16)}`;
}

export const BLK_SCENARIOS: readonly QemuScenario[] = [blkAttach, blkIo, blkErrors, blkFlush, blkLifecycle, blkShutdown, blkAttachFailure];
