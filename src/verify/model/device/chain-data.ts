import { crc32 } from 'node:zlib';
import type { Memory } from '../memory.js';
import type { Chain } from './device-queue.js';

/** The bytes of a chain's readable (driver-to-device) segments, concatenated. */
export function readableBytes(mem: Memory, chain: Chain): Uint8Array {
  const parts = chain.segments.filter((s) => !s.write).map((s) => mem.read(s.addr, s.len));
  return concat(parts);
}

/** Scatters `data` over the chain's writable segments; returns how many bytes were written. */
export function scatter(mem: Memory, chain: Chain, data: Uint8Array): number {
  let done = 0;
  for (const s of chain.segments.filter((x) => x.write)) {
    if (done >= data.length) break;
    const n = Math.min(s.len, data.length - done);
    mem.write(s.addr, data.subarray(done, done + n));
    done += n;
  }
  return done;
}

export function writableLength(chain: Chain): number {
  return chain.segments.filter((s) => s.write).reduce((n, s) => n + s.len, 0);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Short digest for the trace: data is compared, not printed. */
export function digest(b: Uint8Array): string {
  return crc32(b).toString(16).padStart(8, '0');
}

/** Deterministic filler: byte i of stream `tag` (what a device "produces"). */
export function pattern(tag: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let x = (tag * 2654435761) >>> 0 || 1;
  for (let i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
