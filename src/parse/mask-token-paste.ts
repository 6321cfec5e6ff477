/**
 * `a ## b` in a #define body is the preprocessor's token paste, which no C parser reads. Masking
 * the `##` and the blanks around it into `_` (same length) turns `sc->sc_ ##map` into the single
 * identifier `sc->sc____map`, so the body parses and pattern rules reach it like any other macro
 * body; captures still come from the original text, so a rule that keeps `$MAP` keeps the paste.
 * Only code characters are touched (a `##` in a string or comment stays).
 */
export function maskTokenPastes(chars: string[], text: string, code: Uint8Array): void {
  for (const m of text.matchAll(/[ \t]*##[ \t]*/g)) {
    if (!code[m.index + m[0].indexOf('#')]) continue;
    for (let i = m.index; i < m.index + m[0].length; i++) chars[i] = '_';
  }
}
