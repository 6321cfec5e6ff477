import { balloonWorkerThread } from '../../src/transform/balloon-worker-thread.js';
import { BALLOON_PLAN } from './balloon-plan.js';
import { describeTransformFixtures } from './transform-fixtures.js';

describeTransformFixtures(balloonWorkerThread, 'balloon-worker-thread', BALLOON_PLAN);
