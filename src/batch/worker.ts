import { parentPort, workerData } from 'node:worker_threads';
import type { ModulePlan } from '../emit/module-plan.js';
import type { Rule } from '../match/rule.js';
import type { MacroShapes } from '../parse/macro-shapes.js';
import { TRANSFORMS } from '../transform/registry.js';
import { translateOne } from './translate-one.js';
import { batchContext } from './translate-tree.js';

/** What a worker gets at start: plain data (rules are structured-cloned; transforms go by id). */
export interface WorkerSetup {
  root: string;
  outDir: string | undefined;
  cacheDir: string | undefined;
  ruleSetHash: string;
  rules: readonly Rule[];
  transformIds: string[];
  shapes: MacroShapes;
  modules: readonly ModulePlan[];
  allowPartial: boolean;
  prefilter: boolean;
}

if (parentPort) {
  const setup = workerData as WorkerSetup;
  const transforms = setup.transformIds.map((id) => {
    const t = TRANSFORMS.find((x) => x.id === id);
    if (!t) throw new Error(`unknown transform '${id}' (only registered transforms run in workers)`);
    return t;
  });
  const ctx = batchContext(setup, transforms);
  const port = parentPort;
  port.on('message', (path: string) => port.postMessage(translateOne(ctx, path)));
  port.postMessage({ ready: true });
}
