// Worker threads do not inherit a TypeScript loader registered in-process (bin/port-virtio.mjs
// calls tsx's register()), so the worker registers tsx itself before loading worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
