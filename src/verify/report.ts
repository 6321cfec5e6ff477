import { basename } from 'node:path';
import { MODULE_SYMBOL_PREFIX } from '../transform/module-symbol-prefix.js';
import { OP_FUNCTION, type Op } from './run/step.js';
import type { TranslatedModule } from './harness/translated-virtio.js';
import type { Divergence } from './run/compare.js';
import type { Implementation, VerifyResult } from './verify.js';

export interface Counts {
  passed: number;
  failed: number;
}

export function countResults(r: VerifyResult): { total: Counts; perScenario: Map<string, Counts> } {
  const total = { passed: 0, failed: 0 };
  const perScenario = new Map<string, Counts>();
  for (const v of r.vectors) {
    const c = perScenario.get(v.scenario) ?? { passed: 0, failed: 0 };
    const key = v.failures.length === 0 ? 'passed' : 'failed';
    c[key]++;
    total[key]++;
    perScenario.set(v.scenario, c);
  }
  return { total, perScenario };
}

/** "virtio.c:977 (NetBSD virtio.c:926, rules dma/membar)" for a translated line; as is for the original. */
export function describeAt(at: string, impl: Implementation, t: TranslatedModule): string {
  const m = /^([\w.-]+):(\d+)$/.exec(at);
  if (!m || impl !== 'translated') return impl === 'original' && m ? `NetBSD ${at}` : at;
  const file = t.files.find((f) => basename(f.path) === m[1]);
  const origin = file?.origins[Number(m[2]) - 1];
  if (!origin) return `DragonFly ${at}`;
  const rules = origin.ruleIds.length > 0 ? `, rules ${origin.ruleIds.join(' ')}` : '';
  return `DragonFly ${at} (${origin.kind}, from NetBSD ${basename(file!.path)}:${origin.srcLine}${rules})`;
}

/**
 * Where a C function starts in the translated file: a divergence in ring memory names the call's
 * code. The API's functions are emitted with link/module-symbol-prefix's prefix.
 */
function functionLine(fn: string, t: TranslatedModule): string | undefined {
  const file = t.files.find((f) => basename(f.path) === 'virtio.c');
  const lines = file?.output.text.split('\n') ?? [];
  const i = lines.findIndex((l) => l.startsWith(`${fn}(`) || l.startsWith(`${MODULE_SYMBOL_PREFIX}${fn}(`));
  return i >= 0 ? `virtio.c:${i + 1}` : undefined;
}

function opText(op: Op): string {
  const { do: what, ...args } = op;
  const text = JSON.stringify(args);
  return `${what} ${text.length > 120 ? `${text.slice(0, 117)}...` : text}`;
}

export function formatDivergence(vector: string, impl: Implementation, d: Divergence, t: TranslatedModule): string[] {
  const out = [`FAIL ${vector} (${impl}): step ${d.step} ${opText(d.op)}`, `  ${d.field}: expected ${d.expected}, got ${d.actual}`];
  if (d.at) out.push(`  at ${describeAt(d.at, impl, t)}`);
  const fn = OP_FUNCTION[d.op.do];
  if (!d.at && fn && impl !== 'model') {
    const where = impl === 'translated' ? functionLine(fn, t) : undefined;
    out.push(`  in ${fn}${where ? ` (${describeAt(where, impl, t)})` : ''}`);
  }
  const releases = d.events.filter((e) => /^(release|acquire|device runs)/.test(e) && !/^release \(settle\).*: 0 bytes/.test(e));
  if (releases.length > 0) out.push('  memory events in this step:', ...releases.slice(0, 12).map((e) => `    ${e.replace(/at ([\w.-]+:\d+)/, (_, at: string) => `at ${describeAt(at, impl, t)}`)}`));
  return out;
}
