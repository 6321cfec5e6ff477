import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedLines, diffHunks, hunkRuleIds } from '../../src/review/hunks.js';
import { sideBySide } from '../../src/review/side-by-side.js';

const text = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');
const lineList = fc.array(fc.constantFrom('a', 'b', 'c', 'int x;', '}', ''), { maxLength: 40 });

describe('side-by-side layout from unified-diff hunks', () => {
  it('shows every line of both texts exactly once, in order, and pairs only equal lines as unchanged', () => {
    fc.assert(
      fc.property(lineList, lineList, (a, b) => {
        const blocks = sideBySide(a.length, b.length, diffHunks(text(a), text(b)));
        const rows = blocks.flatMap((x) => x.rows);
        expect(rows.map((r) => r.left).filter((l) => l !== undefined)).toEqual(a.map((_, i) => i + 1));
        expect(rows.map((r) => r.right).filter((l) => l !== undefined)).toEqual(b.map((_, i) => i + 1));
        for (const r of rows.filter((x) => x.kind === 'same')) expect(a[r.left! - 1]).toBe(b[r.right! - 1]);
        for (const f of blocks.filter((x) => x.type === 'fold')) expect(f.rows.every((r) => r.kind === 'same')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('pairs a run of deleted lines with the added run after it', () => {
    const blocks = sideBySide(3, 4, diffHunks('x\nold1\nold2\n', 'x\nnew1\nnew2\nnew3\n'));
    expect(blocks).toEqual([
      {
        type: 'hunk',
        index: 0,
        rows: [
          { kind: 'same', left: 1, right: 1 },
          { kind: 'change', left: 2, right: 2 },
          { kind: 'change', left: 3, right: 3 },
          { kind: 'add', right: 4 },
        ],
      },
    ]);
  });

  it('folds the unchanged stretch between two distant hunks', () => {
    const a = Array.from({ length: 30 }, (_, i) => `l${i}`);
    const b = a.map((l, i) => (i === 2 || i === 27 ? `${l}!` : l));
    const blocks = sideBySide(30, 30, diffHunks(text(a), text(b)));
    expect(blocks.map((x) => x.type)).toEqual(['hunk', 'fold', 'hunk']);
    expect(blocks[1]!.rows.map((r) => r.left)).toEqual(Array.from({ length: 18 }, (_, i) => i + 7)); // 3 context lines after line 3, before line 28
  });
});

describe('rule ids of a hunk', () => {
  it('names rules applied on its NetBSD lines and rules behind its emitted lines, not those elsewhere', () => {
    const [h] = diffHunks('a\nb\nc\n', 'a\nB\nc\n');
    const origins = [{ ruleIds: [] }, { ruleIds: ['r/emitted'] }, { ruleIds: [] }];
    const applications = [
      { ruleId: 'r/applied', line: 2 },
      { ruleId: 'r/far-away', line: 40 },
    ];
    expect(hunkRuleIds({ applications, origins }, h!)).toEqual(['r/applied', 'r/emitted']);
    expect(changedLines(h!)).toEqual({ old: [2], new: [2] });
  });
});
