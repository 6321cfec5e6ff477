import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Project } from '../../src/cli/project.js';
import { translateModule } from '../../src/verify/harness/translated-virtio.js';
import { findMutant } from '../../src/verify/mutants.js';

/** The emitted `file` of `module`, translated with mutant `name`'s rules and transforms (or the project's). */
export function emittedSource(project: Project, module: string, file: string, name?: string): string {
  const m = name === undefined ? undefined : findMutant(name);
  if (name !== undefined && !m) throw new Error(`no mutant ${name}`);
  const proj = m?.transforms ? { ...project, transforms: m.transforms(project.transforms) } : project;
  const mod = translateModule(proj, module, m ? m.apply(project.rules) : project.rules);
  try {
    expect(mod.failed, mod.diagnostics.map((d) => d.message).join('\n')).toBe(false);
    return readFileSync(join(mod.dir, file), 'latin1');
  } finally {
    mod.dispose();
  }
}

/** `name`'s body in the emitted file (style(9): the name at column 0, the body up to the first `}` line). */
export function functionBody(source: string, name: string): string {
  const at = source.search(new RegExp(`^${name}\\(`, 'm'));
  expect(at, name).toBeGreaterThan(0);
  return source.slice(at, source.indexOf('\n}\n', at));
}
