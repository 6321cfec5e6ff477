import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { VerifyResult } from './verify.js';

/** Where `port-virtio review` looks for verify's results in an output tree (src/review/verify-results.ts). */
export const VERIFY_RECORD = 'sys/dev/virtio/.port-virtio/verify.json';

/**
 * One check per vector: pass, or fail with the first divergence (and, for the translated code,
 * the emitted line it points at, relative to sys/dev/virtio/).
 */
export function recordResults(outRoot: string, r: VerifyResult): string {
  const checks = r.vectors.map((v) => {
    const f = v.failures[0];
    const at = f?.impl === 'translated' ? /^([\w.-]+):(\d+)$/.exec(f.divergence?.at ?? '') : null;
    const message = f ? `${f.impl}: ${f.divergence ? `step ${f.divergence.step}, ${f.divergence.field}: expected ${f.divergence.expected}, got ${f.divergence.actual}` : f.problems.join('; ')}` : undefined;
    return { module: 'virtio', name: `${v.scenario} / ${v.vector}`, status: f ? 'fail' : 'pass', ...(message ? { message } : {}), ...(at ? { file: `virtio/${at[1]}`, line: Number(at[2]) } : {}) };
  });
  const path = join(outRoot, VERIFY_RECORD);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ checks }, null, 2)}\n`);
  return path;
}
