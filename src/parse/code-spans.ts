import { literalEnd } from './c-lexemes.js';

/**
 * Marks which characters of C text are code, as opposed to comments, string or character
 * literals. Used to find macro invocations before parsing and to scan output for identifiers.
 */
export function codeMask(text: string): Uint8Array {
  const code = new Uint8Array(text.length).fill(1);
  // Jump from one comment or literal opener to the next: a per-character loop cost more than the parse.
  const opener = /\/[*/]|["']/g;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const i = m.index;
    let stop: number;
    if (m[0] === '/*') {
      const end = text.indexOf('*/', i + 2);
      stop = end < 0 ? text.length : end + 2;
    } else if (m[0] === '//') {
      stop = text.indexOf('\n', i);
      if (stop < 0) stop = text.length;
    } else stop = literalEnd(text, i);
    code.fill(0, i, stop);
    opener.lastIndex = stop;
  }
  return code;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Every identifier token that lies in code (not comments or literals), with its offset. */
export function codeIdentifiers(text: string): { name: string; start: number }[] {
  const code = codeMask(text);
  const out: { name: string; start: number }[] = [];
  for (const m of text.matchAll(IDENT)) {
    const start = m.index;
    if (!code[start]) continue;
    // `0x1af4` or `1UL`: the regex would otherwise see `x1af4` / `UL` as identifiers.
    if (start > 0 && /[0-9]/.test(text[start - 1]!)) continue;
    out.push({ name: m[0], start });
  }
  return out;
}
