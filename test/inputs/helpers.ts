import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Manifest } from '../../src/inputs/manifest.js';
import { inTree, manifestPathFor, thisProjectRoot } from '../../src/inputs/paths.js';

export const projectRoot = thisProjectRoot();
export const realManifestPath = manifestPathFor(projectRoot);
/** The read-only corpus. Tests only ever read it; every write goes to a temp dir. */
export const corpusDir = path.resolve(projectRoot, '../shared/corpus/netbsd-6');

if (!existsSync(corpusDir)) {
  throw new Error(`input tests need the NetBSD 6 corpus at ${corpusDir} (see ../shared/corpus/README.md)`);
}

const temps: string[] = [];

/** A fresh directory under os.tmpdir(), removed after the current test. */
export async function tempDir(prefix = 'port-virtio-inputs-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A temp project root holding only a copy of the real manifest (what sync-inputs needs). */
export async function tempProjectRoot(): Promise<string> {
  const root = await tempDir('port-virtio-root-');
  await mkdir(path.dirname(manifestPathFor(root)), { recursive: true });
  await copyFile(realManifestPath, manifestPathFor(root));
  return root;
}

/** A temp copy of the manifest's files from the corpus, in the same layout. */
export async function copyOfCorpus(manifest: Manifest): Promise<string> {
  const dir = await tempDir('port-virtio-corpus-');
  for (const f of manifest.files) {
    const dest = inTree(dir, f.path);
    await mkdir(path.dirname(dest), { recursive: true });
    await copyFile(inTree(corpusDir, f.path), dest);
  }
  return dir;
}
