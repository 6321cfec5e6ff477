/**
 * A byte-range edit on the ORIGINAL text. Its replacement is a list of parts: literal text, or a
 * capture (a range of the original text). Edits that other rules make inside a capture are carried
 * into the replacement, which is how rules compose without stepping on each other.
 */
export type EditPart = string | { capture: { start: number; end: number } };

export interface Edit {
  start: number;
  end: number;
  parts: EditPart[];
  ruleId: string;
  /** Set when the inserted text is new glue from a named template rather than a rewrite of NetBSD code. */
  template?: string;
  /** The edit deliberately drops the code it replaces (outside its captures): other rules' edits there are moot. */
  consumes?: boolean;
  /** Captured ranges the replacement leaves out (a rule that drops part of what it matched). */
  dropped?: { start: number; end: number }[];
}

export function textEdit(start: number, end: number, text: string, ruleId: string, template?: string): Edit {
  const edit: Edit = { start, end, parts: [text], ruleId };
  if (template) edit.template = template;
  return edit;
}
