import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../inputs/hash.js';
import { extractDefines, extractStructs } from './c-constants.js';
import type { ConstantSection } from './emit-constants.js';

/**
 * What the model takes from the NetBSD sources: every integer define and the ring structs of
 * virtioreg.h, and the device-specific defines and request headers the drivers declare locally.
 */
export const CONSTANT_SOURCES: readonly { path: string; keep: RegExp; structs: string[] }[] = [
  { path: 'sys/dev/pci/virtioreg.h', keep: /^(?!_DEV_PCI_)/, structs: ['vring_desc', 'vring_avail', 'vring_used_elem', 'vring_used'] },
  { path: 'sys/dev/pci/ld_virtio.c', keep: /^VIRTIO_BLK_/, structs: ['virtio_blk_req_hdr'] },
  { path: 'sys/dev/pci/if_vioif.c', keep: /^VIRTIO_NET_/, structs: ['virtio_net_hdr'] },
  { path: 'sys/dev/pci/viomb.c', keep: /^(VIRTIO_BALLOON_|PGS_PER_REQ$)/, structs: [] },
];

/** Reads the sources under `srcDir` (a tree laid out like NetBSD's) into generator sections. */
export function readConstantSections(srcDir: string): ConstantSection[] {
  return CONSTANT_SOURCES.map((src) => {
    const bytes = readFileSync(join(srcDir, src.path));
    const text = bytes.toString('latin1');
    const revision = /\$NetBSD: \S+,v (\S+)/.exec(text)?.[1] ?? 'unknown';
    return {
      path: src.path,
      revision,
      sha256: sha256Hex(bytes),
      defines: extractDefines(text, (n) => src.keep.test(n)),
      structs: extractStructs(text, src.structs),
    };
  });
}
