import type { Flavour } from '../harness/build-harness.js';
import { balloonConfig } from './balloon-config.js';
import { blkIo } from './blk-io.js';
import { indirect, noInterrupt, queueFull } from './core-limits.js';
import { ringBasics, wrapAround } from './core-ring.js';
import { netTxNoNotify } from './net-tx.js';
import type { Scenario } from './scenario.js';

/** Scenarios of the virtqueue core (virtio.c), each tagged with the device type it drives. */
export const CORE_SCENARIOS: readonly Scenario[] = [ringBasics, wrapAround, queueFull, indirect, noInterrupt, netTxNoNotify, blkIo, balloonConfig];

/**
 * A child driver's paths, plugged in once its translation builds (issues 4, 5, 6): its sources are
 * compiled into both harnesses next to the parent -- translated for DragonFly, the NetBSD file for
 * the original -- together with a small adapter per flavour that turns harness commands into its
 * entry points (strategy, start, the balloon thread's work). Its newbus/cfattach registration makes
 * bus_generic_attach()/config_found() pick it instead of the test child. Its scenarios then use the
 * same ops, device models and vectors as the core ones.
 */
export interface DriverPlugin {
  /** Module name in rules/modules.yml: blk, net or balloon. */
  module: string;
  /** The NetBSD source it is translated from (relative to the NetBSD tree). */
  original: string;
  /** Adapter C files per flavour (under src/verify/host/<flavour>/drivers/). */
  adapters: Record<Flavour, string[]>;
  scenarios: readonly Scenario[];
}

/** Registered driver plugins; empty while no child driver's translation builds. */
export const DRIVER_PLUGINS: readonly DriverPlugin[] = [];

export const DRIVER_NAMES = ['virtio', 'blk', 'net', 'balloon'] as const;

/** Scenarios for `--driver`: 'all', the core ('virtio'), or one child module's (core scenarios of its device type, plus its plugin's). */
export function scenariosFor(driver: string): Scenario[] {
  const plugin = DRIVER_PLUGINS.flatMap((p) => p.scenarios);
  if (driver === 'all') return [...CORE_SCENARIOS, ...plugin];
  if (driver === 'virtio') return [...CORE_SCENARIOS];
  return [...CORE_SCENARIOS, ...plugin].filter((s) => s.drivers.includes(driver));
}
