import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { writeFileAtomic } from './atomic-write.js';
import { InputCode, fileDiagnostic } from './codes.js';
import { InputError } from './input-error.js';
import { loadManifest, type Manifest, type ManifestFile } from './manifest.js';
import { defaultCorpusDirFor, inTree, manifestPathFor, netbsdCodeDirFor } from './paths.js';
import { readSourceFile, type RawSourceFile } from './read-source.js';

/**
 * `copied`: NetBSD_code had no such file. `replaced`: it had a different one (stale from an older
 * manifest, or edited by hand) and now holds the pinned bytes. `unchanged`: already identical, not
 * touched at all (so its mtime stays and make-style tools see nothing new).
 */
export type SyncAction = 'copied' | 'replaced' | 'unchanged';

export interface SyncedFile {
  entry: ManifestFile;
  action: SyncAction;
  /** Where the file now lives, under NetBSD_code/. */
  destination: string;
}

export interface SyncReport {
  manifest: Manifest;
  corpusDir: string;
  destinationDir: string;
  files: SyncedFile[];
}

/**
 * Copies every file the manifest lists from the corpus into `<projectRoot>/NetBSD_code/<path>`.
 *
 * All corpus files are read and checked against their manifest hashes BEFORE anything is
 * written: a corpus that is missing a file or holds a different revision aborts the sync with an
 * InputError listing every problem, and leaves NetBSD_code exactly as it was, rather than a mix
 * of checked and unchecked inputs. Idempotent: files already identical are not rewritten.
 * Each write is atomic (temp file + rename).
 */
export async function syncInputs(projectRoot: string, corpusDir?: string): Promise<SyncReport> {
  const manifest = await loadManifest(manifestPathFor(projectRoot));
  const corpus = corpusDir ?? defaultCorpusDirFor(projectRoot);
  const destinationDir = netbsdCodeDirFor(projectRoot);

  const problems: Diagnostic[] = [];
  const sources: RawSourceFile[] = [];
  for (const entry of manifest.files) {
    const where = inTree(corpus, entry.path);
    try {
      const source = await readSourceFile(where);
      if (source.sha256 !== entry.sha256) {
        problems.push(
          fileDiagnostic(
            InputCode.hashMismatch,
            'error',
            where,
            `SHA-256 mismatch for ${entry.path} (manifest revision ${entry.revision}): ` +
              `expected ${entry.sha256}, actual ${source.sha256}`,
          ),
        );
      }
      sources.push(source);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(
        ...e.diagnostics.map((d) => ({
          ...d,
          message: `${d.message}: corpus lacks ${entry.path} (manifest revision ${entry.revision})`,
        })),
      );
    }
  }
  if (problems.length > 0) throw new InputError(problems);

  const files: SyncedFile[] = [];
  for (const [i, entry] of manifest.files.entries()) {
    const source = sources[i]!;
    const destination = inTree(destinationDir, entry.path);
    const action = await currentState(destination, entry.sha256);
    if (action !== 'unchanged') {
      try {
        await mkdir(path.dirname(destination), { recursive: true });
        await writeFileAtomic(destination, source.bytes);
      } catch (e) {
        throw new InputError([
          fileDiagnostic(InputCode.writeFailed, 'error', destination, `cannot write input copy: ${(e as Error).message}`),
        ]);
      }
    }
    files.push({ entry, action, destination });
  }
  return { manifest, corpusDir: corpus, destinationDir, files };
}

/** What syncing `destination` would do, judged by content (hash), not by timestamps. */
async function currentState(destination: string, sha256: string): Promise<SyncAction> {
  try {
    const existing = await readSourceFile(destination);
    return existing.sha256 === sha256 ? 'unchanged' : 'replaced';
  } catch (e) {
    if (e instanceof InputError && e.diagnostics.every((d) => d.code === InputCode.fileMissing)) return 'copied';
    // Unreadable (e.g. a directory in the way): try to replace it; the write reports the failure.
    return 'replaced';
  }
}
