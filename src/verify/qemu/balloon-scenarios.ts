import type { QemuScenario } from './qemu-scenario.js';

export const BALLOON_SCENARIOS: readonly QemuScenario[] = [];
