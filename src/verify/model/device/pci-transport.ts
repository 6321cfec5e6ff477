import {
  VIRTIO_CONFIG_DEVICE_CONFIG_NOMSI, VIRTIO_CONFIG_DEVICE_FEATURES, VIRTIO_CONFIG_DEVICE_STATUS, VIRTIO_CONFIG_DEVICE_STATUS_ACK,
  VIRTIO_CONFIG_DEVICE_STATUS_DRIVER, VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK, VIRTIO_CONFIG_DEVICE_STATUS_FAILED, VIRTIO_CONFIG_GUEST_FEATURES,
  VIRTIO_CONFIG_ISR_CONFIG_CHANGE, VIRTIO_CONFIG_ISR_STATUS, VIRTIO_CONFIG_QUEUE_ADDRESS, VIRTIO_CONFIG_QUEUE_NOTIFY,
  VIRTIO_CONFIG_QUEUE_SELECT, VIRTIO_CONFIG_QUEUE_SIZE, VIRTIO_F_NOTIFY_ON_EMPTY,
} from '../virtio-constants.generated.js';
import type { Memory } from '../memory.js';
import type { DeviceBackend, DeviceTrace, Transport } from './backend.js';
import { DeviceQueue } from './device-queue.js';

const ISR_QUEUE = 1;

/**
 * The legacy virtio PCI header (virtio 0.9.5, NetBSD's virtioreg.h offsets) in front of a device
 * model: feature negotiation, the status handshake (checked: ACK, then DRIVER, then DRIVER_OK;
 * 0 resets), queue selection/size/address, QUEUE_NOTIFY kicks and the read-to-clear ISR.
 */
export class VirtioPciDevice implements Transport {
  status = 0;
  guestFeatures = 0;
  private queueSel = 0;
  private isr = 0;
  private readonly queues = new Map<number, DeviceQueue>();

  constructor(
    readonly mem: Memory,
    readonly backend: DeviceBackend,
    readonly trace: DeviceTrace,
  ) {}

  /** The interrupt line (INTx is level-triggered: asserted while ISR is non-zero). */
  get interruptPending(): boolean {
    return this.isr !== 0;
  }

  queue(index: number): DeviceQueue | undefined {
    return this.queues.get(index);
  }

  negotiated(): number {
    return this.guestFeatures;
  }

  notifyQueue(index: number): void {
    const q = this.queues.get(index);
    const empty = q !== undefined && !q.hasAvail();
    if (q && q.interruptsSuppressed() && !((this.guestFeatures & VIRTIO_F_NOTIFY_ON_EMPTY) && empty)) return;
    this.isr |= ISR_QUEUE;
    this.trace.event(`irq ${index}`);
  }

  notifyConfig(): void {
    this.isr |= VIRTIO_CONFIG_ISR_CONFIG_CHANGE;
    this.trace.event('irq config');
  }

  read(offset: number, width: number): number {
    if (offset >= VIRTIO_CONFIG_DEVICE_CONFIG_NOMSI) return this.backend.configRead(offset - VIRTIO_CONFIG_DEVICE_CONFIG_NOMSI, width);
    switch (offset) {
      case VIRTIO_CONFIG_DEVICE_FEATURES: return this.backend.features >>> 0;
      case VIRTIO_CONFIG_GUEST_FEATURES: return this.guestFeatures >>> 0;
      case VIRTIO_CONFIG_QUEUE_ADDRESS: return this.queues.get(this.queueSel)?.base !== undefined ? this.queues.get(this.queueSel)!.base / 4096 : 0;
      case VIRTIO_CONFIG_QUEUE_SIZE: return this.backend.queueSizes[this.queueSel] ?? 0;
      case VIRTIO_CONFIG_QUEUE_SELECT: return this.queueSel;
      case VIRTIO_CONFIG_DEVICE_STATUS: return this.status;
      case VIRTIO_CONFIG_ISR_STATUS: {
        const v = this.isr;
        this.isr = 0;
        return v;
      }
    }
    this.trace.violation(`read of unknown register ${offset}`);
    return 0;
  }

  write(offset: number, width: number, value: number): void {
    if (offset >= VIRTIO_CONFIG_DEVICE_CONFIG_NOMSI) return this.backend.configWrite(offset - VIRTIO_CONFIG_DEVICE_CONFIG_NOMSI, width, value);
    switch (offset) {
      case VIRTIO_CONFIG_GUEST_FEATURES:
        if (!(this.status & VIRTIO_CONFIG_DEVICE_STATUS_DRIVER) || this.status & VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK)
          this.trace.violation('GUEST_FEATURES written outside the DRIVER..DRIVER_OK window');
        if (value & ~this.backend.features) this.trace.violation(`accepted features ${hex(value & ~this.backend.features)} never offered`);
        this.guestFeatures = value >>> 0;
        return;
      case VIRTIO_CONFIG_QUEUE_ADDRESS: return this.setQueueAddress(value);
      case VIRTIO_CONFIG_QUEUE_SELECT:
        this.queueSel = value;
        return;
      case VIRTIO_CONFIG_QUEUE_NOTIFY: return this.kick(value);
      case VIRTIO_CONFIG_DEVICE_STATUS: return this.setStatus(value);
    }
    this.trace.violation(`write of read-only or unknown register ${offset}`);
  }

  private setQueueAddress(pfn: number): void {
    const num = this.backend.queueSizes[this.queueSel] ?? 0;
    if (pfn === 0) this.queues.delete(this.queueSel);
    else if (num === 0) this.trace.violation(`QUEUE_ADDRESS for missing queue ${this.queueSel}`);
    else this.queues.set(this.queueSel, DeviceQueue.fromPfn(this.mem, this.queueSel, num, pfn));
  }

  private kick(index: number): void {
    const q = this.queues.get(index);
    if (!q) return this.trace.violation(`notify of queue ${index}, which is not set up`);
    if (!(this.status & VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK)) this.trace.violation(`notify of queue ${index} before DRIVER_OK`);
    this.trace.event(`kick ${index} avail=${q.availIdx()}${q.noNotify() ? ' (NO_NOTIFY set)' : ''}`);
    this.backend.kick(this, index);
  }

  private setStatus(value: number): void {
    if (value === 0) {
      this.status = this.guestFeatures = this.isr = 0;
      this.queues.clear();
      this.backend.reset();
      this.trace.event('reset');
      return;
    }
    const added = value & ~this.status;
    if (value & ~this.status && this.status & ~value) this.trace.violation(`status ${hex(value)} clears bits of ${hex(this.status)}`);
    const order: [number, number][] = [[VIRTIO_CONFIG_DEVICE_STATUS_DRIVER, VIRTIO_CONFIG_DEVICE_STATUS_ACK], [VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK, VIRTIO_CONFIG_DEVICE_STATUS_DRIVER]];
    for (const [bit, needs] of order) if (added & bit && !(value & needs)) this.trace.violation(`status bit ${hex(bit)} set before ${hex(needs)}`);
    this.status = value;
    if (added & VIRTIO_CONFIG_DEVICE_STATUS_FAILED) this.trace.event('driver FAILED');
    if (added & VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK) this.trace.event('DRIVER_OK');
  }
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}
