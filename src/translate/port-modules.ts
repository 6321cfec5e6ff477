import { basename, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ModulePlan } from '../emit/module-plan.js';
import { readSourceFileSync, encodeText } from '../inputs/read-source.js';
import type { Rule } from '../match/rule.js';
import type { MacroShapes } from '../parse/macro-shapes.js';
import type { Transform } from '../transform/transform.js';
import { moduleMakefile, subdirMakefile } from '../emit/makefile.js';
import { countOrigins } from './line-origins.js';
import { translateFile, type TranslatedFile } from './translate-file.js';

export interface PortedModule {
  plan: ModulePlan;
  files: TranslatedFile[];
  /** Emitted files relative to sys/dev/virtio/, translated C and the Makefile. */
  emitted: Map<string, Buffer>;
  origins: { untouched: number; rewritten: number; template: number };
}

export interface PortResult {
  modules: PortedModule[];
  diagnostics: Diagnostic[];
  /** sys/dev/virtio/Makefile (SUBDIR) */
  topMakefile: Buffer;
}

export interface PortInputs {
  srcDir: string;
  plans: readonly ModulePlan[];
  selected: readonly ModulePlan[];
  rules: readonly Rule[];
  transforms: readonly Transform[];
  shapes: MacroShapes;
  allowPartial?: boolean;
}

/** Translates each selected module's NetBSD sources and headers into its emitted folder. */
export function portModules(inputs: PortInputs): PortResult {
  const diagnostics: Diagnostic[] = [];
  const modules = inputs.selected.map((plan) => {
    const emitted = new Map<string, Buffer>();
    const files: TranslatedFile[] = [];
    const makeInputs: { path: string; sha256: string }[] = [];
    const totals = { untouched: 0, rewritten: 0, template: 0 };
    for (const path of [...plan.sources, ...plan.headers]) {
      const raw = readSourceFileSync(join(inputs.srcDir, path), path);
      const t = translateFile(path, raw.text, { rules: inputs.rules, transforms: inputs.transforms, shapes: inputs.shapes, module: plan, modules: inputs.plans, allowPartial: inputs.allowPartial === true });
      files.push(t);
      diagnostics.push(...t.diagnostics);
      emitted.set(`${plan.name}/${basename(path)}`, encodeText(t.output.text));
      makeInputs.push({ path, sha256: raw.sha256 });
      const c = countOrigins(t.origins);
      totals.untouched += c.untouched;
      totals.rewritten += c.rewritten;
      totals.template += c.template;
    }
    const makefile = moduleMakefile(plan, makeInputs, plan.sources.map((s) => basename(s)));
    emitted.set(`${plan.name}/Makefile`, Buffer.from(makefile));
    totals.template += makefile.split('\n').length - 1;
    return { plan, files, emitted, origins: totals };
  });
  const topMakefile = Buffer.from(subdirMakefile(inputs.plans.map((p) => p.name)));
  return { modules, diagnostics, topMakefile };
}
