import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverPlugin } from './registry.js';

/**
 * The WHOLE translated if_vioif.c (not the transmit functions vioif-tx extracts) over the translated
 * virtio.c, for running the driver against a device: one unit of if_vioif.c and its fixture
 * (drivers/vioif-whole-fixture.h), which reaches the static softc; the unit names if_vioif.c's
 * hash so the harness cache sees a changed translation. Kernel shims: drivers/net-ifnet.c (send
 * queue, mbufs, mbuf DMA loads) and drivers/net-kern.c (ifnet, media, clusters, serializers,
 * sleep, callouts). Not registered in DRIVER_PLUGINS: it has no scenarios or vectors yet.
 */
export const VIOIF_WHOLE_PLUGIN: DriverPlugin = {
  module: 'net',
  original: 'dev/pci/if_vioif.c',
  adapters: { dragonfly: ['drivers/serializer.c', 'drivers/net-ifnet.c', 'drivers/net-kern.c'] },
  libcUnits: ['common/kthread-sched.c'],
  underTest(moduleDir, outDir) {
    copyFileSync(join(moduleDir, 'if_vioif.c'), join(outDir, 'if_vioif.c'));
    const hash = createHash('sha256').update(readFileSync(join(outDir, 'if_vioif.c'))).digest('hex');
    const unit = join(outDir, 'vioif-whole-harness.c');
    writeFileSync(unit, `/* the translated if_vioif.c (sha256 ${hash}) and its harness fixture */\n#include "if_vioif.c"\n#include "drivers/vioif-whole-fixture.h"\n`);
    return [unit];
  },
  scenarios: [],
};
