import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Project } from '../../cli/project.js';
import type { Rule } from '../../match/rule.js';
import type { DriverPlugin } from '../scenarios/registry.js';
import { buildHarness, HOST_DIR, type HarnessBuild } from './build-harness.js';
import { translateModule } from './translated-virtio.js';

/**
 * The DragonFly harness of a child driver: the translated parent (virtio.c in `parentDir`) plus the
 * child's translated units -- written by the plugin next to the parent, so the child's
 * "../virtio/virtiovar.h" is the same translated header -- and its shim/adapter files.
 */
export async function buildPluginHarness(project: Project, plugin: DriverPlugin, rules: readonly Rule[] | undefined, parentDir: string, cacheDir: string): Promise<HarnessBuild> {
  const adapters = plugin.adapters.dragonfly;
  if (!adapters) return { ok: false, diagnostics: [], log: `${plugin.module}: no DragonFly adapter` };
  const mod = translateModule(project, plugin.module, rules);
  try {
    if (mod.failed)
      return { ok: false, diagnostics: [], log: mod.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n') };
    const childDir = join(dirname(parentDir), plugin.module);
    mkdirSync(childDir, { recursive: true });
    const units = plugin.underTest(mod.dir, childDir);
    return await buildHarness({ flavour: 'dragonfly', underTest: [join(parentDir, 'virtio.c'), ...units, ...adapters.map((a) => join(HOST_DIR, 'dragonfly', a))], includeDirs: [parentDir], ...(plugin.libcUnits ? { libcUnits: plugin.libcUnits.map((u) => join(HOST_DIR, u)) } : {}) }, cacheDir);
  } finally {
    mod.dispose();
  }
}
