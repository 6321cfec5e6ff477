import { readFileSync, utimesSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './run-cli.js';
// @ts-expect-error: plain JavaScript launcher module, no types
import { isFresh } from '../../bin/cli-bundle.mjs';

const stamp = join(root, 'node_modules/.cache/port-virtio/inputs.json');

describe('the CLI bundle (bin/cli-bundle.mjs)', () => {
  it('is built from src/ on first use, with the worker beside the CLI, and rebuilt when a source file changes', async () => {
    expect((await runCli(['rules'])).code).toBe(0);
    const { dir, inputs } = JSON.parse(readFileSync(stamp, 'utf8')) as { dir: string; inputs: Record<string, unknown> };
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['src/cli/main.ts', 'src/batch/worker.ts', 'src/translate/translate-file.ts']));
    for (const f of ['cli.mjs', 'worker.cjs']) expect(existsSync(join(root, 'node_modules/.cache/port-virtio', dir, f))).toBe(true);
    expect(isFresh()).toBe(true);
    const touched = join(root, 'src/translate/same-parse.ts');
    const later = new Date(Date.now() + 1000);
    utimesSync(touched, later, later);
    expect(isFresh()).toBe(false);
    expect((await runCli(['rules'])).code).toBe(0);
    expect(isFresh()).toBe(true);
  });

  it('gives the same results as running src/ through tsx', async () => {
    const [bundled, tsx] = await Promise.all([runCli(['rules']), runCli(['rules'], { PORT_VIRTIO_NO_BUNDLE: '1' })]);
    expect(bundled.code).toBe(0);
    expect(tsx.stdout).toBe(bundled.stdout);
  });
});
