import type { CompiledPattern, PatternNode } from './compile-pattern.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IDENTIFIER_LEAVES = new Set(['identifier', 'field_identifier', 'type_identifier', 'statement_identifier', 'primitive_type']);

/** A literal and where it sits: `depth` tree levels below the pattern's root (undefined for a statement sequence). */
export interface PatternLiteral {
  text: string;
  depth: number | undefined;
}

/**
 * The longest identifier a pattern requires verbatim, or undefined when it has none. matchNode
 * compares every leaf of the pattern outside metavariables (commas and comments aside) with a
 * target leaf of the same type and text, so any match contains a leaf spelling this literal, and
 * (matchNode pairs each pattern node with one target node a level down from its partner's) at
 * the same depth below the matched node as in the pattern.
 */
export function patternLiteral(pattern: CompiledPattern): PatternLiteral | undefined {
  let best: { text: string; depth: number } | undefined;
  const visit = (node: PatternNode, depth: number): void => {
    if (node.metavar) return; // a metavariable (or `$S;`) matches anything: nothing required inside
    if (node.isLeaf) {
      const text = node.leafText;
      if (IDENTIFIER_LEAVES.has(node.type) && IDENTIFIER.test(text) && (!best || text.length > best.text.length)) best = { text, depth };
      return;
    }
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const node of pattern.sequence ?? [pattern.root]) visit(node, 0);
  return best && { text: best.text, depth: pattern.sequence ? undefined : best.depth };
}
