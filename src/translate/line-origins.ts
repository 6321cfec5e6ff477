import type { Rendered } from '../rewrite/apply-edits.js';
import type { LineIndex } from '../parse/line-index.js';

/** Where one output line came from: kept as is, rewritten by rules, or new glue from a template. */
export interface LineOrigin {
  kind: 'untouched' | 'rewritten' | 'template';
  /** NetBSD line it derives from (for a template line: the line of the code it replaced). */
  srcLine: number;
  ruleIds: string[];
}

/** Classifies every output line by the segments that produced it (the provenance map). */
export function lineOrigins(rendered: Rendered, srcLines: LineIndex): LineOrigin[] {
  const out: LineOrigin[] = [];
  const text = rendered.text;
  let seg = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    if (nl < 0 && lineStart === text.length) break;
    while (seg < rendered.segments.length && rendered.segments[seg]!.outEnd <= lineStart) seg++;
    const rules = new Set<string>();
    let source = false;
    let template = false;
    let rewritten = false;
    let srcLine = 0;
    let fallbackLine = 0;
    for (let i = seg; i < rendered.segments.length && rendered.segments[i]!.outStart < Math.max(lineEnd, lineStart + 1); i++) {
      const s = rendered.segments[i]!;
      const from = Math.max(s.outStart, lineStart);
      const to = Math.min(s.outEnd, lineEnd);
      const visible = text.slice(from, to).trim() !== '';
      const origin = s.origin;
      const line = srcLines.position(origin.kind === 'source' ? origin.srcStart + (from - s.outStart) : origin.srcStart).line;
      if (fallbackLine === 0) fallbackLine = line;
      if (!visible) continue;
      if (srcLine === 0) srcLine = line; // the first visible piece decides (indentation may come from a template)
      if (origin.kind === 'source') source = true;
      else {
        rules.add(origin.ruleId);
        if (origin.template) template = true;
        else rewritten = true;
      }
    }
    const kind = rules.size === 0 ? 'untouched' : template && !rewritten && !source ? 'template' : 'rewritten';
    out.push({ kind, srcLine: srcLine || fallbackLine, ruleIds: [...rules].sort() });
    lineStart = lineEnd + 1;
  }
  return out;
}

export function countOrigins(origins: readonly LineOrigin[]): { untouched: number; rewritten: number; template: number } {
  const counts = { untouched: 0, rewritten: 0, template: 0 };
  for (const o of origins) counts[o.kind]++;
  return counts;
}
