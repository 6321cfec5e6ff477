import {
  STRUCT_VIRTIO_BLK_REQ_HDR, VIRTIO_BLK_CONFIG_CAPACITY, VIRTIO_BLK_CONFIG_SEG_MAX, VIRTIO_BLK_F_FLUSH, VIRTIO_BLK_F_SEG_MAX,
  VIRTIO_BLK_S_IOERR, VIRTIO_BLK_S_OK, VIRTIO_BLK_T_IN, VIRTIO_BLK_T_OUT, VIRTIO_F_RING_INDIRECT_DESC,
} from '../virtio-constants.generated.js';
import { type DeviceAction, type DeviceBackend, intArg, type Transport } from './backend.js';
import { digest, pattern, readableBytes, scatter, writableLength } from './chain-data.js';
import { type Chain, ChainError } from './device-queue.js';

/** Not defined by NetBSD 6's ld_virtio.c (it never flushes); virtio spec 0.9.5 appendix D. */
export const VIRTIO_BLK_T_FLUSH = 4;
export const VIRTIO_BLK_S_UNSUPP = 2;
const SECTOR = 512;

export interface BlkDeviceConfig {
  capacity: number;
  segMax: number;
  /** Sectors whose access completes with VIRTIO_BLK_S_IOERR. */
  badSectors: number[];
  seed: number;
}

/**
 * virtio-blk: a backing store of `capacity` 512-byte sectors (filled from the seed). Like QEMU,
 * a kick pops every available request; `complete` finishes the oldest n in flight: IN copies
 * sectors into the writable buffers, OUT stores the readable payload, FLUSH succeeds; a request
 * touching a bad sector (or past the end) gets IOERR, an unknown type UNSUPP. The used length is
 * the writable size (data + status), as QEMU reports it.
 */
export class BlkDevice implements DeviceBackend {
  readonly deviceId = 2;
  readonly features = VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_FLUSH | VIRTIO_F_RING_INDIRECT_DESC;
  readonly queueSizes: readonly number[];
  readonly store: Uint8Array;
  private readonly inflight: Chain[] = [];

  constructor(
    readonly cfg: BlkDeviceConfig,
    queueSize: number,
  ) {
    this.queueSizes = [queueSize];
    this.store = pattern(cfg.seed, cfg.capacity * SECTOR);
  }

  configRead(offset: number, width: number): number {
    if (offset === VIRTIO_BLK_CONFIG_CAPACITY && width === 4) return this.cfg.capacity;
    if (offset === VIRTIO_BLK_CONFIG_CAPACITY + 4 && width === 4) return 0;
    if (offset === VIRTIO_BLK_CONFIG_SEG_MAX && width === 4) return this.cfg.segMax;
    return 0;
  }

  configWrite(): void {}

  kick(t: Transport, index: number): void {
    const q = t.queue(index)!;
    try {
      for (let c = q.pop(); c; c = q.pop()) this.inflight.push(c);
    } catch (e) {
      if (!(e instanceof ChainError)) throw e;
      t.trace.violation(`blk queue: ${e.message}`);
    }
  }

  reset(): void {
    this.inflight.length = 0;
  }

  act(t: Transport, action: DeviceAction): void {
    if (action.kind !== 'complete') throw new Error(`blk device: unknown action '${action.kind}'`);
    const q = t.queue(0);
    let done = 0;
    // `status`: the device answers these requests with that status byte instead of executing them
    const forced = action.status === undefined ? undefined : intArg(action, 'status');
    for (let n = intArg(action, 'n', this.inflight.length); n > 0 && this.inflight.length > 0; n--) {
      const chain = this.inflight.shift()!;
      this.execute(t, chain, forced);
      q?.push(chain.head, writableLength(chain));
      done++;
    }
    if (done > 0) t.notifyQueue(0);
  }

  private execute(t: Transport, chain: Chain, forced?: number): void {
    const out = readableBytes(t.mem, chain);
    const statusSeg = chain.segments[chain.segments.length - 1];
    if (out.length < STRUCT_VIRTIO_BLK_REQ_HDR.size || !statusSeg?.write || statusSeg.len < 1) {
      t.trace.violation(`blk request ${chain.head} without header or status byte`);
      return;
    }
    const view = new DataView(out.buffer, out.byteOffset);
    const type = view.getUint32(STRUCT_VIRTIO_BLK_REQ_HDR.fields.type.offset, true);
    const sector = Number(view.getBigUint64(STRUCT_VIRTIO_BLK_REQ_HDR.fields.sector.offset, true));
    const payload = out.subarray(STRUCT_VIRTIO_BLK_REQ_HDR.size);
    const inLen = writableLength(chain) - 1;
    const bytes = type === VIRTIO_BLK_T_IN ? inLen : type === VIRTIO_BLK_T_OUT ? payload.length : 0;
    const first = sector * SECTOR;
    const bad = this.cfg.badSectors.some((s) => s * SECTOR < first + bytes && s * SECTOR + SECTOR > first) || first + bytes > this.store.length;
    let status = VIRTIO_BLK_S_OK;
    if (forced !== undefined) status = forced;
    else if (type !== VIRTIO_BLK_T_IN && type !== VIRTIO_BLK_T_OUT && type !== VIRTIO_BLK_T_FLUSH) status = VIRTIO_BLK_S_UNSUPP;
    else if (bad && type !== VIRTIO_BLK_T_FLUSH) status = VIRTIO_BLK_S_IOERR;
    else if (type === VIRTIO_BLK_T_IN) scatter(t.mem, chain, this.store.subarray(first, first + inLen));
    else if (type === VIRTIO_BLK_T_OUT) this.store.set(payload, first);
    t.mem.write(statusSeg.addr, Uint8Array.of(status));
    const name = type === VIRTIO_BLK_T_IN ? 'IN' : type === VIRTIO_BLK_T_OUT ? 'OUT' : type === VIRTIO_BLK_T_FLUSH ? 'FLUSH' : `type${type}`;
    t.trace.event(`blk ${name} id=${chain.head} sector=${sector} bytes=${bytes} status=${status}${type === VIRTIO_BLK_T_OUT ? ` data=${digest(payload)}` : ''}`);
  }
}
