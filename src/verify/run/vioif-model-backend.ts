import { DmaArena } from '../model/dma-arena.js';
import { SparseMemory, fromHex } from '../model/memory.js';
import { VioifTxModel } from '../model/vioif-tx.js';
import { VirtioDriverModel } from '../model/virtio-driver.js';
import type { ExecBackend, Ret, RunContext } from './exec-backend.js';
import type { Op } from './step.js';
import { modelRings } from './model-rings.js';

/**
 * The reference for the net driver scenarios: VioifTxModel over the virtqueue model, sharing one
 * memory with the device model. A scheduled start runs after each entry (a call or an interrupt)
 * returns, where the harness fixture runs it.
 */
export class VioifModelBackend implements ExecBackend {
  readonly name = 'model';
  readonly deviceMemory = new SparseMemory();
  private readonly arena = new DmaArena();
  private virtio: VirtioDriverModel | undefined;
  private net: VioifTxModel | undefined;

  async exec(op: Exclude<Op, { do: 'device' }>, ctx: RunContext): Promise<Ret> {
    if (op.do === 'net_attach') {
      let net: VioifTxModel | undefined;
      this.virtio = new VirtioDriverModel(ctx.bus, this.deviceMemory, this.arena, {
        vqDone: (i) => net?.vqDone(i),
        configChange: (v) => ctx.rec.callback('config_change', 0, v),
      });
      net = this.net = new VioifTxModel(this.virtio, this.deviceMemory, this.arena, { callback: (fn, arg) => ctx.rec.callback(fn, arg, 0) });
      return net.attach();
    }
    const net = this.net;
    if (!net) throw new Error('net_attach first');
    if (op.do === 'net_send') {
      if (op.concurrent) ctx.concurrent(op.concurrent);
      net.send(op.frames.map(fromHex));
    } else if (op.do === 'net_tick') net.tick();
    else throw new Error(`the net driver model has no operation '${op.do}'`);
    const state = net.state();
    net.runScheduled();
    return state;
  }

  async interrupt(): Promise<boolean> {
    if (!this.virtio) return false;
    this.virtio.intr();
    this.net?.runScheduled();
    return true;
  }

  async rings(): Promise<Map<number, Uint8Array>> {
    return modelRings(this.virtio?.vqs, this.deviceMemory);
  }

  async close(): Promise<void> {}
}
