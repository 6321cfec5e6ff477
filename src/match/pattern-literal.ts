import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { metavarName, type CompiledPattern } from './compile-pattern.js';
import { listChildren } from './match-node.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IDENTIFIER_LEAVES = new Set(['identifier', 'field_identifier', 'type_identifier', 'statement_identifier', 'primitive_type']);

/**
 * The longest identifier a pattern requires verbatim, or undefined when it has none. matchNode
 * compares every leaf of the pattern outside metavariables (commas and comments aside) with a
 * target leaf of the same type and text, so any match contains a leaf spelling this literal.
 */
export function patternLiteral(pattern: CompiledPattern): string | undefined {
  let best: string | undefined;
  const visit = (node: SyntaxNode): void => {
    if (metavarName(node)) return; // a metavariable (or `$S;`) matches anything: nothing required inside
    if (node.childCount === 0) {
      const text = node.text;
      if (IDENTIFIER_LEAVES.has(node.type) && IDENTIFIER.test(text) && (!best || text.length > best.length)) best = text;
      return;
    }
    for (const child of listChildren(node)) visit(child);
  };
  for (const node of pattern.sequence ?? [pattern.root]) visit(node);
  return best;
}
