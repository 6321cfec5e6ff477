import { describe, expect, it } from 'vitest';
import { applyEdits, EditOverlapError } from '../../src/rewrite/apply-edits.js';
import { textEdit, type Edit } from '../../src/rewrite/edit.js';

const text = 'mutex_enter(&sc->sc_lock); x = device_xname(dev);\n';

describe('applyEdits', () => {
  it('copies the text unchanged when there are no edits', () => {
    const r = applyEdits(text, []);
    expect(r.text).toBe(text);
    expect(r.segments).toEqual([{ outStart: 0, outEnd: text.length, origin: { kind: 'source', srcStart: 0 } }]);
  });

  it('applies disjoint edits in offset order whatever order they come in', () => {
    const a = textEdit(0, 11, 'spin_lock', 'lock/a');
    const b = textEdit(31, 43, 'device_get_nameunit', 'autoconf/b');
    expect(applyEdits(text, [b, a]).text).toBe('spin_lock(&sc->sc_lock); x = device_get_nameunit(dev);\n');
  });

  it('composes an edit that lies inside another edit\'s capture', () => {
    // outer: foo($A) -> bar($A) over the whole call; inner: rename inside $A.
    const src = 'foo(device_xname(d));';
    const outer: Edit = { start: 0, end: 20, parts: ['bar(', { capture: { start: 4, end: 19 } }, ')'], ruleId: 'outer' };
    const inner = textEdit(4, 16, 'device_get_nameunit', 'inner');
    const r = applyEdits(src, [inner, outer]);
    expect(r.text).toBe('bar(device_get_nameunit(d));');
    expect(r.segments.map((s) => (s.origin.kind === 'edit' ? s.origin.ruleId : 'src'))).toEqual(['outer', 'inner', 'src', 'outer', 'src']);
  });

  it('reports two edits of the same bytes as an overlap naming both rules', () => {
    const a = textEdit(0, 11, 'spin_lock', 'lock/a');
    const b = textEdit(0, 11, 'lockmgr', 'lock/b');
    expect(() => applyEdits(text, [a, b])).toThrow(EditOverlapError);
    expect(() => applyEdits(text, [a, b])).toThrow(/lock\/a.*lock\/b|lock\/b.*lock\/a/);
  });

  it('reports crossing edits and edits outside a capture as overlaps', () => {
    expect(() => applyEdits(text, [textEdit(0, 20, 'x', 'a'), textEdit(10, 30, 'y', 'b')])).toThrow(EditOverlapError);
    const outer: Edit = { start: 0, end: 26, parts: ['f(', { capture: { start: 12, end: 25 } }, ')'], ruleId: 'outer' };
    expect(() => applyEdits(text, [outer, textEdit(0, 5, 'z', 'inner')])).toThrow(EditOverlapError);
  });

  it('drops edits inside code an edit consumes or a capture it leaves out', () => {
    const consumed: Edit = { start: 0, end: 26, parts: ['gone();'], ruleId: 'outer', consumes: true };
    expect(applyEdits(text, [consumed, textEdit(0, 11, 'spin_lock', 'inner')]).text).toBe('gone(); x = device_xname(dev);\n');
    const dropped: Edit = { start: 0, end: 26, parts: ['gone();'], ruleId: 'outer', dropped: [{ start: 12, end: 25 }] };
    expect(applyEdits(text, [dropped, textEdit(13, 15, 'SC', 'inner')]).text).toBe('gone(); x = device_xname(dev);\n');
  });

  it('keeps insertions at the same offset in rule order and before a replacement there', () => {
    const r = applyEdits('ab', [textEdit(1, 2, 'B', 'r'), textEdit(1, 1, '1', 'i1'), textEdit(1, 1, '2', 'i2')]);
    expect(r.text).toBe('a12B');
  });
});
