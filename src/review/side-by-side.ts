import type { Hunk } from './hunks.js';

/** One row of a side-by-side view: 1-based line numbers on each side (absent = blank cell). */
export interface Row {
  kind: 'same' | 'del' | 'add' | 'change';
  left?: number;
  right?: number;
}

export type Block = { type: 'hunk'; index: number; rows: Row[] } | { type: 'fold'; rows: Row[] };

/**
 * Lays two texts side by side from their unified-diff hunks: the stretches between hunks are
 * `fold` blocks (unchanged lines, collapsed on the page), each hunk keeps its context lines and
 * pairs a run of deleted lines with the run of added lines that follows it, row by row.
 */
export function sideBySide(oldCount: number, newCount: number, hunks: readonly Hunk[]): Block[] {
  const blocks: Block[] = [];
  let left = 1;
  let right = 1;
  const fold = (untilLeft: number): void => {
    const rows: Row[] = [];
    while (left < untilLeft) rows.push({ kind: 'same', left: left++, right: right++ });
    if (rows.length) blocks.push({ type: 'fold', rows });
  };
  hunks.forEach((h, index) => {
    fold(h.oldStart);
    const rows: Row[] = [];
    let dels: number[] = [];
    let adds: number[] = [];
    const flush = (): void => {
      for (let i = 0; i < Math.max(dels.length, adds.length); i++) {
        const l = dels[i];
        const r = adds[i];
        rows.push({ kind: l && r ? 'change' : l ? 'del' : 'add', ...(l ? { left: l } : {}), ...(r ? { right: r } : {}) });
      }
      dels = [];
      adds = [];
    };
    for (const line of h.lines) {
      if (line.startsWith('\\')) continue; // "\ No newline at end of file"
      if (line.startsWith('-')) {
        if (adds.length) flush();
        dels.push(left++);
      } else if (line.startsWith('+')) adds.push(right++);
      else {
        flush();
        rows.push({ kind: 'same', left: left++, right: right++ });
      }
    }
    flush();
    blocks.push({ type: 'hunk', index, rows });
  });
  fold(oldCount + 1);
  // A side with lines the other lacks outside every hunk cannot happen for texts the hunks describe.
  if (left <= oldCount || right <= newCount) throw new Error(`side-by-side: hunks do not cover the texts (left ${left}/${oldCount}, right ${right}/${newCount})`);
  return blocks;
}
