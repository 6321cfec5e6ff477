import { RuleLoadError } from '../match/load-rules.js';
import { formatDivergence, countResults, describeAt } from '../verify/report.js';
import { findMutant, MUTANTS } from '../verify/mutants.js';
import { recordResults } from '../verify/record-results.js';
import { verify } from '../verify/verify.js';
import { qemuBinary } from '../verify/qemu/qemu-machine.js';
import { formatQemuResults, selectScenarios, verifyOnQemu } from '../verify/qemu/run-qemu.js';
import { writeVectors } from '../verify/vectors/write-vectors.js';
import type { Rule } from '../match/rule.js';
import { loadProject, resolveUserPath, type Project } from './project.js';

export interface VerifyArgs {
  driver: string;
  mutant?: string | undefined;
  updateVectors: boolean;
  /** Output root whose tree gets the results for `port-virtio review`. */
  out?: string | undefined;
  /** model: the vectors; qemu: the real-device scenarios; all (default where QEMU is installed): both. */
  device?: 'model' | 'qemu' | 'all' | undefined;
  /** QEMU scenarios to run (names or driver names); default those of `driver`. */
  scenarios?: string[] | undefined;
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
  const mutated = mutant?.transforms ? { ...project, transforms: mutant.transforms(project.transforms) } : project;
  const rules = mutant ? mutant.apply(project.rules) : undefined;
  const device = args.device ?? (qemuBinary() ? 'all' : 'model');
  if (args.device === undefined && device === 'model') process.stderr.write('verify: qemu-system-x86_64 not found: the QEMU scenarios are skipped (scripts/setup.sh installs it)\n');
  let code = 0;
  if (device !== 'qemu') code = await verifyOnModel(args, mutated, rules);
  if (device !== 'model') code = Math.max(code, await verifyOnDevices(args, mutated, rules));
  return code;
}

/** `--device qemu`: the whole translated drivers against QEMU's devices, one line per scenario. */
async function verifyOnDevices(args: VerifyArgs, project: Project, rules: readonly Rule[] | undefined): Promise<number> {
  if (!qemuBinary()) {
    process.stderr.write('port-virtio: qemu-system-x86_64 not found on PATH: install the Debian package qemu-system-x86 (scripts/setup.sh does)\n');
    return 1;
  }
  const only = args.scenarios ?? (args.driver === 'all' ? [] : [args.driver]);
  if (selectScenarios(only).length === 0) {
    process.stderr.write(`port-virtio: no QEMU scenario matches ${only.join(', ')}; known: ${selectScenarios().map((s) => s.name).join(', ')}\n`);
    return args.scenarios ? 2 : 0;
  }
  const started = Date.now();
  const { results } = await verifyOnQemu(project, { only, ...(rules ? { rules } : {}) });
  process.stdout.write(`${formatQemuResults(results).join('\n')}\n`);
  process.stderr.write(`verify --device qemu: the translated drivers on QEMU's legacy virtio-pci devices; ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return results.every((r) => r.passed) ? 0 : 1;
}

/** `--device model`: the vectors, three ways. */
async function verifyOnModel(args: VerifyArgs, mutated: Project, rules: readonly Rule[] | undefined): Promise<number> {
  const started = Date.now();
  const result = await verify(mutated, { driver: args.driver, ...(rules ? { rules } : {}) });
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
