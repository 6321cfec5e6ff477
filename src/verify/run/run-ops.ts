import type { DeviceBackend } from '../model/device/backend.js';
import { VirtioPciDevice } from '../model/device/pci-transport.js';
import { toHex } from '../model/memory.js';
import { ModelAssertion } from '../model/virtqueue-driver.js';
import type { ExecBackend, RunContext } from './exec-backend.js';
import { HarnessFailure } from './harness-process.js';
import { makeDevice } from './make-device.js';
import { StepRecorder, TracingBus } from './recorder.js';
import type { DeviceSpec, Op, SourceTrail, StepRecord } from './step.js';

export interface RunOutcome {
  records: StepRecord[];
  trails: SourceTrail[];
  /** The implementation stopped at this step (panic, crash, broken API precondition). */
  failure?: { step: number; message: string; at?: string };
}

/** The interrupt line may stay asserted if no handler runs; bound the re-deliveries per step. */
const MAX_DELIVERIES = 4;

/**
 * One implementation driven step by step, with a fresh device model. After every step a pending
 * interrupt is delivered (INTx: while the line is asserted the kernel runs the handler), the
 * device settles (a stalled queue is reported), and the rings are read back; the step's record
 * holds what changed.
 */
export class Run {
  readonly device: DeviceBackend;
  readonly outcome: RunOutcome = { records: [], trails: [] };
  private readonly transport: VirtioPciDevice;
  private readonly rec = new StepRecorder();
  private readonly ctx: RunContext;
  private prev = new Map<number, Uint8Array>();

  constructor(
    spec: DeviceSpec,
    readonly backend: ExecBackend,
  ) {
    this.device = makeDevice(spec);
    this.transport = new VirtioPciDevice(backend.deviceMemory, this.device, this.rec);
    this.ctx = { deviceId: this.device.deviceId, bus: new TracingBus(this.transport, this.rec), rec: this.rec, concurrent: (a) => this.device.act(this.transport, a) };
  }

  get failed(): boolean {
    return this.outcome.failure !== undefined;
  }

  /** Runs one op; after a failure nothing more runs and the failing step's partial record is kept. */
  async step(op: Op): Promise<StepRecord> {
    const rec = this.rec;
    rec.reset();
    const i = this.outcome.records.length;
    try {
      if (op.do === 'device') this.device.act(this.transport, op.action);
      else {
        if (op.do === 'set_idx') this.transport.queue(op.vq)?.setIndices(op.idx);
        rec.record.ret = await this.backend.exec(op, this.ctx);
      }
      for (let n = 0; n < MAX_DELIVERIES && this.transport.interruptPending; n++) {
        rec.event('interrupt delivered');
        if (!(await this.backend.interrupt(this.ctx))) break;
      }
      this.device.settle?.(this.transport);
      const rings = await this.backend.rings(this.ctx);
      rec.record.mem = ringDelta(this.prev, rings);
      this.prev = rings;
    } catch (e) {
      if (!(e instanceof HarnessFailure || e instanceof ModelAssertion)) throw e;
      this.outcome.failure = { step: i, message: e.message, ...(e instanceof HarnessFailure && e.at ? { at: e.at } : {}) };
    }
    this.outcome.records.push(rec.record);
    this.outcome.trails.push(rec.trail);
    return rec.record;
  }
}

export async function runOps(ops: readonly Op[], spec: DeviceSpec, backend: ExecBackend): Promise<RunOutcome> {
  const run = new Run(spec, backend);
  for (const op of ops) {
    await run.step(op);
    if (run.failed) break;
  }
  return run.outcome;
}

/** Changed byte runs per virtqueue; runs closer than 8 bytes are merged. */
export function ringDelta(prev: ReadonlyMap<number, Uint8Array>, now: ReadonlyMap<number, Uint8Array>): Record<string, [number, string][]> {
  const out: Record<string, [number, string][]> = {};
  for (const [vq, cur] of now) {
    const old = prev.get(vq) ?? new Uint8Array(cur.length);
    const runs: [number, string][] = [];
    for (let i = 0; i < cur.length; ) {
      if (cur[i] === old[i]) {
        i++;
        continue;
      }
      const start = i;
      let last = i;
      while (i < cur.length && i - last < 8) {
        if (cur[i] !== old[i]) last = i;
        i++;
      }
      runs.push([start, toHex(cur.subarray(start, last + 1))]);
      i = last + 1;
    }
    if (runs.length > 0) out[String(vq)] = runs;
  }
  return out;
}
