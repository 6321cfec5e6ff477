import { cfattachToNewbus } from './cfattach-to-newbus.js';
import type { Transform } from './transform.js';
import { virtioParentBus } from './virtio-parent-bus.js';

/** Every structural transform, in run order (the order only fixes report order: all match the original tree). */
export const TRANSFORMS: readonly Transform[] = [cfattachToNewbus, virtioParentBus];
