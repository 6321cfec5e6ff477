import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModulePlans, type ModulePlan } from '../emit/module-plan.js';
import { loadRuleDir } from '../match/load-rules.js';
import type { Rule } from '../match/rule.js';
import { loadMacroShapes, type MacroShapes } from '../parse/macro-shapes.js';
import { TRANSFORMS } from '../transform/registry.js';
import type { Transform } from '../transform/transform.js';

/** The project's data: rules, macro shapes, module plans, transforms. Loaded once per command. */
export interface Project {
  root: string;
  rules: Rule[];
  shapes: MacroShapes;
  plans: ModulePlan[];
  transforms: readonly Transform[];
}

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function loadProject(root = PROJECT_ROOT): Project {
  const rulesDir = join(root, 'rules');
  return {
    root,
    rules: loadRuleDir(rulesDir, root),
    shapes: loadMacroShapes(join(rulesDir, 'macro-shapes.yml')),
    plans: loadModulePlans(join(rulesDir, 'modules.yml')),
    transforms: TRANSFORMS,
  };
}

/** Resolves a user path against the current directory, the project root as fallback for defaults. */
export function resolveUserPath(p: string, isDefault: boolean): string {
  if (!isDefault || existsSync(resolve(p))) return resolve(p);
  return join(PROJECT_ROOT, p);
}
