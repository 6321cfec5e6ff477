import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { findExecutable } from '../../src/verify/build/find-executable.js';
import { qemuBinary } from '../../src/verify/qemu/qemu-machine.js';
import { formatQemuResults, QEMU_SCENARIOS, verifyOnQemu } from '../../src/verify/qemu/run-qemu.js';

/**
 * The whole translated drivers against QEMU's own virtio devices (src/verify/README.md, "The QEMU
 * backend"): every scenario must pass on the translation the rules make today.
 */
describe.skipIf(!qemuBinary() || !findExecutable('clang-19'))('the translated drivers on QEMU', () => {
  const project = loadProject();

  it('pass every scenario', async () => {
    const { results } = await verifyOnQemu(project);
    expect(results.map((r) => r.name)).toEqual(QEMU_SCENARIOS.map((s) => s.name));
    const failed = results.filter((r) => !r.passed);
    expect(failed, formatQemuResults(failed).join('\n')).toEqual([]);
  }, 240_000);
});
