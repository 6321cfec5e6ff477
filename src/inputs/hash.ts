import { createHash } from 'node:crypto';

/**
 * SHA-256 over raw bytes, lowercase hex (the `sha256sum` format, so a manifest value can be
 * checked by hand). Always over bytes, never over decoded text: decoding could normalise
 * line endings or invalid sequences and hide a real difference.
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
