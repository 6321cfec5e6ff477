import { describe, expect, it } from 'vitest';
import { toProjectDiagnostics } from '../../../src/verify/build/to-project-diagnostics.js';

describe('toProjectDiagnostics', () => {
  it('maps severities to PV5xxx codes and prefixes module-relative paths', () => {
    const ds = toProjectDiagnostics([
      { file: 'ld_virtio.c', line: 4, column: 2, severity: 'warning', message: "unused variable 'x'", flag: '-Wunused-variable' },
      { file: '../virtio/virtiovar.h', line: 9, column: 1, severity: 'fatal error', message: "'x.h' file not found" },
      { file: '@/sys/bus.h', line: 1, column: 1, severity: 'note', message: 'declared here', inObjDir: true },
      { file: 'Makefile', line: 0, column: 0, severity: 'error', message: 'bmake failed (exit 2): ...' },
    ], 'sys/dev/virtio/blk');
    expect(ds).toEqual([
      { code: 'PV5002', severity: 'warning', message: "unused variable 'x' [-Wunused-variable]", file: 'sys/dev/virtio/blk/ld_virtio.c', line: 4, column: 2 },
      { code: 'PV5001', severity: 'error', message: "'x.h' file not found", file: 'sys/dev/virtio/virtio/virtiovar.h', line: 9, column: 1 },
      { code: 'PV5003', severity: 'note', message: 'declared here', file: '@/sys/bus.h', line: 1, column: 1 },
      { code: 'PV5004', severity: 'error', message: 'bmake failed (exit 2): ...', file: 'sys/dev/virtio/blk/Makefile', line: 0, column: 0 },
    ]);
  });
});
