import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Project } from '../../cli/project.js';
import type { Rule } from '../../match/rule.js';
import { DEFAULT_CACHE_DIR } from '../harness/build-harness.js';
import { BALLOON_SCENARIOS } from './balloon-scenarios.js';
import { BLK_SCENARIOS } from './blk-scenarios.js';
import { NET_SCENARIOS } from './net-scenarios.js';
import { buildQemuHarness, QEMU_DRIVERS, type QemuBuild } from './qemu-drivers.js';
import { QemuFailure, QemuMachine } from './qemu-machine.js';
import { CheckFailure, describeEmitted, findCode, type QemuScenario, type ScenarioContext, type ScenarioResult, type ScenarioSetup } from './qemu-scenario.js';

/** Every real-device scenario, in the order they run and print. */
export const QEMU_SCENARIOS: readonly QemuScenario[] = [...BLK_SCENARIOS, ...NET_SCENARIOS, ...BALLOON_SCENARIOS];

export interface QemuVerifyOptions {
  /** Scenario names, or driver names (blk, net, balloon), to run; default all. */
  only?: readonly string[];
  /** A mutant's rule set; default the project's rules. */
  rules?: readonly Rule[];
  cacheDir?: string;
  /** Scenarios run at once, each in its own VM (default 2: QEMU's CPU is halted, the devices' work is light). */
  parallel?: number;
}

export interface QemuVerifyResult {
  results: ScenarioResult[];
  builds: Partial<Record<QemuScenario['driver'], QemuBuild>>;
}

export function selectScenarios(only?: readonly string[]): QemuScenario[] {
  return QEMU_SCENARIOS.filter((s) => !only || only.length === 0 || only.includes(s.name) || only.includes(s.driver));
}

/**
 * `verify --device qemu`: builds each needed driver (translated virtio.c + the whole translated child
 * + its QEMU fixture) and runs every selected scenario against QEMU's own legacy virtio-pci device,
 * one fresh VM per scenario.
 */
export async function verifyOnQemu(project: Project, opts: QemuVerifyOptions = {}): Promise<QemuVerifyResult> {
  const scenarios = selectScenarios(opts.only);
  const drivers = [...new Set(scenarios.map((s) => s.driver))];
  const builds: QemuVerifyResult['builds'] = {};
  await Promise.all(drivers.map(async (d) => (builds[d] = await buildQemuHarness(project, QEMU_DRIVERS[d], opts.rules, opts.cacheDir ?? DEFAULT_CACHE_DIR))));
  const results: ScenarioResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < scenarios.length; i = next++) results.push(await runScenario(scenarios[i]!, builds[scenarios[i]!.driver]!));
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.parallel ?? 2) }, worker));
  results.sort((a, b) => scenarios.findIndex((s) => s.name === a.name) - scenarios.findIndex((s) => s.name === b.name));
  return { results, builds };
}

export async function runScenario(scenario: QemuScenario, qb: QemuBuild): Promise<ScenarioResult> {
  const started = Date.now();
  const result = (failure?: ScenarioResult['failure']): ScenarioResult => ({ name: scenario.name, passed: !failure, ms: Date.now() - started, ...(failure ? { failure } : {}) });
  if (!qb.build.ok) {
    const errors = qb.build.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal error');
    const first = errors[0];
    return result({ step: 'build', message: first ? `does not build for the host: ${first.message}` : `does not build for the host: ${qb.build.log.trim().split('\n')[0]}`, ...(first ? { at: describeEmitted(`${first.file.split('/').pop()}:${first.line}`, qb.files) } : {}) });
  }
  const tmp = mkdtempSync(join(tmpdir(), 'port-virtio-scenario-'));
  let step = 'start';
  let machine: QemuMachine | undefined;
  let setup: ScenarioSetup | undefined;
  try {
    setup = await scenario.setup(tmp);
    machine = await QemuMachine.start(qb.build.binary, setup.device);
    const m = machine;
    const ctx: ScenarioContext = {
      machine: m,
      tmp,
      peer: setup.peer,
      step: (name) => (step = name),
      check(cond, message, where) {
        if (!cond) throw new CheckFailure(message, where);
      },
      async ok(cmd, args, where) {
        const r = await m.request(cmd, args);
        if (r.r !== undefined && r.r !== 0) throw new CheckFailure(`${cmd} returned ${r.r}`, where);
        return r;
      },
    };
    await scenario.run(ctx);
    return result();
  } catch (e) {
    if (e instanceof CheckFailure) {
      const at = e.where ? findCode(e.where, qb.files) : undefined;
      // a reference the translation no longer has is said, not dropped: the scenario needs updating
      const lost = e.where && !at ? ` (no line of ${e.where.file} holds '${e.where.text}' any more)` : '';
      return result({ step, message: `${e.message}${lost}`, ...(at ? { at: describeEmitted(at, qb.files) } : {}) });
    }
    if (e instanceof QemuFailure) return result({ step, message: e.at ? e.message : `${e.message}${machine ? `\n${machine.tail(6)}` : ''}`, ...(e.at ? { at: describeEmitted(e.at, qb.files) } : {}) });
    throw e;
  } finally {
    await machine?.stop();
    setup?.close?.();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One line per scenario, the failure's step, message and code underneath. */
export function formatQemuResults(results: readonly ScenarioResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`  ${r.passed ? 'ok  ' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)`);
    if (r.failure) {
      lines.push(`       step ${r.failure.step}: ${r.failure.message.split('\n').join('\n       ')}`);
      if (r.failure.at) lines.push(`       at ${r.failure.at}`);
    }
  }
  const failed = results.filter((r) => !r.passed).length;
  lines.push(`qemu: ${results.length - failed} scenarios passed, ${failed} failed`);
  return lines;
}
