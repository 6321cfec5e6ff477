import type { BatchContext } from './batch-context.js';
import { treeMemoryGuard } from './memory.js';
import { translateOne, type TreeFileResult } from './translate-one.js';

/**
 * What every thread of a batch runs: it claims the next file of the shared queue (an atomic
 * counter in shared memory, so no thread waits for another to hand it work, however long a file
 * takes) and translates it, until none is left.
 */
export async function claimFiles(ctx: BatchContext, queue: readonly string[], next: Int32Array, done: (r: TreeFileResult) => void): Promise<void> {
  const guard = treeMemoryGuard();
  for (let i = Atomics.add(next, 0, 1); i < queue.length; i = Atomics.add(next, 0, 1)) {
    const r = translateOne(ctx, queue[i]!);
    done(r);
    if (r.parsed && !r.cached) guard(r.bytes);
    await new Promise((resolve) => setImmediate(resolve)); // messages come in and tree finalizers run between files
  }
}
