/**
 * Marks which characters of C text are code, as opposed to comments, string or character
 * literals. Used to find macro invocations before parsing and to scan output for identifiers.
 */
export function codeMask(text: string): Uint8Array {
  const code = new Uint8Array(text.length).fill(1);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      code.fill(0, i, stop);
      i = stop;
    } else if (c === '/' && next === '/') {
      let stop = text.indexOf('\n', i);
      if (stop < 0) stop = text.length;
      code.fill(0, i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      code.fill(0, i, Math.min(j + 1, text.length));
      i = j + 1;
    } else {
      i++;
    }
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
