import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { formatDiagnostic } from '../../src/diagnostics/format-text.js';
import type { ModulePlan } from '../../src/emit/module-plan.js';
import type { Transform } from '../../src/transform/transform.js';
import { translateFile } from '../../src/translate/translate-file.js';

const project = loadProject();

/** The net module as the net transforms see it, for a hand-written driver called `foo`. */
export const NET_PLAN: ModulePlan = { name: 'net', kmod: 'virtio-net', driver: 'foo', parent: 'virtiobus', bus: false, sources: [], headers: [], interfaces: [], detach: 'foo_detach' };

/**
 * Runs one transform alone on every fixture folder under test/fixtures/transform/<dir>/ (as the
 * module `plan` gives, per fixture if it is a function; undefined = `port-virtio translate`):
 * input.c -> expected.c byte for byte, expected.diag (rendered diagnostics, one per line), and
 * every changed line attributed to the transform. UPDATE_FIXTURES=1 rewrites the expected files.
 */
export function describeTransformFixtures(
  transform: Transform,
  dir: string,
  plan: ModulePlan | ((fixture: string) => ModulePlan | undefined) = NET_PLAN,
  modules: readonly ModulePlan[] = [],
): void {
  const root = join(import.meta.dirname, '../fixtures/transform', dir);
  describe.each(readdirSync(root))(`${transform.id}: %s`, (name) => {
    const input = readFileSync(join(root, name, 'input.c'), 'latin1');
    const module = typeof plan === 'function' ? plan(name) : plan;
    const t = translateFile('input.c', input, { rules: [], transforms: [transform], shapes: project.shapes, module, modules });
    const diag = t.diagnostics.filter((d) => d.severity !== 'note').map(formatDiagnostic).join('\n');
    if (process.env.UPDATE_FIXTURES) {
      writeFileSync(join(root, name, 'expected.c'), t.output.text);
      writeFileSync(join(root, name, 'expected.diag'), diag ? diag + '\n' : '');
    }

    it('produces expected.c byte for byte', () => {
      expect(existsSync(join(root, name, 'expected.c')), 'missing expected.c; rerun with UPDATE_FIXTURES=1 and review it').toBe(true);
      expect(t.output.text).toBe(readFileSync(join(root, name, 'expected.c'), 'latin1'));
    });

    it('reports exactly expected.diag', () => {
      expect(diag ? diag + '\n' : '').toBe(readFileSync(join(root, name, 'expected.diag'), 'utf8'));
    });

    it('attributes every changed line to the transform', () => {
      for (const o of t.origins.filter((x) => x.kind !== 'untouched')) expect(o.ruleIds).toEqual([transform.id]);
    });
  });
}
