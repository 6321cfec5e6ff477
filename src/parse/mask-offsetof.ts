/**
 * tree-sitter-c reads `offsetof(type, member)` only with a plain member name; NetBSD also writes
 * member designators such as `offsetof(struct hifn_dma, dstr[i])` (C allows them), which become
 * ERROR regions that hide the whole statement from the rules. Masking the designator's
 * non-identifier characters into `_` (same length) makes it one member name for the parser;
 * captures still come from the original text, so `$OFF` keeps `offsetof(struct hifn_dma, dstr[i])`.
 */
export function maskOffsetofDesignators(chars: string[], text: string, code: Uint8Array): void {
  for (const m of text.matchAll(/\boffsetof[ \t]*\(/g)) {
    if (!code[m.index]) continue;
    let depth = 0;
    let comma = -1;
    let close = -1;
    for (let i = m.index + m[0].length - 1; i < text.length && close < 0; i++) {
      if (!code[i]) continue;
      const c = text[i];
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') {
        depth--;
        if (depth === 0) close = i;
      } else if (c === ',' && depth === 1 && comma < 0) comma = i;
    }
    if (comma < 0 || close < 0) continue;
    let start = comma + 1;
    let end = close;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    const member = text.slice(start, end);
    if (/^[A-Za-z_]\w*$/.test(member) || !/^[A-Za-z_]/.test(member)) continue; // a plain name parses already
    for (let i = start; i < end; i++) if (!/\w/.test(text[i]!)) chars[i] = '_';
  }
}
