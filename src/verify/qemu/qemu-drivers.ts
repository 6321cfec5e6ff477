import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Project } from '../../cli/project.js';
import type { Rule } from '../../match/rule.js';
import { buildHarness, DEFAULT_CACHE_DIR, HOST_DIR, type HarnessBuild } from '../harness/build-harness.js';
import { translateModule } from '../harness/translated-virtio.js';
import type { TranslatedFile } from '../../translate/translate-file.js';

/** A QEMU harness build and the translated files behind it (to name a failure's emitted and NetBSD lines). */
export interface QemuBuild {
  build: HarnessBuild;
  files: TranslatedFile[];
}

/** A translated child driver as the QEMU backend builds it: the whole file, unmodified, with its fixture. */
export interface QemuDriver {
  /** Module in rules/modules.yml. */
  module: 'blk' | 'net' | 'balloon';
  /** The emitted C file of the module. */
  file: string;
  /** host/qemu/fixtures/<fixture>, included after the driver in one unit. */
  fixture: string;
  /** The driver's kernel shims (relative to host/dragonfly/). */
  shims: string[];
}

export const QEMU_DRIVERS: Record<QemuDriver['module'], QemuDriver> = {
  blk: { module: 'blk', file: 'ld_virtio.c', fixture: 'blk.h', shims: ['drivers/serializer.c', 'drivers/blk-kern.c', 'drivers/blk-bioq.c'] },
  balloon: { module: 'balloon', file: 'viomb.c', fixture: 'balloon.h', shims: ['drivers/serializer.c', 'drivers/balloon-kern.c'] },
  net: { module: 'net', file: 'if_vioif.c', fixture: 'net.h', shims: ['drivers/serializer.c', 'drivers/net-ifnet.c', 'drivers/net-kern.c'] },
};

/**
 * Translates virtio and the driver's module with `rules` (the project's or a mutant's) and builds
 * them with the QEMU backend (host/qemu/). The unit names the driver's SHA-256 so the harness
 * cache sees a changed translation.
 */
export async function buildQemuHarness(project: Project, driver: QemuDriver, rules?: readonly Rule[], cacheDir = DEFAULT_CACHE_DIR): Promise<QemuBuild> {
  const parent = translateModule(project, 'virtio', rules);
  const child = translateModule(project, driver.module, rules);
  const files = [...parent.files, ...child.files];
  try {
    const failed = [parent, child].filter((m) => m.failed);
    if (failed.length > 0)
      return { files, build: { ok: false, diagnostics: [], log: failed.flatMap((m) => m.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}: ${d.message}`)).join('\n') } };
    const childDir = join(dirname(parent.dir), driver.module);
    mkdirSync(childDir, { recursive: true });
    copyFileSync(join(child.dir, driver.file), join(childDir, driver.file));
    const hash = createHash('sha256').update(readFileSync(join(childDir, driver.file))).digest('hex');
    const unit = join(childDir, `${driver.module}-qemu.c`);
    writeFileSync(unit, `/* the translated ${driver.file} (sha256 ${hash}) and its QEMU fixture */\n#include "${driver.file}"\n#include "fixtures/${driver.fixture}"\n`);
    const build = await buildHarness(
      {
        flavour: 'dragonfly',
        backend: 'qemu',
        underTest: [join(parent.dir, 'virtio.c'), unit, ...driver.shims.map((s) => join(HOST_DIR, 'dragonfly', s))],
        includeDirs: [parent.dir],
        libcUnits: [join(HOST_DIR, 'common/kthread-sched.c')],
      },
      cacheDir,
    );
    return { build, files };
  } finally {
    parent.dispose();
    child.dispose();
  }
}
