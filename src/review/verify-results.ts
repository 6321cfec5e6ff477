import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Results of `port-virtio verify`, when a run left them in the tree (`.port-virtio/verify.json`).
 * `verify` is built separately, so this reader accepts the plain shapes such a file can take:
 * a list of checks, `{ checks | results: [...] }`, or `{ modules: [{ module, checks | results }] }`,
 * each check with a name (`name`/`id`/`check`), an outcome (`status`/`result`, or `ok`/`passed`)
 * and optionally `module`, `message`, `file` (relative to sys/dev/virtio/) and `line`.
 */
export const VERIFY_RESULTS = '.port-virtio/verify.json';

export interface VerifyCheck {
  module?: string;
  name: string;
  status: string;
  message?: string;
  file?: string;
  line?: number;
}

export type VerifyResults = { path: string; checks: VerifyCheck[] } | { path: string; error: string };

export function readVerifyResults(dest: string): VerifyResults | undefined {
  const path = join(dest, VERIFY_RESULTS);
  if (!existsSync(path)) return undefined;
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    const checks = collect(data, undefined);
    if (!checks) return { path, error: 'no list of checks found (expected checks, results or modules)' };
    return { path, checks };
  } catch (e) {
    return { path, error: (e as Error).message };
  }
}

function collect(data: unknown, module: string | undefined): VerifyCheck[] | undefined {
  if (Array.isArray(data)) return data.map((c) => check(c, module));
  if (typeof data !== 'object' || data === null) return undefined;
  const o = data as Record<string, unknown>;
  const list = o.checks ?? o.results;
  if (Array.isArray(list)) return list.map((c) => check(c, str(o.module) ?? module));
  if (Array.isArray(o.modules)) return o.modules.flatMap((m) => collect(m, str((m as Record<string, unknown>)?.module)) ?? []);
  return undefined;
}

function check(c: unknown, module: string | undefined): VerifyCheck {
  const o = (typeof c === 'object' && c !== null ? c : { name: String(c) }) as Record<string, unknown>;
  const flag = typeof o.ok === 'boolean' ? o.ok : typeof o.passed === 'boolean' ? o.passed : undefined;
  const status = str(o.status) ?? str(o.result) ?? (flag === undefined ? 'unknown' : flag ? 'pass' : 'fail');
  const out: VerifyCheck = { name: str(o.name) ?? str(o.id) ?? str(o.check) ?? '(unnamed check)', status };
  const mod = str(o.module) ?? module;
  if (mod) out.module = mod;
  const message = str(o.message) ?? str(o.detail) ?? str(o.details);
  if (message) out.message = message;
  if (str(o.file)) out.file = str(o.file)!;
  if (typeof o.line === 'number') out.line = o.line;
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** pass / fail / other, for colouring: anything that is not clearly a pass or a skip counts as a failure. */
export function outcome(status: string): 'pass' | 'fail' | 'skip' {
  const s = status.toLowerCase();
  if (['pass', 'passed', 'ok', 'success'].includes(s)) return 'pass';
  if (['skip', 'skipped', 'n/a'].includes(s)) return 'skip';
  return 'fail';
}
