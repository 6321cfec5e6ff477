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
import { scenariosFor } from './scenarios/registry.js';
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
  const [translated, original] = await Promise.all([
    translation.failed
      ? Promise.resolve<HarnessBuild>({ ok: false, diagnostics: [], log: translation.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n') })
      : buildHarness({ flavour: 'dragonfly', underTest: [join(translation.dir, 'virtio.c')], includeDirs: [translation.dir] }, cacheDir),
    buildHarness({ flavour: 'netbsd', underTest: [join(netbsd, 'dev/pci/virtio.c')], includeDirs: [netbsd] }, cacheDir),
  ]);
  const builds = { translated, original };
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
  return { vectors: results, translation, builds };
}

async function runVector(v: Vector, scenario: Scenario, builds: VerifyResult['builds'], impls: readonly Implementation[]): Promise<VectorResult> {
  const failures: ImplementationFailure[] = [];
  for (const impl of impls) {
    const build = impl === 'model' ? undefined : builds[impl];
    if (build && !build.ok) {
      failures.push({ impl, problems: [`does not build for the host: ${build.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal error').length} error(s)`] });
      continue;
    }
    let backend: ExecBackend | undefined;
    try {
      backend = build?.ok ? await CBackend.start(impl, build.binary) : new ModelBackend();
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
