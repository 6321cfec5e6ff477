import { parentPort, workerData } from 'node:worker_threads';
import { TRANSFORMS } from '../transform/registry.js';
import { treeMemoryGuard } from './memory.js';
import { translateOne } from './translate-one.js';
import { batchContext, type BatchSetup } from './batch-context.js';
import type { WorkerMessage } from './translate-tree.js';

if (parentPort) {
  const port = parentPort;
  const setup = workerData as BatchSetup;
  const transforms = setup.transformIds.map((id) => {
    const t = TRANSFORMS.find((x) => x.id === id);
    if (!t) throw new Error(`unknown transform '${id}' (only registered transforms run in workers)`);
    return t;
  });
  const ctx = batchContext(setup, transforms);
  const guard = treeMemoryGuard();
  const send = (m: WorkerMessage): void => port.postMessage(m);
  // The queue comes once, with the counter every thread claims its next file from.
  port.once('message', async ({ queue, next }: { queue: string[]; next: Int32Array }) => {
    for (let i = Atomics.add(next, 0, 1); i < queue.length; i = Atomics.add(next, 0, 1)) {
      const r = translateOne(ctx, queue[i]!);
      send({ result: r });
      if (!r.cached) guard(r.bytes);
      await new Promise((resolve) => setImmediate(resolve)); // tree finalizers run between files
    }
    send({ finished: true });
  });
}
