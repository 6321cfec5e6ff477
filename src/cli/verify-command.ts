import { RuleLoadError } from '../match/load-rules.js';
import { formatDivergence, countResults, describeAt } from '../verify/report.js';
import { findMutant, MUTANTS } from '../verify/mutants.js';
import { recordResults } from '../verify/record-results.js';
import { verify } from '../verify/verify.js';
import { writeVectors } from '../verify/vectors/write-vectors.js';
import { loadProject, resolveUserPath } from './project.js';

export interface VerifyArgs {
  driver: string;
  mutant?: string | undefined;
  updateVectors: boolean;
  /** Output root whose tree gets the results for `port-virtio review`. */
  out?: string | undefined;
}

/**
 * `port-virtio verify`: the three-way behavioural check (model, translated C, original C) over
 * test/vectors. Prints "N vectors passed, M failed" with per-scenario counts; exit 0 only if M = 0.
 */
export async function runVerifyCommand(args: VerifyArgs): Promise<number> {
  if (args.updateVectors) {
    const r = await writeVectors();
    process.stderr.write(`vectors: ${r.written.length} written, ${r.unchanged} unchanged, ${r.removed.length} removed\n`);
    for (const f of [...r.written, ...r.removed.map((f) => `${f} (removed)`)]) process.stderr.write(`  ${f}\n`);
    return 0;
  }
  let project;
  try {
    project = loadProject();
  } catch (e) {
    if (!(e instanceof RuleLoadError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
  const mutant = args.mutant === undefined ? undefined : findMutant(args.mutant);
  if (args.mutant !== undefined && !mutant) {
    process.stderr.write(`port-virtio: unknown mutant '${args.mutant}'; known: ${MUTANTS.map((m) => m.name).join(', ')}\n`);
    return 2;
  }
  if (mutant) process.stderr.write(`mutant ${mutant.name}: ${mutant.description}\n`);
  const started = Date.now();
  const mutated = mutant?.transforms ? { ...project, transforms: mutant.transforms(project.transforms) } : project;
  const result = await verify(mutated, { driver: args.driver, ...(mutant ? { rules: mutant.apply(project.rules) } : {}) });
  for (const impl of ['translated', 'original'] as const) {
    const b = result.builds[impl];
    if (b.ok) continue;
    process.stderr.write(`${impl} virtio.c does not build for the host harness:\n`);
    const errors = b.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal error');
    for (const d of errors.slice(0, 10)) process.stderr.write(`  ${describeAt(`${d.file.split('/').pop()}:${d.line}`, impl, result.translation)}: ${d.message}\n`);
    if (errors.length === 0) process.stderr.write(`${b.log.trim()}\n`);
  }
  for (const [module, b] of Object.entries(result.pluginBuilds ?? {}))
    if (!b.ok) process.stderr.write(`translated ${module} driver does not build for the host harness:\n${b.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal error').slice(0, 10).map((d) => `  ${d.file.split('/').pop()}:${d.line}: ${d.message}\n`).join('') || `${b.log.trim()}\n`}`);
  for (const v of result.vectors)
    for (const f of v.failures) {
      const lines = f.divergence ? formatDivergence(v.vector, f.impl, f.divergence, result.translation) : [`FAIL ${v.vector} (${f.impl})`];
      if (f.impl === 'model') lines.push('  (the model no longer reproduces the vector: if that change is intended, regenerate with `port-virtio verify --update-vectors`)');
      for (const p of f.problems) lines.push(`  ${p}`);
      process.stderr.write(`${lines.join('\n')}\n`);
    }
  if (args.out !== undefined) process.stderr.write(`recorded ${recordResults(resolveUserPath(args.out, false), result)}\n`);
  const { total, perScenario } = countResults(result);
  for (const [scenario, c] of perScenario) process.stdout.write(`  ${scenario}: ${c.passed} passed, ${c.failed} failed\n`);
  process.stdout.write(`${total.passed} vectors passed, ${total.failed} failed\n`);
  const drivers = Object.keys(result.pluginBuilds ?? {});
  process.stderr.write(`verify: model, translated and original NetBSD virtio.c${drivers.length > 0 ? `; driver scenarios (${drivers.join(', ')}): see src/verify/README.md for which are three-way` : ''}; ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return total.failed === 0 && total.passed > 0 ? 0 : 1;
}
