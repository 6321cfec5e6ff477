import { parentPort } from 'node:worker_threads';
import { TRANSFORMS } from '../transform/registry.js';
import { claimFiles } from './claim-files.js';
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
    await claimFiles(batchContext(setup, transforms), queue, next, (r) => send({ result: r }));
    send({ finished: true });
  });
}
