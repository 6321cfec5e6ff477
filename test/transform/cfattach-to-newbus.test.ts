import type { ModulePlan } from '../../src/emit/module-plan.js';
import { cfattachToNewbus } from '../../src/transform/cfattach-to-newbus.js';
import { describeTransformFixtures } from './transform-fixtures.js';

const plans: Record<string, ModulePlan> = {
  'child-with-detach': { name: 'foo', kmod: 'foo', driver: 'foo', parent: 'virtiobus', bus: false, sources: [], headers: [], interfaces: [] },
  'child-error-tail': { name: 'qux', kmod: 'qux', driver: 'qux', parent: 'virtiobus', bus: false, sources: [], headers: [], interfaces: [], detach: 'qux_detach' },
  'computed-match': { name: 'baz', kmod: 'baz', driver: 'baz', parent: 'pci', bus: false, sources: [], headers: [], interfaces: [] },
  'pci-bus-parent': { name: 'bar', kmod: 'bar', driver: 'barbus', parent: 'pci', bus: true, sources: [], headers: [], interfaces: [] },
};

describeTransformFixtures(cfattachToNewbus, 'cfattach-to-newbus', (name) => plans[name]);
