import { join } from 'node:path';
import type { Project } from '../cli/project.js';
import { NETBSD_CODE_DIR } from '../inputs/paths.js';
import type { Rule } from '../match/rule.js';
import { buildHarness, DEFAULT_CACHE_DIR, type HarnessBuild } from './harness/build-harness.js';
import { translateModule, type TranslatedModule } from './harness/translated-virtio.js';
import { CBackend } from './run/c-backend.js';
import { firstDivergence, type Divergence } from './run/compare.js';
import type { ExecBackend } from './run/exec-backend.js';
import { ModelBackend } from './run/model-backend.js';
import { runOps } from './run/run-ops.js';
import type { Vector } from './run/step.js';
import { buildPluginHarness } from './harness/plugin-harness.js';
import { DRIVER_PLUGINS, pluginOf, scenariosFor } from './scenarios/registry.js';
import type { Scenario } from './scenarios/scenario.js';
import { readVectors } from './vectors/vector-file.js';

export const IMPLEMENTATIONS = ['model', 'translated', 'original'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

export interface ImplementationFailure {
  impl: Implementation;
  divergence?: Divergence;
  /** Scenario checks that failed, or why the implementation could not run. */
  problems: string[];
}

export interface VectorResult {
  vector: string;
  scenario: string;
  failures: ImplementationFailure[];
}

export interface VerifyResult {
  vectors: VectorResult[];
  translation: TranslatedModule;
  builds: Record<'translated' | 'original', HarnessBuild>;
  /** Translated harnesses of the child drivers whose scenarios ran (DRIVER_PLUGINS), by module. */
  pluginBuilds?: Record<string, HarnessBuild>;
}

export interface VerifyOptions {
  driver: string;
  /** A mutant's rule set; default the project's rules. */
  rules?: readonly Rule[];
  vectors?: readonly Vector[];
  cacheDir?: string;
  /** Vectors run at once (each in its own harness processes). */
  parallel?: number;
  /** Which implementations to run (default all three). */
  implementations?: readonly Implementation[];
  /** Stop starting vectors after the first failure (a mutant is caught once one vector fails). */
  failFast?: boolean;
}

/**
 * `port-virtio verify`: translate virtio.c with the real translator, build the translated and the
 * original NetBSD virtqueue core into harnesses, and run every selected vector three ways (model,
 * translated, original). A vector passes when all three reproduce it step by step and its
 * scenario's checks hold for each.
 */
export async function verify(project: Project, opts: VerifyOptions): Promise<VerifyResult> {
  const scenarios = scenariosFor(opts.driver);
  const vectors = (opts.vectors ?? readVectors()).filter((v) => scenarios.some((s) => s.name === v.scenario));
  const translation = translateModule(project, 'virtio', opts.rules);
  const cacheDir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const netbsd = join(project.root, NETBSD_CODE_DIR, 'sys');
  const plugins = DRIVER_PLUGINS.filter((p) => p.scenarios.some((s) => vectors.some((v) => v.scenario === s.name)));
  const pluginBuilds: Record<string, HarnessBuild> = {};
  const buildPlugin = async (p: (typeof plugins)[number]): Promise<void> => {
    pluginBuilds[p.module] = translation.failed ? { ok: false, diagnostics: [], log: 'virtio.c does not translate' } : await buildPluginHarness(project, p, opts.rules, translation.dir, cacheDir);
  };
  const [translated, original] = await Promise.all([
    translation.failed
      ? Promise.resolve<HarnessBuild>({ ok: false, diagnostics: [], log: translation.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n') })
      : buildHarness({ flavour: 'dragonfly', underTest: [join(translation.dir, 'virtio.c')], includeDirs: [translation.dir] }, cacheDir),
    buildHarness({ flavour: 'netbsd', underTest: [join(netbsd, 'dev/pci/virtio.c')], includeDirs: [netbsd] }, cacheDir),
    ...plugins.map(buildPlugin),
  ]).finally(() => translation.dispose());
  return runVectors(vectors, scenarios, { translated: translated as HarnessBuild, original: original as HarnessBuild, ...(plugins.length > 0 ? { pluginBuilds } : {}) }, translation, opts);
}

async function runVectors(vectors: readonly Vector[], scenarios: readonly Scenario[], builds: VerifyResult['builds'] & Pick<VerifyResult, 'pluginBuilds'>, translation: TranslatedModule, opts: VerifyOptions): Promise<VerifyResult> {
  const impls = opts.implementations ?? IMPLEMENTATIONS;
  const results: VectorResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < vectors.length; i = next++) {
      if (opts.failFast && results.some((r) => r.failures.length > 0)) return;
      results.push(await runVector(vectors[i]!, scenarios.find((s) => s.name === vectors[i]!.scenario)!, builds, impls));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.parallel ?? 4) }, worker));
  results.sort((a, b) => vectors.findIndex((v) => v.name === a.vector) - vectors.findIndex((v) => v.name === b.vector));
  const { pluginBuilds, ...core } = builds;
  return { vectors: results, translation, builds: core, ...(pluginBuilds ? { pluginBuilds } : {}) };
}

async function runVector(v: Vector, scenario: Scenario, builds: VerifyResult['builds'] & Pick<VerifyResult, 'pluginBuilds'>, impls: readonly Implementation[]): Promise<VectorResult> {
  const failures: ImplementationFailure[] = [];
  const plugin = pluginOf(scenario);
  for (const impl of impls) {
    // a driver scenario runs the plugin's harness; without a NetBSD adapter it is two-way (model vs translated)
    if (plugin && impl === 'original' && !plugin.adapters.netbsd) continue;
    const build = impl === 'model' ? undefined : plugin && impl === 'translated' ? builds.pluginBuilds?.[plugin.module] : builds[impl];
    if (build && !build.ok) {
      failures.push({ impl, problems: [`does not build for the host: ${build.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal error').length} error(s)`] });
      continue;
    }
    let backend: ExecBackend | undefined;
    try {
      backend = build?.ok ? await CBackend.start(impl, build.binary) : (scenario.modelBackend?.() ?? new ModelBackend());
      const run = await runOps(v.steps.map((s) => s.op), v.device, backend);
      const divergence = firstDivergence(v, run);
      const problems = run.failure ? [] : (scenario.check?.(v.steps.map((s, i) => ({ op: s.op, record: run.records[i]! }))) ?? []);
      if (divergence || problems.length > 0) failures.push({ impl, ...(divergence ? { divergence } : {}), problems });
    } catch (e) {
      failures.push({ impl, problems: [`could not run: ${(e as Error).message}`] });
    } finally {
      await backend?.close();
    }
  }
  return { vector: v.name, scenario: v.scenario, failures };
}
