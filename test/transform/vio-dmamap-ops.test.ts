import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import type { ModulePlan } from '../../src/emit/module-plan.js';
import { vioDmamapOps } from '../../src/transform/vio-dmamap-ops.js';
import { translateFile } from '../../src/translate/translate-file.js';

const project = loadProject();
const plan = (name: string): ModulePlan => project.plans.find((p) => p.name === name)!;
const read = (f: string): string => readFileSync(join(project.root, 'NetBSD_code/sys/dev/pci', f), 'latin1');
const only = (path: string, module: ModulePlan) =>
  translateFile(path, read(path.split('/').pop()!), { rules: [], transforms: [vioDmamapOps], shapes: project.shapes, module, modules: project.plans });

describe('virtio/vio-dmamap-ops', () => {
  it('appends the children\'s DMA-map service to virtio.c, untouched code before it', () => {
    const t = only('sys/dev/pci/virtio.c', plan('virtio'));
    const original = read('virtio.c');
    expect(t.output.text.startsWith(original)).toBe(true);
    const added = t.output.text.slice(original.length);
    for (const fn of ['vio_dmamap_create', 'vio_dmamap_destroy', 'vio_dmamap_load', 'vio_dmamap_unload', 'vio_dmamap_sync'])
      expect(added, fn).toMatch(new RegExp(`^(int|void)\\n${fn}\\(`, 'm'));
    // The load callback fills the shim and a failed callback leaves no segments (EFBIG).
    expect(added).toMatch(/^static void\nvio_dmamap_load_cb\(void \*arg, bus_dma_segment_t \*segs, int nsegs, int error\)$/m);
    expect(added).toContain('if (error == 0 && vm->dm_nsegs == 0)\n\t\terror = EFBIG;');
    expect(t.diagnostics).toEqual([]);
  });

  it('declares them in virtiovar.h before its closing #endif', () => {
    const t = only('sys/dev/pci/virtiovar.h', plan('virtio'));
    expect(t.output.text).toMatch(/void vio_dmamap_sync\(vio_dmamap_t, int\);\n\n#endif \/\* _DEV_PCI_VIRTIOVAR_H_ \*\/\n$/);
  });

  it('counts every added line as template lines of this transform', () => {
    const t = only('sys/dev/pci/virtio.c', plan('virtio'));
    const changed = t.origins.filter((o) => o.kind !== 'untouched');
    expect(changed.length).toBeGreaterThan(80);
    for (const o of changed) expect(o).toMatchObject({ kind: 'template', ruleIds: ['virtio/vio-dmamap-ops'] });
  });

  it('applies to the virtio parent only', () => {
    expect(vioDmamapOps.appliesTo(plan('blk'), 'ld_virtio.c')).toBe(false);
    expect(vioDmamapOps.appliesTo(undefined, 'virtio.c')).toBe(false);
    expect(vioDmamapOps.appliesTo(plan('virtio'), 'virtioreg.h')).toBe(false);
  });
});
