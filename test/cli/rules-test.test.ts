import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './run-cli.js';

describe('port-virtio rules --test', () => {
  it('passes on the product rule set', async () => {
    const r = await runCli(['rules', '--test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed$/m);
  });

  it('names the failing example of a rule, with its file and line, and exits 1', async () => {
    const r = await runCli(['rules', '--test', '--rules-dir', join(root, 'test/fixtures/rules-failing')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/wrong-example\.yml:1:1: error: PV2003: example 'expects the wrong call' fails: output differs from after \(missing\) \[lock\/wrong-example\]/);
    expect(r.stdout).toMatch(/^1 passed, 1 failed$/m);
  });
});
