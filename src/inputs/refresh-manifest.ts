import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { writeFileAtomic } from './atomic-write.js';
import { InputCode, fileDiagnostic } from './codes.js';
import { InputError } from './input-error.js';
import { loadManifest, parseManifest, serializeManifest, type Manifest } from './manifest.js';
import { findNetBSDId } from './netbsd-revision.js';
import { defaultCorpusDirFor, inTree, manifestPathFor } from './paths.js';
import { readSourceFile } from './read-source.js';

export interface ManifestChange {
  path: string;
  field: 'revision' | 'sha256' | 'commit';
  from: string;
  to: string;
}

export interface RefreshOptions {
  /** New upstream git mirror commit, when the corpus was re-exported from another commit. */
  commit?: string;
  /** false: compute and report changes without writing (a "check" mode for CI). Default true. */
  write?: boolean;
}

/**
 * Recomputes the manifest from the corpus: for each listed path, the SHA-256 of the corpus bytes
 * and the revision from its `$NetBSD: file,v REV ...$` line. Paths and roles are kept as they are:
 * which files the port uses is a decision, not something to infer from a directory listing.
 * The upstream commit cannot be read from the files, so it changes only when given.
 */
export async function refreshManifest(
  projectRoot: string,
  corpusDir?: string,
  options: RefreshOptions = {},
): Promise<{ manifest: Manifest; changes: ManifestChange[] }> {
  const manifestPath = manifestPathFor(projectRoot);
  const old = await loadManifest(manifestPath);
  const corpus = corpusDir ?? defaultCorpusDirFor(projectRoot);

  const problems: Diagnostic[] = [];
  const changes: ManifestChange[] = [];
  const files = [];
  for (const entry of old.files) {
    const where = inTree(corpus, entry.path);
    let source;
    try {
      source = await readSourceFile(where);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.diagnostics);
      continue;
    }
    const id = findNetBSDId(source.text);
    if (id === undefined || id.file !== path.posix.basename(entry.path)) {
      problems.push(
        fileDiagnostic(
          InputCode.revisionUnknown,
          'error',
          where,
          id === undefined
            ? 'no expanded $NetBSD: file,v REV ...$ line; cannot tell the revision'
            : `$NetBSD$ line names ${id.file}, not ${path.posix.basename(entry.path)}`,
        ),
      );
      continue;
    }
    if (id.revision !== entry.revision) {
      changes.push({ path: entry.path, field: 'revision', from: entry.revision, to: id.revision });
    }
    if (source.sha256 !== entry.sha256) {
      changes.push({ path: entry.path, field: 'sha256', from: entry.sha256, to: source.sha256 });
    }
    files.push({ ...entry, revision: id.revision, sha256: source.sha256 });
  }
  if (problems.length > 0) throw new InputError(problems);

  const commit = options.commit ?? old.upstream.commit;
  if (commit !== old.upstream.commit) {
    changes.push({ path: '(upstream)', field: 'commit', from: old.upstream.commit, to: commit });
  }
  const text = serializeManifest({ ...old, upstream: { ...old.upstream, commit }, files });
  // Re-validate what is about to be written (e.g. a malformed --commit) with the loader's rules.
  const manifest = parseManifest(text, manifestPath);
  if (options.write !== false && changes.length > 0) {
    try {
      await writeFileAtomic(manifestPath, text);
    } catch (e) {
      throw new InputError([
        fileDiagnostic(InputCode.writeFailed, 'error', manifestPath, `cannot write manifest: ${(e as Error).message}`),
      ]);
    }
  }
  return { manifest, changes };
}
