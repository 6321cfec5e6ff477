import { parentPort, workerData } from 'node:worker_threads';
import { TRANSFORMS } from '../transform/registry.js';
import { treeMemoryGuard } from './memory.js';
import { translateOne } from './translate-one.js';
import { batchContext, type BatchSetup } from './batch-context.js';

if (parentPort) {
  const setup = workerData as BatchSetup;
  const transforms = setup.transformIds.map((id) => {
    const t = TRANSFORMS.find((x) => x.id === id);
    if (!t) throw new Error(`unknown transform '${id}' (only registered transforms run in workers)`);
    return t;
  });
  const ctx = batchContext(setup, transforms);
  const port = parentPort;
  const guard = treeMemoryGuard();
  port.on('message', (path: string) => {
    const r = translateOne(ctx, path);
    port.postMessage(r);
    if (!r.cached) guard(r.bytes);
  });
  port.postMessage({ ready: true });
}
