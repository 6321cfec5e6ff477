import { VIRTIO_BALLOON_CONFIG_ACTUAL, VIRTIO_BALLOON_CONFIG_NUM_PAGES } from '../virtio-constants.generated.js';
import { type DeviceAction, type DeviceBackend, intArg, type Transport } from './backend.js';
import { readableBytes } from './chain-data.js';
import { ChainError } from './device-queue.js';

export const INFLATE_QUEUE = 0;
export const DEFLATE_QUEUE = 1;

/**
 * virtio-balloon: the host's `balloon N` sets num_pages and raises the config-change interrupt;
 * the driver answers with page frame numbers (32-bit each) on the inflate or deflate queue and
 * reports progress in `actual`. The model keeps the set of inflated frames: inflating a frame
 * twice, or deflating one it does not hold, is a protocol violation.
 */
export class BalloonDevice implements DeviceBackend {
  readonly deviceId = 5;
  readonly features = 0;
  readonly queueSizes: readonly number[];
  numPages = 0;
  actual = 0;
  readonly inflated = new Set<number>();
  private holding = false;

  constructor(
    queueSize: number,
    private readonly ramMiB?: number,
  ) {
    this.queueSizes = [queueSize, queueSize];
  }

  configRead(offset: number, width: number): number {
    if (width !== 4) return 0;
    if (offset === VIRTIO_BALLOON_CONFIG_NUM_PAGES) return this.numPages;
    if (offset === VIRTIO_BALLOON_CONFIG_ACTUAL) return this.actual;
    return 0;
  }

  configWrite(offset: number, width: number, value: number): void {
    if (offset !== VIRTIO_BALLOON_CONFIG_ACTUAL || width !== 4) return;
    this.actual = value >>> 0;
  }

  kick(t: Transport, index: number): void {
    const q = t.queue(index);
    if (!q || (index !== INFLATE_QUEUE && index !== DEFLATE_QUEUE)) return;
    if (index === DEFLATE_QUEUE && this.holding) return;
    let done = 0;
    try {
      for (let c = q.pop(); c; c = q.pop()) {
        const bytes = readableBytes(t.mem, c);
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        let bad = 0;
        for (let off = 0; off + 4 <= bytes.length; off += 4) {
          const pfn = view.getUint32(off, true);
          if (index === INFLATE_QUEUE ? this.inflated.has(pfn) : !this.inflated.has(pfn)) bad++;
          if (index === INFLATE_QUEUE) this.inflated.add(pfn);
          else this.inflated.delete(pfn);
        }
        if (bad > 0) t.trace.violation(`${index === INFLATE_QUEUE ? 'inflated' : 'deflated'} ${bad} frame(s) twice or not held`);
        t.trace.event(`${index === INFLATE_QUEUE ? 'inflate' : 'deflate'} ${bytes.length / 4} pages, holding ${this.inflated.size}`);
        // driver scenarios (guest RAM known): which frames, so a different page choice shows
        if (this.ramMiB !== undefined && bytes.length >= 4) t.trace.event(`frames ${view.getUint32(0, true)}..${view.getUint32(bytes.length - 4, true)} fnv ${fnv(bytes)}`);
        q.push(c.head, 0);
        done++;
      }
    } catch (e) {
      if (!(e instanceof ChainError)) throw e;
      t.trace.violation(`balloon queue ${index}: ${e.message}`);
    }
    if (done > 0) t.notifyQueue(index);
  }

  reset(): void {
    this.inflated.clear();
    this.numPages = this.actual = 0;
    this.holding = false;
  }

  act(t: Transport, action: DeviceAction): void {
    if (action.kind === 'balloon_hold') {
      // a host that keeps deflate requests unanswered (and answers them when released)
      this.holding = intArg(action, 'on') !== 0;
      t.trace.event(this.holding ? 'host holds deflate requests' : 'host answers deflate requests');
      if (!this.holding) this.kick(t, DEFLATE_QUEUE);
      return;
    }
    if (action.kind !== 'balloon') throw new Error(`balloon device: unknown action '${action.kind}'`);
    // QEMU's `balloon N` (monitor): leave the guest N MiB of its RAM, i.e. inflate by the rest, in 4 KiB pages
    if (action.mib !== undefined && this.ramMiB === undefined) throw new Error('balloon device: `mib` needs the spec\'s ramMiB');
    this.numPages = action.mib !== undefined ? (Math.max(0, this.ramMiB! - intArg(action, 'mib')) * 256) >>> 0 : intArg(action, 'pages') >>> 0;
    t.trace.event(`balloon target ${this.numPages}`);
    t.notifyConfig();
  }
}

/** FNV-1a of the frame list. */
function fnv(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0).toString(16);
}
