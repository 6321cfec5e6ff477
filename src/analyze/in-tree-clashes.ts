import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { MacroShapes } from '../parse/macro-shapes.js';
import { LineIndex } from '../parse/line-index.js';
import type { PortedModule } from '../translate/port-modules.js';
import { fileSymbols } from '../translate/link-symbols.js';
import { moduleSymbolPrefix } from '../transform/module-symbol-prefix.js';

/** Where DragonFly's own virtio drivers are, under a DragonFly corpus. */
export const IN_TREE_VIRTIO = 'sys/dev/virtual/virtio';

/** A name of the in-tree drivers and where it is declared (path under the corpus' virtio folder, line). */
export interface InTreeNames {
  /** Functions and variables with external linkage the in-tree sources and headers declare or define. */
  symbols: Map<string, string>;
  /** Module names (DRIVER_MODULE, DECLARE_MODULE, MODULE_VERSION) and driver (devclass) names. */
  modules: Map<string, string>;
}

/** Module-name declarations and the driver_t initializer that names a driver (its devclass). */
const MODULE_NAME = /\b(?:DRIVER_MODULE|DECLARE_MODULE|MODULE_VERSION|MODULE_DEPEND)\(\s*(\w+)/g;
const DRIVER_NAME = /\bdriver_t\s+\w+\s*=\s*\{\s*"(\w+)"/g;

/** The in-tree virtio drivers' names (undefined when the corpus has no such folder). */
export function loadInTreeNames(virtioDir: string): InTreeNames | undefined {
  if (!existsSync(virtioDir)) return undefined;
  const symbols = new Map<string, string>();
  const modules = new Map<string, string>();
  for (const file of walk(virtioDir)) {
    const text = readFileSync(file, 'latin1');
    const lines = new LineIndex(text);
    const add = (map: Map<string, string>, name: string, offset: number): void => {
      if (!map.has(name)) map.set(name, `${relative(virtioDir, file)}:${lines.position(offset).line}`);
    };
    if (/\.[ch]$/.test(file)) {
      const s = fileSymbols(text);
      for (const n of [...s.defined, ...s.declared]) add(symbols, n, s.at.get(n) ?? 0);
      for (const m of text.matchAll(MODULE_NAME)) add(modules, m[1]!, m.index);
      for (const m of text.matchAll(DRIVER_NAME)) add(modules, m[1]!, m.index);
    }
  }
  return { symbols, modules };
}

/**
 * PV4301: every global symbol and module name of the emitted modules that DragonFly's in-tree virtio
 * drivers also have. A kernel with `device virtio` exports those symbols (a module's undefined
 * reference can bind to the kernel's function, of another signature) and registers those module
 * and driver names (kldload of a same-named module fails). Module *file* names are not names the
 * kernel registers: the emitted README loads each module by its path. Located at
 * the emitted line, with the NetBSD line and rules it came from; a warning: the modules still
 * build and run on a kernel without the in-tree drivers.
 */
export function inTreeClashes(modules: readonly PortedModule[], inTree: InTreeNames, shapes: MacroShapes, outputSubdir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of modules) {
    for (const f of m.files) {
      const text = f.output.text;
      const lines = new LineIndex(text);
      const file = `${outputSubdir}/${m.plan.name}/${basename(f.path)}`;
      const at = (offset: number, message: string): Diagnostic => {
        const { line, column } = lines.position(offset);
        const origin = f.origins[line - 1];
        return { code: 'PV4301', severity: 'warning', message, file, line, column, ruleId: moduleSymbolPrefix.id, ...(origin ? { origin: { file: f.path, line: origin.srcLine, ruleIds: origin.ruleIds } } : {}) };
      };
      const s = fileSymbols(text, shapes);
      for (const name of [...s.defined, ...s.declared].sort((a, b) => (s.at.get(a) ?? 0) - (s.at.get(b) ?? 0))) {
        const where = inTree.symbols.get(name);
        if (where)
          out.push(at(s.at.get(name) ?? 0, `global symbol '${name}' is also one of DragonFly's in-tree virtio (${where}): a kernel with device virtio exports it, and kldload may bind this module's references to the kernel's`));
      }
      for (const re of [MODULE_NAME, DRIVER_NAME])
        for (const x of text.matchAll(re)) {
          const where = inTree.modules.get(x[1]!);
          if (where) out.push(at(x.index + x[0].lastIndexOf(x[1]!), `module or driver name '${x[1]}' is also one of DragonFly's in-tree virtio (${where}): a kernel that has it refuses or confuses this module`));
        }
    }
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}
