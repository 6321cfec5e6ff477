import { readFile, rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import { loadManifest } from '../../src/inputs/manifest.js';
import { inTree } from '../../src/inputs/paths.js';
import { verifySourceTree } from '../../src/inputs/verify-source-tree.js';
import { copyOfCorpus, realManifestPath } from './helpers.js';

async function brokenTree() {
  const manifest = await loadManifest(realManifestPath);
  const tree = await copyOfCorpus(manifest);
  await rm(inTree(tree, 'sys/dev/pci/viomb.c'));
  // A plausible "other revision": the $NetBSD$ line says 1.4 and the body differs.
  const vioif = inTree(tree, 'sys/dev/pci/if_vioif.c');
  const text = (await readFile(vioif, 'latin1')).replace('if_vioif.c,v 1.2 ', 'if_vioif.c,v 1.4 ');
  await writeFile(vioif, text, 'latin1');
  return { manifest, tree };
}

describe('verifySourceTree', () => {
  it('finds nothing wrong with an exact copy', async () => {
    const manifest = await loadManifest(realManifestPath);
    const tree = await copyOfCorpus(manifest);
    expect(await verifySourceTree(tree, manifest, { requireHashes: true })).toEqual([]);
  });

  it('for NetBSD_code (requireHashes): a missing file and a hash mismatch are errors', async () => {
    const { manifest, tree } = await brokenTree();
    const ds = await verifySourceTree(tree, manifest, { requireHashes: true });
    expect(ds).toHaveLength(2);
    const [mismatch, missing] = ds; // manifest order: if_vioif.c comes before viomb.c
    expect(missing).toMatchObject({
      code: 'PV4002',
      severity: 'error',
      file: inTree(tree, 'sys/dev/pci/viomb.c'),
      line: 1,
      column: 1,
    });
    expect(missing!.message).toContain('missing input file sys/dev/pci/viomb.c');
    expect(mismatch).toMatchObject({ code: 'PV4003', severity: 'error', file: inTree(tree, 'sys/dev/pci/if_vioif.c') });
    expect(mismatch!.message).toMatch(/expected [0-9a-f]{64}, actual [0-9a-f]{64}/);
    expect(hasErrors(ds)).toBe(true);
  });

  it('for a user --src tree: missing is still an error, a different file only a warning', async () => {
    const { manifest, tree } = await brokenTree();
    const ds = await verifySourceTree(tree, manifest, { requireHashes: false });
    expect(ds.map((d) => [d.code, d.severity])).toEqual([
      ['PV4003', 'warning'],
      ['PV4002', 'error'],
    ]);
    expect(ds[0]!.message).toContain('sys/dev/pci/if_vioif.c differs from manifest revision 1.2');
    expect(ds[0]!.message).toContain('says revision 1.4');
  });

  it('can check only the files one driver needs', async () => {
    const { manifest, tree } = await brokenTree();
    const paths = ['sys/dev/pci/virtio.c', 'sys/dev/pci/virtioreg.h', 'sys/dev/pci/virtiovar.h', 'sys/dev/pci/ld_virtio.c'];
    expect(await verifySourceTree(tree, manifest, { requireHashes: true, paths })).toEqual([]);
    await expect(verifySourceTree(tree, manifest, { requireHashes: true, paths: ['nope.c'] })).rejects.toThrow(
      'not listed in the manifest',
    );
  });

  it('reports a directory in place of a file as unreadable, not missing', async () => {
    const manifest = await loadManifest(realManifestPath);
    const tree = await copyOfCorpus(manifest);
    const { mkdir } = await import('node:fs/promises');
    await rm(inTree(tree, 'sys/dev/ld.c'));
    await mkdir(inTree(tree, 'sys/dev/ld.c'));
    const ds = await verifySourceTree(tree, manifest, { requireHashes: false });
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: 'PV4004', severity: 'error', file: inTree(tree, 'sys/dev/ld.c') });
  });
});
