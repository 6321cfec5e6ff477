import { ifnetEntryPoints } from '../../src/transform/ifnet-entry-points.js';
import { describeTransformFixtures } from './transform-fixtures.js';

describeTransformFixtures(ifnetEntryPoints, 'ifnet-entry-points');
