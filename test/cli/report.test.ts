import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTemps, runCli, tempDir } from './run-cli.js';

afterAll(cleanupTemps);

describe('--report JSON', () => {
  it('has a schemaVersion and is byte-identical across runs and output folders', async () => {
    const dir = tempDir('pv-report-');
    const a = await runCli(['--driver', 'virtio', '--out', join(dir, 'a'), '--report', join(dir, 'a.json')]);
    const b = await runCli(['--driver', 'virtio', '--out', join(dir, 'b'), '--report', join(dir, 'b.json')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const text = readFileSync(join(dir, 'a.json'), 'utf8');
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(text);
    const report = JSON.parse(text) as { schemaVersion: number; modules: { module: string; files: { rules: { id: string; count: number; locations: string[] }[] }[] }[] };
    expect(report.schemaVersion).toBe(1);
    const rules = report.modules[0]!.files[0]!.rules;
    expect(rules.find((r) => r.id === 'autoconf/cfattach-to-newbus')!.locations[0]).toMatch(/^sys\/dev\/pci\/virtio\.c:\d+:\d+$/);
    expect(a.stderr).toMatch(/^run: \d+ ms, peak RSS \d+ MiB$/m); // cost is printed, not recorded
  });
});
