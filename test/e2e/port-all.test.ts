import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, runCli as port, snapshot as tree, tempDir, type CliResult } from '../cli/run-cli.js';

interface Report {
  modules: { module: string; build?: { ok: boolean; errors: number; warnings: number; ko?: string }; unhandled: { name: string }[]; lineOrigins: Record<string, number> }[];
}

describe('port-virtio --driver all --check (real bmake + clang-19 build)', () => {
  const work = tempDir('pv-e2e-');
  let result: CliResult;
  let report: Report;

  beforeAll(async () => {
    result = await port(['--driver', 'all', '--out', join(work, 'a'), '--check', '--report', join(work, 'report.json')]);
    report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as Report;
  }, 180_000);
  afterAll(cleanupTemps);

  it('emits the four module folders with DragonFly Makefiles and a SUBDIR Makefile', () => {
    const files = tree(join(work, 'a/sys/dev/virtio'));
    expect(files.get('Makefile')).toMatch(/^SUBDIR=\tvirtio blk net balloon$/m);
    for (const [dir, kmod] of [['virtio', 'virtio'], ['blk', 'virtio-blk'], ['net', 'virtio-net'], ['balloon', 'virtio-mb']])
      expect(files.get(`${dir}/Makefile`), dir).toMatch(new RegExp(`^KMOD=\\t${kmod}$[\\s\\S]*\\.include <bsd\\.kmod\\.mk>`, 'm'));
    expect(files.get('virtio/Makefile')).toMatch(/^SRCS\+=\tdevice_if\.h bus_if\.h pci_if\.h$/m);
  });

  it('builds virtio.ko with 0 errors and 0 warnings', () => {
    const virtio = report.modules.find((m) => m.module === 'virtio')!;
    expect(virtio.build).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  });

  it('leaves no NetBSD-only identifier (per the API map) in the virtio module', () => {
    expect(report.modules.find((m) => m.module === 'virtio')!.unhandled).toEqual([]);
  });

  it('reports every module build, and exits 1 exactly when one fails', () => {
    for (const m of report.modules) expect(m.build, m.module).toBeDefined();
    const allOk = report.modules.every((m) => m.build!.ok);
    expect(result.code).toBe(allOk ? 0 : 1);
    // A failing child's compiler errors are mapped back to the NetBSD line they came from.
    for (const m of report.modules.filter((x) => !x.build!.ok))
      expect(result.stderr).toMatch(new RegExp(`^sys/dev/virtio/${m.module}/\\S+:\\d+:\\d+: error: PV5001: .*\\n  from sys/dev/pci/\\S+:\\d+`, 'm'));
  });

  it('is idempotent: a second run gives a byte-identical tree', async () => {
    const second = await port(['--driver', 'all', '--out', join(work, 'b')]);
    expect(second.code).toBe(0);
    // The run record differs by design: run a also holds its --check results (modules[].build).
    const record = (t: Map<string, string>): unknown => {
      const r = JSON.parse(t.get('.port-virtio/last-run.json')!) as { modules: { build?: unknown }[] };
      t.delete('.port-virtio/last-run.json');
      for (const m of r.modules) delete m.build;
      return r;
    };
    const [a, b] = [tree(join(work, 'a/sys/dev/virtio')), tree(join(work, 'b/sys/dev/virtio'))];
    expect(record(b)).toEqual(record(a));
    expect(b).toEqual(a);
  }, 120_000);

  it('reports no name that clashes with DragonFly\'s in-tree virtio (PV4301), and emits the README', () => {
    expect(result.stderr).not.toContain('PV4301');
    const readme = tree(join(work, 'a/sys/dev/virtio')).get('README')!;
    expect(readme).toMatch(/^ {2}#   device virtio_pci$/m);
    expect(readme).toMatch(/kldload \.\/virtio\.ko\n {2}kldload \.\/virtio-blk\.ko\n {2}kldload \.\/virtio-net\.ko\n {2}kldload \.\/virtio-mb\.ko\n/);
    expect(readme).toMatch(/kldunload virtio-mb\n {2}kldunload virtio-net\n {2}kldunload virtio-blk\n {2}kldunload virtio\n/);
  });

  it('exits 2 on a usage error and writes nothing', async () => {
    const r = await port(['--driver', 'scsi', '--out', join(work, 'c')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid values|choices/i);
  });
});
