/** Byte memory addressed by bus address, as a device sees guest RAM. Little-endian like x86 and the legacy virtio rings. */
export interface Memory {
  read(addr: number, len: number): Uint8Array;
  write(addr: number, bytes: Uint8Array): void;
}

const PAGE = 4096;

/** Memory that materialises 4 KiB pages on first touch; unwritten bytes read as zero. */
export class SparseMemory implements Memory {
  private readonly pages = new Map<number, Uint8Array>();

  read(addr: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    for (let done = 0; done < len; ) {
      const a = addr + done;
      const off = a % PAGE;
      const n = Math.min(len - done, PAGE - off);
      const page = this.pages.get(a - off);
      if (page) out.set(page.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  write(addr: number, bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length; ) {
      const a = addr + done;
      const off = a % PAGE;
      const n = Math.min(bytes.length - done, PAGE - off);
      let page = this.pages.get(a - off);
      if (!page) this.pages.set(a - off, (page = new Uint8Array(PAGE)));
      page.set(bytes.subarray(done, done + n), off);
      done += n;
    }
  }
}

export function readU16(m: Memory, addr: number): number {
  const b = m.read(addr, 2);
  return b[0]! | (b[1]! << 8);
}

export function readU32(m: Memory, addr: number): number {
  const b = m.read(addr, 4);
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}

/** 64-bit fields hold bus addresses, which stay below 2^53. */
export function readU64(m: Memory, addr: number): number {
  return readU32(m, addr) + readU32(m, addr + 4) * 2 ** 32;
}

export function writeU16(m: Memory, addr: number, v: number): void {
  m.write(addr, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff));
}

export function writeU32(m: Memory, addr: number, v: number): void {
  m.write(addr, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff));
}

export function writeU64(m: Memory, addr: number, v: number): void {
  writeU32(m, addr, v % 2 ** 32);
  writeU32(m, addr + 4, Math.floor(v / 2 ** 32));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'hex'));
}
