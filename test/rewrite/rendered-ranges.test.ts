import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/rewrite/apply-edits.js';
import { textEdit } from '../../src/rewrite/edit.js';
import { renderedRanges } from '../../src/rewrite/rendered-ranges.js';

describe('renderedRanges (where items of the original lie in the output)', () => {
  const text = 'int a;\nvoid f(void) { g(); }\nint b;\n';
  const item = { start: text.indexOf('\nvoid'), end: text.indexOf('}') + 1 };
  const slice = (out: string, r: { start: number; end: number }): string => out.slice(r.start, r.end);

  it('follows the edits inside a stretch and the length changes before it', () => {
    const out = applyEdits(text, [textEdit(0, 3, 'unsigned int', 't'), textEdit(text.indexOf('g()'), text.indexOf('g()') + 1, 'longer_name', 't')]);
    expect(renderedRanges([item], out).map((r) => slice(out.text, r))).toEqual(['\nvoid f(void) { longer_name(); }']);
  });

  it('keeps text an edit puts right at a stretch end inside the stretch, and text just outside it outside', () => {
    const start = item.start;
    const out = applyEdits(text, [textEdit(start, start, '/* in */', 't'), textEdit(item.end, item.end + 1, '', 't'), textEdit(text.indexOf('int b'), text.indexOf('int b'), '/* out */', 't')]);
    const [r] = renderedRanges([item], out);
    expect(slice(out.text, r!)).toBe('/* in */\nvoid f(void) { g(); }');
  });

  it('widens a stretch over an edit that runs past its end (a deleted statement takes its newline)', () => {
    const first = { start: 0, end: text.indexOf(';') + 1 };
    const out = applyEdits(text, [textEdit(0, first.end + 1, '', 't')]);
    expect(renderedRanges([first, item], out).map((r) => slice(out.text, r))).toEqual(['void f(void) { g(); }']);
  });

  it('merges stretches that meet in the output', () => {
    const a = { start: 0, end: 6 };
    const b = { start: 6, end: item.end };
    const out = applyEdits(text, [textEdit(2, 3, 'nt', 't')]);
    expect(renderedRanges([a, b], out)).toEqual([{ start: 0, end: item.end + 1 }]);
  });
});
