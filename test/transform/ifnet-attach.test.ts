import { ifnetAttach } from '../../src/transform/ifnet-attach.js';
import { describeTransformFixtures } from './transform-fixtures.js';

describeTransformFixtures(ifnetAttach, 'ifnet-attach');
