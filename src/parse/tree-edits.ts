import type { Edit as TreeSitterEdit } from 'tree-sitter';
import { LineIndex } from './line-index.js';

/** Where a piece of a new text came from: copied from the old text at srcStart ('source'), or new. */
export interface CopiedPiece {
  outStart: number;
  outEnd: number;
  origin: { kind: string; srcStart: number };
}

/**
 * The edits that turn `oldText` into `newText`, in the form tree-sitter's Tree.edit takes, for an
 * incremental re-parse. `pieces` says which parts of the new text were copied from the old one
 * (a rendering's segments); a copied part counts as unchanged only if it is copied in order and
 * its bytes really are equal (both texts are masked, and masking can depend on context), so a
 * wrong or partial `pieces` costs speed, never correctness. Edits come in order, each in the
 * coordinates left by the ones before it, as Tree.edit must be called.
 */
export function treeEdits(oldText: string, newText: string, pieces: readonly CopiedPiece[]): TreeSitterEdit[] {
  const changes: { oldStart: number; oldEnd: number; newStart: number; newEnd: number }[] = [];
  let oldPos = 0;
  let newPos = 0;
  const change = (oldEnd: number, newEnd: number): void => {
    if (oldEnd > oldPos || newEnd > newPos) changes.push({ oldStart: oldPos, oldEnd, newStart: newPos, newEnd });
  };
  for (const p of pieces) {
    if (p.origin.kind !== 'source' || p.origin.srcStart < oldPos || p.outStart < newPos) continue;
    const length = p.outEnd - p.outStart;
    const srcStart = p.origin.srcStart;
    if (!sameSlice(oldText, srcStart, newText, p.outStart, length)) continue;
    change(srcStart, p.outStart);
    oldPos = srcStart + length;
    newPos = p.outEnd;
  }
  change(oldText.length, newText.length);
  const oldLines = new LineIndex(oldText);
  const newLines = new LineIndex(newText);
  // tree-sitter points are 0-based rows and columns (in characters, as the binding takes them).
  const point = (lines: LineIndex, offset: number): { row: number; column: number } => {
    const { line, column } = lines.position(offset);
    return { row: line - 1, column: column - 1 };
  };
  return changes.map((c) => {
    // Everything before this change already reads as the new text: its start is a new-text point.
    const startPosition = point(newLines, c.newStart);
    const oldStartPoint = point(oldLines, c.oldStart);
    const oldEndPoint = point(oldLines, c.oldEnd);
    const oldEndPosition =
      oldEndPoint.row === oldStartPoint.row
        ? { row: startPosition.row, column: startPosition.column + (c.oldEnd - c.oldStart) }
        : { row: startPosition.row + (oldEndPoint.row - oldStartPoint.row), column: oldEndPoint.column };
    return {
      startIndex: c.newStart,
      oldEndIndex: c.newStart + (c.oldEnd - c.oldStart),
      newEndIndex: c.newEnd,
      startPosition,
      oldEndPosition,
      newEndPosition: point(newLines, c.newEnd),
    };
  });
}

function sameSlice(a: string, aStart: number, b: string, bStart: number, length: number): boolean {
  if (aStart + length > a.length || bStart + length > b.length) return false;
  return a.startsWith(b.slice(bStart, bStart + length), aStart);
}

