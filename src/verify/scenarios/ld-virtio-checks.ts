import { BUF_CMD_FLUSH, BUF_CMD_READ, BUF_CMD_WRITE } from '../model/ld-bioq.js';
import { fromHex, toHex } from '../model/memory.js';
import type { Op, StepRecord } from '../run/step.js';
import type { RunStep } from './scenario.js';

const [EIO, ENXIO, EBUSY] = [5, 6, 16];
const SECTOR = 512;

/** Bio ids a step completed (the shim's biodone callbacks). */
export function completedIds(rec: StepRecord): number[] {
  return rec.cb.filter((c) => c.startsWith('biodone ')).map((c) => Number(c.slice(8)));
}

function call(op: Op, name: string): Extract<Op, { do: 'driver' }> | undefined {
  return op.do === 'driver' && op.call === name ? op : undefined;
}

interface BioInfo {
  cmd: number;
  offset: number;
  len: number;
  addr: number;
  /** The device's status byte for it, once it executed it. */
  status?: number;
  expect?: string;
  completions: number;
}

/**
 * ld-strategy's properties, on any implementation's records: each bio completes once; the device
 * executes a read, write or flush as the bio says (IN/OUT/FLUSH, sector, length); a device status other than OK
 * completes the bio with EIO, B_ERROR and b_resid = b_bcount, OK with no error; a successful read
 * returns what the device last stored there (the store is shadowed from successful OUTs in device
 * order, after the scenario has written the whole disk).
 */
export function checkLdStrategy(steps: readonly RunStep[]): string[] {
  const out: string[] = [];
  const bios = new Map<number, BioInfo>();
  const store = new Map<number, string>(); // byte offset of a sector -> its hex
  const written = new Map<number, string>(); // a write's buffer -> its data
  for (const [i, { op, record }] of steps.entries()) {
    if (op.do === 'write_buf') written.set(op.addr, op.hex);
    const s = call(op, 'ld_strategy');
    if (s) {
      const b: BioInfo = { cmd: s.args.cmd!, offset: s.args.offset!, len: s.args.len!, addr: s.args.addr ?? 0, completions: 0 };
      const hex = s.args.cmd === BUF_CMD_WRITE ? written.get(b.addr) : undefined;
      bios.set(s.args.id!, hex === undefined ? b : { ...b, expect: hex });
    }
    // device executions and the completions they cause, zipped in used-ring order
    const execs = record.dev.flatMap((e) => {
      const m = /^blk (\w+) id=\d+ sector=(\d+) bytes=(\d+) status=(\d+)/.exec(e);
      return m ? [{ type: m[1]!, sector: Number(m[2]), bytes: Number(m[3]), status: Number(m[4]) }] : [];
    });
    const toDevice = (b: BioInfo | undefined): boolean => b?.cmd === BUF_CMD_FLUSH || ([BUF_CMD_READ, BUF_CMD_WRITE].includes(b?.cmd ?? -1) && (b?.len ?? 0) > 0 && b!.len % SECTOR === 0);
    const devBios = completedIds(record).filter((id) => toDevice(bios.get(id)));
    if (op.do === 'device' && devBios.length !== execs.length) out.push(`step ${i}: the device completed ${execs.length} requests, ${devBios.length} bios were done`);
    execs.forEach((x, k) => {
      const id = devBios[k];
      const b = id === undefined ? undefined : bios.get(id);
      if (!b) return;
      const type = b.cmd === BUF_CMD_READ ? 'IN' : b.cmd === BUF_CMD_FLUSH ? 'FLUSH' : 'OUT';
      if (x.type !== type || x.sector !== b.offset / SECTOR || x.bytes !== b.len) out.push(`step ${i}: bio ${id} (${type} sector ${b.offset / SECTOR}, ${b.len} bytes) reached the device as ${x.type} sector ${x.sector}, ${x.bytes} bytes`);
      b.status = x.status;
      if (x.status !== 0) return;
      const data = b.expect !== undefined ? fromHex(b.expect) : undefined;
      for (let off = 0; off < b.len; off += SECTOR) {
        if (b.cmd === BUF_CMD_WRITE && data) store.set(b.offset + off, toHex(data.subarray(off, off + SECTOR)));
        if (b.cmd === BUF_CMD_READ) b.expect = (off === 0 ? '' : b.expect) + (store.get(b.offset + off) ?? '?'.repeat(2 * SECTOR));
      }
    });
    for (const id of completedIds(record)) {
      const b = bios.get(id);
      if (b && ++b.completions > 1) out.push(`step ${i}: bio ${id} completed twice`);
    }
    const q = call(op, 'ld_bio');
    if (q) {
      const b = bios.get(q.args.id!)!;
      const r = record.ret;
      const bad = b.status !== undefined && b.status !== 0;
      if (r.done !== 1) out.push(`step ${i}: bio ${q.args.id} reported but not done`);
      if (bad && (r.error !== EIO || r.berror !== 1 || r.resid !== b.len)) out.push(`step ${i}: bio ${q.args.id} failed on the device (status ${b.status}) but completed with error ${r.error}, B_ERROR ${r.berror}, resid ${r.resid}`);
      if (b.status === 0 && (r.error !== 0 || r.berror !== 0 || r.resid !== 0)) out.push(`step ${i}: bio ${q.args.id} succeeded on the device but completed with error ${r.error}, resid ${r.resid}`);
      if (b.status === undefined && b.len > 0 && b.cmd !== BUF_CMD_FLUSH && (b.len % SECTOR !== 0) !== (r.error === 22)) out.push(`step ${i}: bio ${q.args.id} of ${b.len} bytes completed with error ${r.error} without the device`);
    }
    if (op.do === 'read_buf') {
      const b = [...bios.values()].find((x) => x.addr === op.addr && x.cmd === BUF_CMD_READ);
      if (b?.expect !== undefined && b.expect.includes('?')) out.push(`step ${i}: a read of a sector never written`);
      else if (b && record.ret.hex !== b.expect) out.push(`step ${i}: read of sector ${b.offset / SECTOR} returned other data than the device stored`);
    }
  }
  for (const [id, b] of bios) if (b.completions !== 1) out.push(`bio ${id} completed ${b.completions} times`);
  if (![...bios.values()].some((b) => b.status !== undefined && b.status !== 0)) out.push('no bio failed on the device');
  return out;
}

/**
 * ld-detach's properties: detach while open returns EBUSY and changes nothing (no register access,
 * no callback, the same state); the successful detach resets the device and frees the queue (its
 * register writes), drained what was in flight, failed what was queued with ENXIO, removed devstat
 * and then the disk after everything else (probe 15), and left no DMA tag or map behind.
 */
export function checkLdDetach(steps: readonly RunStep[]): string[] {
  const out: string[] = [];
  let prev: StepRecord['ret'] = {};
  let queued = 0;
  let detached = false;
  for (const [i, { op, record }] of steps.entries()) {
    const r = record.ret;
    if (call(op, 'ld_detach') && !detached) {
      const open = Number(prev.opencnt) > 0;
      if (open) {
        const same = ['inflight', 'queued', 'opencnt', 'detaching', 'cdev', 'live'].every((k) => r[k] === prev[k]);
        if (r.r !== EBUSY || r.detaching !== 0 || r.cdev !== 1 || !same || record.io.length > 0 || record.cb.length > 0)
          out.push(`step ${i}: detach while open: r=${r.r}, detaching ${r.detaching}, cdev ${r.cdev}, ${record.io.length} register accesses, callbacks [${record.cb.join(', ')}]`);
      } else {
        detached = r.r === 0;
        queued = Number(prev.queued);
        const failed = record.cb.filter((c) => c.startsWith('devstat_end')).length;
        if (r.r !== 0 || r.attached !== 0 || r.live !== 0) out.push(`step ${i}: detach of the closed disk: r=${r.r}, attached ${r.attached}, ${r.live} DMA tags/maps left`);
        if (Number(prev.inflight) > 0 && !record.cb.includes('zsleep 100')) out.push(`step ${i}: detach did not wait for ${prev.inflight} requests in flight`);
        if (failed !== Number(prev.inflight) + queued) out.push(`step ${i}: ${failed} bios ended, ${prev.inflight} in flight and ${queued} queued`);
        const tail = record.cb.slice(-2).join(', ');
        if (tail !== 'devstat_remove 15, disk_destroy 15') out.push(`step ${i}: teardown ended with [${tail}], not devstat_remove then disk_destroy after the reset, the queue and maps freed and the bio queue emptied (probe 15)`);
        if (!record.io.includes('w1 18=0x0') || !record.io.includes('w4 8=0x0')) out.push(`step ${i}: detach did not reset the device and release the queue`);
      }
    }
    if (call(op, 'ld_bio') && detached && record.ret.error !== 0 && record.ret.error !== ENXIO) out.push(`step ${i}: a queued bio failed with ${record.ret.error}, not ENXIO`);
    if (op.do === 'driver' && op.call !== 'ld_bio') prev = r;
  }
  if (!detached) out.push('the disk was never detached');
  if (queued === 0 && steps.some((s) => s.record.ret.maxinflight === 4)) out.push('detach found no queued bio to fail');
  return out;
}
