import type { SourceFile } from './source-file.js';
import type { SyntaxNode } from './tree-sitter-c.js';

/** Small structural lookups over the file fragment that transforms share. */
export function fileRoot(file: SourceFile): SyntaxNode {
  return file.fragments[0]!.tree.rootNode;
}

export function declaratorName(node: SyntaxNode | null): string | undefined {
  let n = node;
  while (n) {
    if (n.type === 'identifier' || n.type === 'field_identifier') return n.text;
    n = n.type === 'parenthesized_declarator' ? n.namedChild(0) : n.childForFieldName('declarator');
  }
  return undefined;
}

/** The function_declarator inside a definition's or prototype's declarator chain. */
export function functionDeclarator(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node.childForFieldName('declarator'); n; n = n.childForFieldName('declarator'))
    if (n.type === 'function_declarator') return n;
  return undefined;
}

export function functionDefinition(file: SourceFile, name: string): SyntaxNode | undefined {
  return fileRoot(file).descendantsOfType('function_definition').find((f) => declaratorName(f.childForFieldName('declarator')) === name);
}

/** File-scope prototypes (declarations with a function declarator) of `name`. */
export function prototypes(file: SourceFile, name: string): SyntaxNode[] {
  return fileRoot(file)
    .descendantsOfType('declaration')
    .filter((d) => d.parent?.type === 'translation_unit' || d.parent?.type?.startsWith('preproc_'))
    .filter((d) => functionDeclarator(d) !== undefined && declaratorName(d.childForFieldName('declarator')) === name);
}

/** Top-level `NAME(...);` statements, e.g. CFATTACH_DECL_NEW(...). */
export function fileScopeCalls(file: SourceFile, names: ReadonlySet<string>): { stmt: SyntaxNode; name: string; args: SyntaxNode[] }[] {
  const out: { stmt: SyntaxNode; name: string; args: SyntaxNode[] }[] = [];
  for (const stmt of fileRoot(file).children) {
    const call = stmt.type === 'expression_statement' ? stmt.firstNamedChild : null;
    const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
    if (fn && names.has(fn.text)) out.push({ stmt, name: fn.text, args: call!.childForFieldName('arguments')!.namedChildren.filter((a) => a.type !== 'comment') });
  }
  return out;
}

/** Identifiers named `name` inside `node`. */
export function identifierUses(node: SyntaxNode, name: string): SyntaxNode[] {
  return node.descendantsOfType('identifier').filter((n) => n.text === name);
}

/** Return statements of a function body, not counting nested function-like macros. */
export function returnStatements(body: SyntaxNode): SyntaxNode[] {
  return body.descendantsOfType('return_statement');
}

/** The statement in `body`'s top-level list that contains `node`. */
export function topStatementOf(body: SyntaxNode, node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.parent?.id === body.id) return n;
  return undefined;
}
