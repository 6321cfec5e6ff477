import { SparseMemory, toHex, type Memory } from '../model/memory.js';

/**
 * The device model's view of guest memory when the driver is a harness process: driver stores
 * arrive only through the harness's release events; the device's own stores are kept in an
 * outbox and travel to the harness with the next reply or command.
 */
export class DeviceView implements Memory {
  private readonly data = new SparseMemory();
  private outbox: [number, string][] = [];

  read(addr: number, len: number): Uint8Array {
    return this.data.read(addr, len);
  }

  write(addr: number, bytes: Uint8Array): void {
    this.data.write(addr, bytes);
    this.outbox.push([addr, toHex(bytes)]);
  }

  /** Driver stores the harness published (a release diff). */
  publish(addr: number, bytes: Uint8Array): void {
    this.data.write(addr, bytes);
  }

  get pending(): boolean {
    return this.outbox.length > 0;
  }

  drain(): [number, string][] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }
}
