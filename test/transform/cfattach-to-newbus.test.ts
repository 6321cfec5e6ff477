import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import type { ModulePlan } from '../../src/emit/module-plan.js';
import { translateFile } from '../../src/translate/translate-file.js';
import { cfattachToNewbus } from '../../src/transform/cfattach-to-newbus.js';
import { describeTransformFixtures } from './transform-fixtures.js';

const plans: Record<string, ModulePlan> = {
  'child-with-detach': { name: 'foo', kmod: 'foo', driver: 'foo', parent: 'virtiobus', bus: false, sources: [], headers: [], interfaces: [] },
  'child-error-tail': { name: 'qux', kmod: 'qux', driver: 'qux', parent: 'virtiobus', bus: false, sources: [], headers: [], interfaces: [], detach: 'qux_detach' },
  'computed-match': { name: 'baz', kmod: 'baz', driver: 'baz', parent: 'pci', bus: false, sources: [], headers: [], interfaces: [] },
  'pci-bus-parent': { name: 'bar', kmod: 'bar', driver: 'barbus', parent: 'pci', bus: true, sources: [], headers: [], interfaces: [] },
};

describeTransformFixtures(cfattachToNewbus, 'cfattach-to-newbus', (name) => plans[name]);

describe('cfattach-to-newbus on a file whose attach function swallowed the functions after it', () => {
  // if_dge.c: tree-sitter's error recovery nests dge_mchash (and a dozen more) inside dge_attach;
  // their returns are theirs, not attach's (they used to become `return(ENXIO);`).
  it('rewrites only the returns of attach itself', () => {
    const project = loadProject();
    const path = join(project.root, '../shared/corpus/netbsd-6-bulk/sys/dev/pci/if_dge.c');
    const text = readFileSync(path, 'latin1');
    const rules = project.rules.filter((r) => !r.scope.drivers && !r.scope.files);
    const t = translateFile('if_dge.c', text, { rules, transforms: project.transforms.filter((x) => x.appliesTo(undefined, '')), shapes: project.shapes, module: undefined, modules: project.plans, allowPartial: true });
    const mchash = t.output.text.slice(t.output.text.indexOf('\ndge_mchash('), t.output.text.indexOf('\n}\n', t.output.text.indexOf('\ndge_mchash(')));
    expect(mchash).toContain('return (hash & 0xfff);');
    expect(t.output.text.match(/return\(ENXIO\);/g)?.length ?? 0).toBeLessThan(10); // attach's own error returns; 27 when the nested functions' counted
  });
});
