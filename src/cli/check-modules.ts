import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PortedModule } from '../translate/port-modules.js';
import { buildModule, type BuildResult } from '../verify/build/index.js';
import { BuildCache } from '../verify/build/build-cache.js';
import { findToolchain } from '../verify/build/toolchain.js';
import { toProjectDiagnostics } from '../verify/build/to-project-diagnostics.js';
import { createProgress } from './progress.js';

/** A build result, and whether it was reused because nothing the build reads had changed. */
export type CheckedBuild = BuildResult & { cached?: boolean };

/**
 * Builds each emitted module with DragonFly's bsd.kmod.mk and maps every compiler diagnostic on an
 * emitted line back to the NetBSD file:line it came from and the rules that produced it. With a
 * cache folder, a module whose sources, included headers and toolchain are as at an earlier build
 * is not built again: that build's result stands.
 */
export async function checkModules(dest: string, modules: readonly PortedModule[], cacheDir?: string): Promise<{ results: CheckedBuild[]; diagnostics: Diagnostic[] }> {
  const results: CheckedBuild[] = [];
  const diagnostics: Diagnostic[] = [];
  const progress = createProgress('building', modules.length);
  const toolchain = cacheDir ? findToolchain() : undefined;
  const cache = cacheDir && toolchain?.ok ? new BuildCache(cacheDir, toolchain.toolchain) : undefined;
  for (const m of modules) {
    progress.step(`${m.plan.kmod}.ko`);
    const moduleDir = join(dest, m.plan.name);
    const key = cache?.key(moduleDir);
    const hit = key ? cache!.get(key) : undefined;
    let r: CheckedBuild;
    if (hit) r = { ...hit, cached: true };
    else {
      r = await buildModule(moduleDir);
      if (key) cache!.put(key, r);
    }
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
