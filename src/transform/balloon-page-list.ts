import { fileRoot } from '../parse/c-queries.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit, type EditPart } from '../rewrite/edit.js';
import { PAGE_LIST_HELPERS } from './balloon-page-list-templates.js';
import { diagnosticAt, type Transform, type TransformResult } from './transform.js';

const ID = 'balloon/page-list';

/**
 * netbsd-to-dragonfly.md §2.10, §3.10: uvm_pglistalloc(size, low, high, alignment, boundary,
 * list, nsegs, waitok) / uvm_pglistfree(list) become <driver>_pglistalloc(list, npages) /
 * <driver>_pglistfree(list), two small helpers (a template) built on vm_page_alloc() and
 * vm_page_free() one page at a time. viomb passes nsegs = the page count (any page may be its own
 * segment: no contiguity) and size = nsegs*PAGE_SIZE, so nsegs is the page count; the range, alignment and boundary
 * are dropped on purpose, because the only constraint a balloon has is that each PFN fits 32 bits,
 * which the helper checks (NetBSD's `UINT32_MAX*PAGE_SIZE` is computed in unsigned int and wraps
 * to 0xfffff000 anyway). waitok goes: the helper never sleeps; on failure inflate() retries
 * later, as NetBSD does. The helpers go before the first function that uses them.
 */
export const balloonPageList: Transform = {
  id: ID,
  meta: { summary: 'uvm_pglistalloc/uvm_pglistfree -> page-at-a-time vm_page_alloc/vm_page_free helpers (32-bit PFN limit only)', see: 'netbsd-to-dragonfly.md §2.10, §3.10' },
  appliesTo: (module) => module?.name === 'balloon',
  create(ctx) {
    const { file } = ctx;
    const out: TransformResult = { edits: [], diagnostics: [] };
    const prefix = ctx.module?.driver ?? 'viomb';
    const calls = fileRoot(file)
      .descendantsOfType('call_expression')
      .filter((c) => ['uvm_pglistalloc', 'uvm_pglistfree'].includes(c.childForFieldName('function')?.text ?? ''));
    if (calls.length === 0) return out;
    for (const call of calls) {
      const fn = call.childForFieldName('function')!;
      const args = call.childForFieldName('arguments')!.namedChildren.filter((a) => a.type !== 'comment');
      if (fn.text === 'uvm_pglistfree') {
        out.edits.push(textEdit(fn.startIndex, fn.endIndex, `${prefix}_pglistfree`, ID));
        continue;
      }
      const [size, list, nsegs] = [args[0], args[5], args[6]];
      if (args.length !== 8 || !size || !list || !nsegs) {
        out.diagnostics.push(diagnosticAt(file, call.startIndex, { code: 'PV2131', severity: 'error', message: 'uvm_pglistalloc() needs its 8 arguments (size, low, high, alignment, boundary, list, nsegs, waitok)', ruleId: ID }));
        continue;
      }
      const range = (n: SyntaxNode): { start: number; end: number } => ({ start: n.startIndex, end: n.endIndex });
      // The page count: nsegs when the size is spelled `nsegs*PAGE_SIZE` (viomb), else size / PAGE_SIZE.
      const count: EditPart[] = size.text.replace(/\s+/g, '') === `${nsegs.text}*PAGE_SIZE` ? [{ capture: range(nsegs) }] : ['(', { capture: range(size) }, ') / PAGE_SIZE'];
      out.edits.push({ start: call.startIndex, end: call.endIndex, ruleId: ID, parts: [`${prefix}_pglistalloc(`, { capture: range(list) }, ', ', ...count, ')'] });
    }
    // The helpers are needed once a call was translated (a call left alone already is an error).
    const first = out.edits.length > 0 ? calls.map((c) => enclosingFunction(c)).find((f) => f !== undefined) : undefined;
    if (!first) return out;
    const at = leadingCommentStart(first);
    out.edits.push(textEdit(at, at, PAGE_LIST_HELPERS.replaceAll('PREFIX', prefix), ID, 'balloon-page-list'));
    return out;
  },
};

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}

/** Start of the block comment directly above `fn` (nothing but blank space between), or of `fn`. */
function leadingCommentStart(fn: SyntaxNode): number {
  const prev = fn.previousSibling;
  return prev?.type === 'comment' && prev.endPosition.row >= fn.startPosition.row - 1 ? prev.startIndex : fn.startIndex;
}
