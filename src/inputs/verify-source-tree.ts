import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { InputCode, fileDiagnostic } from './codes.js';
import { InputError } from './input-error.js';
import type { Manifest, ManifestFile } from './manifest.js';
import { findNetBSDId } from './netbsd-revision.js';
import { inTree } from './paths.js';
import { readSourceFile } from './read-source.js';

export interface VerifySourceTreeOptions {
  /**
   * true for the project's own NetBSD_code: its files were copied and hash-checked by
   * sync-inputs, so a difference means corruption or a hand edit, and is an error.
   * false for a user's `--src DIR` (say a real NetBSD checkout at another revision): porting it
   * is legitimate, but the rules were written against the manifest revisions and may not match,
   * so a difference is only a warning.
   */
  requireHashes: boolean;
  /** Check only these manifest paths (the files one driver needs); default: every manifest file. */
  paths?: readonly string[];
}

/**
 * Checks that `srcDir` (laid out like a NetBSD checkout: `sys/dev/pci/virtio.c`, ...) holds the
 * manifest's files. Returns diagnostics instead of throwing so the CLI can print them with the
 * rest of a run and decide from hasErrors(). Diagnostics name `srcDir` joined with the manifest
 * path, i.e. the path as the user typed it.
 */
export async function verifySourceTree(
  srcDir: string,
  manifest: Manifest,
  options: VerifySourceTreeOptions,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const entry of selectEntries(manifest, options.paths)) {
    const where = inTree(srcDir, entry.path);
    let sha256: string;
    let text: string;
    try {
      ({ sha256, text } = await readSourceFile(where));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      for (const d of e.diagnostics) {
        const message =
          d.code === InputCode.fileMissing
            ? `missing input file ${entry.path} (NetBSD revision ${entry.revision}) in ${srcDir}`
            : `${d.message} (needed: ${entry.path}, NetBSD revision ${entry.revision})`;
        diagnostics.push({ ...d, message });
      }
      continue;
    }
    if (sha256 === entry.sha256) continue;

    if (options.requireHashes) {
      diagnostics.push(
        fileDiagnostic(
          InputCode.hashMismatch,
          'error',
          where,
          `SHA-256 mismatch for ${entry.path} (manifest revision ${entry.revision}): ` +
            `expected ${entry.sha256}, actual ${sha256}; run \`port-virtio sync-inputs\` to restore it`,
        ),
      );
    } else {
      // Say which revision the user's file claims to be: "1.4 instead of 1.3" is actionable,
      // "hash differs" alone is not.
      const id = findNetBSDId(text);
      const claims =
        id === undefined
          ? 'its $NetBSD$ line is absent'
          : id.revision === entry.revision
            ? `its $NetBSD$ line says ${id.revision} too, so it was modified locally`
            : `its $NetBSD$ line says revision ${id.revision}`;
      diagnostics.push(
        fileDiagnostic(
          InputCode.hashMismatch,
          'warning',
          where,
          `${entry.path} differs from manifest revision ${entry.revision} (${claims}); ` +
            `the port rules were written against ${entry.revision} and may not apply cleanly`,
        ),
      );
    }
  }
  return diagnostics;
}

function selectEntries(manifest: Manifest, paths: readonly string[] | undefined): ManifestFile[] {
  if (paths === undefined) return manifest.files;
  return paths.map((p) => {
    const entry = manifest.files.find((f) => f.path === p);
    // A caller asking for a path the manifest does not pin is a programming error, not bad input.
    if (!entry) throw new Error(`verifySourceTree: ${p} is not listed in the manifest`);
    return entry;
  });
}
