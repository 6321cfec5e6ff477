import { prototypes } from '../parse/c-queries.js';
import { codeIdentifiers } from '../parse/code-spans.js';
import { textEdit } from '../rewrite/edit.js';
import { DETACH_FUNCTIONS, DETACH_NEEDS, DETACH_PROTOTYPES } from './balloon-detach-templates.js';
import { diagnosticAt, type Transform, type TransformResult } from './transform.js';

const ID = 'balloon/detach';

/**
 * netbsd-to-dragonfly.md §2.1 (detach), §3.1, §3.10: NetBSD's viomb has no detach (NULL in its
 * CFATTACH), and newbus cannot unload a driver without one. modules.yml names the supplied detach
 * (`detach: viomb_detach`), which autoconf/cfattach-to-newbus puts in the method table; this
 * transform adds it: the prototypes after viomb_attach's, the functions at the end of the file.
 * The template is balloon-specific, so the transform checks that the names it relies on exist.
 */
export const balloonDetach: Transform = {
  id: ID,
  meta: { summary: 'a detach for viomb: stop the worker, deflate the balloon to zero (or refuse with EBUSY), release the device', see: 'netbsd-to-dragonfly.md §3.10' },
  appliesTo: (module) => module?.name === 'balloon',
  create(ctx) {
    const { file, module } = ctx;
    const out: TransformResult = { edits: [], diagnostics: [] };
    const anchor = prototypes(file, 'viomb_attach')[0];
    const known = new Set(codeIdentifiers(file.text).map((t) => t.name));
    const missing = DETACH_NEEDS.filter((n) => !known.has(n));
    if (module?.detach !== 'viomb_detach' || !anchor || missing.length > 0) {
      const why = module?.detach !== 'viomb_detach' ? "modules.yml does not name viomb_detach as the balloon's detach" : !anchor ? 'no viomb_attach prototype to put the new prototypes after' : `viomb.c lacks ${missing.join(', ')}`;
      out.diagnostics.push(diagnosticAt(file, 0, { code: 'PV2151', severity: 'error', message: `cannot add the balloon detach: ${why}`, ruleId: ID }));
      return out;
    }
    const end = file.text.length;
    out.edits.push(textEdit(anchor.endIndex, anchor.endIndex, DETACH_PROTOTYPES, ID, 'balloon-detach'));
    out.edits.push(textEdit(end, end, (file.text.endsWith('\n') ? '' : '\n') + DETACH_FUNCTIONS, ID, 'balloon-detach'));
    return out;
  },
};
