import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Flavour } from '../harness/build-harness.js';
import { extractVioifTx } from '../harness/vioif-extract.js';
import { balloonConfig } from './balloon-config.js';
import { blkIo } from './blk-io.js';
import { BLK_PLUGIN } from './blk-plugin.js';
import { indirect, noInterrupt, queueFull } from './core-limits.js';
import { ringBasics, wrapAround } from './core-ring.js';
import { netTxNoNotify } from './net-tx.js';
import type { Scenario } from './scenario.js';
import { vioifTx } from './vioif-tx.js';
import { VIOMB_PLUGIN } from './viomb-plugin.js';

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
  /** Adapter/shim C files per flavour (relative to src/verify/host/<flavour>/); a flavour left out is not compared (two-way). */
  adapters: Partial<Record<Flavour, string[]>>;
  /** Writes the translated units under test into `outDir` (next to the translated parent) from the module's output in `moduleDir`; returns their paths. */
  underTest(moduleDir: string, outDir: string): string[];
  /** Extra libc-side units (relative to src/verify/host/), e.g. common/kthread-sched.c for a driver's kernel threads. */
  libcUnits?: string[];
  scenarios: readonly Scenario[];
}

/** vioif's transmit path (translated only: the original would need a NetBSD ifnet shim, see src/verify/README.md). */
const NET_PLUGIN: DriverPlugin = {
  module: 'net',
  original: 'dev/pci/if_vioif.c',
  adapters: { dragonfly: ['drivers/net-ifnet.c'] },
  underTest(moduleDir, outDir) {
    const out = join(outDir, 'vioif-tx.c');
    writeFileSync(out, extractVioifTx(readFileSync(join(moduleDir, 'if_vioif.c'), 'utf8')));
    return [out];
  },
  scenarios: [vioifTx],
};

/** Registered driver plugins (each needs host shims for its own kernel interfaces, see src/verify/README.md). */
export const DRIVER_PLUGINS: readonly DriverPlugin[] = [NET_PLUGIN, VIOMB_PLUGIN, BLK_PLUGIN];

/** The plugin whose scenario this is (undefined: a core scenario). */
export function pluginOf(scenario: Scenario): DriverPlugin | undefined {
  return DRIVER_PLUGINS.find((p) => p.scenarios.includes(scenario));
}

export const DRIVER_NAMES = ['virtio', 'blk', 'net', 'balloon'] as const;

/** Scenarios for `--driver`: 'all', the core ('virtio'), or one child module's (core scenarios of its device type, plus its plugin's). */
export function scenariosFor(driver: string): Scenario[] {
  const plugin = DRIVER_PLUGINS.flatMap((p) => p.scenarios);
  if (driver === 'all') return [...CORE_SCENARIOS, ...plugin];
  if (driver === 'virtio') return [...CORE_SCENARIOS];
  return [...CORE_SCENARIOS, ...plugin].filter((s) => s.drivers.includes(driver));
}
