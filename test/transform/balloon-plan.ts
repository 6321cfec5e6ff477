import type { ModulePlan } from '../../src/emit/module-plan.js';

/** The balloon module as rules/modules.yml declares it, for the balloon transforms' fixtures. */
export const BALLOON_PLAN: ModulePlan = { name: 'balloon', kmod: 'virtio-mb', driver: 'viomb', parent: 'virtiobus', bus: false, sources: [], headers: [], interfaces: [], detach: 'viomb_detach' };
