import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { portModules } from '../../src/translate/port-modules.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/port-virtio.mjs');

interface Report {
  modules: { module: string; kmod: string; build?: { ok: boolean; errors: number; warnings: number }; unhandled: { name: string }[] }[];
}

/** The text of C function `name` in `text` (from its name at column 0 to the next `}` at column 0). */
function fn(text: string, name: string): string {
  const start = text.search(new RegExp(`^${name}\\(`, 'm'));
  expect(start, `${name} not found`).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n}', start) + 2);
}

describe('port-virtio --driver balloon --check (real bmake + clang-19 build)', () => {
  const work = mkdtempSync(join(tmpdir(), 'pv-balloon-'));
  const out = join(work, 'o/sys/dev/virtio');
  let code: number;
  let stderr: string;
  let report: Report;
  let viomb: string;
  let virtio: string;

  beforeAll(async () => {
    try {
      ({ stderr } = await run(process.execPath, [cli, '--driver', 'balloon', '--out', join(work, 'o'), '--check', '--report', join(work, 'report.json')], { cwd: root, maxBuffer: 64 << 20 }));
      code = 0;
    } catch (e) {
      ({ code, stderr } = e as { code: number; stderr: string });
    }
    report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as Report;
    viomb = readFileSync(join(out, 'balloon/viomb.c'), 'latin1');
    virtio = readFileSync(join(out, 'virtio/virtio.c'), 'latin1');
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('builds virtio-mb.ko with 0 errors and 0 warnings, and the parent virtio.ko still clean', () => {
    expect(code, stderr).toBe(0);
    expect(readFileSync(join(out, 'balloon/Makefile'), 'latin1')).toMatch(/^KMOD=\tvirtio-mb$/m);
    const module = (name: string) => report.modules.find((m) => m.module === name);
    expect(module('balloon')?.build).toMatchObject({ ok: true, errors: 0, warnings: 0 });
    expect(module('virtio')?.build).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  });

  it('leaves no NetBSD-only identifier in the balloon module', () => {
    expect(report.modules.find((m) => m.module === 'balloon')!.unhandled).toEqual([]);
  });

  it('routes ISR bit 0x2 to the child: the parent calls sc_config_change and runs the handler under the child serializer', () => {
    expect(fn(virtio, 'virtio_intr')).toMatch(/isr & VIRTIO_CONFIG_ISR_CONFIG_CHANGE[\s\S]*\(sc->sc_config_change\)\(sc\)/);
    expect(fn(virtio, 'nbsd_virtio_child_attach_finish')).toMatch(/bus_setup_intr\([^;]*virtio_intr_thread, sc, &sc->sc_ih, sc->sc_child_slz\)/);
    const attach = fn(viomb, 'viomb_attach');
    expect(attach).toMatch(/vsc->sc_config_change = viomb_config_change;/);
    expect(attach).toMatch(/vsc->sc_child_slz = &sc->sc_waitlock;[\s\S]*lwkt_serialize_init\(&sc->sc_waitlock\);\n\tif \(nbsd_virtio_child_attach_finish\(sc->sc_virtio\) != 0\)[\s\S]*kthread_create\(viomb_thread, sc, &sc->sc_td, "viomb"\)/);
    const change = fn(viomb, 'viomb_config_change');
    expect(change).toMatch(/viomb_read_config\(sc\);[\s\S]*wakeup\(&sc->sc_wait\);/);
    expect(fn(viomb, 'viomb_read_config')).toMatch(/sc->sc_npages = le32toh\(reg\);/);
  });

  it('inflates page by page within the 32-bit PFN limit, batches of at most 256, only the batch on the queue', () => {
    expect(fn(viomb, 'viomb_pglistalloc')).toMatch(/vm_page_alloc\(NULL, 0, VM_ALLOC_NORMAL\)[\s\S]*VM_PAGE_TO_PHYS\(m\) \/ VIRTIO_PAGE_SIZE > UINT32_MAX/);
    for (const f of ['inflate', 'deflate']) {
      expect(fn(viomb, f)).toMatch(/if \(nvpages > PGS_PER_REQ\)\n\t\tnvpages = PGS_PER_REQ;/);
      expect(fn(viomb, f)).toMatch(/nbsd_virtio_enqueue_p\(vsc, vq, slot, &b->bl_dmamap, 0,\n\t    sizeof\(uint32_t\) \* b->bl_nentries, true\);/);
    }
    expect(fn(viomb, 'inflate_done')).toMatch(/VIRTIO_BALLOON_CONFIG_ACTUAL,\n\t+\s*sc->sc_actual \+ nvpages\);/);
    expect(fn(viomb, 'deflate')).toMatch(/TAILQ_FOREACH_REVERSE_MUTABLE\(p, &b->bl_pglist, pglist, pageq,\n\t\t    p_prev\)/);
  });

  it('stops the worker and empties the balloon (or refuses with EBUSY) before detaching from the parent', () => {
    expect(viomb).toMatch(/DEVMETHOD\(device_detach,\tviomb_detach\),/);
    const thread = fn(viomb, 'viomb_thread');
    expect(thread).toMatch(/lwkt_serialize_enter\(&sc->sc_waitlock\);\n\twhile \(!sc->sc_dying\) \{/);
    expect(thread).toMatch(/zsleep\(&sc->sc_wait, &sc->sc_waitlock, 0, "balloon",\n\t+\s*MAX\(1, /);
    expect(thread).toMatch(/sc->sc_td = NULL;\n\twakeup\(&sc->sc_td\);\n\tlwkt_serialize_exit\(&sc->sc_waitlock\);\n\tkthread_exit\(\);\n\}$/);
    const detach = fn(viomb, 'viomb_detach');
    const order = ['sc->sc_dying = 1;', 'zsleep(&sc->sc_td', 'viomb_deflate_all(sc)', 'return(error);', 'virtio_child_detach(vsc);', 'virtio_free_vq(vsc, &sc->sc_vq[0]);'];
    const at = order.map((s) => detach.indexOf(s));
    expect(at.every((i) => i > 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(fn(viomb, 'viomb_deflate_all')).toMatch(/return\(EBUSY\);[\s\S]*TAILQ_EMPTY\(&sc->sc_balloon_pages\)[\s\S]*deflate\(sc\);/);
  });

  it('attributes every changed line of viomb.c to a rule or transform id', () => {
    const project = loadProject();
    const plan = project.plans.find((p) => p.name === 'balloon')!;
    // The emitted file as portModules makes it: translated, then linked (link/module-symbol-prefix).
    const t = portModules({ srcDir: join(root, 'NetBSD_code'), plans: project.plans, selected: [plan], rules: project.rules, transforms: project.transforms, shapes: project.shapes }).modules[0]!.files[0]!;
    expect(t.path).toBe('sys/dev/pci/viomb.c');
    expect(t.output.text).toBe(viomb);
    const changed = t.origins.filter((o) => o.kind !== 'untouched');
    expect(changed.length).toBeGreaterThan(200);
    for (const o of changed) expect(o.ruleIds.length, `NetBSD line ${o.srcLine}`).toBeGreaterThan(0);
  });
});
