import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, runCli as port, tempDir, type CliResult } from '../cli/run-cli.js';

interface Report {
  modules: {
    module: string;
    build?: { ok: boolean; errors: number; warnings: number; ko?: string };
    unhandled: { name: string }[];
    lineOrigins: { untouched: number; rewritten: number; template: number };
  }[];
}

/** The text of C function `name` in `text` (from its name at column 0 to the next `}` at column 0). */
function body(text: string, name: string): string {
  const start = text.search(new RegExp(`^${name}\\(`, 'm'));
  expect(start, `${name} not found`).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n}', start) + 2);
}

/** Asserts that the snippets occur in `text` in this order. */
function inOrder(text: string, ...snippets: string[]): void {
  let at = -1;
  for (const s of snippets) {
    const next = text.indexOf(s, at + 1);
    expect(next, `"${s}" after offset ${at}`).toBeGreaterThan(at);
    at = next;
  }
}

describe('port-virtio --driver blk --check (real bmake + clang-19 build of virtio-blk.ko)', () => {
  const work = tempDir('pv-blk-');
  const out = join(work, 'a/sys/dev/virtio');
  let result: CliResult;
  let report: Report;
  let blk: Report['modules'][number];
  let ld: string;

  beforeAll(async () => {
    result = await port(['--driver', 'blk', '--out', join(work, 'a'), '--check', '--report', join(work, 'report.json')]);
    report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as Report;
    blk = report.modules.find((m) => m.module === 'blk')!;
    ld = readFileSync(join(out, 'blk/ld_virtio.c'), 'latin1');
  }, 180_000);
  afterAll(cleanupTemps);

  it('emits blk/ with KMOD= virtio-blk, and the virtio parent it attaches to', () => {
    expect(readFileSync(join(out, 'blk/Makefile'), 'utf8')).toMatch(/^KMOD=\tvirtio-blk$/m);
    expect(report.modules.map((m) => m.module)).toEqual(['virtio', 'blk']);
  });

  it('builds virtio-blk.ko (and virtio.ko) with 0 errors and 0 warnings, and exits 0', () => {
    expect(blk.build).toMatchObject({ ok: true, errors: 0, warnings: 0 });
    expect(report.modules.find((m) => m.module === 'virtio')!.build).toMatchObject({ ok: true, errors: 0, warnings: 0 });
    expect(result.code, result.stderr).toBe(0);
  });

  it('leaves no NetBSD-only identifier (per the API map) in the blk module', () => {
    expect(blk.unhandled).toEqual([]);
  });

  it('names the rules behind every changed hunk of ld_virtio.c', async () => {
    const diff = await port(['--driver', 'blk', '--out', join(work, 'b'), '--diff', '--no-color']);
    const file = diff.stdout.slice(diff.stdout.indexOf('sys/dev/virtio/blk/ld_virtio.c'));
    const hunks = file.split('\n').filter((l) => l.startsWith('@@'));
    expect(hunks.length).toBeGreaterThan(5);
    for (const h of hunks) expect(h, h).toMatch(/@@ \[[a-z-]+\/[a-z-]+(, [a-z-]+\/[a-z-]+)*\]$/);
  }, 120_000);

  it('probes for the virtio block device and finishes the attach through the parent before the disk exists', () => {
    expect(body(ld, 'ld_virtio_match')).toMatch(/sc_childdevid == PCI_PRODUCT_VIRTIO_BLOCK\)\n\t\treturn\(BUS_PROBE_DEFAULT\);/);
    inOrder(body(ld, 'ld_virtio_attach'), 'lwkt_serialize_init(&sc->sc_slz);', 'vsc->sc_child_slz = &sc->sc_slz;', 'virtio_alloc_vq(', 'ld_virtio_alloc_reqs(sc, qsize)', 'virtio_child_attach_finish(sc->sc_virtio)', 'ld_virtio_disk_attach(sc);');
    inOrder(body(ld, 'ld_virtio_disk_attach'), 'devstat_add_entry(&sc->sc_stats, "vdb"', 'disk_create(', 'si_drv1 = sc;', 'disk_setdiskinfo(&sc->sc_disk, info);');
    expect(ld).toContain('{ "vdb", 0, D_DISK | D_MPSAFE }');
  });

  it('builds a request as NetBSD does: header (sector in 512-byte units), data, status byte', () => {
    const start = body(ld, 'ld_virtio_start');
    expect(start).toContain('int isread = (bio->bio_buf->b_cmd == BUF_CMD_READ);');
    expect(start).toContain('vr->vr_hdr.sector = bio->bio_offset / DEV_BSIZE;');
    inOrder(start, 'virtio_enqueue_p(vsc, vq, slot, vr->vr_cmdsts,\n\t\t\t 0,', 'virtio_enqueue(vsc, vq, slot, vr->vr_payload, !isread);', 'offsetof(struct virtio_blk_req, vr_status)', 'virtio_enqueue_commit(');
  });

  it('completes a bio the device failed (IOERR or UNSUPP) with EIO and B_ERROR', () => {
    expect(body(ld, 'ld_virtio_vq_done1')).toMatch(/if \(vr->vr_status != VIRTIO_BLK_S_OK\) \{\n\t\tbio->bio_buf->b_error = EIO;/);
    expect(body(ld, 'ld_virtio_disk_done')).toMatch(/if \(bp->b_error != 0\)\n\t\tbp->b_flags \|= B_ERROR;/);
    expect(ld).toMatch(/^#define VIRTIO_BLK_S_UNSUPP\t2$/m);
  });

  it('detaches only when idle: EBUSY while open, then drain, reset and interrupt, queue and DMA, disk', () => {
    inOrder(body(ld, 'ld_virtio_disk_begindetach'), 'sc->sc_opencnt > 0', 'disk_getopencount(&sc->sc_disk) > 0', 'return(EBUSY);', 'sc->sc_detaching = 1;', 'while (sc->sc_inflight > 0)');
    inOrder(body(ld, 'ld_virtio_detach'), 'r = ld_virtio_disk_begindetach(sc);', 'return r;', 'virtio_child_detach(sc->sc_virtio);', 'virtio_free_vq(', 'vio_dmamap_destroy(', 'bus_dma_tag_destroy(sc->sc_reqs_dmem.dmem_tag);', 'ld_virtio_disk_enddetach(sc);');
    inOrder(body(ld, 'ld_virtio_disk_enddetach'), 'bioq_takefirst(&sc->sc_bioq)', 'devstat_remove_entry(&sc->sc_stats);', 'disk_destroy(&sc->sc_disk);');
  });
});
