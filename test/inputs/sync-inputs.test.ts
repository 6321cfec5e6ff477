import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/input-error.js';
import { loadManifest } from '../../src/inputs/manifest.js';
import { inTree, netbsdCodeDirFor } from '../../src/inputs/paths.js';
import { syncInputs } from '../../src/inputs/sync-inputs.js';
import { copyOfCorpus, corpusDir, realManifestPath, tempProjectRoot } from './helpers.js';

/** Every file under dir, relative, sorted (to see that no temp files were left behind). */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('syncInputs', () => {
  it('copies every manifest file byte-identically, and a second run is a no-op', async () => {
    const root = await tempProjectRoot();
    const manifest = await loadManifest(realManifestPath);

    const first = await syncInputs(root, corpusDir);
    expect(first.files.map((f) => f.action)).toEqual(manifest.files.map(() => 'copied'));
    for (const f of manifest.files) {
      const copy = await readFile(inTree(netbsdCodeDirFor(root), f.path));
      expect(copy.equals(await readFile(inTree(corpusDir, f.path))), f.path).toBe(true);
    }
    expect(await listFiles(netbsdCodeDirFor(root))).toEqual(
      ['manifest.json', ...manifest.files.map((f) => f.path)].sort(),
    );

    const mtimes = await Promise.all(first.files.map(async (f) => (await stat(f.destination)).mtimeMs));
    const second = await syncInputs(root, corpusDir);
    expect(second.files.map((f) => f.action)).toEqual(manifest.files.map(() => 'unchanged'));
    const after = await Promise.all(second.files.map(async (f) => (await stat(f.destination)).mtimeMs));
    expect(after).toEqual(mtimes);
  });

  it('replaces a hand-edited copy with the pinned bytes', async () => {
    const root = await tempProjectRoot();
    await syncInputs(root, corpusDir);
    const edited = inTree(netbsdCodeDirFor(root), 'sys/dev/pci/viomb.c');
    await writeFile(edited, 'edited\n');
    const report = await syncInputs(root, corpusDir);
    expect(report.files.find((f) => f.entry.path === 'sys/dev/pci/viomb.c')?.action).toBe('replaced');
    expect((await readFile(edited)).equals(await readFile(inTree(corpusDir, 'sys/dev/pci/viomb.c')))).toBe(true);
  });

  it('fails on a tampered corpus naming the file and both hashes, and writes nothing', async () => {
    const manifest = await loadManifest(realManifestPath);
    const corpus = await copyOfCorpus(manifest);
    const victim = inTree(corpus, 'sys/dev/pci/virtio.c');
    const bytes = await readFile(victim);
    bytes[1000] = bytes[1000]! ^ 0x01; // one bit of one byte
    await writeFile(victim, bytes);

    const root = await tempProjectRoot();
    const error = await syncInputs(root, corpus).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    const { diagnostics, message } = error as InputError;
    expect(diagnostics).toHaveLength(1);
    const expected = manifest.files.find((f) => f.path === 'sys/dev/pci/virtio.c')!.sha256;
    expect(diagnostics[0]).toMatchObject({ code: 'PV4003', severity: 'error', file: victim });
    expect(message).toContain('sys/dev/pci/virtio.c');
    expect(message).toContain(`expected ${expected}`);
    expect(message).not.toContain(`actual ${expected}`);
    expect(message).toMatch(/actual [0-9a-f]{64}/);
    // Checked before writing: not even the untampered files were copied.
    expect(await listFiles(netbsdCodeDirFor(root))).toEqual(['manifest.json']);
  });

  it('fails naming a file the corpus lacks', async () => {
    const manifest = await loadManifest(realManifestPath);
    const corpus = await copyOfCorpus(manifest);
    const { rm } = await import('node:fs/promises');
    await rm(inTree(corpus, 'sys/dev/ldvar.h'));
    const root = await tempProjectRoot();
    await expect(syncInputs(root, corpus)).rejects.toThrow(
      /ldvar\.h:1:1: error: PV4002: file not found: corpus lacks sys\/dev\/ldvar\.h \(manifest revision 1\.21\)/,
    );
  });
});
