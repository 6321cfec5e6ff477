import { declaratorName, fileRoot, fileScopeCalls, functionDeclarator, functionDefinition } from '../parse/c-queries.js';
import type { SourceFile } from '../parse/source-file.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';

/**
 * What the ld(4) -> disk(9) transform needs to know about one NetBSD ld attachment (ld_virtio.c,
 * ld_amr.c, ...): the driver softc that embeds `struct ld_softc`, the attach function, every
 * `struct ld_softc *` variable (a local alias `ld = &sc->sc_ld`, or the parameter of a callback
 * ld.c calls), and the callbacks the attachment registers in sc_start/sc_dump/sc_flush.
 */
export interface LdAttachment {
  /** The struct_specifier of the driver softc, e.g. `struct ld_virtio_softc { ... }`. */
  softc: SyntaxNode;
  softcName: string;
  /** Prefix of the generated functions: the softc name without `_softc`. */
  prefix: string;
  /** The embedded `struct ld_softc sc_ld;` field declaration and its member name. */
  ldField: SyntaxNode;
  ldMember: string;
  /** Member names the softc declares itself (the disk members must not collide). */
  softcMembers: Set<string>;
  attach: SyntaxNode | undefined;
  /** Variables of type `struct ld_softc *`, per function. */
  ldVars: LdVariable[];
  callbacks: { start?: string; dump?: string; flush?: string };
}

export interface LdVariable {
  name: string;
  function: SyntaxNode;
  /** `ld = &E->sc_ld`: the alias declaration and E's text; undefined for a parameter. */
  alias?: { declaration: SyntaxNode; base: string };
}

export function findLdAttachment(file: SourceFile): LdAttachment | undefined {
  if (!file.masked.includes('ld_softc')) return undefined; // the field's type names it: most files end here
  const root = fileRoot(file);
  const field = root.descendantsOfType('field_declaration').find((f) => structName(f.childForFieldName('type')) === 'ld_softc' && !f.text.includes('*'));
  const softc = field?.parent?.parent;
  if (!field || softc?.type !== 'struct_specifier') return undefined;
  const softcName = softc.childForFieldName('name')?.text ?? '';
  const ldMember = declaratorName(field.childForFieldName('declarator')) ?? 'sc_ld';
  const softcMembers = new Set(
    softc.childForFieldName('body')!.namedChildren.filter((n) => n.type === 'field_declaration').flatMap((f) => f.childrenForFieldName('declarator').map((d) => declaratorName(d) ?? '')),
  );
  const cfattach = fileScopeCalls(file, new Set(['CFATTACH_DECL_NEW', 'CFATTACH_DECL2_NEW', 'CFATTACH_DECL3_NEW']))[0];
  const attachName = cfattach?.args[3]?.text;
  const attach = attachName ? functionDefinition(file, attachName) : undefined;
  const ldVars = findLdVariables(root, ldMember);
  return { softc, softcName, prefix: softcName.replace(/_softc$/, ''), ldField: field, ldMember, softcMembers, attach, ldVars, callbacks: findCallbacks(root) };
}

/** `struct NAME` of a type node, or undefined. */
export function structName(type: SyntaxNode | null): string | undefined {
  return type?.type === 'struct_specifier' ? type.childForFieldName('name')?.text : undefined;
}

function findLdVariables(root: SyntaxNode, ldMember: string): LdVariable[] {
  const vars: LdVariable[] = [];
  for (const fn of root.descendantsOfType('function_definition')) {
    const params = functionDeclarator(fn)?.childForFieldName('parameters')?.namedChildren ?? [];
    for (const p of params.filter((n) => n.type === 'parameter_declaration')) {
      const name = declaratorName(p.childForFieldName('declarator'));
      if (name && structName(p.childForFieldName('type')) === 'ld_softc') vars.push({ name, function: fn });
    }
    const body = fn.childForFieldName('body');
    for (const decl of body?.namedChildren.filter((n) => n.type === 'declaration') ?? []) {
      if (structName(decl.childForFieldName('type')) !== 'ld_softc') continue;
      for (const d of decl.childrenForFieldName('declarator')) {
        const name = declaratorName(d);
        const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
        const base = value ? aliasBase(value, ldMember) : undefined;
        if (name && base !== undefined) vars.push({ name, function: fn, alias: { declaration: decl, base } });
        else if (name) vars.push({ name, function: fn });
      }
    }
  }
  return vars;
}

/** `&E->sc_ld` -> the text of E (a pointer to the driver softc). */
export function aliasBase(value: SyntaxNode, ldMember: string): string | undefined {
  if (value.type !== 'pointer_expression' || value.child(0)?.type !== '&') return undefined;
  const inner = value.childForFieldName('argument');
  if (inner?.type !== 'field_expression' || inner.child(1)?.type !== '->' || inner.childForFieldName('field')?.text !== ldMember) return undefined;
  return inner.childForFieldName('argument')!.text;
}

/** `X->sc_start = fn;` -> fn, for sc_start, sc_dump and sc_flush (hooks only ld_softc has). */
function findCallbacks(root: SyntaxNode): LdAttachment['callbacks'] {
  const found: LdAttachment['callbacks'] = {};
  for (const a of root.descendantsOfType('assignment_expression')) {
    const left = a.childForFieldName('left');
    const field = left?.type === 'field_expression' ? left.childForFieldName('field')?.text : undefined;
    const right = a.childForFieldName('right');
    if (!field || right?.type !== 'identifier' || right.text === 'NULL') continue;
    if (field === 'sc_start') found.start = right.text;
    if (field === 'sc_dump') found.dump = right.text;
    if (field === 'sc_flush') found.flush = right.text;
  }
  return found;
}
