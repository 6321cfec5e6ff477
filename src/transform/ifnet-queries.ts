import { declaratorName, fileRoot } from '../parse/c-queries.js';
import type { SourceFile } from '../parse/source-file.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';

/** An `ifp->if_<role> = fn;` statement of a NetBSD network driver's attach. */
export interface IfnetAssignment {
  role: string;
  stmt: SyntaxNode;
  /** The driver function assigned, e.g. vioif_start. */
  fn: string;
}

/** Every `X->if_start = f;`-style statement in the file, by ifnet method name (start, ioctl, init, watchdog, stop). */
export function ifnetAssignments(file: SourceFile): Map<string, IfnetAssignment> {
  const out = new Map<string, IfnetAssignment>();
  for (const a of fileRoot(file).descendantsOfType('assignment_expression')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    const field = left?.type === 'field_expression' ? left.childForFieldName('field')?.text : undefined;
    const m = field ? /^if_(start|ioctl|init|watchdog|stop)$/.exec(field) : null;
    if (!m || right?.type !== 'identifier' || a.parent?.type !== 'expression_statement') continue;
    out.set(m[1]!, { role: m[1]!, stmt: a.parent, fn: right.text });
  }
  return out;
}

/** The struct member declaration of type `struct <tag>` (e.g. the softc's `struct ethercom sc_ethercom;`). */
export function memberOfStructType(file: SourceFile, tag: string): SyntaxNode | undefined {
  return fileRoot(file)
    .descendantsOfType('field_declaration')
    .find((d) => d.childForFieldName('type')?.type === 'struct_specifier' && d.childForFieldName('type')?.childForFieldName('name')?.text === tag);
}

/** The function definition that contains `node`. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}

/** Calls of `name` in the file (first one first). */
export function callsOf(file: SourceFile, name: string): SyntaxNode[] {
  return fileRoot(file)
    .descendantsOfType('call_expression')
    .filter((c) => c.childForFieldName('function')?.text === name);
}

/** The statement a call is the whole expression of (`f(x);`), if it is one. */
export function callStatement(call: SyntaxNode): SyntaxNode | undefined {
  return call.parent?.type === 'expression_statement' ? call.parent : undefined;
}

/** The tag of the struct a member is declared in (the driver's softc). */
export function containingStruct(member: SyntaxNode): string {
  return member.parent?.parent?.childForFieldName('name')?.text ?? '';
}

/** Name of the local declared as `struct <tag> *name` in a function body. */
export function localOfType(fn: SyntaxNode, tag: string): string | undefined {
  for (const d of fn.childForFieldName('body')?.namedChildren ?? []) {
    if (d.type !== 'declaration' || d.childForFieldName('type')?.childForFieldName('name')?.text !== tag) continue;
    const init = d.childForFieldName('declarator');
    return declaratorName(init?.type === 'init_declarator' ? init.childForFieldName('declarator') : init);
  }
  return undefined;
}
