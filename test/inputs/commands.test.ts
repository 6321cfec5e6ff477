import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CommandIO } from '../../src/inputs/command-io.js';
import { loadManifest } from '../../src/inputs/manifest.js';
import { inTree, manifestPathFor } from '../../src/inputs/paths.js';
import { runRefreshManifestCommand } from '../../src/inputs/refresh-manifest-command.js';
import { runSyncInputsCommand } from '../../src/inputs/sync-inputs-command.js';
import { copyOfCorpus, corpusDir, realManifestPath, tempProjectRoot } from './helpers.js';

function capture(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe('runSyncInputsCommand', () => {
  it('prints what it copied and returns 0, then reports everything unchanged', async () => {
    const root = await tempProjectRoot();
    const io = capture();
    expect(await runSyncInputsCommand(['--root', root, '--corpus', corpusDir], io)).toBe(0);
    expect(io.stdout).toContain('copied    sys/dev/pci/virtio.c (rev 1.3)');
    expect(io.stdout.at(-1)).toMatch(/8 files .* 8 copied, 0 replaced, 0 unchanged$/);
    expect(io.stderr).toEqual([]);

    const again = capture();
    expect(await runSyncInputsCommand(['--root', root, '--corpus', corpusDir], again)).toBe(0);
    expect(again.stdout.at(-1)).toMatch(/0 copied, 0 replaced, 8 unchanged$/);
  });

  it('returns 1 and prints the diagnostic for a tampered corpus', async () => {
    const corpus = await copyOfCorpus(await loadManifest(realManifestPath));
    const victim = inTree(corpus, 'sys/dev/pci/virtiovar.h');
    await writeFile(victim, `${await readFile(victim, 'latin1')} `, 'latin1');
    const io = capture();
    expect(await runSyncInputsCommand(['--root', await tempProjectRoot(), '--corpus', corpus], io)).toBe(1);
    expect(io.stderr[0]).toContain(`${victim}:1:1: error: PV4003: SHA-256 mismatch for sys/dev/pci/virtiovar.h`);
    expect(io.stderr.at(-1)).toContain('nothing was copied');
  });

  it('returns 2 on bad usage', async () => {
    const io = capture();
    expect(await runSyncInputsCommand(['--frobnicate'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('usage: port-virtio sync-inputs');
  });
});

describe('runRefreshManifestCommand', () => {
  it('--check passes on the committed manifest', async () => {
    const io = capture();
    expect(await runRefreshManifestCommand(['--root', await tempProjectRoot(), '--corpus', corpusDir, '--check'], io)).toBe(0);
    expect(io.stdout.at(-1)).toContain('is up to date');
  });

  it('rewrites a stale hash and revision, leaving the committed form', async () => {
    const root = await tempProjectRoot();
    const mpath = manifestPathFor(root);
    const original = await readFile(mpath, 'utf8');
    const stale = original.replace('"revision": "1.70"', '"revision": "1.69"').replace(/"[0-9a-f]{64}"/, `"${'0'.repeat(64)}"`);
    await writeFile(mpath, stale);

    const check = capture();
    expect(await runRefreshManifestCommand(['--root', root, '--corpus', corpusDir, '--check'], check)).toBe(1);
    expect(await readFile(mpath, 'utf8')).toBe(stale);

    const io = capture();
    expect(await runRefreshManifestCommand(['--root', root, '--corpus', corpusDir], io)).toBe(0);
    expect(io.stdout).toContain('sys/dev/ld.c: revision 1.69 -> 1.70');
    expect(await readFile(mpath, 'utf8')).toBe(original);
  });
});
