import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { virtioParentBus } from '../../src/transform/virtio-parent-bus.js';
import { translateFile } from '../../src/translate/translate-file.js';

const project = loadProject();
const virtio = project.plans.find((p) => p.name === 'virtio')!;
const read = (f: string): string => readFileSync(join(project.root, 'NetBSD_code/sys/dev/pci', f), 'latin1');
const only = (path: string, text: string) => translateFile(path, text, { rules: [], transforms: [virtioParentBus], shapes: project.shapes, module: virtio, modules: project.plans });

/** The body of function `name` in C text (from its name at column 0 to the next `}` at column 0). */
function body(text: string, name: string): string {
  const start = text.search(new RegExp(`^${name}\\(`, 'm'));
  expect(start, `${name} not found`).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n}', start) + 2);
}

describe('virtio/parent-bus-split on virtio.c', () => {
  const t = only('sys/dev/pci/virtio.c', read('virtio.c'));

  it('moves DRIVER_OK after the child into virtio_child_attach_finish(), behind the interrupt set-up', () => {
    const attach = body(t.output.text, 'virtio_attach');
    const finish = body(t.output.text, 'virtio_child_attach_finish');
    expect(attach).toContain('config_found(self, sc, NULL);');
    expect(attach).not.toMatch(/DRIVER_OK|pci_intr_map|pci_intr_establish/);
    expect(finish.indexOf('bus_setup_intr(')).toBeGreaterThan(0);
    expect(finish).toContain('sc->sc_child_slz');
    expect(finish.indexOf('virtio_set_status(sc, VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK);')).toBeGreaterThan(finish.indexOf('bus_setup_intr('));
  });

  it('keeps NetBSD virtio_intr (config change on ISR 0x2) and wraps it as the void handler', () => {
    expect(body(t.output.text, 'virtio_intr')).toContain('(isr & VIRTIO_CONFIG_ISR_CONFIG_CHANGE)');
    expect(body(t.output.text, 'virtio_intr_thread')).toContain('(void)virtio_intr(arg);');
    expect(t.output.text).toContain('static void\tvirtio_intr_thread(void *arg);');
  });

  it('adds virtio_child_detach() that tears the interrupt down and readies the parent for another child', () => {
    const detach = body(t.output.text, 'virtio_child_detach');
    expect(detach).toMatch(/bus_teardown_intr[\s\S]*bus_release_resource[\s\S]*sc->sc_child = NULL;[\s\S]*VIRTIO_CONFIG_DEVICE_STATUS_DRIVER\);/);
  });

  it('counts the new functions as template lines and the moved DRIVER_OK line as NetBSD code', () => {
    const lines = t.output.text.split('\n');
    const okLine = lines.findIndex((l) => l.includes('VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK);'));
    expect(t.origins[okLine]).toMatchObject({ kind: 'untouched', srcLine: 184 });
    const tmpl = t.origins.filter((o) => o.kind === 'template');
    expect(tmpl.length).toBeGreaterThan(60);
    for (const o of tmpl) expect(o.ruleIds).toEqual(['virtio/parent-bus-split']);
  });

  it('declares the parent API and the vio_dmamap shim in virtiovar.h', () => {
    const h = only('sys/dev/pci/virtiovar.h', read('virtiovar.h')).output.text;
    expect(h).toMatch(/int virtio_child_attach_finish\(struct virtio_softc \*\);\nvoid virtio_child_detach\(struct virtio_softc \*\);\n\n#endif/);
    expect(h).toMatch(/struct vio_dmamap \{[\s\S]*dm_segs\[VIO_MAXSEGS\];\n\};\ntypedef struct vio_dmamap \*vio_dmamap_t;/);
  });

  it('reports a virtio.c without the expected attach shape instead of guessing', () => {
    const r = only('sys/dev/pci/virtio.c', 'static void\nvirtio_attach(device_t parent, device_t self, void *aux)\n{\n}\nstatic int\nvirtio_intr(void *arg)\n{\n\treturn 0;\n}\nstatic int virtio_intr(void *arg);\n');
    expect(r.diagnostics.find((d) => d.code === 'PV2112')).toMatchObject({ severity: 'error', line: 1, ruleId: 'virtio/parent-bus-split' });
  });
});
