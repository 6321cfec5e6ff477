import { basename, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ModulePlan } from '../emit/module-plan.js';
import { readSourceFileSync, encodeText } from '../inputs/read-source.js';
import type { Rule } from '../match/rule.js';
import type { MacroShapes } from '../parse/macro-shapes.js';
import type { Transform } from '../transform/transform.js';
import { moduleMakefile, subdirMakefile } from '../emit/makefile.js';
import { modulesReadme } from '../emit/readme.js';
import { MODULE_SYMBOL_PREFIX, moduleSymbolPrefix } from '../transform/module-symbol-prefix.js';
import { prefixRenames, renameSymbols } from './link-symbols.js';
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
  /** sys/dev/virtio/README: how to build a kernel for the modules and load them. */
  readme: Buffer;
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
  // The modules a selected one attaches to are translated too (not emitted): the names the link
  // pass gives the parent's API must be the same in a child translated alone.
  const ancestors = (plan: ModulePlan): ModulePlan[] => {
    const parent = inputs.plans.find((p) => p.driver === plan.parent && p !== plan);
    return parent ? [parent, ...ancestors(parent)] : [];
  };
  const linked = [...new Set([...inputs.selected, ...inputs.selected.flatMap(ancestors)])];
  const translated = new Map<ModulePlan, { files: TranslatedFile[]; makeInputs: { path: string; sha256: string }[] }>();
  for (const plan of linked) {
    const files: TranslatedFile[] = [];
    const makeInputs: { path: string; sha256: string }[] = [];
    for (const path of [...plan.sources, ...plan.headers]) {
      const raw = readSourceFileSync(join(inputs.srcDir, path), path);
      const t = translateFile(path, raw.text, { rules: inputs.rules, transforms: inputs.transforms, shapes: inputs.shapes, module: plan, modules: inputs.plans, allowPartial: inputs.allowPartial === true });
      files.push(t);
      makeInputs.push({ path, sha256: raw.sha256 });
    }
    translated.set(plan, { files, makeInputs });
  }
  const prefix = inputs.transforms.find((t) => t.id === moduleSymbolPrefix.id);
  const renames = prefix ? prefixRenames([...translated.values()].flatMap((x) => x.files), inputs.shapes, MODULE_SYMBOL_PREFIX) : new Map<string, string>();
  const modules = inputs.selected.map((plan) => {
    const emitted = new Map<string, Buffer>();
    const totals = { untouched: 0, rewritten: 0, template: 0 };
    const { makeInputs } = translated.get(plan)!;
    const files = translated.get(plan)!.files.map((t) => (renames.size > 0 ? renameSymbols(t, renames, moduleSymbolPrefix.id, inputs.shapes) : t));
    for (const t of files) {
      diagnostics.push(...t.diagnostics);
      emitted.set(`${plan.name}/${basename(t.path)}`, encodeText(t.output.text));
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
  const readme = Buffer.from(modulesReadme(inputs.plans, prefix ? MODULE_SYMBOL_PREFIX : ''));
  return { modules, diagnostics, topMakefile, readme };
}
