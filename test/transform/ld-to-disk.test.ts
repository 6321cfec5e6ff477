import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { formatDiagnostic } from '../../src/diagnostics/format-text.js';
import type { ModulePlan } from '../../src/emit/module-plan.js';
import { ldToDisk } from '../../src/transform/ld-to-disk.js';
import { describeTransformFixtures } from './transform-fixtures.js';
import { translateFile } from '../../src/translate/translate-file.js';

const project = loadProject();
const dir = join(import.meta.dirname, '../fixtures/transform/ld-to-disk');
const plan = (name: string, driver: string, parent: string): ModulePlan => ({ name, kmod: name, driver, parent, bus: false, sources: [], headers: [], interfaces: [] });
const VIRTIO = plan('virtio', 'virtiobus', 'pci');
const BLK = plan('blk', 'vdb', 'virtiobus');
/** Fixture -> the module it is translated as (undefined: `port-virtio translate`, no module). */
const modules: Record<string, ModulePlan | undefined> = { 'virtio-child': BLK };

const only = (path: string, text: string, module: ModulePlan | undefined) =>
  translateFile(path, text, { rules: [], transforms: [ldToDisk], shapes: project.shapes, module, modules: [VIRTIO, BLK] });

describeTransformFixtures(ldToDisk, 'ld-to-disk', (name) => modules[name], [VIRTIO, BLK]);

describe('disk/ld-to-disk on the fixtures, by contract', () => {
  const text = (name: string): string => readFileSync(join(dir, name, 'expected.c'), 'latin1');

  it('lets a virtio child complete under the interrupt serializer, a controller child take it', () => {
    const done = (c: string, p: string): string => c.slice(c.indexOf(`\n${p}_disk_done(struct ${p}_softc *sc`), c.indexOf('\n}\n', c.indexOf(`\n${p}_disk_done(struct ${p}_softc *sc`)));
    expect(done(text('virtio-child'), 'foo')).toMatch(/^\tASSERT_SERIALIZED\(&sc->sc_slz\);$/m);
    expect(done(text('controller-child'), 'bar')).toMatch(/^\tlwkt_serialize_enter\(&sc->sc_slz\);$/m);
  });

  it('names the disk after the module driver (/dev/vdb0), ld without a module', () => {
    expect(text('virtio-child')).toContain('{ "vdb", 0, D_DISK | D_MPSAFE }');
    expect(text('controller-child')).toContain('{ "ld", 0, D_DISK | D_MPSAFE }');
  });

  it('refuses detach while open before it changes anything', () => {
    const c = text('virtio-child');
    const begin = c.slice(c.indexOf('foo_disk_begindetach(struct foo_softc *sc)'));
    expect(begin.indexOf('return(EBUSY);')).toBeGreaterThan(0);
    expect(begin.indexOf('return(EBUSY);')).toBeLessThan(begin.indexOf('sc->sc_detaching = 1;'));
  });
});

describe("disk/ld-to-disk on NetBSD's other ld(4) attachments (translate, no module)", () => {
  const bulk = join(project.root, '../shared/corpus/netbsd-6-bulk/sys/dev/pci');
  it.each(['ld_amr.c', 'ld_twe.c', 'ld_twa.c'])('%s', (file) => {
    expect(existsSync(join(bulk, file)), `${bulk}/${file} (the shared corpus) is missing`).toBe(true);
    const t = only(file, readFileSync(join(bulk, file), 'latin1'), undefined);
    const prefix = file.replace(/\.c$/, '');
    expect(t.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    expect(t.output.text).toContain(`${prefix}_disk_attach(sc);`);
    expect(t.output.text).toContain(`${prefix}_disk_done(sc, bio);`);
    expect(t.output.text).toMatch(new RegExp(`static int\\n${prefix}_disk_strategy\\(struct dev_strategy_args \\*ap\\)`));
    const code = t.output.text.replace(/\/\*[\s\S]*?\*\//g, ''); // the glue's comments name the ld.c functions
    expect(code).not.toMatch(/\b(ld_softc|ldattach|lddone|ldbegindetach|ldenddetach|b_rawblkno|B_READ)\b/);
    expect(code).toContain(`\n${prefix}_start(struct ${prefix}_softc *ld, struct bio *bio)\n`);
  });
});
