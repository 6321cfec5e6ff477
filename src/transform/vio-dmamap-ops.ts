import { textEdit } from '../rewrite/edit.js';
import { diagnosticAt, type Transform, type TransformResult } from './transform.js';
import { VIO_DMAMAP_OPS, VIO_DMAMAP_PROTOTYPES } from './vio-dmamap-ops-templates.js';

const ID = 'virtio/vio-dmamap-ops';

/**
 * netbsd-to-dragonfly.md §3.4: the children's DMA goes through the parent. virtio.c gains
 * vio_dmamap_create/destroy/load/unload/sync on the vio_dmamap shim that virtio/parent-bus-split
 * declares in virtiovar.h, so a child's NetBSD bus_dmamap_* calls map one to one (rules in the
 * child's area) and virtio_enqueue() keeps reading dm_nsegs/dm_segs.
 */
export const vioDmamapOps: Transform = {
  id: ID,
  meta: { summary: "virtio parent: DMA-map service for children on the vio_dmamap shim (tag of the map's shape, load callback)", see: 'netbsd-to-dragonfly.md §3.4' },
  appliesTo: (module, base) => module?.name === 'virtio' && (base === 'virtio.c' || base === 'virtiovar.h'),
  create(ctx) {
    const out: TransformResult = { edits: [], diagnostics: [] };
    const text = ctx.file.text;
    if (ctx.file.path.endsWith('virtiovar.h')) {
      const endif = text.lastIndexOf('#endif');
      if (endif < 0) out.diagnostics.push(diagnosticAt(ctx.file, 0, { code: 'PV2191', severity: 'error', message: 'virtiovar.h without its closing #endif', ruleId: ID }));
      else out.edits.push(textEdit(endif, endif, VIO_DMAMAP_PROTOTYPES + '\n', ID, 'vio-dmamap-prototypes'));
      return out;
    }
    // After the last function that parsed whole, so a truncated file (--allow-partial) does not
    // swallow the new functions into its unterminated last one.
    const root = ctx.file.fragments[0]!.tree.rootNode;
    const last = [...root.namedChildren].reverse().find((n) => n.type === 'function_definition' && !n.hasError);
    const end = last && root.hasError ? last.endIndex : text.length;
    const tail = end === text.length ? text : text.slice(0, end);
    out.edits.push(textEdit(end, end, (tail.endsWith('\n') ? '\n' : '\n\n') + VIO_DMAMAP_OPS + '\n', ID, 'vio-dmamap-ops'));
    return out;
  },
};
