/** sys/buf.h's buf_cmd_t values the block scenarios use. */
export const BUF_CMD_READ = 1;
export const BUF_CMD_WRITE = 2;
export const BUF_CMD_FLUSH = 5;

/** A bio as the disk layer hands it to the raw device: an absolute byte offset, data in DMA memory. */
export interface Bio {
  id: number;
  cmd: number;
  offset: number;
  len: number;
  addr: number;
  done: boolean;
  error: number;
  resid: number;
  berror: boolean;
}

const REORDER_MINOR_INTERVAL = 5;
const REORDER_BURST_INTERVAL = 60;
const REORDER_MINOR_BYTES = 262144;

/**
 * struct bio_queue_head with DragonFly's bioqdisksort() (kern/subr_disk.c) and bioq_remove()
 * (sys/buf2.h): reads go before the first queued write (the transition point), writes are
 * appended; every fifth reordered read lets the linear writes at the transition join the reads.
 * The harness shim (drivers/blk-kern.c) runs the same algorithm in C.
 */
export class BioQueue {
  private readonly q: Bio[] = [];
  private transition: Bio | undefined;
  private reorder = 0;

  get length(): number {
    return this.q.length;
  }

  first(): Bio | undefined {
    return this.q[0];
  }

  remove(bio: Bio): void {
    const i = this.q.indexOf(bio);
    if (i < 0) throw new Error(`bio ${bio.id} is not queued`);
    if (bio === this.transition) this.transition = this.q[i + 1];
    this.q.splice(i, 1);
  }

  sort(bio: Bio): void {
    if (bio.cmd === BUF_CMD_READ) {
      if (!this.transition) {
        this.q.push(bio);
        return;
      }
      this.q.splice(this.q.indexOf(this.transition), 0, bio);
      if (++this.reorder % REORDER_MINOR_INTERVAL === 0) {
        this.writeReorder();
        if (this.reorder >= REORDER_BURST_INTERVAL) this.reorder = 0;
      }
    } else if (bio.cmd === BUF_CMD_WRITE) {
      this.q.push(bio);
      this.transition ??= bio;
    } else {
      this.transition = undefined;
      this.q.push(bio);
    }
  }

  /** bioqwritereorder, minor interval: linear writes from the transition, up to REORDER_MINOR_BYTES. */
  private writeReorder(): void {
    let left = REORDER_MINOR_BYTES;
    let next = this.transition!.offset;
    for (let bio = this.transition; bio && next === bio.offset; bio = this.transition) {
      next = bio.offset + bio.len;
      this.transition = this.q[this.q.indexOf(bio) + 1];
      if (left < bio.len) break;
      left -= bio.len;
    }
  }
}
