/** A character that continues a C identifier (tree-sitter-c also takes `$`). */
export const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;

/** IDENTIFIER_CHAR for a character code (NaN, past either end of a text, is none). */
export function isIdentifierCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** Offsets where `name` occurs in `text[from, to)` as a whole word (no identifier character on either side). */
export function* wordOccurrences(text: string, name: string, from = 0, to = text.length): Generator<number> {
  for (let at = text.indexOf(name, from); at >= 0 && at + name.length <= to; at = text.indexOf(name, at + 1))
    if (!isIdentifierCode(text.charCodeAt(at - 1)) && !isIdentifierCode(text.charCodeAt(at + name.length))) yield at;
}
