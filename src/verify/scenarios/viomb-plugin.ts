import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverPlugin } from './registry.js';
import { viombBalloon } from './viomb-balloon.js';

/**
 * viomb (issues 6 and 7), two-way: model vs translated. The original would need a NetBSD shim for
 * uvm_pglistalloc, kthread_create, condvar(9) and sysctl_createv (src/verify/README.md). The
 * translated viomb.c and its fixture (drivers/balloon-fixture.h) form one unit so the fixture can
 * read the static softc; the unit names viomb.c's hash so the harness cache sees a changed
 * translation. The worker runs on the deterministic scheduler (common/kthread-sched.c).
 */
export const VIOMB_PLUGIN: DriverPlugin = {
  module: 'balloon',
  original: 'dev/pci/viomb.c',
  adapters: { dragonfly: ['drivers/serializer.c', 'drivers/balloon-kern.c'] },
  libcUnits: ['common/kthread-sched.c'],
  underTest(moduleDir, outDir) {
    copyFileSync(join(moduleDir, 'viomb.c'), join(outDir, 'viomb.c'));
    const hash = createHash('sha256').update(readFileSync(join(outDir, 'viomb.c'))).digest('hex');
    const unit = join(outDir, 'viomb-harness.c');
    writeFileSync(unit, `/* the translated viomb.c (sha256 ${hash}) and its harness fixture */\n#include "viomb.c"\n#include "drivers/balloon-fixture.h"\n`);
    return [unit];
  },
  scenarios: [viombBalloon],
};
