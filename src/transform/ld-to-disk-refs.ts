import { fileRoot } from '../parse/c-queries.js';
import type { SourceFile } from '../parse/source-file.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit } from '../rewrite/edit.js';
import type { LdAttachment, LdVariable } from './ld-to-disk-scan.js';
import { diagnosticAt, type TransformResult } from './transform.js';

/** ld_softc fields -> the driver softc's disk(9) members (netbsd-to-dragonfly.md §2.9a). */
const FIELDS: Record<string, string> = {
  sc_dv: 'sc_dev',
  sc_dk: 'sc_disk',
  sc_secsize: 'sc_info.d_media_blksize',
  sc_secperunit: 'sc_info.d_media_blocks',
  sc_ncylinders: 'sc_info.d_ncylinders',
  sc_nheads: 'sc_info.d_nheads',
  sc_nsectors: 'sc_info.d_secpertrack',
  sc_maxxfer: 'sc_iosize_max',
  sc_maxqueuecnt: 'sc_maxinflight',
  sc_queuecnt: 'sc_inflight',
  sc_flags: 'sc_enabled',
};
/** Callback hooks: the generated functions call them by name, so their assignments go. */
const HOOKS = new Set(['sc_start', 'sc_dump', 'sc_flush']);
/** ld.c entry points -> generated functions (suffix after the driver prefix). */
const CALLS: Record<string, string> = { ldattach: 'disk_attach', ldbegindetach: 'disk_begindetach', ldenddetach: 'disk_enddetach', lddone: 'disk_done', ldadjqparam: 'disk_adjqparam' };

interface LdRef {
  /** Text naming the driver softc (`sc`, or the retyped callback parameter `ld`). */
  base: string;
  /** Start of the range to replace: the base is kept when it is the expression itself. */
  from: number;
  op: string;
}

/**
 * Every use of the ld softc: `ld->F` (alias or callback parameter), `sc->sc_ld.F`, `&sc->sc_ld`
 * and a bare alias `ld` all come to name the driver softc; ld.c calls are renamed to the
 * generated functions; sc_start/sc_dump/sc_flush assignments are dropped.
 */
export function ldReferences(file: SourceFile, att: LdAttachment, prefix: string, id: string, out: TransformResult): void {
  const root = fileRoot(file);
  const done = new Set<number>();
  const hooks: { start: number; end: number }[] = [];
  for (const call of root.descendantsOfType('call_expression')) {
    const fn = call.childForFieldName('function');
    const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    if (!fn) continue;
    if (fn.text === 'device_private' && args.length === 1 && args[0]!.type === 'field_expression' && args[0]!.childForFieldName('field')?.text === 'sc_dv') {
      const ref = ldRef(att, args[0]!);
      if (ref) {
        // device_private(ld->sc_dv) asked ld.c's device for the driver softc: that is the base.
        out.edits.push({ start: call.startIndex, end: call.endIndex, parts: [ref.base], ruleId: id, consumes: true });
        done.add(args[0]!.id);
      }
    }
    const to = CALLS[fn.text];
    if (!to) continue;
    out.edits.push(textEdit(fn.startIndex, fn.endIndex, `${prefix}_${to}`, id));
    if (fn.text === 'ldbegindetach' && args.length === 2) out.edits.push(textEdit(args[0]!.endIndex, args[1]!.endIndex, '', id)); // newbus detach has no flags
  }
  for (const fe of root.descendantsOfType('field_expression')) {
    if (done.has(fe.id)) continue;
    const field = fe.childForFieldName('field')?.text ?? '';
    const ref = ldRef(att, fe);
    if (ref && HOOKS.has(field)) dropHookAssignment(file, fe, id, hooks, out);
    else if (ref && FIELDS[field]) out.edits.push(textEdit(ref.from, fe.endIndex, `${ref.from === fe.startIndex ? ref.base : ''}${ref.op}${FIELDS[field]}`, id));
    else if (ref) out.diagnostics.push(diagnosticAt(file, fe.startIndex, { code: 'PV2184', severity: 'error', message: `ld_softc field ${field} has no disk(9) counterpart`, ruleId: id }));
    else if (field === att.ldMember && fe.parent?.type === 'pointer_expression') {
      // &sc->sc_ld: the ld softc is the driver softc now.
      out.edits.push(textEdit(fe.parent.startIndex, fe.startIndex, '', id));
      out.edits.push(textEdit(fe.childForFieldName('argument')!.endIndex, fe.endIndex, '', id));
    }
  }
  for (const r of paragraphs(file.text, hooks)) out.edits.push({ ...r, parts: [''], ruleId: id, consumes: true });
  for (const v of att.ldVars) if (v.alias) aliasUses(file, v, id, out);
  for (const i of root.descendantsOfType('identifier').filter((n) => /^LDFL?_/.test(n.text))) {
    const assigned = i.parent?.type === 'assignment_expression' && i.parent.childForFieldName('left')?.childForFieldName('field')?.text === 'sc_flags';
    if (i.text === 'LDF_ENABLED' && assigned) out.edits.push(textEdit(i.startIndex, i.endIndex, '1', id));
    else if (i.text.startsWith('LDFL_'))
      // sc_flush() flags: the strategy routine calls the flush hook from a thread, never polled.
      out.diagnostics.push(diagnosticAt(file, i.startIndex, { code: 'PV2188', severity: 'warning', message: `${i.text}: the disk(9) strategy routine calls the flush hook with flags 0 (not polled); this test is always false`, ruleId: id }));
    else out.diagnostics.push(diagnosticAt(file, i.startIndex, { code: 'PV2187', severity: 'error', message: `${i.text}: only \`sc_flags = LDF_ENABLED\` has a disk(9) counterpart (sc_enabled)`, ruleId: id }));
  }
}

/** `X->F` where X names the ld softc. */
function ldRef(att: LdAttachment, fe: SyntaxNode): LdRef | undefined {
  const arg = fe.childForFieldName('argument');
  const op = fe.child(1)?.text;
  if (!arg) return undefined;
  if (arg.type === 'field_expression' && arg.childForFieldName('field')?.text === att.ldMember) {
    const base = arg.childForFieldName('argument')!;
    return { base: base.text, from: base.endIndex, op: arg.child(1)!.text };
  }
  if (arg.type !== 'identifier' || op !== '->') return undefined;
  const v = variableAt(att, arg);
  if (!v) return undefined;
  return v.alias ? { base: v.alias.base, from: fe.startIndex, op: '->' } : { base: v.name, from: arg.endIndex, op: '->' };
}

function variableAt(att: LdAttachment, ident: SyntaxNode): LdVariable | undefined {
  return att.ldVars.find((v) => v.name === ident.text && ident.startIndex >= v.function.startIndex && ident.endIndex <= v.function.endIndex);
}

/** `ld->sc_start = fn;` -> nothing (the statement with its line). */
function dropHookAssignment(file: SourceFile, fe: SyntaxNode, id: string, hooks: { start: number; end: number }[], out: TransformResult): void {
  const stmt = fe.parent?.type === 'assignment_expression' ? fe.parent.parent : null;
  if (stmt?.type !== 'expression_statement')
    out.diagnostics.push(diagnosticAt(file, fe.startIndex, { code: 'PV2184', severity: 'error', message: `${fe.text} used other than in its assignment: ld.c's hook has no disk(9) counterpart`, ruleId: id }));
  else hooks.push(lineRange(file.text, stmt));
}

/** Adjacent removed lines merge; a removed paragraph takes the blank line after it along. */
function paragraphs(text: string, ranges: { start: number; end: number }[]): { start: number; end: number }[] {
  const merged: { start: number; end: number }[] = [];
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && last.end === r.start) last.end = r.end;
    else merged.push({ ...r });
  }
  for (const m of merged) {
    const blankBefore = text.slice(0, m.start).endsWith('\n\n');
    const next = /^[ \t]*\n/.exec(text.slice(m.end));
    if (blankBefore && next && text[m.start - 1] === '\n' && text[m.end - 1] === '\n') m.end += next[0].length;
  }
  return merged;
}

/** The alias declaration goes; its other uses (`ldattach(ld)`) name the base. */
function aliasUses(file: SourceFile, v: LdVariable, id: string, out: TransformResult): void {
  const decl = v.alias!.declaration;
  const { start, end } = lineRange(file.text, decl);
  out.edits.push({ start, end, parts: [''], ruleId: id, consumes: true });
  const body = v.function.childForFieldName('body')!;
  for (const i of body.descendantsOfType('identifier')) {
    if (i.text !== v.name || (i.startIndex >= decl.startIndex && i.endIndex <= decl.endIndex)) continue;
    if (i.parent?.type === 'field_expression' && i.parent.childForFieldName('argument')?.id === i.id) continue; // ld->F: mapped above
    out.edits.push(textEdit(i.startIndex, i.endIndex, v.alias!.base, id));
  }
}

function lineRange(text: string, n: SyntaxNode): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', n.startIndex - 1) + 1;
  const nl = text.indexOf('\n', n.endIndex);
  const lineEnd = nl < 0 ? text.length : nl + 1;
  if (text.slice(lineStart, n.startIndex).trim() === '' && text.slice(n.endIndex, lineEnd).trim() === '') return { start: lineStart, end: lineEnd };
  return { start: n.startIndex, end: n.endIndex };
}
