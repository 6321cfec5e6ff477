import type { Fragment } from '../parse/source-file.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { wordOccurrences } from '../parse/word-occurrences.js';
import type { LiteralWords } from './literal-test.js';

/**
 * Why this exists: walking every node of a tree from JavaScript costs one native call per node,
 * per rule (a 5,000-line file has ~100,000 nodes). A pattern can only match a node that contains
 * a leaf spelling the pattern's literal, and a rename only touches a leaf spelling an old name, so
 * finding those leaves by a text search and climbing to the root visits a few hundred nodes
 * instead, in the same order as the full walk.
 */

interface WordLookup {
  /** Literals outside `expected` asked for so far, each found by its own text search. */
  found: Map<string, readonly number[]>;
  /** The words the file's rules will ask for (expectLiterals), and their offsets once asked. */
  expected?: LiteralWords;
  expectedIndex?: Map<string, number[]>;
}

const lookups = new WeakMap<object, WordLookup>();

/**
 * Offsets where the identifier `literal` occurs as a whole word in `file.text`: every place a
 * leaf spelling it can be (a token spelling it is never part of a longer word). The literals a
 * translation's rules need are found together (expectLiterals); any other is searched for alone.
 */
export function occurrences(file: { text: string }, literal: string): readonly number[] {
  let lookup = lookups.get(file);
  if (!lookup) lookups.set(file, (lookup = { found: new Map() }));
  if (lookup.expected?.words.has(literal)) {
    lookup.expectedIndex ??= offsetsByWord(file.text, lookup.expected.all);
    return lookup.expectedIndex.get(literal) ?? [];
  }
  let found = lookup.found.get(literal);
  if (!found) lookup.found.set(literal, (found = [...wordOccurrences(file.text, literal)]));
  return found;
}

/**
 * Tells occurrences() which literals the rules will ask for in `file` (a rule set's, see
 * literalWords): the first ask finds them all in one native scan of the text, instead of a
 * search per literal (the full rule set asks for dozens per file).
 */
export function expectLiterals(file: { text: string }, words: LiteralWords): void {
  lookups.set(file, { found: new Map(), expected: words });
}

function offsetsByWord(text: string, all: RegExp): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (const m of text.matchAll(all)) {
    const list = index.get(m[0]);
    if (list) list.push(m.index);
    else index.set(m[0], [m.index]);
  }
  return index;
}

/** Leaves of `fragment` (inside its file range) spanning exactly `length` bytes at one of `offsets`. */
export function leavesAt(fragment: Fragment, offsets: readonly number[], length: number): SyntaxNode[] {
  const leaves: SyntaxNode[] = [];
  const root = fragment.tree.rootNode;
  for (const at of offsets) {
    if (at < fragment.start || at + length > fragment.end) continue;
    const start = at - fragment.offset;
    const leaf = root.descendantForIndex(start, start + length);
    // In a comment, a string or a longer identifier the smallest node is wider than the literal.
    if (leaf.startIndex === start && leaf.endIndex === start + length && leaf.childCount === 0) leaves.push(leaf);
  }
  return leaves;
}

/**
 * Every node inside the fragment's range that contains one of `leaves`, in the order the full
 * walk (pre-order) visits them: by start, then the wider node first, then the outer one (a parent
 * and its only child can share a range). Nodes here all have a positive width, so two nodes that
 * start together are nested and this order is exact.
 */
export function ancestorsInWalkOrder(leaves: readonly SyntaxNode[], fragment: Fragment): SyntaxNode[] {
  const lo = fragment.start - fragment.offset;
  const hi = fragment.end - fragment.offset;
  const found = new Map<number, { node: SyntaxNode; depth: number }>();
  for (const leaf of leaves) {
    const chain: SyntaxNode[] = [];
    let reached: number | undefined; // depth of an ancestor met before, if any
    for (let n: SyntaxNode | null = leaf; n; n = n.parent) {
      const known = found.get(n.id);
      if (known) {
        reached = known.depth;
        break;
      }
      chain.push(n);
    }
    // Depth counts from the root (0), or from the already-known ancestor.
    const base = reached === undefined ? chain.length - 1 : reached + chain.length;
    // A macro body's wrapper nodes lie outside the range: never kept, so every climb passes them.
    chain.forEach((node, i) => {
      if (node.startIndex >= lo && node.endIndex <= hi) found.set(node.id, { node, depth: base - i });
    });
  }
  return [...found.values()]
    .sort((a, b) => a.node.startIndex - b.node.startIndex || b.node.endIndex - a.node.endIndex || a.depth - b.depth)
    .map((c) => c.node);
}

/**
 * For patterns whose literal lies a fixed depth below the matched node: only the node that far
 * above each literal leaf (and of the pattern root's type) can match, so one climb of a level or
 * two per occurrence replaces the climb to the root. Same order as ancestorsInWalkOrder.
 */
export function nodesAboveInWalkOrder(sets: readonly { leaves: readonly SyntaxNode[]; depth: number; type: string }[], fragment: Fragment): SyntaxNode[] {
  const lo = fragment.start - fragment.offset;
  const hi = fragment.end - fragment.offset;
  const found = new Map<number, SyntaxNode>();
  for (const { leaves, depth, type } of sets)
    for (const leaf of leaves) {
      let n: SyntaxNode | null = leaf;
      for (let i = 0; i < depth && n; i++) n = n.parent;
      if (n && n.type === type && n.startIndex >= lo && n.endIndex <= hi) found.set(n.id, n);
    }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex || (encloses(a, b) ? -1 : encloses(b, a) ? 1 : 0));
}

/** `outer` is an ancestor of `inner` (for nodes sharing one range: a parent and its only child). */
function encloses(outer: SyntaxNode, inner: SyntaxNode): boolean {
  for (let n = inner.parent; n && n.startIndex === inner.startIndex && n.endIndex === inner.endIndex; n = n.parent) if (n.id === outer.id) return true;
  return false;
}

/** Visits every node of a fragment that lies inside the fragment's file range. */
export function walk(root: SyntaxNode, fragment: Fragment, visit: (node: SyntaxNode) => void): void {
  const cursor = root.walk();
  const lo = fragment.start - fragment.offset;
  const hi = fragment.end - fragment.offset;
  let descend = true;
  for (;;) {
    const node = cursor.currentNode;
    const inside = node.startIndex >= lo && node.endIndex <= hi;
    if (descend && inside) visit(node);
    if (descend && node.endIndex > lo && node.startIndex < hi && cursor.gotoFirstChild()) continue;
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) return;
    descend = false;
  }
}
