import { fileRoot } from '../parse/c-queries.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit } from '../rewrite/edit.js';
import { bufToBio } from './ld-to-disk-buf.js';
import { ldReferences } from './ld-to-disk-refs.js';
import { findLdAttachment, structName, type LdAttachment } from './ld-to-disk-scan.js';
import { diskDeclarations, diskFunctions, diskMembers, type DiskGlue } from './ld-to-disk-templates.js';
import { diagnosticAt, type Transform, type TransformContext, type TransformResult } from './transform.js';

const ID = 'disk/ld-to-disk';

/**
 * NetBSD ld(4) -> DragonFly disk(9) (netbsd-to-dragonfly.md §2.9, §3.7), for any ld attachment
 * (ld_virtio.c, ld_amr.c, ld_twe.c, ld_twa.c, ...). DragonFly has no ld framework: the embedded
 * `struct ld_softc` becomes disk, devstat, bio-queue and serializer members of the driver softc;
 * ld.c's services (ldattach, ldstrategy/ldstart, lddone, lddump, ldbegindetach/ldenddetach and
 * the open/close that make detach fail with EBUSY while the disk is open) become generated
 * functions around the attachment's own sc_start/sc_dump/sc_flush callbacks, registered through
 * a dev_ops and disk_create(); ld_softc fields map to their disk_info/dev counterparts, and
 * `struct buf` becomes `struct bio` (ld-to-disk-buf.ts).
 *
 * Names it establishes for rules: the softc members sc_disk, sc_cdev, sc_info (struct
 * disk_info), sc_stats, sc_bioq, sc_slz (the serializer that guards the queue), sc_iosize_max,
 * and sc_queueflush: 0 (ld(4)'s view: nothing is cached, a BUF_CMD_FLUSH bio completes at once)
 * unless the attachment sets it, when its device has a write cache and its start callback
 * turns a BUF_CMD_FLUSH bio into a device request (blk/flush-request).
 */
export const ldToDisk: Transform = {
  id: ID,
  meta: { summary: 'ld(4) attachment -> disk(9) driver: dev_ops, disk_create, bio queue, devstat, EBUSY detach while open', see: 'netbsd-to-dragonfly.md §2.9, §3.7' },
  appliesTo: () => true, // any file that embeds a struct ld_softc (create() finds it)
  literals: ['ld_softc'],
  create(ctx) {
    const out: TransformResult = { edits: [], diagnostics: [] };
    const att = findLdAttachment(ctx.file);
    if (att) convert(ctx, att, out);
    return out;
  },
};

function convert(ctx: TransformContext, att: LdAttachment, out: TransformResult): void {
  const { file } = ctx;
  if (!att.callbacks.start) {
    out.diagnostics.push(diagnosticAt(file, att.softc.startIndex, { code: 'PV2181', severity: 'error', message: 'ld attachment without `sc_start = ...`: nothing to hand bios to', ruleId: ID }));
    return;
  }
  const taken = ['sc_disk', 'sc_cdev', 'sc_info', 'sc_stats', 'sc_bioq', 'sc_slz', 'sc_iosize_max', 'sc_inflight', 'sc_maxinflight', 'sc_opencnt', 'sc_enabled', 'sc_detaching', 'sc_queueflush'].filter((m) => att.softcMembers.has(m));
  if (taken.length > 0) {
    out.diagnostics.push(diagnosticAt(file, att.softc.startIndex, { code: 'PV2182', severity: 'error', message: `softc already has ${taken.join(', ')}: the disk(9) members would collide`, ruleId: ID }));
    return;
  }
  const root = fileRoot(file);
  const glue: DiskGlue = {
    prefix: att.prefix,
    softc: att.softcName,
    name: ctx.module?.driver ?? 'ld',
    start: att.callbacks.start,
    serialized: completesSerialized(ctx),
    adjqparam: root.descendantsOfType('call_expression').some((c) => c.childForFieldName('function')?.text === 'ldadjqparam'),
    addDev: !att.softcMembers.has('sc_dev'),
  };
  if (att.callbacks.dump) glue.dump = att.callbacks.dump;
  if (att.callbacks.flush) glue.flush = att.callbacks.flush;

  out.edits.push({ start: att.ldField.startIndex, end: att.ldField.endIndex, parts: [diskMembers(glue)], ruleId: ID, template: 'ld-disk-softc', consumes: true });
  let top: SyntaxNode = att.softc;
  while (top.parent && top.parent.type !== 'translation_unit') top = top.parent;
  const afterSoftc = top.nextSibling?.type === ';' ? top.nextSibling.endIndex : top.endIndex; // `struct s { ... }` `;`
  out.edits.push(textEdit(afterSoftc, afterSoftc, '\n' + diskDeclarations(glue).trimEnd(), ID, 'ld-disk-declarations'));
  const end = file.text.length;
  out.edits.push(textEdit(end, end, (file.text.endsWith('\n') ? '\n' : '\n\n') + diskFunctions(glue) + '\n', ID, 'ld-disk-glue'));
  initInAttach(ctx, att, out);
  retypeLdSoftc(root, att, out);
  ldReferences(file, att, glue.prefix, ID, out);
  bufToBio(file, ID, (fn) => softcIn(att, fn), out);
}

/**
 * A child of the virtio parent gets its interrupt run under its own serializer (the parent's
 * virtio_child_attach_finish(), virtio/parent-bus-split): the child hands sc_slz over, and the
 * completion path already holds it when it reaches lddone().
 */
function completesSerialized(ctx: TransformContext): boolean {
  const parent = ctx.modules.find((m) => m.driver === ctx.module?.parent);
  return parent?.name === 'virtio';
}

/** `struct ld_softc *` parameters, prototypes and casts now point at the driver softc. */
function retypeLdSoftc(root: SyntaxNode, att: LdAttachment, out: TransformResult): void {
  const aliases = att.ldVars.flatMap((v) => (v.alias ? [v.alias.declaration] : []));
  const inside = (n: SyntaxNode, o: SyntaxNode): boolean => n.startIndex >= o.startIndex && n.endIndex <= o.endIndex;
  for (const s of root.descendantsOfType('struct_specifier')) {
    if (structName(s) !== 'ld_softc' || s.childForFieldName('body') || inside(s, att.ldField) || aliases.some((a) => inside(s, a))) continue;
    const name = s.childForFieldName('name')!;
    out.edits.push(textEdit(name.startIndex, name.endIndex, att.softcName, ID));
  }
}

/**
 * ld.c initialised its mutex in ldattach(); here the serializer may be handed out (to the
 * interrupt) before the disk exists, so it and the bio queue are set up first thing in attach.
 */
function initInAttach(ctx: TransformContext, att: LdAttachment, out: TransformResult): void {
  const attach = att.attach;
  const sc = attach ? softcIn(att, attach) : undefined;
  if (!attach || !sc) {
    out.diagnostics.push(diagnosticAt(ctx.file, att.softc.startIndex, { code: 'PV2183', severity: 'error', message: 'no attach function naming the ld softc (CFATTACH_DECL*_NEW): sc_slz and sc_bioq would stay uninitialised', ruleId: ID }));
    return;
  }
  const body = attach.childForFieldName('body')!;
  const aliases = new Set(att.ldVars.flatMap((v) => (v.alias ? [v.alias.declaration.id] : [])));
  const decls = body.namedChildren.filter((n) => n.type === 'declaration' && !aliases.has(n.id));
  const after = decls.length > 0 ? decls[decls.length - 1]!.endIndex : body.startIndex + 1;
  const eol = ctx.file.text.indexOf('\n', after);
  const at = eol < 0 ? after : eol + 1;
  out.edits.push(textEdit(at, at, `\n\tlwkt_serialize_init(&${sc}->sc_slz);\n\tbioq_init(&${sc}->sc_bioq);\n`, ID, 'ld-disk-init'));
}

/** The expression naming the driver softc in `fn`: the ld variable (retyped) or alias base, or a `struct <softc> *` variable. */
export function softcIn(att: LdAttachment, fn: SyntaxNode): string | undefined {
  const v = att.ldVars.find((x) => x.function.id === fn.id);
  if (v) return v.alias ? v.alias.base : v.name;
  const decl = fn.descendantsOfType(['parameter_declaration', 'declaration']).find((d) => structName(d.childForFieldName('type')) === att.softcName);
  const id = decl?.descendantsOfType('identifier').find((i) => i.parent?.type === 'pointer_declarator');
  return id?.text;
}
