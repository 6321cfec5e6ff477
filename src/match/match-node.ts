import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { listChildren, type PatternNode } from './compile-pattern.js';

/** A capture: a range of the original file (fragment offset already added). */
export interface Capture {
  start: number;
  end: number;
  text: string;
}

export type Captures = Map<string, Capture>;

/** Context for matching one pattern against the tree of one fragment. */
export interface MatchTarget {
  /** Original file text (ranges and capture texts come from it, not from the masked text). */
  text: string;
  offset: number;
}

const normalize = (s: string): string => (/\s/.test(s) ? s.replace(/\s+/g, '') : s);

/** Whether `target` (of type `targetType`, when the caller knows it) matches `pattern`, its metavariables bound into `into`. */
export function matchNode(pattern: PatternNode, target: SyntaxNode, into: Captures, where: MatchTarget, targetType: string = target.type): boolean {
  const mv = pattern.metavar;
  if (mv && !mv.variadic) {
    // `$S;` in statement position matches any one statement.
    if (pattern.type === 'expression_statement' && !/statement|declaration/.test(targetType)) return false;
    return bind(mv.name, target.startIndex + where.offset, target.endIndex + where.offset, into, where);
  }
  if (pattern.type !== targetType) return false;
  const targetIsLeaf = target.childCount === 0;
  if (pattern.isLeaf || targetIsLeaf) return pattern.isLeaf && targetIsLeaf && pattern.leafText === normalize(nodeText(target, where));
  return matchList(pattern.children, 0, listChildren(target), 0, into, where);
}

function nodeText(node: SyntaxNode, where: MatchTarget): string {
  return where.text.slice(node.startIndex + where.offset, node.endIndex + where.offset);
}

function matchList(ps: PatternNode[], pi: number, children: { nodes: SyntaxNode[]; types: string[] }, ti: number, into: Captures, where: MatchTarget): boolean {
  const ts = children.nodes;
  if (pi === ps.length) return ti === ts.length;
  const p = ps[pi]!;
  const mv = p.metavar;
  if (mv?.variadic) {
    // With no other variadic after it, the rest of the pattern takes a fixed number of nodes:
    // only one length can match, so only that one is tried.
    let n = 0;
    let last = ts.length - ti;
    if (!ps.some((q, k) => k > pi && q.metavar?.variadic)) n = last = ts.length - ti - (ps.length - pi - 1);
    for (; n >= 0 && n <= last; n++) {
      const trial = new Map(into);
      const start = n > 0 ? ts[ti]!.startIndex + where.offset : (ts[ti]?.startIndex ?? ts[ti - 1]?.endIndex ?? 0) + where.offset;
      const end = n > 0 ? ts[ti + n - 1]!.endIndex + where.offset : start;
      if (bind(mv.name, start, end, trial, where) && matchList(ps, pi + 1, children, ti + n, trial, where)) {
        copyInto(into, trial);
        return true;
      }
    }
    return false;
  }
  if (ti >= ts.length) return false;
  // No choice here, so nothing to undo: on a failure the caller drops `into` (a variadic's trial
  // copy, or the match's own captures).
  return matchNode(p, ts[ti]!, into, where, children.types[ti]) && matchList(ps, pi + 1, children, ti + 1, into, where);
}

function bind(name: string, start: number, end: number, into: Captures, where: MatchTarget): boolean {
  const text = where.text.slice(start, end);
  const prior = into.get(name);
  if (prior) return normalize(prior.text) === normalize(text);
  into.set(name, { start, end, text });
  return true;
}

function copyInto(into: Captures, from: Captures): void {
  for (const [k, v] of from) into.set(k, v);
}

/** Runs of consecutive statements among `parent`'s children that match a statement-sequence pattern. */
export function matchSequence(sequence: PatternNode[], parent: SyntaxNode, where: MatchTarget): { start: number; end: number; captures: Captures }[] {
  if (parent.type !== 'compound_statement' && parent.type !== 'translation_unit') return [];
  const { nodes: children, types } = listChildren(parent);
  const found: { start: number; end: number; captures: Captures }[] = [];
  for (let i = 0; i + sequence.length <= children.length; i++) {
    const captures: Captures = new Map();
    const window = children.slice(i, i + sequence.length);
    if (sequence.every((p, k) => matchNode(p, window[k]!, captures, where, types[i + k]))) {
      found.push({ start: window[0]!.startIndex + where.offset, end: window[window.length - 1]!.endIndex + where.offset, captures });
      i += sequence.length - 1;
    }
  }
  return found;
}
