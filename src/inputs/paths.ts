import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder (relative to the project root) holding the manifest and the copied-in NetBSD sources. */
export const NETBSD_CODE_DIR = 'NetBSD_code';

/** The committed manifest, relative to the project root. */
export const MANIFEST_RELATIVE_PATH = `${NETBSD_CODE_DIR}/manifest.json`;

/**
 * Where the read-only NetBSD 6 corpus lives, relative to the project root. The sources are
 * third-party data that must never be committed, so they are read from here and copied at
 * set-up into the git-ignored NetBSD_code/sys/.
 */
export const DEFAULT_CORPUS_RELATIVE_DIR = '../shared/corpus/netbsd-6';

/**
 * The root of the checkout this module belongs to (src/inputs/ -> ../..). Commands default to it
 * rather than to process.cwd() so `port-virtio sync-inputs` works from any directory.
 */
export function thisProjectRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

export function manifestPathFor(projectRoot: string): string {
  return path.join(projectRoot, ...MANIFEST_RELATIVE_PATH.split('/'));
}

export function netbsdCodeDirFor(projectRoot: string): string {
  return path.join(projectRoot, NETBSD_CODE_DIR);
}

export function defaultCorpusDirFor(projectRoot: string): string {
  return path.join(projectRoot, ...DEFAULT_CORPUS_RELATIVE_DIR.split('/'));
}

/**
 * Manifest paths are POSIX and relative (`sys/dev/pci/virtio.c`); split them so the result uses
 * the platform separator. The manifest validator has already rejected `..` and absolute paths,
 * so the result always stays inside `treeDir`.
 */
export function inTree(treeDir: string, manifestPath: string): string {
  return path.join(treeDir, ...manifestPath.split('/'));
}
