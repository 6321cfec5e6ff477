import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { acquireOutputLock, OutputLockedError } from '../emit/output-lock.js';
import { findHandEdits, OUTPUT_MANIFEST, outputManifest } from '../emit/output-manifest.js';
import { writeTreeAtomically } from '../emit/write-tree.js';
import { onInterrupt } from './interrupts.js';

/**
 * Writes the emitted tree without ever losing work: one writer at a time (lock), files changed by
 * hand since the last run are reported and kept unless `force`, the swap is atomic, and an
 * interrupted run leaves no temporary folder behind.
 */
export function writeOutput(dest: string, files: Map<string, Buffer>, keep: readonly string[], regenerated: readonly string[], force = false): Diagnostic[] {
  const at = (message: string, code: `PV${number}`, file = dest): Diagnostic => ({ code, severity: 'error', message, file, line: 1, column: 1 });
  try {
    mkdirSync(dirname(dest), { recursive: true });
    accessSync(dirname(dest), constants.W_OK);
  } catch (e) {
    return [at(`output folder is not writable: ${(e as Error).message}`, 'PV4103', dirname(dest))];
  }
  let release: () => void;
  try {
    release = acquireOutputLock(dest);
  } catch (e) {
    if (e instanceof OutputLockedError) return [at(e.message, 'PV4104')];
    throw e;
  }
  const stopListening = onInterrupt(release);
  try {
    const edits = existsSync(dest) ? findHandEdits(dest, regenerated) : [];
    if (edits.length > 0 && !force)
      return edits.map((e) =>
        at(`${e.kind === 'added' ? 'added' : e.kind === 'deleted' ? 'deleted' : 'changed'} by hand since port-virtio wrote it; not overwritten (keep the fix as a patch overlay in patches/, or rerun with --force)`, 'PV4101', `${dest}/${e.file}`),
      );
    files.set(OUTPUT_MANIFEST, outputManifest(files, dest, keep));
    writeTreeAtomically(dest, files, keep);
    return [];
  } finally {
    stopListening();
    release();
  }
}
