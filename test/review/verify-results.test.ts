import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outcome, readVerifyResults } from '../../src/review/verify-results.js';
import { cleanupTemps, tempDir } from '../cli/run-cli.js';

function dest(content: string | undefined): string {
  const d = tempDir('pv-verify-');
  if (content !== undefined) {
    mkdirSync(join(d, '.port-virtio'));
    writeFileSync(join(d, '.port-virtio/verify.json'), content);
  }
  return d;
}

describe('verify results in the tree', () => {
  afterAll(cleanupTemps);

  it('are absent when verify has not run', () => {
    expect(readVerifyResults(dest(undefined))).toBeUndefined();
  });

  it('are read from a list, from checks/results, and from per-module lists', () => {
    const flat = readVerifyResults(dest(JSON.stringify([{ name: 'a', status: 'pass', module: 'net' }])));
    expect(flat).toMatchObject({ checks: [{ name: 'a', status: 'pass', module: 'net' }] });
    const results = readVerifyResults(dest(JSON.stringify({ schemaVersion: 1, results: [{ id: 'b', passed: false, detail: 'why', file: 'net/if_vioif.c', line: 9 }] })));
    expect(results).toMatchObject({ checks: [{ name: 'b', status: 'fail', message: 'why', file: 'net/if_vioif.c', line: 9 }] });
    const modules = readVerifyResults(dest(JSON.stringify({ modules: [{ module: 'blk', checks: [{ check: 'c', ok: true }] }] })));
    expect(modules).toMatchObject({ checks: [{ name: 'c', status: 'pass', module: 'blk' }] });
  });

  it('report a file they cannot read instead of failing the page', () => {
    expect(readVerifyResults(dest('{not json'))).toMatchObject({ error: expect.stringMatching(/JSON/) });
    expect(readVerifyResults(dest('{"summary": 3}'))).toMatchObject({ error: expect.stringMatching(/no list of checks/) });
  });

  it('count anything that is not clearly a pass or a skip as a failure', () => {
    expect(['pass', 'OK', 'skipped', 'fail', 'error', 'weird'].map(outcome)).toEqual(['pass', 'pass', 'skip', 'fail', 'fail', 'fail']);
  });
});
