import type { EditPart } from '../rewrite/edit.js';
import type { Captures } from './match-node.js';

export class TemplateError extends Error {}

/**
 * Turns a replace template into edit parts. `$X`/`$$$X` become captures, so that edits other rules
 * make inside them are kept. Lines after the first are indented like the line the match starts on.
 */
export function expandTemplate(template: string, captures: Captures, indent: string): EditPart[] {
  const parts: EditPart[] = [];
  const text = template.replace(/\n(?=.)/g, `\n${indent}`);
  let pos = 0;
  for (const m of text.matchAll(/\$(?:\$\$)?([A-Z_][A-Z0-9_]*)/g)) {
    const capture = captures.get(m[1]!);
    if (!capture) throw new TemplateError(`unknown metavariable ${m[0]} in replace template`);
    if (m.index > pos) parts.push(text.slice(pos, m.index));
    parts.push({ capture: { start: capture.start, end: capture.end } });
    pos = m.index + m[0].length;
  }
  if (pos < text.length) parts.push(text.slice(pos));
  return parts;
}

/** Leading whitespace of the line containing `offset`. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}
