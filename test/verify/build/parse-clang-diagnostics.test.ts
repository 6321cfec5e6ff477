import { describe, expect, it } from 'vitest';
import { parseClangDiagnostics } from '../../../src/verify/build/parse-clang-diagnostics.js';

const MOD = '/out/sys/dev/virtio/blk';
const OBJ = '/tmp/port-virtio-build-x/obj';

/** Shaped like a real kmod build log: command lines, include chains, excerpts, summaries. */
const LOG = `/tmp/port-virtio-build-x/cc-wrapper.sh -O2 -pipe -c ${MOD}/ld_virtio.c
In file included from ${MOD}/ld_virtio.c:3:
In file included from ${MOD}/../virtio/virtiovar.h:5:
${MOD}/../virtio/virtioreg.h:12:9: warning: 'FOO' macro redefined [-Wmacro-redefined]
   12 | #define FOO 2
      |         ^
${MOD}/ld_virtio.c:40:6: warning: unused variable 'sc' [-Wunused-variable]
${MOD}/ld_virtio.c:52:14: error: incompatible integer to pointer conversion initializing 'char *' with an expression of type 'int' [-Wint-conversion]
${MOD}/ld_virtio.c:60:3: error: use of undeclared identifier 'splbio'
${MOD}/ld_virtio.c:61:9: note: forward declaration of 'struct ld_softc'
${MOD}/ld_virtio.c:70:2: warning: unused function 'f' [-Werror,-Wunused-function]
./@/sys/bus.h:100:1: warning: declaration shadows [-Wshadow]
bus_if.h:20:3: note: expanded from macro 'BUS_X'
2 warnings and 2 errors generated.
/tmp/port-virtio-build-x/cc-wrapper.sh -O2 -pipe -c ${MOD}/other.c
In file included from ${MOD}/other.c:3:
${MOD}/../virtio/virtioreg.h:12:9: warning: 'FOO' macro redefined [-Wmacro-redefined]
${MOD}/other.c:1:10: fatal error: 'dev/pci/pcivar.h' file not found
clang-19: warning: argument unused during compilation: '-pipe' [-Wunused-command-line-argument]
ld.lld: error: duplicate symbol: vioif_attach
clang-19: error: linker command failed with exit code 1 (use -v to see invocation)
*** Error code 1
`;

describe('parseClangDiagnostics', () => {
  const ds = parseClangDiagnostics(LOG, { cwd: OBJ, moduleDir: MOD });

  it('keeps warnings, errors, notes and fatal errors; skips include chains, excerpts and summaries', () => {
    expect(ds.map((d) => `${d.severity} ${d.file}:${d.line}`)).toEqual([
      'warning ../virtio/virtioreg.h:12',
      'warning ld_virtio.c:40',
      'error ld_virtio.c:52',
      'error ld_virtio.c:60',
      'note ld_virtio.c:61',
      'warning ld_virtio.c:70',
      'warning @/sys/bus.h:100',
      'note bus_if.h:20',
      'fatal error other.c:1',
      'warning clang-19:0',
      'error ld.lld:0',
      'error clang-19:0',
    ]);
  });

  it('splits the flag from the message and drops a -Werror prefix', () => {
    expect(ds[1]).toEqual({
      file: 'ld_virtio.c', line: 40, column: 6, severity: 'warning',
      message: "unused variable 'sc'", flag: '-Wunused-variable',
    });
    expect(ds[2]?.flag).toBe('-Wint-conversion');
    expect(ds[3]?.flag).toBeUndefined();
    expect(ds[5]?.flag).toBe('-Wunused-function');
    expect(ds[5]?.message).toBe("unused function 'f'");
  });

  it('names obj-dir files relative to the obj dir and marks them', () => {
    expect(ds[6]).toMatchObject({ file: '@/sys/bus.h', inObjDir: true });
    expect(ds[7]).toMatchObject({ file: 'bus_if.h', inObjDir: true });
    expect(ds[0]?.inObjDir).toBeUndefined();
  });

  it('reports a header warning repeated by several sources once', () => {
    expect(ds.filter((d) => d.message === "'FOO' macro redefined")).toHaveLength(1);
  });

  it('leaves paths as printed without a path context', () => {
    const raw = parseClangDiagnostics(`${MOD}/a.c:1:2: error: boom`);
    expect(raw).toEqual([{ file: `${MOD}/a.c`, line: 1, column: 2, severity: 'error', message: 'boom' }]);
  });

  it('strips ANSI colours and accepts CRLF', () => {
    const coloured = '\x1b[1ma.c:3:4: \x1b[0;1;35mwarning: \x1b[0mx [-Wfoo]\x1b[0m\r\nb.c:1:1: error: y\r\n';
    expect(parseClangDiagnostics(coloured).map((d) => [d.file, d.severity, d.message, d.flag])).toEqual([
      ['a.c', 'warning', 'x', '-Wfoo'],
      ['b.c', 'error', 'y', undefined],
    ]);
  });

  it('ignores make and shell noise', () => {
    const noise = 'bmake: "/x/Makefile" line 3: warning: something\n*** Error code 1\n`all\' not remade because of errors.\n';
    expect(parseClangDiagnostics(noise)).toEqual([]);
  });
});
