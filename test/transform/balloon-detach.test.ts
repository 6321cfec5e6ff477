import { balloonDetach } from '../../src/transform/balloon-detach.js';
import { BALLOON_PLAN } from './balloon-plan.js';
import { describeTransformFixtures } from './transform-fixtures.js';

describeTransformFixtures(balloonDetach, 'balloon-detach', BALLOON_PLAN);
