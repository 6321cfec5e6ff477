import { balloonPageList } from '../../src/transform/balloon-page-list.js';
import { BALLOON_PLAN } from './balloon-plan.js';
import { describeTransformFixtures } from './transform-fixtures.js';

describeTransformFixtures(balloonPageList, 'balloon-page-list', BALLOON_PLAN);
