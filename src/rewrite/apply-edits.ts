import type { Edit } from './edit.js';

/** Where each piece of the output came from. */
export type SegmentOrigin = { kind: 'source'; srcStart: number } | { kind: 'edit'; ruleId: string; template?: string; srcStart: number };

export interface Segment {
  outStart: number;
  outEnd: number;
  origin: SegmentOrigin;
}

export interface Rendered {
  text: string;
  segments: Segment[];
}

/** Two edits that touch the same bytes without one lying inside the other's capture. */
export class EditOverlapError extends Error {
  constructor(
    readonly first: Edit,
    readonly second: Edit,
  ) {
    super(`edits overlap: [${first.ruleId}] rewrites ${first.start}..${first.end} and [${second.ruleId}] rewrites ${second.start}..${second.end}`);
  }
}

interface Node {
  edit: Edit;
  /** Children grouped by the capture range ("start:end") they lie in; a capture may be used twice. */
  children: Map<string, Node[]>;
}

/**
 * Applies edits to `text`, composing nested ones (an edit inside another edit's capture is applied
 * to the captured text). Throws EditOverlapError for any other overlap. Untouched bytes are copied.
 */
export function applyEdits(text: string, edits: readonly Edit[]): Rendered {
  const roots = nest(edits);
  const out: string[] = [];
  const segments: Segment[] = [];
  let length = 0;
  const push = (s: string, origin: SegmentOrigin): void => {
    if (s === '') return;
    out.push(s);
    segments.push({ outStart: length, outEnd: length + s.length, origin });
    length += s.length;
  };
  const render = (start: number, end: number, nodes: readonly Node[]): void => {
    let pos = start;
    for (const node of nodes) {
      push(text.slice(pos, node.edit.start), { kind: 'source', srcStart: pos });
      node.edit.parts.forEach((part) => {
        if (typeof part === 'string') {
          const origin: SegmentOrigin = { kind: 'edit', ruleId: node.edit.ruleId, srcStart: node.edit.start };
          if (node.edit.template) origin.template = node.edit.template;
          push(part, origin);
        } else render(part.capture.start, part.capture.end, node.children.get(captureKey(part.capture)) ?? []);
      });
      pos = node.edit.end;
    }
    push(text.slice(pos, end), { kind: 'source', srcStart: pos });
  };
  render(0, text.length, roots);
  return { text: out.join(''), segments };
}

/** Orders edits (insertions before a replacement starting at the same offset) and builds the nesting tree. */
function nest(edits: readonly Edit[]): Node[] {
  const sorted = [...edits].sort(
    (a, b) => a.start - b.start || Number(a.end !== a.start) - Number(b.end !== b.start) || b.end - a.end,
  );
  const roots: Node[] = [];
  const place = (siblings: Node[], node: Node): void => {
    const last = siblings[siblings.length - 1];
    if (!last || node.edit.start >= last.edit.end) {
      siblings.push(node);
      return;
    }
    // node starts inside `last`: it must lie wholly inside one of last's captures.
    const e = node.edit;
    const capture = last.edit.parts.find(
      (p): p is Exclude<typeof p, string> => typeof p !== 'string' && p.capture.start <= e.start && e.end <= p.capture.end,
    );
    const inDropped = last.edit.dropped?.some((d) => d.start <= e.start && e.end <= d.end) ?? false;
    if (!capture && (inDropped || (last.edit.consumes && e.end <= last.edit.end))) return; // dropped code: its edits go with it
    if (!capture || (e.start === last.edit.start && e.end === last.edit.end)) throw new EditOverlapError(last.edit, e);
    const key = captureKey(capture.capture);
    const group = last.children.get(key) ?? [];
    last.children.set(key, group);
    place(group, node);
  };
  for (const edit of sorted) place(roots, { edit, children: new Map() });
  return roots;
}

function captureKey(c: { start: number; end: number }): string {
  return `${c.start}:${c.end}`;
}
