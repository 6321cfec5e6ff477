import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Project } from '../../cli/project.js';
import { NETBSD_CODE_DIR } from '../../inputs/paths.js';
import type { Rule } from '../../match/rule.js';
import { portModules } from '../../translate/port-modules.js';
import type { TranslatedFile } from '../../translate/translate-file.js';

export interface TranslatedModule {
  /** Folder holding the module's emitted files (virtio.c, virtiovar.h, virtioreg.h). */
  dir: string;
  files: TranslatedFile[];
  diagnostics: Diagnostic[];
  failed: boolean;
  /** Removes the temporary folder (the emitted text stays available in `files`). */
  dispose(): void;
}

/**
 * Runs the real translator (with `rules`, the project's or a mutant's) on one module and writes
 * what it emits into a fresh temporary folder, so verify never reads a stale output/.
 */
export function translateModule(project: Project, module: string, rules: readonly Rule[] = project.rules): TranslatedModule {
  const plan = project.plans.find((p) => p.name === module);
  if (!plan) throw new Error(`no module '${module}' in rules/modules.yml`);
  const result = portModules({ srcDir: join(project.root, NETBSD_CODE_DIR), plans: project.plans, selected: [plan], rules, transforms: project.transforms, shapes: project.shapes });
  const root = mkdtempSync(join(tmpdir(), 'port-virtio-verify-'));
  const mod = result.modules[0]!;
  for (const [rel, bytes] of mod.emitted) {
    const dest = join(root, rel);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, bytes);
  }
  const failed = result.diagnostics.some((d) => d.severity === 'error');
  return { dir: join(root, module), files: mod.files, diagnostics: result.diagnostics, failed, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
