import { STRUCT_VIRTIO_BLK_REQ_HDR, VIRTIO_BLK_T_IN, VIRTIO_BLK_T_OUT } from '../model/virtio-constants.generated.js';
import { VIRTIO_BLK_T_FLUSH } from '../model/device/blk-device.js';
import { type Buf, QueueClient } from './client.js';
import type { Scenario, ScenarioContext } from './scenario.js';

const SECTOR = 512;
const CAPACITY = 64;
const BAD_SECTOR = 40;

function header(type: number, sector: number): Uint8Array {
  const b = new Uint8Array(STRUCT_VIRTIO_BLK_REQ_HDR.size);
  const v = new DataView(b.buffer);
  v.setUint32(STRUCT_VIRTIO_BLK_REQ_HDR.fields.type.offset, type, true);
  v.setBigUint64(STRUCT_VIRTIO_BLK_REQ_HDR.fields.sector.offset, BigInt(sector), true);
  return b;
}

/**
 * Block requests through the virtqueue core the way ld_virtio builds them: header (out),
 * payload sectors (out for a write, in for a read), status byte (in). Writes are read back
 * (data checked through read_buf), a flush is sent, and requests touching a bad sector complete
 * with VIRTIO_BLK_S_IOERR. The device completes requests in batches (QEMU pops on the kick).
 */
export const blkIo: Scenario = {
  name: 'blk-io',
  drivers: ['virtio', 'blk'],
  summary: 'IN/OUT/FLUSH requests with data read back, an IOERR completion on a bad sector',
  seeds: [1, 2],
  device: (seed) => ({ kind: 'blk', queueSize: 8, capacity: CAPACITY, segMax: 4, badSectors: [BAD_SECTOR], seed }),
  async generate(ctx) {
    await ctx.do({ do: 'attach', features: 0, vqs: [[65536, 4]] });
    const q = new QueueClient(ctx, 0, 8, 4, 2 * SECTOR);
    await q.setup();
    const inflight = new Map<number, Buf[]>();
    const request = async (type: number, sector: number, sectors: number): Promise<void> => {
      const data: Buf[] = [];
      for (let i = 0; i < sectors; i += 2) {
        const n = Math.min(2, sectors - i) * SECTOR;
        data.push(type === VIRTIO_BLK_T_OUT ? { len: n, out: true, data: ctx.rng.bytes(n) } : { len: n, out: false });
      }
      const bufs: Buf[] = [{ len: STRUCT_VIRTIO_BLK_REQ_HDR.size, out: true, data: header(type, sector) }, ...data, { len: 1, out: false }];
      let slot = await q.submit(bufs);
      if (slot < 0) {
        await complete(ctx);
        slot = await q.submit(bufs);
      }
      inflight.set(slot, bufs);
    };
    const complete = async (c: ScenarioContext): Promise<void> => {
      await c.do({ do: 'device', action: { kind: 'complete' } });
      // read back the status byte, and the first data buffer of a read
      for (const d of await q.drain()) {
        const bufs = inflight.get(d.slot)!;
        await c.do({ do: 'read_buf', addr: q.addr(d.slot, bufs.length - 1), len: 1 });
        if (!bufs[1]!.out && bufs.length > 2) await c.do({ do: 'read_buf', addr: q.addr(d.slot, 1), len: bufs[1]!.len });
        inflight.delete(d.slot);
      }
    };
    for (let i = 0; i < 12; i++) {
      const sector = ctx.rng.int(0, CAPACITY - 4);
      const n = ctx.rng.int(1, 3);
      await request(VIRTIO_BLK_T_OUT, sector, n);
      if (ctx.rng.chance(0.5)) await complete(ctx);
      await request(VIRTIO_BLK_T_IN, sector, n);
      if (ctx.rng.chance(0.3)) await request(VIRTIO_BLK_T_FLUSH, 0, 0);
      if (ctx.rng.chance(0.5)) await complete(ctx);
    }
    await request(VIRTIO_BLK_T_IN, BAD_SECTOR - 1, 2);
    await request(VIRTIO_BLK_T_OUT, BAD_SECTOR, 1);
    await complete(ctx);
  },
  check(steps) {
    const ioerr = steps.some((s) => s.record.dev.some((e) => e.startsWith('blk') && e.includes(' status=1')));
    const reads = steps.filter((s) => s.op.do === 'read_buf' && s.record.ret.hex !== undefined).length;
    return [...(ioerr ? [] : ['no request completed with VIRTIO_BLK_S_IOERR']), ...(reads > 0 ? [] : ['no data read back'])];
  },
};
