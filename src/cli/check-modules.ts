import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PortedModule } from '../translate/port-modules.js';
import { buildModule, type BuildResult } from '../verify/build/index.js';
import { toProjectDiagnostics } from '../verify/build/to-project-diagnostics.js';
import { createProgress } from './progress.js';

/**
 * Builds each emitted module with DragonFly's bsd.kmod.mk and maps every compiler diagnostic on an
 * emitted line back to the NetBSD file:line it came from and the rules that produced it.
 */
export async function checkModules(dest: string, modules: readonly PortedModule[]): Promise<{ results: BuildResult[]; diagnostics: Diagnostic[] }> {
  const results: BuildResult[] = [];
  const diagnostics: Diagnostic[] = [];
  const progress = createProgress('building', modules.length);
  for (const m of modules) {
    progress.step(`${m.plan.kmod}.ko`);
    const r = await buildModule(join(dest, m.plan.name));
    results.push(r);
    const mapped = toProjectDiagnostics(r.diagnostics, `sys/dev/virtio/${m.plan.name}`);
    r.diagnostics.forEach((cd, i) => {
      const d = mapped[i]!;
      const base = cd.file.split('/').pop();
      const folder = cd.file.includes('/') ? cd.file.split('/').slice(-2, -1)[0] : m.plan.name;
      const owner = modules.find((x) => x.plan.name === folder) ?? m;
      const file = owner.files.find((f) => f.path.split('/').pop() === base);
      const origin = file?.origins[cd.line - 1];
      if (file && origin) d.origin = { file: file.path, line: origin.srcLine, ruleIds: origin.ruleIds };
      diagnostics.push(d);
    });
  }
  progress.done();
  return { results, diagnostics };
}
