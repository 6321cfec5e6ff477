/** Where a few C lexemes end, for the scanners that read C text before (or without) a parse. */

/** Whether the newline at `nl` is spliced: a backslash (and an optional CR) comes before it. */
export function isSplicedNewline(text: string, nl: number): boolean {
  const before = text.charCodeAt(nl - 1) === 13 ? nl - 2 : nl - 1;
  return text.charCodeAt(before) === 92;
}

/** Offset of the newline ending the logical line at `i` (backslash-newline splices carry it on), or text.length. */
export function logicalLineEnd(text: string, i: number): number {
  for (let nl = text.indexOf('\n', i); ; nl = text.indexOf('\n', nl + 1)) {
    if (nl < 0) return text.length;
    if (!isSplicedNewline(text, nl)) return nl;
  }
}

/** Index just past a string or character literal starting at `i` (it ends at its line's end at the latest). */
export function literalEnd(text: string, i: number): number {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== quote && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
  return Math.min(j + 1, text.length);
}

/**
 * The arguments of the call whose `(` is at `open`, as texts split at its top-level commas, with
 * comments left out and blanks trimmed; undefined when the parenthesis does not close.
 */
export function callArguments(text: string, open: number): string[] | undefined {
  const args: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = open + 1; i < text.length; ) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      current += ' ';
      i = end + 2;
    } else if (c === '/' && text[i + 1] === '/') {
      i = logicalLineEnd(text, i);
    } else if (c === '"' || c === "'") {
      const end = literalEnd(text, i);
      current += text.slice(i, end);
      i = end;
    } else if (depth === 0 && (c === ',' || c === ')')) {
      args.push(current.trim());
      current = '';
      i++;
      if (c === ')') return args;
    } else {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      current += c;
      i++;
    }
  }
  return undefined;
}
