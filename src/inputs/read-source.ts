import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InputCode, fileDiagnostic } from './codes.js';
import { sha256Hex } from './hash.js';
import { InputError } from './input-error.js';

/**
 * A NetBSD source file as read from disk, before parsing (src/parse builds its own SourceFile,
 * with trees and masks, from `text`; hence the distinct name).
 *
 * Why latin1 and not UTF-8: node tree-sitter reports positions (startIndex/endIndex) in UTF-16
 * code units of the JS string it parsed, while diagnostics, edits and hashes work on the file's
 * bytes. Decoding as latin1 maps each byte to exactly one code unit (U+0000..U+00FF), so a string
 * index IS the byte offset, with no conversion table. It is also lossless: every byte sequence
 * decodes and encodes back unchanged, including ISO-8859-1 author names in old BSD headers,
 * invalid UTF-8 and CRLF, where a UTF-8 decode would replace bad bytes with U+FFFD and shift all
 * later offsets. C syntax is ASCII, so the parser sees the same tokens either way; bytes >= 0x80
 * only occur in comments and strings, which pass through untouched.
 */
export interface RawSourceFile {
  /** The path as given by the caller (used in diagnostics). */
  path: string;
  bytes: Buffer;
  /** `bytes` decoded as latin1: `text.length === bytes.length`, `text[i]` is byte `i`. */
  text: string;
  /** Lowercase hex SHA-256 of `bytes`. */
  sha256: string;
}

/**
 * Reads a source file as raw bytes. A missing or unreadable file throws an InputError whose
 * diagnostic names `displayPath` (defaults to `path`; callers pass the path as the user knows it).
 */
export async function readSourceFile(path: string, displayPath: string = path): Promise<RawSourceFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw readError(e, displayPath);
  }
  return toSourceFile(displayPath, bytes);
}

/** Same as readSourceFile, for callers that cannot await (e.g. inside a synchronous rule pass). */
export function readSourceFileSync(path: string, displayPath: string = path): RawSourceFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw readError(e, displayPath);
  }
  return toSourceFile(displayPath, bytes);
}

export function decodeText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * Inverse of decodeText: each code unit becomes one byte. A code unit above U+00FF has no latin1
 * byte, and Buffer.from(..., 'latin1') would silently keep only its low 8 bits, corrupting the
 * output; so this throws instead. Text that is meant to be UTF-8 in the output must be inserted in
 * its byte form: Buffer.from(s, 'utf8').toString('latin1').
 */
export function encodeText(text: string): Buffer {
  const bad = /[^\u0000-\u00ff]/.exec(text);
  if (bad) {
    const cp = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new RangeError(
      `encodeText: character U+${cp} at index ${bad.index} is not a byte; ` +
        `insert UTF-8 text as Buffer.from(s, 'utf8').toString('latin1')`,
    );
  }
  return Buffer.from(text, 'latin1');
}

function toSourceFile(path: string, bytes: Buffer): RawSourceFile {
  return { path, bytes, text: bytes.toString('latin1'), sha256: sha256Hex(bytes) };
}

function readError(e: unknown, displayPath: string): Error {
  const err = e as NodeJS.ErrnoException;
  // ENOTDIR: a directory on the way is a file, which for the caller is just "not there".
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
    return new InputError([fileDiagnostic(InputCode.fileMissing, 'error', displayPath, 'file not found')]);
  }
  if (typeof err.code === 'string') {
    return new InputError([
      fileDiagnostic(InputCode.fileUnreadable, 'error', displayPath, `cannot read file: ${err.code}: ${err.message}`),
    ]);
  }
  return err;
}
