import type { DeviceAction } from '../model/device/backend.js';
import { ARENA_BUS_BASE, ARENA_SIZE } from '../model/dma-arena.js';
import { fromHex } from '../model/memory.js';
import { DeviceView } from './device-view.js';
import type { ExecBackend, Ret, RunContext } from './exec-backend.js';
import { HarnessFailure, HarnessProcess, type EventHandler, type HarnessEvent } from './harness-process.js';
import type { Op } from './step.js';

/** An implementation compiled into a harness process (the translated or the original C). */
export class CBackend implements ExecBackend {
  readonly deviceMemory = new DeviceView();
  /** The rings as the driver sees them, kept current from the changes every reply carries. */
  private readonly images = new Map<number, Uint8Array>();

  private constructor(
    readonly name: string,
    private readonly proc: HarnessProcess,
  ) {}

  static async start(name: string, binary: string): Promise<CBackend> {
    const { proc, hello } = await HarnessProcess.start(binary);
    if (hello.arena !== ARENA_BUS_BASE || hello.size !== ARENA_SIZE)
      throw new HarnessFailure(`harness arena ${String(hello.arena)}+${String(hello.size)} differs from the model's ${ARENA_BUS_BASE}+${ARENA_SIZE}`);
    return new CBackend(name, proc);
  }

  private handler(ctx: RunContext, concurrent?: DeviceAction): EventHandler {
    const dw = (): [number, string][] => this.deviceMemory.drain();
    return {
      answer: (ev: HarnessEvent): Record<string, unknown> => {
        const at = String(ev.at ?? '');
        if (ev.ev === 'io') {
          const off = Number(ev.off);
          const w = Number(ev.w);
          if (ev.rw === 'r') return { v: ctx.bus.read(off, w, at), dw: dw() };
          ctx.bus.write(off, w, Number(ev.v), at);
          return { dw: dw() };
        }
        ctx.rec.trail.events.push(`device runs concurrently at ${at}`);
        if (concurrent) ctx.concurrent(concurrent);
        return { dw: dw() };
      },
      take: (ev: HarnessEvent): void => {
        if (ev.ev === 'cb') return ctx.rec.callback(String(ev.fn), Number(ev.arg), Number(ev.v));
        if (ev.ev === 'rel') {
          const diff = ev.diff as [number, string][];
          for (const [addr, hex] of diff) this.deviceMemory.publish(addr, fromHex(hex));
          ctx.rec.trail.events.push(`release (${String(ev.what)}) at ${String(ev.at)}: ${diff.reduce((n, [, h]) => n + h.length / 2, 0)} bytes published`);
          return;
        }
        ctx.rec.trail.events.push(`${ev.ev === 'acq' ? 'acquire' : ev.ev} (${String(ev.what ?? ev.msg ?? '')}) at ${String(ev.at)}`);
      },
    };
  }

  async exec(op: Exclude<Op, { do: 'device' }>, ctx: RunContext): Promise<Ret> {
    const { do: cmd, ...args } = op;
    const concurrent = 'concurrent' in op ? op.concurrent : undefined;
    if ('concurrent' in args) delete (args as { concurrent?: unknown }).concurrent;
    const extra = { ...(concurrent ? { inj: 1 } : {}), ...(cmd === 'attach' || cmd === 'net_attach' ? { deviceid: ctx.deviceId } : {}) };
    const reply = await this.request({ cmd, ...args, ...extra }, ctx, concurrent);
    const ret: Ret = {};
    for (const [k, v] of Object.entries(reply)) if (k !== 'ok' && !/^vq\d+$/.test(k) && (typeof v === 'number' || typeof v === 'string')) ret[k] = v;
    return ret;
  }

  private async request(cmd: Record<string, unknown>, ctx: RunContext, concurrent?: DeviceAction): Promise<Record<string, unknown>> {
    const reply = await this.proc.request({ ...cmd, dw: this.deviceMemory.drain() }, this.handler(ctx, concurrent));
    for (const [k, v] of Object.entries(reply)) {
      if (!/^vq\d+$/.test(k)) continue;
      const [size, runs] = v as [number, [number, string][]];
      const vq = Number(k.slice(2));
      let img = this.images.get(vq);
      if (img?.length !== size) this.images.set(vq, (img = new Uint8Array(size)));
      for (const [off, hex] of runs) img.set(fromHex(hex), off);
    }
    return reply;
  }

  async interrupt(ctx: RunContext): Promise<boolean> {
    return (await this.request({ cmd: 'intr' }, ctx)).delivered === 1;
  }

  /** Device stores still in the outbox are delivered first (a 'settle' round trip); otherwise the images are current. */
  async rings(ctx: RunContext): Promise<Map<number, Uint8Array>> {
    if (this.deviceMemory.pending) await this.request({ cmd: 'settle' }, ctx);
    return new Map([...this.images].map(([vq, img]) => [vq, img.slice()]));
  }

  async close(): Promise<void> {
    await this.proc.close();
  }
}
