import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { MUTANTS } from '../../src/verify/mutants.js';
import { readVectors } from '../../src/verify/vectors/vector-file.js';
import { verify } from '../../src/verify/verify.js';

/**
 * Each mutant is the real translator run with one rule removed, altered or added; verify must
 * fail for it. Only the translated implementation changes, so only it is run.
 */
describe('mutation check', () => {
  const project = loadProject();

  it.each(MUTANTS.map((m) => [m.name, m] as const))('catches %s', async (_name, m) => {
    const vectors = m.scenario ? readVectors().filter((v) => v.scenario === m.scenario) : undefined;
    const proj = m.transforms ? { ...project, transforms: m.transforms(project.transforms) } : project;
    const r = await verify(proj, { driver: m.driver ?? 'virtio', rules: m.apply(project.rules), implementations: ['translated'], failFast: true, parallel: 2, ...(vectors ? { vectors } : {}) });
    const failures = r.vectors.flatMap((v) => v.failures);
    expect(failures.length).toBeGreaterThan(0);
    if (m.caughtBy === 'build') expect(r.builds.translated.ok).toBe(false);
    else expect(failures.some((f) => f.divergence !== undefined || f.problems.some((p) => !p.startsWith('does not build'))), m.name).toBe(true);
  }, 120_000);

  it('has at least three mutants caught by the vectors themselves (not just by the host build)', () => {
    expect(MUTANTS.filter((m) => m.caughtBy === 'vectors').length).toBeGreaterThanOrEqual(3);
  });

  it('leaves the unmutated translation passing (the vectors are not simply failing)', async () => {
    const r = await verify(project, { driver: 'virtio', implementations: ['translated'] });
    expect(r.vectors.flatMap((v) => v.failures)).toEqual([]);
  }, 120_000);
});
