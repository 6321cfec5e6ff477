import { DmaArena } from '../model/dma-arena.js';
import { SparseMemory, fromHex, toHex } from '../model/memory.js';
import { VirtioDriverModel } from '../model/virtio-driver.js';
import type { ExecBackend, Ret, RunContext } from './exec-backend.js';
import type { Op } from './step.js';
import { modelRings } from './model-rings.js';

/**
 * The reference: the TypeScript model of the driver side, sharing one memory with the device model
 * (its stores are visible at once, the behaviour correct barriers guarantee). A concurrent device
 * action runs before the call, where the C harness runs it: at the call's first event, before the
 * call has published anything.
 */
export class ModelBackend implements ExecBackend {
  readonly name = 'model';
  readonly deviceMemory = new SparseMemory();
  private readonly arena = new DmaArena();
  private driver: VirtioDriverModel | undefined;

  async exec(op: Exclude<Op, { do: 'device' }>, ctx: RunContext): Promise<Ret> {
    const d = (): VirtioDriverModel => {
      if (!this.driver) throw new Error('attach first');
      return this.driver;
    };
    switch (op.do) {
      case 'attach':
        this.driver = new VirtioDriverModel(ctx.bus, this.deviceMemory, this.arena, {
          vqDone: (i) => ctx.rec.callback('vq_done', i, 0),
          configChange: (v) => ctx.rec.callback('config_change', 0, v),
        });
        return this.driver.attach(op);
      case 'prep':
        return d().vq(op.vq).prep();
      case 'reserve':
        return { r: d().vq(op.vq).reserve(op.slot, op.nsegs) };
      case 'enqueue':
        return { r: d().vq(op.vq).enqueue(op.slot, op.segs.map(([addr, len]) => ({ addr, len })), op.write) };
      case 'enqueue_p': {
        const [addr, len] = op.segs[0]!;
        return { r: d().vq(op.vq).enqueueP(op.slot, { addr, len }, op.start, op.len, op.write) };
      }
      case 'commit':
        if (op.concurrent) ctx.concurrent(op.concurrent);
        return { r: d().commit(op.vq, op.slot, op.notify) };
      case 'abort':
        return { r: d().vq(op.vq).abort(op.slot) };
      case 'dequeue':
        return d().vq(op.vq).dequeue();
      case 'dequeue_commit':
        return { r: d().vq(op.vq).dequeueCommit(op.slot) };
      case 'stop_intr':
      case 'start_intr':
        d().vq(op.vq).setInterrupts(op.do === 'start_intr');
        return {};
      case 'vq_intr':
        if (op.concurrent) ctx.concurrent(op.concurrent);
        return { r: d().vqIntr() };
      case 'read_config':
        return { v: d().readConfig(op.index, op.width) };
      case 'write_config':
        d().writeConfig(op.index, op.width, op.value);
        return {};
      case 'set_idx':
        d().vq(op.vq).setIndices(op.idx);
        return {};
      case 'alloc_buf':
        return { addr: this.arena.alloc(op.len, 16) };
      case 'write_buf':
        this.deviceMemory.write(op.addr, fromHex(op.hex));
        return {};
      case 'read_buf':
        return { hex: toHex(this.deviceMemory.read(op.addr, op.len)) };
      default:
        throw new Error(`the virtqueue model has no operation '${op.do}' (a driver scenario's: see Scenario.modelBackend)`);
    }
  }

  async interrupt(): Promise<boolean> {
    if (!this.driver) return false;
    this.driver.intr();
    return true;
  }

  async rings(): Promise<Map<number, Uint8Array>> {
    return modelRings(this.driver?.vqs, this.deviceMemory);
  }

  async close(): Promise<void> {}
}
