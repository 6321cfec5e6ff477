import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import type { ModulePlan } from '../../src/emit/module-plan.js';
import { cfattachToNewbus } from '../../src/transform/cfattach-to-newbus.js';
import { translateFile } from '../../src/translate/translate-file.js';
import { formatDiagnostic } from '../../src/diagnostics/format-text.js';

const project = loadProject();
const dir = join(import.meta.dirname, '../fixtures/transform/cfattach-to-newbus');
const plans: Record<string, ModulePlan> = {
  'child-with-detach': { name: 'foo', kmod: 'foo', driver: 'foo', parent: 'virtiobus', bus: false, sources: [], headers: [], interfaces: [] },
  'child-error-tail': { name: 'qux', kmod: 'qux', driver: 'qux', parent: 'virtiobus', bus: false, sources: [], headers: [], interfaces: [], detach: 'qux_detach' },
  'computed-match': { name: 'baz', kmod: 'baz', driver: 'baz', parent: 'pci', bus: false, sources: [], headers: [], interfaces: [] },
  'pci-bus-parent': { name: 'bar', kmod: 'bar', driver: 'barbus', parent: 'pci', bus: true, sources: [], headers: [], interfaces: [] },
};

/** Fixture folders: input.c, expected.c, expected.diag (one rendered diagnostic per line). Only this transform runs. */
describe.each(readdirSync(dir))('%s', (name) => {
  const input = readFileSync(join(dir, name, 'input.c'), 'latin1');
  const t = translateFile('input.c', input, { rules: [], transforms: [cfattachToNewbus], shapes: project.shapes, module: plans[name], modules: [] });
  const diag = t.diagnostics.filter((d) => d.severity !== 'note').map(formatDiagnostic).join('\n');
  if (process.env.UPDATE_FIXTURES) {
    writeFileSync(join(dir, name, 'expected.c'), t.output.text);
    writeFileSync(join(dir, name, 'expected.diag'), diag ? diag + '\n' : '');
  }

  it('produces expected.c byte for byte', () => {
    expect(existsSync(join(dir, name, 'expected.c')), 'missing expected.c; rerun with UPDATE_FIXTURES=1 and review it').toBe(true);
    expect(t.output.text).toBe(readFileSync(join(dir, name, 'expected.c'), 'latin1'));
  });

  it('reports exactly expected.diag', () => {
    expect(diag ? diag + '\n' : '').toBe(readFileSync(join(dir, name, 'expected.diag'), 'utf8'));
  });

  it('attributes every changed line to the transform', () => {
    for (const o of t.origins.filter((x) => x.kind !== 'untouched')) expect(o.ruleIds).toEqual(['autoconf/cfattach-to-newbus']);
  });
});
