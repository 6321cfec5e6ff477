import type { DeviceAction } from '../model/device/backend.js';

/**
 * One step of a scenario, as stored in a vector: a call into the virtqueue API (the harness runs
 * exactly that C function), a test-client memory operation, or a device-side action.
 */
export type Op =
  | { do: 'attach'; features: number; vqs: [number, number][] }
  | { do: 'prep'; vq: number }
  | { do: 'reserve'; vq: number; slot: number; nsegs: number }
  | { do: 'enqueue'; vq: number; slot: number; segs: [number, number][]; write: boolean }
  | { do: 'enqueue_p'; vq: number; slot: number; segs: [number, number][]; start: number; len: number; write: boolean }
  /**
   * `concurrent`: a device action that runs while the call is in progress -- in the harness at the
   * call's first event (before the call has published or read anything), in the model before the
   * call. Its stores reach the driver only through the call's own read barriers.
   */
  | { do: 'commit'; vq: number; slot: number; notify: boolean; concurrent?: DeviceAction }
  | { do: 'abort'; vq: number; slot: number }
  | { do: 'dequeue'; vq: number }
  | { do: 'dequeue_commit'; vq: number; slot: number }
  | { do: 'stop_intr'; vq: number }
  | { do: 'start_intr'; vq: number }
  | { do: 'vq_intr'; concurrent?: DeviceAction }
  | { do: 'read_config'; index: number; width: number }
  | { do: 'write_config'; index: number; width: number; value: number }
  | { do: 'set_idx'; vq: number; idx: number }
  | { do: 'alloc_buf'; len: number }
  | { do: 'write_buf'; addr: number; hex: string }
  | { do: 'read_buf'; addr: number; len: number }
  /**
   * A kernel event for a child driver's fixture (drivers/ in the plugin's harness, a driver model in
   * the model backend): attach the driver, let its kernel threads run for `ticks`, detach it.
   */
  | { do: 'driver'; call: string; args: Record<string, number>; concurrent?: DeviceAction }
  | { do: 'device'; action: DeviceAction }
  /** Driver-level ops of vioif's transmit path (scenarios/vioif-tx.ts): attach, the stack queueing packets, a watchdog second. */
  | { do: 'net_attach' }
  | { do: 'net_send'; frames: string[]; concurrent?: DeviceAction }
  | { do: 'net_tick' };

/** The C function each API op calls (for messages that point at the source). */
export const OP_FUNCTION: Partial<Record<Op['do'], string>> = {
  attach: 'virtio_attach',
  prep: 'virtio_enqueue_prep',
  reserve: 'virtio_enqueue_reserve',
  enqueue: 'virtio_enqueue',
  enqueue_p: 'virtio_enqueue_p',
  commit: 'virtio_enqueue_commit',
  abort: 'virtio_enqueue_abort',
  dequeue: 'virtio_dequeue',
  dequeue_commit: 'virtio_dequeue_commit',
  stop_intr: 'virtio_stop_vq_intr',
  start_intr: 'virtio_start_vq_intr',
  vq_intr: 'virtio_vq_intr',
  read_config: 'virtio_read_device_config_*',
  write_config: 'virtio_write_device_config_*',
  net_send: 'vioif_start',
  net_tick: 'vioif_watchdog',
};

/**
 * What a step is judged by: everything an observer outside the driver can see, and nothing
 * about how the code got there (barriers and locks are recorded but not compared; their effect
 * shows in what the device saw).
 */
export interface StepRecord {
  /** Return values of the call (r, slot, len, addr, data, ...). */
  ret: Record<string, number | string>;
  /** Register accesses in order: "w1 18=0x1", "r2 12=0x8". */
  io: string[];
  /** Calls from the code under test into the child: "vq_done 0", "config_change value=7". */
  cb: string[];
  /** Device-side events: kicks with the avail index the device saw, completions, interrupts. */
  dev: string[];
  /** Protocol violations the device model detected (none expected). */
  viol: string[];
  /** Ring memory changed by the step, per virtqueue: [offset, hex] runs. */
  mem: Record<string, [number, string][]>;
}

/** Where an io event came from in the C code (actual runs only; not part of a vector). */
export interface SourceTrail {
  io: string[];
  /** Every harness event of the step, for the divergence report. */
  events: string[];
}

export interface Vector {
  schema: 1;
  name: string;
  scenario: string;
  seed: number;
  device: DeviceSpec;
  steps: { op: Op; expect: StepRecord }[];
}

export type DeviceSpec =
  | { kind: 'generic'; deviceId: number; features: number; queueSizes: number[] }
  | { kind: 'blk'; queueSize: number; capacity: number; segMax: number; badSectors: number[]; seed: number }
  | { kind: 'net'; queueSize: number; burst?: number; notifyOnEmpty?: boolean }
  /** ramMiB: guest RAM, for `balloon` actions given as QEMU's target in MiB. */
  | { kind: 'balloon'; queueSize: number; ramMiB?: number };

export function emptyRecord(): StepRecord {
  return { ret: {}, io: [], cb: [], dev: [], viol: [], mem: {} };
}
