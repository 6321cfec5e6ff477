import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/inputs/hash.js';
import { InputError } from '../../src/inputs/input-error.js';
import { loadManifest, parseManifest, serializeManifest } from '../../src/inputs/manifest.js';
import { findNetBSDId } from '../../src/inputs/netbsd-revision.js';
import { inTree } from '../../src/inputs/paths.js';
import { refreshManifest } from '../../src/inputs/refresh-manifest.js';
import { corpusDir, projectRoot, realManifestPath, tempDir } from './helpers.js';

/** Revisions as stated in ../shared/corpus/README.md (ld.c and ldvar.h: from their $NetBSD$ lines). */
const EXPECTED = {
  'sys/dev/pci/virtio.c': ['1.3', 'virtio'],
  'sys/dev/pci/virtioreg.h': ['1.1', 'virtio'],
  'sys/dev/pci/virtiovar.h': ['1.1', 'virtio'],
  'sys/dev/pci/ld_virtio.c': ['1.5', 'virtio'],
  'sys/dev/pci/if_vioif.c': ['1.2', 'virtio'],
  'sys/dev/pci/viomb.c': ['1.1', 'virtio'],
  'sys/dev/ld.c': ['1.70', 'reference'],
  'sys/dev/ldvar.h': ['1.21', 'reference'],
} as const;

describe('NetBSD_code/manifest.json', () => {
  it('loads and lists the pinned files with the README revisions', async () => {
    const m = await loadManifest(realManifestPath);
    expect(m.schema).toBe(1);
    expect(m.upstream.commit).toBe('44e0ac4ada812ace1f9ca8ce4792e287d83bd951');
    expect(Object.fromEntries(m.files.map((f) => [f.path, [f.revision, f.role]]))).toEqual(EXPECTED);
  });

  it('has hashes equal to the corpus bytes and revisions equal to their $NetBSD$ lines', async () => {
    const m = await loadManifest(realManifestPath);
    for (const f of m.files) {
      const bytes = await readFile(inTree(corpusDir, f.path));
      expect(sha256Hex(bytes), f.path).toBe(f.sha256);
      const id = findNetBSDId(bytes.toString('latin1'));
      expect(id?.file, f.path).toBe(path.posix.basename(f.path));
      expect(id?.revision, f.path).toBe(f.revision);
    }
  });

  it('is in canonical form, so refresh-manifest finds nothing to change', async () => {
    const text = await readFile(realManifestPath, 'utf8');
    expect(serializeManifest(parseManifest(text, realManifestPath))).toBe(text);
    const { changes } = await refreshManifest(projectRoot, corpusDir, { write: false });
    expect(changes).toEqual([]);
  });
});

describe('manifest validation', () => {
  const good = {
    schema: 1,
    upstream: { repository: 'r', commit: 'a'.repeat(40) },
    files: [{ path: 'sys/dev/pci/virtio.c', revision: '1.3', sha256: 'b'.repeat(64), role: 'virtio' }],
  };

  function errorOf(fn: () => unknown): InputError {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return e as InputError;
    }
    throw new Error('expected an InputError');
  }

  it('accepts a well-formed manifest', () => {
    expect(parseManifest(JSON.stringify(good), 'm.json').files).toHaveLength(1);
  });

  it('names the manifest file and the position of a JSON syntax error', () => {
    const e = errorOf(() => parseManifest('{\n  "schema": 1,\n  oops\n}', '/x/NetBSD_code/manifest.json'));
    expect(e.diagnostics).toHaveLength(1);
    const d = e.diagnostics[0]!;
    expect(d).toMatchObject({ code: 'PV4001', severity: 'error', file: '/x/NetBSD_code/manifest.json', line: 3, column: 3 });
    expect(e.message).toContain('/x/NetBSD_code/manifest.json:3:3: error: PV4001: manifest is not valid JSON');
  });

  it('reports every bad field at once', () => {
    const bad = {
      schema: 2,
      upstream: { repository: '', commit: 'xyz' },
      files: [
        { path: '../etc/passwd', revision: 'HEAD', sha256: 'B'.repeat(64), role: 'driver' },
        { path: 'sys/a.c', revision: '1.1', sha265: 'c'.repeat(64), role: 'virtio' },
      ],
    };
    const e = errorOf(() => parseManifest(JSON.stringify(bad), 'm.json'));
    const messages = e.diagnostics.map((d) => d.message);
    for (const field of [
      'schema:',
      'upstream.repository:',
      'upstream.commit:',
      'files[0].path:',
      'files[0].revision:',
      'files[0].sha256:',
      'files[0].role:',
      'files[1].sha265: unknown field',
      'files[1].sha256:',
    ]) {
      expect(messages.some((m) => m.includes(field)), field).toBe(true);
    }
    expect(e.diagnostics.every((d) => d.file === 'm.json' && d.code === 'PV4001')).toBe(true);
  });

  it('rejects duplicate paths', () => {
    const dup = { ...good, files: [good.files[0], good.files[0]] };
    expect(errorOf(() => parseManifest(JSON.stringify(dup), 'm.json')).message).toContain('duplicate entry');
  });

  it('names the manifest file when it cannot be read', async () => {
    const missing = path.join(await tempDir(), 'NetBSD_code', 'manifest.json');
    await expect(loadManifest(missing)).rejects.toThrow(`${missing}:1:1: error: PV4001: cannot read manifest: not found`);
  });
});
