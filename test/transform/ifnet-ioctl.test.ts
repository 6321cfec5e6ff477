import { ifnetIoctl } from '../../src/transform/ifnet-ioctl.js';
import { describeTransformFixtures } from './transform-fixtures.js';

describeTransformFixtures(ifnetIoctl, 'ifnet-ioctl');
