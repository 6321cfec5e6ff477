import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject, PROJECT_ROOT } from '../../src/cli/project.js';
import { main } from '../../src/cli/main.js';
import { findExecutable } from '../../src/verify/build/find-executable.js';
import { ALL_MUTANTS } from '../../src/verify/mutants.js';
import { qemuBinary } from '../../src/verify/qemu/qemu-machine.js';
import { formatQemuResults, QEMU_SCENARIOS, verifyOnQemu } from '../../src/verify/qemu/run-qemu.js';
import { vi } from 'vitest';

/**
 * The whole translated drivers against QEMU's own virtio devices (src/verify/README.md, "The QEMU
 * backend"): every scenario passes on the translation the rules make today, and each mutant that
 * names a QEMU scenario (the NetBSD behaviour a rule fixes, or a broken rule) makes it fail.
 */
describe.skipIf(!qemuBinary() || !findExecutable('clang-19'))('the translated drivers on QEMU', () => {
  const project = loadProject();

  it('pass every scenario', async () => {
    const { results } = await verifyOnQemu(project);
    expect(results.map((r) => r.name)).toEqual(QEMU_SCENARIOS.map((s) => s.name));
    const failed = results.filter((r) => !r.passed);
    expect(failed, formatQemuResults(failed).join('\n')).toEqual([]);
  }, 240_000);

  it('every scenario fails on at least one mutant, and each mutant on its scenarios', async () => {
    const onQemu = ALL_MUTANTS.flatMap((m) => (m.qemu ?? []).map((scenario) => ({ m, scenario })));
    for (const s of QEMU_SCENARIOS) expect(onQemu.map((x) => x.scenario), `no mutant for ${s.name}`).toContain(s.name);
    const caught: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < onQemu.length; i = next++) {
        const { m, scenario } = onQemu[i]!;
        const mutated = m.transforms ? { ...project, transforms: m.transforms(project.transforms) } : project;
        const { results } = await verifyOnQemu(mutated, { only: [scenario], rules: m.apply(project.rules), parallel: 1 });
        const r = results[0]!;
        if (!r.passed && (m.caughtBy === 'build') === (r.failure?.step === 'build')) caught.push(`${m.name} ${scenario}`);
      }
    };
    await Promise.all([worker(), worker()]);
    expect(caught.sort()).toEqual(onQemu.map((x) => `${x.m.name} ${x.scenario}`).sort());
  }, 300_000);

  it('port-virtio verify --device qemu prints one line per scenario, a located failure and the count', async () => {
    let out = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['verify', '--device', 'qemu', '--scenario', 'net-features', 'blk-attach'])).toBe(0);
      expect(out.split('\n').filter(Boolean).map((l) => l.replace(/\(\d+\.\d s\)/, '(s)'))).toEqual(['  ok   blk-attach (s)', '  ok   net-features (s)', 'qemu: 2 scenarios passed, 0 failed']);
      out = '';
      expect(await main(['verify', '--device', 'qemu', '--scenario', 'net-features', '--mutant', 'net-features-forgotten'])).toBe(1);
      expect(out).toMatch(/^ {2}FAIL net-features \(\d+\.\d s\)\n {7}step ifconfig up 1: after ifconfig up QEMU holds 0x10000000 as the guest's features; attach negotiated 0x[0-9a-f]+\n {7}at if_vioif\.c:\d+ \(\w+, from NetBSD if_vioif\.c:\d+/m);
      expect(out).toMatch(/^qemu: 0 scenarios passed, 1 failed$/m);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }, 120_000);
});

describe.skipIf(!qemuBinary() || !findExecutable('clang-19'))('QEMU runs clean up after themselves', () => {
  it('SIGINT in the middle of a scenario leaves no QEMU process and no /dev/shm file behind', async () => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/port-virtio.mjs'), 'verify', '--device', 'qemu', '--scenario', 'blk-io'], { stdio: 'ignore' });
    const ram = (): string[] => readdirSync('/dev/shm').filter((f) => f.startsWith(`port-virtio-qemu-${child.pid}-`));
    const deadline = Date.now() + 60_000;
    while (ram().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(ram().length, 'the scenario never started its VM').toBe(1);
    const shm = `/dev/shm/${ram()[0]}`;
    await new Promise((r) => setTimeout(r, 300)); // inside the scenario's I/O
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
    child.kill('SIGINT');
    expect(await exited).not.toBe(0);
    expect(existsSync(shm)).toBe(false);
    const qemus = spawnSync('pgrep', ['-f', shm], { encoding: 'utf8' }).stdout.trim();
    expect(qemus, 'a QEMU process still runs on the RAM file').toBe('');
  }, 120_000);
});
