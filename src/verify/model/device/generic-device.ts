import { type DeviceAction, type DeviceBackend, intArg, type Transport } from './backend.js';
import { ChainError } from './device-queue.js';
import { digest, pattern, readableBytes, scatter, writableLength } from './chain-data.js';

export interface GenericDeviceConfig {
  deviceId: number;
  features: number;
  queueSizes: number[];
}

/**
 * A device that only moves buffers, for the virtqueue-core scenarios: `consume` takes chains off
 * a queue, fills their writable part with a deterministic pattern and completes them with the
 * byte count; the digest of what the driver sent is traced. Its config space is one 32-bit word
 * that `config` changes (with the config-change interrupt).
 */
export class GenericDevice implements DeviceBackend {
  readonly deviceId: number;
  readonly features: number;
  readonly queueSizes: readonly number[];
  private config = 0;
  private produced = 0;
  private broken = new Set<number>();

  constructor(cfg: GenericDeviceConfig) {
    this.deviceId = cfg.deviceId;
    this.features = cfg.features;
    this.queueSizes = cfg.queueSizes;
  }

  configRead(offset: number, width: number): number {
    return offset === 0 && width === 4 ? this.config : 0;
  }

  configWrite(): void {}

  kick(): void {}

  reset(): void {
    this.broken.clear();
  }

  act(t: Transport, action: DeviceAction): void {
    if (action.kind === 'config') {
      this.config = intArg(action, 'value') >>> 0;
      t.trace.event(`config ${this.config}`);
      t.notifyConfig();
      return;
    }
    if (action.kind !== 'consume') throw new Error(`generic device: unknown action '${action.kind}'`);
    const index = intArg(action, 'vq');
    const q = t.queue(index);
    if (!q || this.broken.has(index)) return t.trace.event(`consume ${index}: queue not usable`);
    let done = 0;
    for (let n = intArg(action, 'n', 1); n > 0; n--) {
      let chain;
      try {
        chain = q.pop();
      } catch (e) {
        if (!(e instanceof ChainError)) throw e;
        this.broken.add(index);
        t.trace.violation(`queue ${index}: ${e.message}`);
        break;
      }
      if (!chain) break;
      const wrote = scatter(t.mem, chain, pattern(++this.produced, writableLength(chain)));
      t.trace.event(`used ${index} id=${chain.head} segs=${chain.segments.map((s) => `${s.write ? 'w' : 'r'}${s.len}`).join(',')} out=${digest(readableBytes(t.mem, chain))} in=${wrote}`);
      q.push(chain.head, wrote);
      done++;
    }
    if (done > 0) t.notifyQueue(index);
  }
}
