import { parentPort } from 'node:worker_threads';
import { TRANSFORMS } from '../transform/registry.js';
import { treeMemoryGuard } from './memory.js';
import { translateOne } from './translate-one.js';
import { batchContext } from './batch-context.js';
import type { WorkerMessage, WorkerStart } from './translate-tree.js';

if (parentPort) {
  const port = parentPort;
  const send = (m: WorkerMessage): void => port.postMessage(m);
  // The engine is loaded (the imports above) before the batch is known: a pre-started thread
  // waits here. The batch comes once, with the counter every thread claims its next file from.
  port.once('message', async ({ setup, queue, next }: WorkerStart) => {
    const transforms = setup.transformIds.map((id) => {
      const t = TRANSFORMS.find((x) => x.id === id);
      if (!t) throw new Error(`unknown transform '${id}' (only registered transforms run in workers)`);
      return t;
    });
    const ctx = batchContext(setup, transforms);
    const guard = treeMemoryGuard();
    for (let i = Atomics.add(next, 0, 1); i < queue.length; i = Atomics.add(next, 0, 1)) {
      const r = translateOne(ctx, queue[i]!);
      send({ result: r });
      if (r.parsed && !r.cached) guard(r.bytes);
      await new Promise((resolve) => setImmediate(resolve)); // tree finalizers run between files
    }
    send({ finished: true });
  });
}
