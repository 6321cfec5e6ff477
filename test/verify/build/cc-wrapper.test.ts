import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TARGET_TRIPLE, writeCcWrapper } from '../../../src/verify/build/cc-wrapper.js';

/** A fake clang that prints one argument per line, so the wrapper's rewriting can be read back. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-wrapper-test-'));
const fakeClang = path.join(dir, 'fake clang');
writeFileSync(fakeClang, '#!/bin/sh\nfor a do echo "$a"; done\n');
chmodSync(fakeClang, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<string[]> {
  const wrapper = await writeCcWrapper(dir, { clang: fakeClang, lld: '/opt/l d/ld.lld-19' });
  return execFileSync(wrapper, args, { encoding: 'utf8' }).trimEnd().split('\n');
}

describe('CC wrapper', () => {
  it('rewrites -I@ to -I./@ and leaves every other flag alone on a compile', async () => {
    const args = ['-O2', '-Wall', '-I.', '-I@', '-I@/../include', '-c', '/src/x y.c'];
    expect(await run(args)).toEqual([`--target=${TARGET_TRIPLE}`, '-O2', '-Wall', '-I.', '-I./@', '-I@/../include', '-c', '/src/x y.c']);
  });

  it('adds --ld-path only when linking', async () => {
    const out = await run(['-nostdlib', '-r', '-Wl,-d', '-o', 'm.ko', 'm.o']);
    expect(out).toEqual([`--target=${TARGET_TRIPLE}`, '--ld-path=/opt/l d/ld.lld-19', '-nostdlib', '-r', '-Wl,-d', '-o', 'm.ko', 'm.o']);
  });

  it('is an executable sh script', async () => {
    const wrapper = await writeCcWrapper(dir, { clang: fakeClang, lld: '/usr/bin/ld.lld-19' });
    expect(readFileSync(wrapper, 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
  });
});
