import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, runCli as port, tempDir, type CliResult } from '../cli/run-cli.js';

interface Report {
  modules: {
    module: string;
    kmod: string;
    build?: { ok: boolean; errors: number; warnings: number; ko?: string };
    unhandled: { name: string }[];
    files: { input: string; parseProblems: { kind: string; line: number }[] }[];
  }[];
}

/** The text of C function `name` in `text` (from its name at column 0 to the next `}` at column 0). */
function body(text: string, name: string): string {
  const start = text.search(new RegExp(`^${name}\\(`, 'm'));
  expect(start, `${name} not found`).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n}', start) + 2);
}

describe('port-virtio --driver net --check (real bmake + clang-19 build of virtio-net.ko)', () => {
  const work = tempDir('pv-net-');
  const out = join(work, 'a/sys/dev/virtio');
  let result: CliResult;
  let report: Report;
  let net: Report['modules'][number];
  let vioif: string;

  beforeAll(async () => {
    result = await port(['--driver', 'net', '--out', join(work, 'a'), '--check', '--report', join(work, 'report.json')]);
    report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as Report;
    net = report.modules.find((m) => m.module === 'net')!;
    vioif = readFileSync(join(out, 'net/if_vioif.c'), 'latin1');
  }, 180_000);
  afterAll(cleanupTemps);

  it('emits net/ with KMOD= virtio-net, and the virtio parent whose headers it includes', () => {
    expect(readFileSync(join(out, 'net/Makefile'), 'utf8')).toMatch(/^KMOD=\tvirtio-net$/m);
    expect(report.modules.map((m) => m.module)).toEqual(['virtio', 'net']);
  });

  it('builds virtio-net.ko (and virtio.ko) with 0 errors and 0 warnings, and exits 0', () => {
    expect(net.build).toMatchObject({ ok: true, errors: 0, warnings: 0 });
    expect(report.modules.find((m) => m.module === 'virtio')!.build).toMatchObject({ ok: true, errors: 0, warnings: 0 });
    expect(result.code, result.stderr).toBe(0);
  });

  it('leaves no NetBSD-only identifier (per the API map) in the net module', () => {
    expect(net.unhandled).toEqual([]);
  });

  it('reads the token-pasting macro bodies (only the label-before-#define MISSING node is left)', () => {
    expect(net.files[0]!.parseProblems.map((p) => `${p.kind}@${p.line}`)).toEqual(['missing@423']);
  });

  it('names the rules behind every changed hunk of if_vioif.c', async () => {
    const diff = await port(['--driver', 'net', '--out', join(work, 'b'), '--diff', '--no-color']);
    const file = diff.stdout.slice(diff.stdout.indexOf('sys/dev/virtio/net/if_vioif.c'));
    const hunks = file.split('\n').filter((l) => l.startsWith('@@'));
    expect(hunks.length).toBeGreaterThan(20);
    for (const h of hunks) expect(h, h).toMatch(/@@ \[[a-z-]+\/[a-z-]+(, [a-z-]+\/[a-z-]+)*\]$/);
  }, 120_000);

  it('restarts transmission on tx completion and publishes avail->idx behind a full fence before the kick test', () => {
    const done = body(vioif, 'vioif_tx_vq_done');
    expect(done).toMatch(/ifsq_clr_oactive\(ifsq\);\n\t\tif \(!ifsq_is_empty\(ifsq\)\)\n\t\t\tifsq_devstart_sched\(ifsq\);/);
    const commit = body(readFileSync(join(out, 'virtio/virtio.c'), 'latin1'), 'nbsd_virtio_enqueue_commit');
    const store = commit.indexOf('vq->vq_avail->idx = vq->vq_avail_idx;');
    const fence = commit.indexOf('cpu_mfence();');
    const load = commit.indexOf('vq->vq_used->flags & VRING_USED_F_NO_NOTIFY');
    expect(store).toBeGreaterThan(0);
    expect(fence).toBeGreaterThan(store);
    expect(load).toBeGreaterThan(fence);
  });
});
