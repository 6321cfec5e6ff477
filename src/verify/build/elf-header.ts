import { open } from 'node:fs/promises';

export const ET_REL = 1;
export const EM_X86_64 = 62;

/** The few ELF header fields that tell whether a file is a loadable DragonFly x86_64 module. */
export interface ElfHeader {
  class64: boolean;
  littleEndian: boolean;
  /** e_type: 1 = relocatable (ET_REL), 2 = executable, 3 = shared object. */
  type: number;
  /** e_machine: 62 = x86-64. */
  machine: number;
}

/** Reads the ELF identification and e_type/e_machine; undefined if the file is not ELF. */
export async function readElfHeader(file: string): Promise<ElfHeader | undefined> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(20);
    const { bytesRead } = await fh.read(buf, 0, 20, 0);
    if (bytesRead < 20 || buf.readUInt32BE(0) !== 0x7f454c46) return undefined; // "\x7fELF"
    const littleEndian = buf[5] === 1;
    const u16 = (off: number) => (littleEndian ? buf.readUInt16LE(off) : buf.readUInt16BE(off));
    return { class64: buf[4] === 2, littleEndian, type: u16(16), machine: u16(18) };
  } finally {
    await fh.close();
  }
}

/**
 * On x86_64 DragonFly loads modules as relocatable objects (kmod.mk links them with `-r -Wl,-d`),
 * so a `.ko` that is anything else means the link step went wrong.
 */
export function isX86_64KernelModule(h: ElfHeader | undefined): boolean {
  return !!h && h.class64 && h.littleEndian && h.type === ET_REL && h.machine === EM_X86_64;
}
