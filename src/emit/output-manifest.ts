import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { listFiles } from '../files/list-files.js';
import { join } from 'node:path';

/** Inside the emitted tree: what port-virtio wrote, so hand edits can be told from its own output. */
export const OUTPUT_MANIFEST = '.port-virtio/files.json';

export interface OutputManifest {
  schema: 1;
  files: Record<string, string>;
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The manifest of a new tree: this run's files, plus the recorded ones of module folders it keeps. */
export function outputManifest(files: ReadonlyMap<string, Buffer>, dest: string, kept: readonly string[]): Buffer {
  const previous = readManifest(dest);
  const hashes: Record<string, string> = {};
  for (const [rel, hash] of Object.entries(previous)) if (kept.some((k) => rel.startsWith(`${k}/`))) hashes[rel] = hash;
  for (const [rel, bytes] of files) if (!rel.startsWith('.port-virtio/')) hashes[rel] = sha256(bytes);
  const manifest: OutputManifest = { schema: 1, files: Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => a.localeCompare(b))) };
  return Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
}

export interface HandEdit {
  file: string;
  kind: 'changed' | 'deleted' | 'added';
}

/**
 * Files of an existing tree that differ from what port-virtio last wrote there, limited to the
 * module folders this run would replace. A tree without a manifest was not written by us: every
 * file in it counts as added by hand.
 */
export function findHandEdits(dest: string, folders: readonly string[]): HandEdit[] {
  if (!existsSync(dest)) return [];
  const recorded = readManifest(dest);
  const inScope = (rel: string): boolean => folders.some((f) => rel.startsWith(`${f}/`)) || !rel.includes('/');
  const edits: HandEdit[] = [];
  for (const [rel, hash] of Object.entries(recorded)) {
    if (!inScope(rel)) continue;
    const p = join(dest, rel);
    if (!existsSync(p)) edits.push({ file: rel, kind: 'deleted' });
    else if (sha256(readFileSync(p)) !== hash) edits.push({ file: rel, kind: 'changed' });
  }
  for (const rel of listFiles(dest)) if (inScope(rel) && !(rel in recorded) && !rel.startsWith('.port-virtio/')) edits.push({ file: rel, kind: 'added' });
  return edits.sort((a, b) => a.file.localeCompare(b.file));
}

function readManifest(dest: string): Record<string, string> {
  const p = join(dest, OUTPUT_MANIFEST);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as OutputManifest).files : {};
}
