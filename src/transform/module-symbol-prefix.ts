import type { Transform } from './transform.js';

const ID = 'link/module-symbol-prefix';

/** What every global symbol of the emitted modules starts with: they are NetBSD's virtio API. */
export const MODULE_SYMBOL_PREFIX = 'nbsd_';

/**
 * A DragonFly kernel built with `device virtio` (X86_64_GENERIC has it) already exports
 * `virtio_negotiate_features` with another signature (and `virtio_reinit`, `virtio_stop`, ...: any
 * name the two APIs share, now or after a change to either), so a child module's undefined
 * reference to the parent's function can bind to the kernel's at kldload. This
 * pass gives every symbol with external linkage that the emitted modules define (the parent's API
 * that the children call: `virtio_*`, `vio_dmamap_*`, and any other non-static function or
 * variable of any module) the prefix `nbsd_`, at its definition, its declarations (the
 * virtiovar.h prototypes) and every use in every module: `nbsd_virtio_alloc_vq` reads as "NetBSD's
 * virtio_alloc_vq" and stays greppable by the NetBSD name. Static symbols keep their names (a name
 * a file declares static is left alone in that file); member names (`.x`, `->x`), struct tags,
 * comments and strings are not symbols and are not touched.
 *
 * It is a link pass, not a per-file rewrite: the names come from all the modules' translated
 * output (templates add API of their own, `virtio_child_attach_finish`), and it renames inside
 * other rules' and templates' text too. `portModules` runs it (src/translate/link-symbols.ts)
 * after every file of the selected modules and of the modules they attach to is translated; the
 * renamed spots in NetBSD code are attributed to it line by line, renames inside a template's text
 * stay attributed to that template. `port-virtio` then checks the result against the symbols and
 * module names of DragonFly's in-tree virtio drivers (PV4301, src/analyze/in-tree-clashes.ts).
 */
export const moduleSymbolPrefix: Transform = {
  id: ID,
  meta: { summary: 'deployment: the emitted modules export virtio_* symbols that a kernel with `device virtio` already has (other signatures, kldload binds to them): prefix every external symbol of the modules with nbsd_' },
  // Never per file: portModules runs it over the modules together (see above).
  appliesTo: () => false,
  create: () => ({ edits: [], diagnostics: [] }),
};
