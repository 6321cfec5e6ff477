import { DmaArena } from '../model/dma-arena.js';
import type { Bio } from '../model/ld-bioq.js';
import { LdVirtioModel } from '../model/ld-virtio-model.js';
import { SparseMemory, fromHex, toHex } from '../model/memory.js';
import type { ExecBackend, Ret, RunContext } from './exec-backend.js';
import type { Op } from './step.js';
import { modelRings, needArg } from './model-rings.js';

/**
 * The reference for the block driver scenarios: LdVirtioModel over the virtqueue model, sharing
 * one memory with the device model. Its ops are the fixture's `driver` calls (ld_attach, ld_open,
 * ld_close, ld_strategy, ld_bio, ld_detach; each reports the driver's state as the fixture does)
 * and the test client's buffers (alloc_buf, write_buf, read_buf) that hold the bios' data.
 */
export class LdModelBackend implements ExecBackend {
  readonly name = 'model';
  readonly deviceMemory = new SparseMemory();
  private readonly arena = new DmaArena();
  private ld: LdVirtioModel | undefined;

  async exec(op: Exclude<Op, { do: 'device' }>, ctx: RunContext): Promise<Ret> {
    if (op.do === 'alloc_buf') return { addr: this.arena.alloc(op.len, 16) };
    if (op.do === 'write_buf') {
      this.deviceMemory.write(op.addr, fromHex(op.hex));
      return {};
    }
    if (op.do === 'read_buf') return { hex: toHex(this.deviceMemory.read(op.addr, op.len)) };
    if (op.do !== 'driver') throw new Error(`the block driver model has no operation '${op.do}'`);
    if (op.concurrent) ctx.concurrent(op.concurrent);
    if (op.call === 'ld_attach') {
      this.ld = new LdVirtioModel(ctx.bus, this.deviceMemory, this.arena, { callback: (fn, arg) => ctx.rec.callback(fn, arg, 0) });
      return { ...this.ld.attach(), ...this.ld.report() };
    }
    const ld = this.ld;
    if (!ld) throw new Error(`${op.call}: ld_attach first`);
    const a = op.args;
    let ret: Ret;
    switch (op.call) {
      case 'ld_open':
        ret = { r: ld.open() };
        break;
      case 'ld_close':
        ret = { r: ld.close() };
        break;
      case 'ld_strategy': {
        const bio: Bio = { id: needArg(a, 'id'), cmd: needArg(a, 'cmd'), offset: needArg(a, 'offset'), len: needArg(a, 'len'), addr: a.addr ?? 0, done: false, error: 0, resid: 0, berror: false };
        ret = { r: ld.strategy(bio) };
        break;
      }
      case 'ld_bio': {
        const bio = ld.bios.get(needArg(a, 'id'));
        if (!bio) throw new Error(`no bio ${a.id}`);
        ret = { done: bio.done ? 1 : 0, error: bio.error, berror: bio.berror ? 1 : 0, resid: bio.resid };
        break;
      }
      case 'ld_detach':
        ret = { r: ld.detach() };
        break;
      default:
        throw new Error(`the block driver model has no call '${op.call}'`);
    }
    return { ...ret, ...ld.report() };
  }

  async interrupt(): Promise<boolean> {
    if (!this.ld?.attached) return false;
    this.ld.core.intr();
    return true;
  }

  async rings(): Promise<Map<number, Uint8Array>> {
    return modelRings(this.ld?.core.vqs, this.deviceMemory);
  }

  async close(): Promise<void> {}
}
