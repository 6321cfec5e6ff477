import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';

/**
 * Diagnostic codes of the input layer. PV4xxx is shared by "emit/inputs"; the inputs layer keeps
 * to PV40xx so the emitter can number its own codes from PV41xx without coordination.
 */
export const InputCode = {
  /** NetBSD_code/manifest.json is unreadable, not JSON, or has a bad field. */
  manifestInvalid: 'PV4001',
  /** A file the manifest lists is absent (from the corpus, NetBSD_code or a --src tree). */
  fileMissing: 'PV4002',
  /** A file's SHA-256 is not the manifest's: an error for our own inputs, a warning for a user tree. */
  hashMismatch: 'PV4003',
  /** A file exists but cannot be read (permissions, a directory in its place, I/O error). */
  fileUnreadable: 'PV4004',
  /** Copying into NetBSD_code (or rewriting the manifest) failed. */
  writeFailed: 'PV4005',
  /** A corpus file has no usable `$NetBSD: file,v REV ...$` line, so its revision is unknown. */
  revisionUnknown: 'PV4006',
} as const satisfies Record<string, Diagnostic['code']>;

/**
 * Input problems concern a whole file, not a place in it; 1:1 keeps the `file:line:col:` shape
 * that editors and the text formatter expect.
 */
export function fileDiagnostic(
  code: Diagnostic['code'],
  severity: Severity,
  file: string,
  message: string,
  line = 1,
  column = 1,
): Diagnostic {
  return { code, severity, message, file, line, column };
}
