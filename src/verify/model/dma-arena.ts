/**
 * The DMA arena's fake bus addresses. The C harness allocates the same way (host/common/arena.c:
 * a bump pointer from ARENA_BUS_BASE, each block aligned), so the model predicts every address the
 * translated and original code write into descriptors and QUEUE_ADDRESS. The harness reports its
 * base and size at start-up and the runner refuses a mismatch.
 */
export const ARENA_BUS_BASE = 0x10000000;
export const ARENA_SIZE = 8 << 20;

export class DmaArena {
  private brk = 0;

  alloc(size: number, align: number): number {
    const off = Math.ceil(this.brk / align) * align;
    if (size === 0 || off + size > ARENA_SIZE) throw new Error(`DMA arena exhausted (${size} bytes)`);
    this.brk = off + size;
    return ARENA_BUS_BASE + off;
  }
}
