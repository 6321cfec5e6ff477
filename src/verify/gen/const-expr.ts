/**
 * Evaluates the integer expressions of `#define NAME expr` lines (`(1<<28)`, `0x80000000`, `(4096)`,
 * a name defined earlier). A tiny recursive-descent parser instead of eval(): the input is corpus
 * text, and anything outside this grammar (casts, sizeof, unknown names) yields undefined so the
 * generator skips the define instead of guessing.
 */
type Token = { kind: 'num'; value: bigint } | { kind: 'name'; value: string } | { kind: 'op'; value: string };

const BINARY_PRECEDENCE: Record<string, number> = { '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  const re = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|[-+*/%|&^~()]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: BigInt(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'name', value: m[2] });
    else tokens.push({ kind: 'op', value: m[3]! });
    pos = re.lastIndex;
  }
  return tokens;
}

/** The value of `text`, with `known` supplying earlier defines; undefined when not a plain integer expression. */
export function evaluateConstExpr(text: string, known: ReadonlyMap<string, bigint>): bigint | undefined {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return undefined;
  let i = 0;
  const primary = (): bigint | undefined => {
    const t = tokens[i++];
    if (!t) return undefined;
    if (t.kind === 'num') return t.value;
    if (t.kind === 'name') return known.get(t.value);
    if (t.value === '(') {
      const v = binary(0);
      return tokens[i++]?.value === ')' ? v : undefined;
    }
    if (t.value === '-' || t.value === '~' || t.value === '+') {
      const v = primary();
      if (v === undefined) return undefined;
      return t.value === '-' ? -v : t.value === '~' ? ~v : v;
    }
    return undefined;
  };
  const binary = (minPrec: number): bigint | undefined => {
    let left = primary();
    for (;;) {
      const t = tokens[i];
      const prec = t?.kind === 'op' ? BINARY_PRECEDENCE[t.value] : undefined;
      if (left === undefined || prec === undefined || prec < minPrec) return left;
      i++;
      const right = binary(prec + 1);
      if (right === undefined) return undefined;
      left = apply(t!.value as string, left, right);
    }
  };
  const value = binary(0);
  return i === tokens.length ? value : undefined;
}

function apply(op: string, a: bigint, b: bigint): bigint | undefined {
  switch (op) {
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0n ? undefined : a / b;
    case '%': return b === 0n ? undefined : a % b;
  }
  return undefined;
}
