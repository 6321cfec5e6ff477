import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ldDetach, ldStrategy } from './ld-virtio.js';
import type { DriverPlugin } from './registry.js';

/**
 * ld_virtio (issues 4 and 7), two-way: model vs translated. The original NetBSD ld_virtio.c is
 * not run: it needs an ld(4) shim (ldattach/ldenddetach, lddone, struct buf, bufq, disk_*, the
 * dk/disklabel glue ld.c brings in) that did not fit the time box (src/verify/README.md). The
 * translated ld_virtio.c and its fixture (drivers/blk-fixture.h) form one unit so the fixture
 * reaches the static softc and dev_ops; the unit names ld_virtio.c's hash so the harness cache
 * sees a changed translation. A detach that sleeps runs on the deterministic scheduler.
 */
export const BLK_PLUGIN: DriverPlugin = {
  module: 'blk',
  original: 'dev/pci/ld_virtio.c',
  adapters: { dragonfly: ['drivers/serializer.c', 'drivers/blk-kern.c', 'drivers/blk-bioq.c'] },
  libcUnits: ['common/kthread-sched.c'],
  underTest(moduleDir, outDir) {
    copyFileSync(join(moduleDir, 'ld_virtio.c'), join(outDir, 'ld_virtio.c'));
    const hash = createHash('sha256').update(readFileSync(join(outDir, 'ld_virtio.c'))).digest('hex');
    const unit = join(outDir, 'ld-virtio-harness.c');
    writeFileSync(unit, `/* the translated ld_virtio.c (sha256 ${hash}) and its harness fixture */\n#include "ld_virtio.c"\n#include "drivers/blk-fixture.h"\n`);
    return [unit];
  },
  scenarios: [ldStrategy, ldDetach],
};
