import { DmaArena } from '../model/dma-arena.js';
import { SparseMemory } from '../model/memory.js';
import { ViombModel } from '../model/viomb-model.js';
import type { ExecBackend, Ret, RunContext } from './exec-backend.js';
import type { Op } from './step.js';
import { modelRings, needArg } from './model-rings.js';

/**
 * The reference for the balloon driver scenarios: ViombModel (the driver, the kthread scheduler
 * and the VM page pool as the harness fixture has them) over the virtqueue model, sharing one
 * memory with the device model. Its ops are the fixture's `driver` calls: viomb_attach (the
 * parent attaches and probes), sched (the kernel threads run for `ticks`), viomb_detach.
 */
export class ViombModelBackend implements ExecBackend {
  readonly name = 'model';
  readonly deviceMemory = new SparseMemory();
  private readonly arena = new DmaArena();
  private viomb: ViombModel | undefined;
  private attached = false;

  async exec(op: Exclude<Op, { do: 'device' }>, ctx: RunContext): Promise<Ret> {
    if (op.do !== 'driver') throw new Error(`the balloon driver model has no operation '${op.do}'`);
    if (op.call === 'viomb_attach') {
      this.viomb = new ViombModel(ctx.bus, this.deviceMemory, this.arena, { pages: needArg(op.args, 'pool'), pfn: needArg(op.args, 'pfn') });
      this.viomb.attach();
      this.attached = true;
      return { r: 0, child: 1, ...this.viomb.report(true) };
    }
    const v = this.viomb;
    if (!v) throw new Error('viomb_attach first');
    if (op.call === 'sched') {
      v.sched.run(needArg(op.args, 'ticks'));
      return v.report(this.attached);
    }
    if (op.call === 'viomb_detach') {
      const r = v.detach();
      this.attached = r !== 0;
      return { r, ...v.report(this.attached) };
    }
    throw new Error(`the balloon driver model has no call '${op.call}'`);
  }

  async interrupt(): Promise<boolean> {
    if (!this.viomb || !this.attached) return false;
    this.viomb.core.intr();
    return true;
  }

  async rings(): Promise<Map<number, Uint8Array>> {
    return modelRings(this.viomb?.core.vqs, this.deviceMemory);
  }

  async close(): Promise<void> {}
}
