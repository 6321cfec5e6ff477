import { fileRoot } from '../parse/c-queries.js';
import type { SourceFile } from '../parse/source-file.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit } from '../rewrite/edit.js';
import { structName } from './ld-to-disk-scan.js';
import { diagnosticAt, type TransformResult } from './transform.js';

/** struct buf fields an ld attachment reads or sets; on DragonFly they are reached through bio_buf. */
const BUF_FIELDS = new Set(['b_data', 'b_bcount', 'b_resid', 'b_error', 'b_flags']);

/**
 * netbsd-to-dragonfly.md §2.9a: ld.c handed the attachment a `struct buf *` and took it back in
 * lddone(); DragonFly's strategy routine gets a `struct bio *`, which is also what biodone() must
 * be given. So every `struct buf *` of the attachment becomes `struct bio *` (a variable `bp`
 * becomes `bio`), buffer fields are reached through `bio->bio_buf`, the direction comes from
 * b_cmd instead of B_READ, and the device block number from the byte offset bio_offset.
 * daddr_t, 64-bit on NetBSD and 32-bit on DragonFly, becomes uint64_t.
 */
export function bufToBio(file: SourceFile, id: string, softcIn: (fn: SyntaxNode) => string | undefined, out: TransformResult): void {
  const root = fileRoot(file);
  for (const s of root.descendantsOfType('struct_specifier')) {
    const name = s.childForFieldName('name');
    if (name?.text === 'buf' && !s.childForFieldName('body')) out.edits.push(textEdit(name.startIndex, name.endIndex, 'bio', id));
  }
  // NetBSD's daddr_t is 64-bit, DragonFly's 32-bit: block arithmetic keeps 64 bits (§2.9a).
  for (const t of root.descendantsOfType(['primitive_type', 'type_identifier']).filter((n) => n.text === 'daddr_t'))
    out.edits.push(textEdit(t.startIndex, t.endIndex, 'uint64_t', id));
  for (const scope of [...root.descendantsOfType('function_definition'), ...root.descendantsOfType('declaration').filter((d) => d.parent?.type === 'translation_unit')])
    renameBufVariables(scope, id, out);
  for (const fe of root.descendantsOfType('field_expression')) {
    const field = fe.childForFieldName('field')?.text ?? '';
    const arg = fe.childForFieldName('argument');
    if (!arg || fe.child(1)?.type !== '->') continue;
    if (field === 'b_rawblkno') rawBlockNumber(file, fe, arg, id, softcIn, out);
    else if (field === 'b_flags' && isReadTest(fe.parent)) readTest(fe, arg, id, out);
    else if (BUF_FIELDS.has(field)) out.edits.push(textEdit(arg.endIndex, arg.endIndex, '->bio_buf', id));
  }
  for (const r of root.descendantsOfType('identifier').filter((i) => i.text === 'B_READ' && !isReadTest(i.parent)))
    out.diagnostics.push(diagnosticAt(file, r.startIndex, { code: 'PV2185', severity: 'error', message: 'B_READ outside `bp->b_flags & B_READ`: no bio_buf->b_cmd mapping for this use', ruleId: id }));
}

/** `bp` declared as `struct buf *` (parameter or local) becomes `bio` throughout its function. */
function renameBufVariables(scope: SyntaxNode, id: string, out: TransformResult): void {
  const decls = scope.descendantsOfType(['parameter_declaration', 'declaration']).filter((d) => structName(d.childForFieldName('type')) === 'buf');
  const names = new Set(decls.flatMap((d) => d.descendantsOfType('identifier').filter((i) => i.parent?.type !== 'field_expression').map((i) => i.text)));
  const idents = scope.descendantsOfType('identifier');
  if (!names.has('bp') || idents.some((i) => i.text === 'bio')) return;
  for (const i of idents) if (i.text === 'bp') out.edits.push(textEdit(i.startIndex, i.endIndex, 'bio', id));
}

/** `X->b_flags & B_READ` (a binary `&`). */
function isReadTest(n: SyntaxNode | null): boolean {
  return n?.type === 'binary_expression' && n.child(1)?.type === '&' && n.childForFieldName('right')?.text === 'B_READ' && n.childForFieldName('left')?.type === 'field_expression';
}

function readTest(fe: SyntaxNode, arg: SyntaxNode, id: string, out: TransformResult): void {
  const test = fe.parent!;
  const wrap = test.parent?.type !== 'parenthesized_expression';
  if (wrap) out.edits.push(textEdit(test.startIndex, test.startIndex, '(', id));
  out.edits.push(textEdit(arg.endIndex, test.endIndex, `->bio_buf->b_cmd == BUF_CMD_READ${wrap ? ')' : ''}`, id));
}

/**
 * ld.c set b_rawblkno in device sectors; DragonFly's bio_offset is the byte offset on the raw
 * disk. `X->b_rawblkno * secsize / 512` (512-byte sectors, as virtio counts) is bio_offset /
 * DEV_BSIZE; a bare b_rawblkno is bio_offset over the disk's block size.
 */
function rawBlockNumber(file: SourceFile, fe: SyntaxNode, arg: SyntaxNode, id: string, softcIn: (fn: SyntaxNode) => string | undefined, out: TransformResult): void {
  const mul = fe.parent;
  const div = mul?.parent;
  if (mul?.type === 'binary_expression' && mul.child(1)?.type === '*' && mul.childForFieldName('left')?.id === fe.id && div?.type === 'binary_expression' && div.child(1)?.type === '/' && /^(512|DEV_BSIZE)$/.test(div.childForFieldName('right')?.text ?? '')) {
    out.edits.push({ start: arg.endIndex, end: div.endIndex, parts: ['->bio_offset / DEV_BSIZE'], ruleId: id, consumes: true });
    return;
  }
  let fn: SyntaxNode | null = fe;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const sc = fn ? softcIn(fn) : undefined;
  if (!sc) {
    out.diagnostics.push(diagnosticAt(file, fe.startIndex, { code: 'PV2186', severity: 'error', message: 'b_rawblkno in a function without the driver softc: the block size is not known here', ruleId: id }));
    return;
  }
  out.edits.push(textEdit(arg.startIndex, arg.startIndex, '(', id));
  out.edits.push(textEdit(arg.endIndex, fe.endIndex, `->bio_offset / ${sc}->sc_info.d_media_blksize)`, id));
}
