import type { TextRange } from '../parse/top-level-items.js';
import type { Rendered } from './apply-edits.js';

/**
 * Where stretches of the original lie in a rendering of it. Meant for stretches whose ends no
 * edit straddles (whole file-scope items: every edit lies inside one), so each end falls in, or
 * at an end of, a piece copied from the original. Where an edit meets a stretch's end exactly,
 * the first copied piece (in output order) that reaches the offset decides: the text an edit puts
 * right after a stretch's start or right before its end stays inside it.
 */
export function renderedRanges(ranges: readonly TextRange[], rendered: Rendered): TextRange[] {
  const copied = rendered.segments.filter((s) => s.origin.kind === 'source');
  const at = (offset: number, fallback: number): number => {
    for (const s of copied) {
      const from = s.origin.srcStart;
      if (from <= offset && offset <= from + (s.outEnd - s.outStart)) return s.outStart + (offset - from);
    }
    return fallback; // inside an edit after all: widen to the text's end
  };
  const mapped: TextRange[] = [];
  for (const r of ranges) {
    const range = { start: at(r.start, 0), end: at(r.end, rendered.text.length) };
    const last = mapped[mapped.length - 1];
    if (last && last.end >= range.start) last.end = Math.max(last.end, range.end);
    else mapped.push(range);
  }
  return mapped;
}
