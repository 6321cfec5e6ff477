import type { DeviceAction } from '../model/device/backend.js';
import type { Memory } from '../model/memory.js';
import type { TracingBus } from './recorder.js';
import type { StepRecorder } from './recorder.js';
import type { Op } from './step.js';

export type Ret = Record<string, number | string>;

/** What an implementation under test needs from the run: the device's registers and its actions. */
export interface RunContext {
  /** PCI subsystem id of the device model (what virtio_attach reads to name the child). */
  deviceId: number;
  bus: TracingBus;
  rec: StepRecorder;
  /** Runs a device action "concurrently" with the current call (see Op commit.concurrent). */
  concurrent(action: DeviceAction): void;
}

/** One implementation of the virtqueue API: the TypeScript model, or a harness process. */
export interface ExecBackend {
  readonly name: string;
  /** The memory the device model reads and writes (its view of guest RAM). */
  readonly deviceMemory: Memory;
  exec(op: Exclude<Op, { do: 'device' }>, ctx: RunContext): Promise<Ret>;
  /** Runs the interrupt handler the driver established (nothing if none). */
  interrupt(ctx: RunContext): Promise<boolean>;
  /** Each allocated virtqueue's DMA block as the driver sees it. */
  rings(ctx: RunContext): Promise<Map<number, Uint8Array>>;
  close(): Promise<void>;
}
