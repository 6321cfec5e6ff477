import { STRUCT_VRING_AVAIL, STRUCT_VRING_DESC, STRUCT_VRING_USED, STRUCT_VRING_USED_ELEM, VIRTIO_PAGE_SIZE } from './virtio-constants.generated.js';

/**
 * Where a split virtqueue's parts lie in its DMA block, as NetBSD's virtio_alloc_vq() sizes it
 * (virtio.c:548-565): descriptors + avail ring padded to a page, used ring padded to a page, then
 * the indirect tables (maxnsegs descriptors per slot) when indirect descriptors are in use.
 */
export interface VringLayout {
  num: number;
  maxnsegs: number;
  availOffset: number;
  usedOffset: number;
  /** 0 when the queue has no indirect tables. */
  indirectOffset: number;
  bytes: number;
}

export const MINSEG_INDIRECT = 2;
const DESC = STRUCT_VRING_DESC.size;
const pageAlign = (n: number): number => Math.ceil(n / VIRTIO_PAGE_SIZE) * VIRTIO_PAGE_SIZE;

export function vringLayout(num: number, maxnsegs: number, indirectNegotiated: boolean): VringLayout {
  const size1 = pageAlign(DESC * num + 2 * (2 + num));
  const size2 = pageAlign(2 * 2 + STRUCT_VRING_USED_ELEM.size * num);
  const size3 = indirectNegotiated && maxnsegs >= MINSEG_INDIRECT ? DESC * maxnsegs * num : 0;
  return { num, maxnsegs, availOffset: DESC * num, usedOffset: size1, indirectOffset: size3 > 0 ? size1 + size2 : 0, bytes: size1 + size2 + size3 };
}

/** Addresses of the fields a driver and a device touch, from the generated struct layouts. */
export const vring = {
  desc: (base: number, i: number) => base + DESC * i,
  descAddr: (d: number) => d + STRUCT_VRING_DESC.fields.addr.offset,
  descLen: (d: number) => d + STRUCT_VRING_DESC.fields.len.offset,
  descFlags: (d: number) => d + STRUCT_VRING_DESC.fields.flags.offset,
  descNext: (d: number) => d + STRUCT_VRING_DESC.fields.next.offset,
  availFlags: (a: number) => a + STRUCT_VRING_AVAIL.fields.flags.offset,
  availIdx: (a: number) => a + STRUCT_VRING_AVAIL.fields.idx.offset,
  availRing: (a: number, i: number) => a + STRUCT_VRING_AVAIL.fields.ring.offset + STRUCT_VRING_AVAIL.fields.ring.elementSize * i,
  usedFlags: (u: number) => u + STRUCT_VRING_USED.fields.flags.offset,
  usedIdx: (u: number) => u + STRUCT_VRING_USED.fields.idx.offset,
  usedId: (u: number, i: number) => u + STRUCT_VRING_USED.fields.ring.offset + STRUCT_VRING_USED.fields.ring.elementSize * i + STRUCT_VRING_USED_ELEM.fields.id.offset,
  usedLen: (u: number, i: number) => u + STRUCT_VRING_USED.fields.ring.offset + STRUCT_VRING_USED.fields.ring.elementSize * i + STRUCT_VRING_USED_ELEM.fields.len.offset,
};
