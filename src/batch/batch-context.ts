import type { ModulePlan } from '../emit/module-plan.js';
import type { Rule } from '../match/rule.js';
import type { MacroShapes } from '../parse/macro-shapes.js';
import type { Transform } from '../transform/transform.js';
import type { TranslateOptions } from '../translate/translate-file.js';
import { makePrefilter } from './prefilter.js';
import { ResultCache } from './result-cache.js';

/** A batch's settings as plain data, so a worker can be given them (rules are structured-cloned; transforms go by id). */
export interface BatchSetup {
  root: string;
  outDir: string | undefined;
  cacheDir: string | undefined;
  ruleSetHash: string;
  rules: readonly Rule[];
  transformIds: string[];
  shapes: MacroShapes;
  modules: readonly ModulePlan[];
  allowPartial: boolean;
  wholeFiles: boolean;
  prefilter: boolean;
}

export interface BatchContext {
  root: string;
  outDir: string | undefined;
  translate: TranslateOptions;
  prefilter: (path: string, text: string) => boolean;
  cache: ResultCache | undefined;
  /** Output folders this batch has made in this thread (hundreds of files go to a few folders). */
  madeDirs: Set<string>;
}

/** What translating one file needs, built from the setup in each thread. */
export function batchContext(setup: BatchSetup, transforms: readonly Transform[]): BatchContext {
  return {
    root: setup.root,
    outDir: setup.outDir,
    translate: { rules: setup.rules, transforms, shapes: setup.shapes, module: undefined, modules: setup.modules, allowPartial: setup.allowPartial, wholeFile: setup.wholeFiles },
    prefilter: setup.prefilter ? makePrefilter(setup.rules, transforms) : () => true,
    cache: setup.cacheDir ? new ResultCache(setup.cacheDir, setup.ruleSetHash) : undefined,
    madeDirs: new Set(),
  };
}
