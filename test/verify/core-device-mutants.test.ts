import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { BLK_DEVICE_MUTANTS } from '../../src/verify/blk-mutants.js';
import { findMutant, MUTANTS } from '../../src/verify/mutants.js';
import { BALLOON_DEVICE_MUTANTS } from '../../src/verify/viomb-mutants.js';
import { emittedSource, functionBody } from './emitted-source.js';

/**
 * The run-time fixes of the parent, the balloon and the block driver whose paths no model vector
 * reaches (feature negotiation against a device offering none, a stale `actual', attach failures,
 * parent detach and shutdown, allocation flags, flushes), and the mutants that give NetBSD's
 * behaviour back: each fix is in the translation, and each mutant's translation has NetBSD's code
 * again. (The real-device scenarios, `verify --device qemu`, run the behaviour.)
 */
const project = loadProject();

const emitted = (module: string, file: string, name?: string): string => emittedSource(project, module, file, name);
const body = functionBody;

describe('device mutants of the parent, balloon and block drivers', () => {
  it('are known to verify --mutant but are not in MUTANTS (the vectors do not catch them)', () => {
    for (const n of ['stale-child-device', 'shutdown-detaches', 'vring-alloc-nowait', ...BALLOON_DEVICE_MUTANTS.map((m) => m.name), ...BLK_DEVICE_MUTANTS.map((m) => m.name)]) {
      expect(findMutant(n), n).toBeDefined();
      expect(MUTANTS.some((m) => m.name === n), n).toBe(false);
    }
  });

  it('virtio.c: the child device is always deleted, shutdown only resets, rings are allocated waiting', () => {
    const fixed = emitted('virtio', 'virtio.c');
    expect(body(fixed, 'virtio_detach')).toMatch(/if \(sc->sc_childdev != NULL\) \{\n\t\tr = device_delete_child\(sc->sc_dev, sc->sc_childdev\);/);
    expect(fixed).toContain('DEVMETHOD(device_shutdown,\tvirtio_shutdown),');
    expect(body(fixed, 'virtio_shutdown')).toMatch(/\tvirtio_device_reset\(sc\);\n\treturn\(0\);$/);
    expect(body(fixed, 'nbsd_virtio_alloc_vq')).toContain('BUS_DMA_WAITOK | BUS_DMA_ZERO');

    expect(body(emitted('virtio', 'virtio.c', 'stale-child-device'), 'virtio_detach')).toContain('if (sc->sc_child != 0 && sc->sc_child != (void*)1) {');
    expect(body(emitted('virtio', 'virtio.c', 'shutdown-detaches'), 'virtio_shutdown')).toContain('return(virtio_detach(sc->sc_dev));');
    expect(body(emitted('virtio', 'virtio.c', 'vring-alloc-nowait'), 'nbsd_virtio_alloc_vq')).toContain('BUS_DMA_NOWAIT | BUS_DMA_ZERO');
  });

  it('viomb.c: MUST_TELL_HOST negotiated, deflate bounded by the pages held, a failed attach restores the parent', () => {
    const fixed = emitted('balloon', 'viomb.c');
    expect(body(fixed, 'viomb_attach')).toContain('virtio_negotiate_features(vsc, VIRTIO_BALLOON_F_MUST_TELL_HOST);');
    expect(body(fixed, 'deflate')).toMatch(/if \(nvpages > sc->sc_nballoon\)\n\t\tnvpages = sc->sc_nballoon;/);
    expect(body(fixed, 'viomb_attach')).toMatch(/err_none:\n\tnbsd_virtio_child_detach\(vsc\);[\s\S]*balloon_initialized--;\n\treturn\(ENXIO\);$/);
    expect(body(fixed, 'viomb_attach')).not.toContain('(void*)1');

    expect(body(emitted('balloon', 'viomb.c', 'balloon-features-offset'), 'viomb_attach')).toMatch(/virtio_negotiate_features\(vsc,\s+VIRTIO_CONFIG_DEVICE_FEATURES\);/);
    expect(emitted('balloon', 'viomb.c', 'balloon-deflate-trusts-host')).not.toContain('sc_nballoon');
    expect(body(emitted('balloon', 'viomb.c', 'balloon-attach-failure-poisons-parent'), 'viomb_attach')).toMatch(/err_none:\n\tvsc->sc_child = \(void\*\)1;\n\treturn\(ENXIO\);$/);
  });

  it('ld_virtio.c: a failed attach finish frees the request DMA', () => {
    const fixed = body(emitted('blk', 'ld_virtio.c'), 'ld_virtio_attach');
    expect(fixed).toMatch(/if \(nbsd_virtio_child_attach_finish\(sc->sc_virtio\) != 0\) \{\n\t\twhile \(qsize-- > 0\) \{[\s\S]*bus_dma_tag_destroy\(sc->sc_reqs_dmem.dmem_tag\);\n\t\tgoto err;\n\t\}/);
    expect(body(emitted('blk', 'ld_virtio.c', 'blk-attach-finish-leak'), 'ld_virtio_attach')).toMatch(/if \(nbsd_virtio_child_attach_finish\(sc->sc_virtio\) != 0\)\n\t\tgoto err;/);
  });
});
