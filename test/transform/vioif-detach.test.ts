import { vioifDetach } from '../../src/transform/vioif-detach.js';
import { describeTransformFixtures } from './transform-fixtures.js';

describeTransformFixtures(vioifDetach, 'detach');
