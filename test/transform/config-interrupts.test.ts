import { configInterrupts } from '../../src/transform/config-interrupts.js';
import { describeTransformFixtures } from './transform-fixtures.js';

describeTransformFixtures(configInterrupts, 'config-interrupts');
