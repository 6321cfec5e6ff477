import { join, resolve } from 'node:path';
import { loadModulePlans } from '../emit/module-plan.js';
import { loadRuleDir } from '../match/load-rules.js';
import type { Rule } from '../match/rule.js';
import { loadMacroShapes, type MacroShapes } from '../parse/macro-shapes.js';
import type { ModulePlan } from '../emit/module-plan.js';
import type { Transform } from '../transform/transform.js';
import { loadProject, PROJECT_ROOT } from './project.js';

/** What `translate` applies to code outside the virtio drivers. */
export interface GeneralRuleSet {
  translate: { rules: readonly Rule[]; transforms: readonly Transform[]; shapes: MacroShapes; modules: readonly ModulePlan[] };
}

/**
 * The project's general rules (no driver or file scope) and the transforms that apply to any
 * file; or, given a folder, only the rules in it: a porter's own rewrites over a tree, without
 * the project's rules and transforms (which are then not even loaded). The parser's macro shapes
 * and the module plans are the project's either way.
 */
export function loadGeneralRuleSet(rulesDir?: string): GeneralRuleSet {
  if (rulesDir === undefined) {
    const project = loadProject();
    return {
      translate: {
        rules: project.rules.filter((r) => !r.scope.drivers && !r.scope.files),
        transforms: project.transforms.filter((t) => t.appliesTo(undefined, '')),
        shapes: project.shapes,
        modules: project.plans,
      },
    };
  }
  return {
    translate: {
      rules: loadRuleDir(resolve(rulesDir), process.cwd()),
      transforms: [],
      shapes: loadMacroShapes(join(PROJECT_ROOT, 'rules/macro-shapes.yml')),
      modules: loadModulePlans(join(PROJECT_ROOT, 'rules/modules.yml')),
    },
  };
}
