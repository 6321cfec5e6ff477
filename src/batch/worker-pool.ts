import { Worker } from 'node:worker_threads';

/** Set by bin/cli-bundle.mjs when this module runs from the bundle: the bundled worker's URL. */
declare const PORT_VIRTIO_BUNDLED_WORKER: string | undefined;

/** The bundled worker beside a bundled CLI; under tsx, the entry that registers tsx in the thread. */
function workerUrl(): URL {
  return typeof PORT_VIRTIO_BUNDLED_WORKER === 'string' ? new URL(PORT_VIRTIO_BUNDLED_WORKER) : new URL('./worker-entry.mjs', import.meta.url);
}

/** A started worker thread and the error it met while idle, if any. */
interface Pooled {
  worker: Worker;
  bootError?: Error;
}

const idle: Pooled[] = [];

/**
 * Starts `count` worker threads now, for a batch that will ask for them: a thread spends ~80-100 ms
 * starting and loading the engine, which then overlaps the caller's own start-up (argument parsing, rule
 * loading, listing the tree). Idle threads keep nothing alive: an unused one ends with the process.
 */
export function prestartWorkers(count: number): void {
  while (idle.length < count) {
    const pooled: Pooled = { worker: new Worker(workerUrl()) };
    pooled.worker.unref();
    pooled.worker.once('error', (e: Error) => (pooled.bootError = e));
    idle.push(pooled);
  }
}

/** A worker thread for a batch: a pre-started one if any is left, else a new one. */
export function takeWorker(): Pooled {
  const pooled = idle.shift() ?? { worker: new Worker(workerUrl()) };
  pooled.worker.ref();
  return pooled;
}
