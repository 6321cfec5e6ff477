import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readVerifyResults } from '../../src/review/verify-results.js';
import { readVectors } from '../../src/verify/vectors/vector-file.js';

async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('port-virtio verify', () => {
  it('passes every vector three ways (model, translated C, original NetBSD C) and says so', async () => {
    const n = readVectors().length;
    const r = await runCli(['verify', '--device', 'model']);
    expect(r.err).not.toMatch(/^FAIL/m);
    expect(r.out).toMatch(new RegExp(`^${n} vectors passed, 0 failed$`, 'm'));
    expect(r.out).toMatch(/^ {2}wrap-around: \d+ passed, 0 failed$/m);
    expect(r.code).toBe(0);
  }, 120_000);

  it('--driver net runs the net scenarios only, --out records them for review; an unknown mutant is a usage error', async () => {
    const core = readVectors().filter((v) => v.scenario === 'net-tx-no-notify').length;
    const driver = readVectors().filter((v) => v.scenario === 'vioif-tx').length;
    const net = core + driver;
    const out = mkdtempSync(join(tmpdir(), 'pv-verify-'));
    const r = await runCli(['verify', '--driver', 'net', '--device', 'model', '--out', out]);
    expect(r.out.split('\n').filter(Boolean)).toEqual([`  net-tx-no-notify: ${core} passed, 0 failed`, `  vioif-tx: ${driver} passed, 0 failed`, `${net} vectors passed, 0 failed`]);
    const recorded = readVerifyResults(join(out, 'sys/dev/virtio'));
    expect(recorded && 'checks' in recorded ? recorded.checks.map((c) => c.status) : recorded).toEqual(Array(net).fill('pass'));
    expect((await runCli(['verify', '--mutant', 'nope'])).code).toBe(2);
  }, 120_000);
});
