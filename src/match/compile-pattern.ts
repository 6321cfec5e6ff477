import { parseC, type SyntaxNode } from '../parse/tree-sitter-c.js';
import type { PatternRewrite } from './rule.js';

/** A code pattern parsed in context; `$X` is a metavariable, `$$$X` matches any run of siblings. */
export interface CompiledPattern {
  source: string;
  /** First node of the pattern; for a statement sequence, `sequence` holds all of them. */
  root: PatternNode;
  sequence?: PatternNode[];
  metavars: Set<string>;
}

/**
 * A pattern node as plain data: matching reads the pattern side thousands of times per file, and
 * each read of a tree-sitter node is a native call.
 */
export interface PatternNode {
  type: string;
  /** A leaf's text with whitespace removed (how leaves are compared); '' for inner nodes. */
  leafText: string;
  isLeaf: boolean;
  /** Children without comments and list commas (see listChildren). */
  children: PatternNode[];
  metavar: { name: string; variadic: boolean } | undefined;
}

/** Separators that carry no meaning when comparing lists. */
const LIST_SEPARATORS = new Set([',']);

/**
 * A node's children that matching compares (comments and list commas left out), and their types:
 * the binding asks tree-sitter for an unnamed node's type on every read, so each is read once.
 */
export function listChildren(node: SyntaxNode): { nodes: SyntaxNode[]; types: string[] } {
  const nodes: SyntaxNode[] = [];
  const types: string[] = [];
  for (const c of node.children) {
    const type = c.type;
    if (type === 'comment' || LIST_SEPARATORS.has(type)) continue;
    nodes.push(c);
    types.push(type);
  }
  return { nodes, types };
}

function toPatternNode(node: SyntaxNode): PatternNode {
  const isLeaf = node.childCount === 0;
  return {
    type: node.type,
    leafText: isLeaf ? node.text.replace(/\s+/g, '') : '',
    isLeaf,
    children: isLeaf ? [] : listChildren(node).nodes.map(toPatternNode),
    metavar: metavarName(node),
  };
}

const CONTEXTS: Record<PatternRewrite['context'], [string, string]> = {
  function: ['void __pv_pattern(void) {\n', '\n}\n'],
  struct: ['struct __pv_pattern {\n', '\n};\n'],
  file: ['', '\n'],
};

export class PatternError extends Error {}

export function compilePattern(source: string, context: PatternRewrite['context']): CompiledPattern {
  const [prefix, suffix] = CONTEXTS[context];
  // A `$$$BODY` line stands for statements: give the parser the ';' that makes it one.
  source = source.replace(/^(\s*\$\$\$[A-Z_][A-Z0-9_]*)\s*$/gm, '$1;');
  // A pattern without a final ';' or '}' is an expression: it matches wherever that expression occurs.
  const isExpression = context === 'function' && !/[;}]\s*$/.test(source);
  const tree = parseC(prefix + source + (isExpression ? ';' : '') + suffix);
  if (tree.rootNode.hasError) throw new PatternError(`pattern does not parse as C in ${context} context: ${source}`);
  let container: SyntaxNode | null = tree.rootNode;
  if (context === 'function') container = tree.rootNode.firstNamedChild?.childForFieldName('body') ?? null;
  if (context === 'struct') container = tree.rootNode.firstNamedChild?.childForFieldName('body') ?? null;
  const items = (container?.namedChildren ?? []).filter((n) => n.type !== 'comment');
  if (items.length === 0) throw new PatternError(`empty pattern: ${source}`);
  if (items.length > 1 && context !== 'function') throw new PatternError(`only function-context patterns may be statement sequences: ${source}`);
  let root = items[0]!;
  if (isExpression) root = root.firstNamedChild!;
  if (metavarName(root)) throw new PatternError(`a pattern cannot be a bare metavariable: ${source}`);
  const metavars = new Set<string>();
  for (const m of source.matchAll(/\$(?:\$\$)?([A-Z_][A-Z0-9_]*)/g)) metavars.add(m[1]!);
  const compiledPattern: CompiledPattern = { source, root: toPatternNode(root), metavars };
  if (items.length > 1) compiledPattern.sequence = items.map(toPatternNode);
  return compiledPattern;
}

/** `$X` -> X (single), `$$$X` -> X (variadic); undefined for ordinary nodes. */
export function metavarName(node: SyntaxNode): { name: string; variadic: boolean } | undefined {
  let n = node;
  if (n.type === 'expression_statement' && n.namedChildCount === 1) n = n.firstNamedChild!;
  if (n.childCount !== 0 || !n.text.startsWith('$')) return undefined;
  const m = /^\$(\$\$)?([A-Z_][A-Z0-9_]*)$/.exec(n.text);
  return m ? { name: m[2]!, variadic: m[1] !== undefined } : undefined;
}
