import type { DeviceBackend } from '../model/device/backend.js';
import type { ExecBackend } from '../run/exec-backend.js';
import type { DeviceSpec, Op, StepRecord } from '../run/step.js';

/** Seeded PRNG (mulberry32): vectors are regenerated bit for bit from their seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(0, 255));
  }
}

export interface RunStep {
  op: Op;
  record: StepRecord;
}

/** What a scenario generator sees: it runs each op on the model at once and decides the next from the result. */
export interface ScenarioContext {
  rng: Rng;
  do(op: Op): Promise<StepRecord>;
  /** The record of the latest op. */
  last: StepRecord | undefined;
  /** The model run's device, to look at (e.g. is a bottom half scheduled). */
  device: DeviceBackend;
}

/**
 * A scenario: a seeded generator of driver operations and device actions. Its vectors record the
 * model's observable results; the translated and the original C must reproduce them step by step.
 */
export interface Scenario {
  name: string;
  /** The modules whose code it exercises: 'virtio' (the virtqueue core) and the device type's driver. */
  drivers: string[];
  summary: string;
  seeds: number[];
  device(seed: number): DeviceSpec;
  generate(ctx: ScenarioContext): Promise<void>;
  /** Properties of a run beyond matching the vector (checked on the model when generating and on every implementation). */
  check?(steps: readonly RunStep[]): string[];
  /** The reference for a driver scenario's own ops (default: the virtqueue model). */
  modelBackend?(): ExecBackend;
}
