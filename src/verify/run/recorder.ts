import type { DeviceTrace } from '../model/device/backend.js';
import type { RegisterBus } from '../model/virtio-driver.js';
import { emptyRecord, type SourceTrail, type StepRecord } from './step.js';

/** Collects one step's observations; the device transport reports into it. */
export class StepRecorder implements DeviceTrace {
  record: StepRecord = emptyRecord();
  trail: SourceTrail = { io: [], events: [] };

  reset(): void {
    this.record = emptyRecord();
    this.trail = { io: [], events: [] };
  }

  event(text: string): void {
    this.record.dev.push(text);
  }

  violation(text: string): void {
    this.record.viol.push(text);
  }

  callback(fn: string, arg: number, value: number): void {
    this.record.cb.push(fn === 'config_change' ? `config_change value=${value}` : `${fn} ${arg}`);
  }
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

/** The transport's registers as the driver sees them, each access recorded (with its C line when known). */
export class TracingBus implements RegisterBus {
  constructor(
    private readonly inner: RegisterBus,
    private readonly rec: StepRecorder,
  ) {}

  read(offset: number, width: number, at = ''): number {
    const v = this.inner.read(offset, width);
    this.rec.record.io.push(`r${width} ${offset}=${hex(v)}`);
    this.rec.trail.io.push(at);
    return v;
  }

  write(offset: number, width: number, value: number, at = ''): void {
    this.rec.record.io.push(`w${width} ${offset}=${hex(value)}`);
    this.rec.trail.io.push(at);
    this.inner.write(offset, width, value);
  }
}
