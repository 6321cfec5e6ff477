import { isSplicedNewline, literalEnd } from './c-lexemes.js';

/**
 * A comment inside a `#define` ends tree-sitter's macro-body token (`preproc_arg` cannot contain
 * a comment), so the rest of the line becomes an ERROR. NetBSD writes this everywhere:
 * `} while (/*CONSTCOND*\/0)`. The preprocessor replaces a comment by a space before it reads the
 * directive, so masking each such comment into blanks (same length, newlines too: a multi-line
 * comment continues the directive) gives the parser the directive the compiler sees.
 */
export function maskDefineComments(chars: string[], text: string, code: Uint8Array): void {
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define\b/gm)) {
    if (!code[m.index + m[0].indexOf('#')]) continue; // a `#define` line inside a comment is comment text
    // Comments of this logical line; each is masked once code follows it (a trailing comment
    // parses fine, and blanking it would leave spaces where tree-sitter wants the newline).
    const pending: { start: number; end: number }[] = [];
    let i = m.index + m[0].length;
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') {
        if (!isSplicedNewline(text, i)) break;
        i++;
      } else if (c === '/' && (text[i + 1] === '*' || text[i + 1] === '/')) {
        const close = text[i + 1] === '*' ? text.indexOf('*/', i + 2) : text.indexOf('\n', i);
        const end = close < 0 ? text.length : text[i + 1] === '*' ? close + 2 : close;
        pending.push({ start: i, end });
        i = end;
      } else {
        if (!/\s|\\/.test(c!)) {
          for (const r of pending.splice(0)) for (let k = r.start; k < r.end; k++) chars[k] = ' ';
        }
        i = c === '"' || c === "'" ? literalEnd(text, i) : i + 1;
      }
    }
  }
}
