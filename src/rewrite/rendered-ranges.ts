import type { TextRange } from '../parse/top-level-items.js';
import type { Rendered } from './apply-edits.js';

/**
 * Where stretches of the original lie in a rendering of it. Meant for stretches that contain the
 * edits made in them (whole file-scope items), so each end falls in, or at an end of, a piece
 * copied from the original. Where an edit meets a stretch's end exactly, the first copied piece
 * (in output order) that reaches the offset decides: the text an edit puts right after a
 * stretch's start or right before its end stays inside it. An end inside an edit after all (a
 * deleted statement takes its line's newline, which the next item begins with) widens the
 * stretch over that edit's output.
 */
export function renderedRanges(ranges: readonly TextRange[], rendered: Rendered): TextRange[] {
  const copied = rendered.segments
    .filter((s) => s.origin.kind === 'source')
    .map((s) => ({ from: s.origin.srcStart, to: s.origin.srcStart + (s.outEnd - s.outStart), outStart: s.outStart, outEnd: s.outEnd }));
  const at = (offset: number, side: 'start' | 'end'): number => {
    let widened = side === 'start' ? 0 : rendered.text.length;
    for (const s of copied) {
      if (s.from <= offset && offset <= s.to) return s.outStart + (offset - s.from);
      if (side === 'start' && s.to <= offset) widened = Math.max(widened, s.outEnd);
      if (side === 'end' && s.from >= offset) widened = Math.min(widened, s.outStart);
    }
    return widened;
  };
  const mapped: TextRange[] = [];
  for (const r of ranges) {
    const range = { start: at(r.start, 'start'), end: at(r.end, 'end') };
    const last = mapped[mapped.length - 1];
    if (last && last.end >= range.start) last.end = Math.max(last.end, range.end);
    else mapped.push(range);
  }
  return mapped;
}
