import {
  VIRTIO_CONFIG_DEVICE_CONFIG_NOMSI, VIRTIO_CONFIG_DEVICE_FEATURES, VIRTIO_CONFIG_DEVICE_STATUS, VIRTIO_CONFIG_DEVICE_STATUS_ACK,
  VIRTIO_CONFIG_DEVICE_STATUS_DRIVER, VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK, VIRTIO_CONFIG_GUEST_FEATURES, VIRTIO_CONFIG_ISR_CONFIG_CHANGE,
  VIRTIO_CONFIG_ISR_STATUS, VIRTIO_CONFIG_QUEUE_ADDRESS, VIRTIO_CONFIG_QUEUE_NOTIFY, VIRTIO_CONFIG_QUEUE_SELECT, VIRTIO_CONFIG_QUEUE_SIZE,
  VIRTIO_F_RING_INDIRECT_DESC, VIRTIO_PAGE_SIZE,
} from './virtio-constants.generated.js';
import type { DmaArena } from './dma-arena.js';
import type { Memory } from './memory.js';
import { DriverVirtqueue, ModelAssertion } from './virtqueue-driver.js';
import { vringLayout } from './vring-layout.js';

/** Register access of the legacy virtio PCI header (BAR 0). */
export interface RegisterBus {
  read(offset: number, width: number): number;
  write(offset: number, width: number, value: number): void;
}

/** The test child's callbacks: what a child driver's vq_done / sc_config_change would see. */
export interface ChildCallbacks {
  vqDone(index: number): void;
  configChange(value: number): void;
  /** A child driver's own sc_config_change (it reads the config itself); replaces configChange. */
  configChanged?(): void;
}

export interface AttachConfig {
  /** Features the child asks for (the parent adds indirect descriptors). */
  features: number;
  /** [maxsegsize, maxnsegs] per virtqueue, allocated in order. */
  vqs: [number, number][];
}

/**
 * The driver side of the virtio transport as the harness exercises it: virtio_attach's status
 * handshake around a child's attach (negotiate features, allocate its queues), the interrupt
 * handler (ISR read; 0x2 -> config change, then every queue's vq_done if it has used entries),
 * device-config reads, and kicks after a commit. Register traffic is the observable result.
 */
export class VirtioDriverModel {
  features = 0;
  indirect = false;
  readonly vqs: DriverVirtqueue[] = [];

  constructor(
    private readonly bus: RegisterBus,
    private readonly mem: Memory,
    private readonly arena: DmaArena,
    private readonly child: ChildCallbacks,
  ) {}

  /** virtio_set_status: status bits accumulate; 0 resets (no read first). */
  setStatus(status: number): void {
    const old = status !== 0 ? this.bus.read(VIRTIO_CONFIG_DEVICE_STATUS, 1) : 0;
    this.bus.write(VIRTIO_CONFIG_DEVICE_STATUS, 1, status | old);
  }

  attach(cfg: AttachConfig): { r: number; child: number; features: number; indirect: number } {
    this.setStatus(0);
    this.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_ACK);
    this.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_DRIVER);
    this.negotiate(cfg.features);
    cfg.vqs.forEach(([, maxnsegs], i) => this.allocVq(i, maxnsegs));
    this.setStatus(VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK);
    return { r: 0, child: 1, features: this.features, indirect: this.indirect ? 1 : 0 };
  }

  /** Device features masked by the child's, plus indirect descriptors unless disabled by flags. */
  negotiate(guest: number): number {
    const r = (this.bus.read(VIRTIO_CONFIG_DEVICE_FEATURES, 4) & (guest | VIRTIO_F_RING_INDIRECT_DESC)) >>> 0;
    this.bus.write(VIRTIO_CONFIG_GUEST_FEATURES, 4, r);
    this.features = r;
    this.indirect = (r & VIRTIO_F_RING_INDIRECT_DESC) !== 0;
    return r;
  }

  allocVq(index: number, maxnsegs: number): DriverVirtqueue {
    this.bus.write(VIRTIO_CONFIG_QUEUE_SELECT, 2, index);
    const num = this.bus.read(VIRTIO_CONFIG_QUEUE_SIZE, 2);
    if (num === 0) throw new ModelAssertion(`virtqueue ${index} does not exist (scenarios attach only existing queues)`);
    const layout = vringLayout(num, maxnsegs, this.indirect);
    const base = this.arena.alloc(layout.bytes, VIRTIO_PAGE_SIZE);
    this.bus.write(VIRTIO_CONFIG_QUEUE_ADDRESS, 4, base / VIRTIO_PAGE_SIZE);
    const vq = new DriverVirtqueue(this.mem, index, base, layout);
    this.vqs[index] = vq;
    return vq;
  }

  vq(index: number): DriverVirtqueue {
    const vq = this.vqs[index];
    if (!vq) throw new ModelAssertion(`no virtqueue ${index}`);
    return vq;
  }

  commit(index: number, slot: number, notify: boolean): number {
    const vq = this.vq(index);
    const { r, kick } = vq.commit(slot, notify);
    if (kick) this.bus.write(VIRTIO_CONFIG_QUEUE_NOTIFY, 2, vq.index);
    return r;
  }

  /** virtio_intr with the child's handlers (sc_config_change, sc_intrhand = virtio_vq_intr). */
  intr(): void {
    const isr = this.bus.read(VIRTIO_CONFIG_ISR_STATUS, 1);
    if (isr === 0) return;
    if (isr & VIRTIO_CONFIG_ISR_CONFIG_CHANGE) {
      if (this.child.configChanged) this.child.configChanged();
      else this.child.configChange(this.readConfig(0, 4));
    }
    this.vqIntr();
  }

  vqIntr(): number {
    let r = 0;
    for (const vq of this.vqs) {
      if (vq.queued) vq.queued = 0;
      if (vq.hasUsed()) {
        this.child.vqDone(vq.index);
        r |= 1;
      }
    }
    return r;
  }

  /** virtio_write_device_config_N; the 8-byte form writes the low word first. */
  writeConfig(index: number, width: number, value: number): void {
    const at = VIRTIO_CONFIG_DEVICE_CONFIG_NOMSI + index;
    if (width !== 8) return this.bus.write(at, width, value);
    this.bus.write(at, 4, value % 2 ** 32);
    this.bus.write(at + 4, 4, Math.floor(value / 2 ** 32));
  }

  readConfig(index: number, width: number): number {
    const at = VIRTIO_CONFIG_DEVICE_CONFIG_NOMSI + index;
    if (width !== 8) return this.bus.read(at, width);
    const hi = this.bus.read(at + 4, 4);
    return hi * 2 ** 32 + this.bus.read(at, 4);
  }
}
