import type { Memory } from '../memory.js';
import type { DeviceQueue } from './device-queue.js';

/** Observable device-side events of one step, in order ("kick 0 avail=3", "irq", ...). */
export interface DeviceTrace {
  event(text: string): void;
  /** The driver broke the virtio protocol (status order, a bad chain, a feature never offered). */
  violation(text: string): void;
}

/** What the PCI transport gives a device model. */
export interface Transport {
  readonly mem: Memory;
  readonly trace: DeviceTrace;
  /** The live queue the driver set up, or undefined before QUEUE_ADDRESS / after reset. */
  queue(index: number): DeviceQueue | undefined;
  /** Features the driver accepted (GUEST_FEATURES). */
  negotiated(): number;
  /** virtio_notify: ISR bit 0 and the interrupt, unless the driver suppressed interrupts on this queue. */
  notifyQueue(index: number): void;
  /** virtio_notify_config: ISR bit 1 and the interrupt. */
  notifyConfig(): void;
}

/** A scenario's device-side step, interpreted by the device model it names. */
export interface DeviceAction {
  kind: string;
  [arg: string]: unknown;
}

/** One virtio device type behind the legacy PCI transport. */
export interface DeviceBackend {
  readonly deviceId: number;
  /** Feature bits offered in DEVICE_FEATURES. */
  readonly features: number;
  /** QUEUE_SIZE per queue index (0 = no such queue). */
  readonly queueSizes: readonly number[];
  configRead(offset: number, width: number): number;
  configWrite(offset: number, width: number, value: number): void;
  /** The driver wrote QUEUE_NOTIFY. */
  kick(t: Transport, index: number): void;
  /** Device status 0: forget everything. */
  reset(): void;
  /** A device-side step of a scenario; throws for an action this device does not know. */
  act(t: Transport, action: DeviceAction): void;
  /** End of a step: report a queue that can no longer make progress (a lost kick). */
  settle?(t: Transport): void;
}

export function intArg(action: DeviceAction, name: string, dflt?: number): number {
  const v = action[name] ?? dflt;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`device action '${action.kind}' needs integer '${name}'`);
  return v;
}
