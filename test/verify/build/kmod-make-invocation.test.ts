import { describe, expect, it } from 'vitest';
import { describeInvocation, kmodMakeInvocation } from '../../../src/verify/build/kmod-make-invocation.js';
import type { Toolchain } from '../../../src/verify/build/toolchain.js';

const tc: Toolchain = { clang: '/usr/bin/clang-19', lld: '/usr/bin/ld.lld-19', bmake: '/usr/bin/bmake', awk: '/usr/bin/awk', dragonflyDir: '/c/dragonfly' };
const where = { moduleDir: '/out/sys/dev/virtio/blk', objDir: '/tmp/b/obj', ccWrapper: '/tmp/b/cc-wrapper.sh' };

describe('kmodMakeInvocation', () => {
  const inv = kmodMakeInvocation(tc, where, { PATH: '/usr/bin', MAKEFLAGS: '-j8', MAKELEVEL: '1', MAKEOBJDIRPREFIX: '/usr/obj' });

  it('runs DragonFly bsd.kmod.mk for x86_64/pc64 with clang through the wrapper', () => {
    expect(inv.command).toBe('/usr/bin/bmake');
    expect(inv.args).toEqual(expect.arrayContaining([
      '-k', '-m', '/c/dragonfly/share/mk', 'SYSDIR=/c/dragonfly/sys', 'MACHINE=x86_64', 'MACHINE_ARCH=x86_64',
      'MACHINE_PLATFORM=pc64', 'CCVER=clang', 'CC=/tmp/b/cc-wrapper.sh', 'LD=/usr/bin/ld.lld-19',
    ]));
    expect(inv.args.at(-1)).toBe('all');
  });

  it('builds from the source dir into the obj dir, without a parent make\'s settings', () => {
    expect(inv.cwd).toBe(where.moduleDir);
    expect(inv.env).toMatchObject({ MAKEOBJDIR: '/tmp/b/obj', PWD: where.moduleDir, PATH: '/usr/bin' });
    expect(inv.env.MAKEFLAGS).toBeUndefined();
    expect(inv.env.MAKELEVEL).toBeUndefined();
    expect(inv.env.MAKEOBJDIRPREFIX).toBeUndefined();
  });

  it('never relaxes warnings', () => {
    expect(inv.args.join(' ')).not.toMatch(/NO_WERROR|CWARNFLAGS|-w\b/);
  });

  it('renders as a shell command line', () => {
    expect(describeInvocation(inv)).toBe(
      'cd /out/sys/dev/virtio/blk && env MAKEOBJDIR=/tmp/b/obj /usr/bin/bmake -k -m /c/dragonfly/share/mk ' +
        'SYSDIR=/c/dragonfly/sys MACHINE=x86_64 MACHINE_ARCH=x86_64 MACHINE_PLATFORM=pc64 CCVER=clang ' +
        'CC=/tmp/b/cc-wrapper.sh LD=/usr/bin/ld.lld-19 AWK=/usr/bin/awk HOST_BINUTILSVER=binutils227 __MAKE_CONF=/dev/null all',
    );
  });
});
