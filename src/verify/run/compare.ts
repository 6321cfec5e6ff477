import { STRUCT_VRING_DESC, STRUCT_VRING_USED_ELEM } from '../model/virtio-constants.generated.js';
import { vringLayout, type VringLayout } from '../model/vring-layout.js';
import type { RunOutcome } from './run-ops.js';
import type { Op, StepRecord, Vector } from './step.js';

export interface Divergence {
  step: number;
  op: Op;
  field: string;
  expected: string;
  actual: string;
  /** C source line behind the field, when the harness knows it (io events, panics). */
  at?: string;
  /** The step's harness events (releases, acquires, syncs), for the report. */
  events: string[];
}

const LIST_FIELDS = ['io', 'cb', 'dev', 'viol'] as const;

/** The first step and field where an implementation's run differs from the vector. */
export function firstDivergence(v: Vector, run: RunOutcome): Divergence | undefined {
  const layouts = ringLayouts(v);
  const expImg = new Map<number, Uint8Array>();
  const actImg = new Map<number, Uint8Array>();
  for (const [i, { op, expect }] of v.steps.entries()) {
    const actual = run.records[i];
    const events = run.trails[i]?.events ?? [];
    const base = { step: i, op, events };
    if (run.failure?.step === i || !actual)
      return { ...base, field: 'outcome', expected: 'the call completes', actual: run.failure?.message ?? 'no record', ...(run.failure?.at ? { at: run.failure.at } : {}) };
    for (const k of new Set([...Object.keys(expect.ret), ...Object.keys(actual.ret)]))
      if (expect.ret[k] !== actual.ret[k]) return { ...base, field: `return value ${k}`, expected: String(expect.ret[k]), actual: String(actual.ret[k]) };
    for (const f of LIST_FIELDS) {
      const e = expect[f];
      const a = actual[f];
      for (let j = 0; j < Math.max(e.length, a.length); j++)
        if (e[j] !== a[j]) {
          const at = f === 'io' ? run.trails[i]?.io[Math.min(j, a.length - 1)] : undefined;
          return { ...base, field: `${f}[${j}]`, expected: e[j] ?? '(nothing)', actual: a[j] ?? '(nothing)', ...(at ? { at } : {}) };
        }
    }
    applyDelta(expImg, expect);
    applyDelta(actImg, actual);
    for (const vq of new Set([...expImg.keys(), ...actImg.keys()])) {
      const e = expImg.get(vq) ?? new Uint8Array(0);
      const a = actImg.get(vq) ?? new Uint8Array(0);
      for (let off = 0; off < Math.max(e.length, a.length); off++)
        if (e[off] !== a[off]) {
          const l = layouts.get(vq);
          return { ...base, field: `vq${vq} ${l ? fieldAt(l, off) : `byte ${off}`}`, expected: bytesAround(e, off), actual: bytesAround(a, off) };
        }
    }
  }
  if (run.records.length > v.steps.length) return { step: v.steps.length, op: v.steps[v.steps.length - 1]!.op, field: 'steps', expected: `${v.steps.length}`, actual: `${run.records.length}`, events: [] };
  return undefined;
}

function applyDelta(images: Map<number, Uint8Array>, r: StepRecord): void {
  for (const [vq, runs] of Object.entries(r.mem)) {
    let img = images.get(Number(vq)) ?? new Uint8Array(0);
    for (const [off, hex] of runs) {
      const b = Buffer.from(hex, 'hex');
      if (off + b.length > img.length) {
        const g = new Uint8Array(off + b.length);
        g.set(img);
        img = g;
      }
      img.set(b, off);
    }
    images.set(Number(vq), img);
  }
}

/** Layout of each queue, from the attach op (maxnsegs), the device (size) and what was negotiated. */
function ringLayouts(v: Vector): Map<number, VringLayout> {
  const out = new Map<number, VringLayout>();
  const attach = v.steps.find((s) => s.op.do === 'attach');
  if (!attach || attach.op.do !== 'attach') return out;
  const sizes = v.device.kind === 'generic' ? v.device.queueSizes : [v.device.queueSize, v.device.queueSize];
  attach.op.vqs.forEach(([, maxnsegs], i) => out.set(i, vringLayout(sizes[i] ?? 0, maxnsegs, attach.expect.ret.indirect === 1)));
  return out;
}

/** The vring field holding byte `off`, e.g. "desc[3].flags" or "used.ring[1].len". */
export function fieldAt(l: VringLayout, off: number): string {
  const descField = (rel: number): string => Object.entries(STRUCT_VRING_DESC.fields).find(([, f]) => rel >= f.offset && rel < f.offset + f.size)?.[0] ?? '?';
  const D = STRUCT_VRING_DESC.size;
  if (off < l.availOffset) return `desc[${Math.floor(off / D)}].${descField(off % D)}`;
  if (off < l.usedOffset) {
    const r = off - l.availOffset;
    return r < 2 ? 'avail.flags' : r < 4 ? 'avail.idx' : r < 4 + 2 * l.num ? `avail.ring[${(r - 4) >> 1}]` : 'avail padding';
  }
  if (l.indirectOffset === 0 || off < l.indirectOffset) {
    const r = off - l.usedOffset;
    const E = STRUCT_VRING_USED_ELEM.size;
    if (r < 4) return r < 2 ? 'used.flags' : 'used.idx';
    if (r < 4 + E * l.num) return `used.ring[${Math.floor((r - 4) / E)}].${(r - 4) % E < 4 ? 'id' : 'len'}`;
    return 'used padding';
  }
  const r = off - l.indirectOffset;
  return `indirect table of slot ${Math.floor(r / (D * l.maxnsegs))}, desc[${Math.floor(r / D) % l.maxnsegs}].${descField(r % D)}`;
}

function bytesAround(b: Uint8Array, off: number): string {
  const from = off - (off % 2);
  return `${Buffer.from(b.subarray(from, from + 8)).toString('hex') || '(none)'} at byte ${off}`;
}
