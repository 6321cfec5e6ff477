import path from 'node:path';
import type { Toolchain } from './toolchain.js';

/** One bmake run, ready for child_process.spawn. */
export interface MakeInvocation {
  command: string;
  args: string[];
  cwd: string;
  /** Full environment (inherited minus make's own variables, plus MAKEOBJDIR). */
  env: NodeJS.ProcessEnv;
}

/** Variables a parent make exports; they would leak flags, jobs or obj dirs into our build. */
const MAKE_ENV_TO_DROP = ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOBJDIRPREFIX', 'MAKESYSPATH', 'MAKEOBJDIR', '.MAKE.LEVEL'];

/**
 * bmake running DragonFly's own bsd.kmod.mk from the module's source dir, with every product in objDir.
 * - `-m share/mk` puts DragonFly's sys.mk and bsd.*.mk ahead of the host's bmake mk files.
 * - MACHINE* select x86_64/pc64 headers; CCVER=clang keeps gcc-only flags out (and, as on DragonFly,
 *   kmod.mk adds no -Werror for clang, so warnings stay warnings).
 * - HOST_BINUTILSVER is preset because bsd.cpu.mk would otherwise run the BSD-only `find -s` and
 *   print a make warning on Linux; it is only used for native (NX*) tools, which kmod builds never run.
 * - __MAKE_CONF=/dev/null: a host /etc/make.conf must not change the build.
 * - LD is only used for firmware modules (FIRMWS, `-b binary`), which lld supports.
 * - `-k` keeps compiling the other sources after one fails, so one run reports every file's errors.
 * - MAKEOBJDIR (an env var for bmake) sends .o, .ko, generated headers and the `@`/`machine` links
 *   to objDir; the compile runs with absolute source paths, so `#include "../virtio/x.h"` still
 *   resolves against the source tree.
 */
export function kmodMakeInvocation(
  tc: Toolchain,
  where: { moduleDir: string; objDir: string; ccWrapper: string },
  env: NodeJS.ProcessEnv = process.env,
): MakeInvocation {
  const cleanEnv: NodeJS.ProcessEnv = { ...env };
  for (const name of MAKE_ENV_TO_DROP) delete cleanEnv[name];
  return {
    command: tc.bmake,
    args: [
      '-k',
      '-m', path.join(tc.dragonflyDir, 'share/mk'),
      `SYSDIR=${path.join(tc.dragonflyDir, 'sys')}`,
      'MACHINE=x86_64',
      'MACHINE_ARCH=x86_64',
      'MACHINE_PLATFORM=pc64',
      'CCVER=clang',
      `CC=${where.ccWrapper}`,
      `LD=${tc.lld}`,
      `AWK=${tc.awk}`,
      'HOST_BINUTILSVER=binutils227',
      '__MAKE_CONF=/dev/null',
      'all',
    ],
    cwd: where.moduleDir,
    // PWD must match cwd: bmake trusts $PWD for .CURDIR when it names the same directory.
    env: { ...cleanEnv, MAKEOBJDIR: where.objDir, PWD: where.moduleDir, LC_ALL: 'C' },
  };
}

/** Shell-like rendering for logs and reports. */
export function describeInvocation(inv: MakeInvocation): string {
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `cd ${q(inv.cwd)} && env MAKEOBJDIR=${q(inv.env.MAKEOBJDIR ?? '')} ${[inv.command, ...inv.args].map(q).join(' ')}`;
}
