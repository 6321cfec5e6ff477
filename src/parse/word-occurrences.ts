/** A character that continues a C identifier (tree-sitter-c also takes `$`). */
export const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;

/** Offsets where `name` occurs in `text[from, to)` as a whole word (no identifier character on either side). */
export function* wordOccurrences(text: string, name: string, from = 0, to = text.length): Generator<number> {
  for (let at = text.indexOf(name, from); at >= 0 && at + name.length <= to; at = text.indexOf(name, at + 1))
    if (!IDENTIFIER_CHAR.test(text[at - 1] ?? '') && !IDENTIFIER_CHAR.test(text[at + name.length] ?? '')) yield at;
}
