import { balloonDetach } from './balloon-detach.js';
import { balloonPageList } from './balloon-page-list.js';
import { balloonWorkerThread } from './balloon-worker-thread.js';
import { cfattachToNewbus } from './cfattach-to-newbus.js';
import { configInterrupts } from './config-interrupts.js';
import { ifnetAttach } from './ifnet-attach.js';
import { ifnetEntryPoints } from './ifnet-entry-points.js';
import { ifnetIoctl } from './ifnet-ioctl.js';
import { ldToDisk } from './ld-to-disk.js';
import { moduleSymbolPrefix } from './module-symbol-prefix.js';
import { tailqReverseRemoval } from './tailq-reverse-removal.js';
import type { Transform } from './transform.js';
import { virtioParentBus } from './virtio-parent-bus.js';
import { vioDmamapOps } from './vio-dmamap-ops.js';
import { vioifDetach } from './vioif-detach.js';

/**
 * Every structural transform, in run order (the order only fixes report order: all match the
 * original tree). link/module-symbol-prefix runs last, over all modules at once (portModules).
 */
export const TRANSFORMS: readonly Transform[] = [cfattachToNewbus, virtioParentBus, ifnetEntryPoints, ifnetAttach, configInterrupts, ifnetIoctl, vioifDetach, tailqReverseRemoval, balloonPageList, balloonWorkerThread, balloonDetach, ldToDisk, vioDmamapOps, moduleSymbolPrefix];
