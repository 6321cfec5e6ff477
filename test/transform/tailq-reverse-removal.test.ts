import { tailqReverseRemoval } from '../../src/transform/tailq-reverse-removal.js';
import { describeTransformFixtures } from './transform-fixtures.js';

describeTransformFixtures(tailqReverseRemoval, 'tailq-reverse-removal');
