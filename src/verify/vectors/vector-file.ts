import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../cli/project.js';
import { emptyRecord, type StepRecord, type Vector } from '../run/step.js';

export const VECTORS_DIR = join(PROJECT_ROOT, 'test/vectors');

/** One step per line, empty observations left out: small files and readable diffs. */
export function serializeVector(v: Vector): string {
  const steps = v.steps.map((s) => JSON.stringify({ op: s.op, expect: compact(s.expect) }));
  const head = JSON.stringify({ schema: v.schema, name: v.name, scenario: v.scenario, seed: v.seed, device: v.device });
  return `${head.slice(0, -1)},"steps":[\n${steps.join(',\n')}\n]}\n`;
}

function compact(r: StepRecord): Partial<StepRecord> {
  const out: Partial<StepRecord> = {};
  for (const [k, v] of Object.entries(r) as [keyof StepRecord, unknown][])
    if (Array.isArray(v) ? v.length > 0 : Object.keys(v as object).length > 0) (out as Record<string, unknown>)[k] = v;
  return out;
}

export function parseVector(text: string): Vector {
  const v = JSON.parse(text) as Vector;
  if (v.schema !== 1) throw new Error(`vector ${v.name}: unknown schema ${String(v.schema)}`);
  for (const s of v.steps) s.expect = { ...emptyRecord(), ...s.expect };
  return v;
}

export function readVectors(dir = VECTORS_DIR): Vector[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseVector(readFileSync(join(dir, f), 'utf8')));
}
