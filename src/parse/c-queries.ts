import type { SourceFile } from './source-file.js';
import { wordOccurrences } from './word-occurrences.js';
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
  // A definition contains its name: only the name's occurrences are looked at (listing every
  // definition of a large file from JavaScript cost more than its parse).
  for (const leaf of identifiersSpelling(file, name)) {
    for (let n = leaf.parent; n; n = n.parent) {
      if (n.type !== 'function_definition') continue;
      const declarator = n.childForFieldName('declarator');
      if (declarator && leaf.startIndex >= declarator.startIndex && leaf.endIndex <= declarator.endIndex && declaratorName(declarator) === name) return n;
    }
  }
  return undefined;
}

/** File-scope prototypes (declarations with a function declarator) of `name`, in file order. */
export function prototypes(file: SourceFile, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const seen = new Set<number>();
  for (const leaf of identifiersSpelling(file, name)) {
    let decl: SyntaxNode | null = leaf.parent;
    while (decl && decl.type !== 'declaration') decl = decl.parent;
    if (!decl || seen.has(decl.id)) continue;
    seen.add(decl.id);
    const parent = decl.parent?.type;
    if ((parent === 'translation_unit' || parent?.startsWith('preproc_')) && functionDeclarator(decl) !== undefined && declaratorName(decl.childForFieldName('declarator')) === name) found.push(decl);
  }
  return found;
}

/** The identifier leaves of the file's tree that spell `name`, in file order, found by a text search. */
function* identifiersSpelling(file: SourceFile, name: string): Generator<SyntaxNode> {
  const root = fileRoot(file);
  const text = file.masked;
  for (const at of wordOccurrences(text, name)) {
    const leaf = root.descendantForIndex(at, at + name.length);
    if (leaf.startIndex === at && leaf.endIndex === at + name.length && leaf.childCount === 0) yield leaf;
  }
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

/** Identifiers named `name` inside `node` (of the file fragment): found by a text search, not by listing every identifier. */
export function identifierUses(file: SourceFile, node: SyntaxNode, name: string): SyntaxNode[] {
  return [...identifiersNamed(node, file.masked, name)];
}

/**
 * The identifier nodes under `node` spelling `name`, in document order, `text` being the text the
 * tree was parsed from: one lookup per text occurrence, because listing every identifier of a
 * large function from JavaScript (one object per node) costs far more. The lexer takes the
 * longest identifier, so a leaf spelling `name` is a whole word.
 */
export function* identifiersNamed(node: SyntaxNode, text: string, name: string): Generator<SyntaxNode> {
  for (const at of wordOccurrences(text, name, node.startIndex, node.endIndex)) {
    const leaf = node.descendantForIndex(at, at + name.length);
    if (leaf.type === 'identifier' && leaf.startIndex === at && leaf.endIndex === at + name.length) yield leaf;
  }
}

/**
 * Return statements of a function body. Not those of another function that tree-sitter's error
 * recovery nested inside it (if_dge.c: an unparsed region swallows the functions after it), whose
 * returns are that function's own.
 */
export function returnStatements(body: SyntaxNode): SyntaxNode[] {
  const own = body.parent;
  return body.descendantsOfType('return_statement').filter((ret) => {
    let n = ret.parent;
    while (n && n.type !== 'function_definition') n = n.parent;
    return !n || n.id === own?.id;
  });
}

/** The statement in `body`'s top-level list that contains `node`. */
export function topStatementOf(body: SyntaxNode, node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.parent?.id === body.id) return n;
  return undefined;
}
