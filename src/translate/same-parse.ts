import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MacroShapes } from '../parse/macro-shapes.js';
import type { Rendered } from '../rewrite/apply-edits.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WORD_CHAR = /[A-Za-z0-9_$]/;

let reserved: Set<string> | undefined;

/**
 * Every identifier-shaped string in tree-sitter-c's grammar: keywords, and the names it lexes as
 * something other than an identifier (primitive types such as size_t, true, NULL, offsetof).
 */
function grammarWords(): Set<string> {
  if (reserved) return reserved;
  const grammar = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('tree-sitter-c/src/grammar.json'), 'utf8')) as unknown;
  const words = new Set<string>();
  const visit = (n: unknown): void => {
    if (typeof n !== 'object' || n === null) return;
    const o = n as Record<string, unknown>;
    if (o.type === 'STRING' && typeof o.value === 'string' && IDENTIFIER.test(o.value)) words.add(o.value);
    for (const v of Object.values(o)) visit(v);
  };
  visit((grammar as { rules: unknown }).rules);
  return (reserved = words);
}

/**
 * True when the output must parse exactly as the original did: each changed stretch, token by
 * token, differs only in the spelling of identifiers (none of them a word the grammar knows or a
 * macro name the masking treats specially) and in the amount of whitespace between tokens that
 * were apart anyway. The parser's actions depend on token kinds, not spellings, so no new ERROR
 * region is possible and the re-parse check is skipped. That covers most call rewrites over a
 * kernel tree (`aprint_normal(...)` -> `printf(...)`, arguments re-spaced by a template); moved,
 * dropped or added code, comments, `#` and line structure in directives are always re-parsed.
 */
export function sameParse(source: string, output: Rendered, shapes: MacroShapes): boolean {
  const words = grammarWords();
  const special = (name: string): boolean =>
    words.has(name) || shapes.foreach.has(name) || shapes.anonymousType.has(name) || shapes.fileScopeCall.has(name) || shapes.typeArgument.has(name);
  let src = 0;
  let out = 0;
  const gapKeepsTokens = (srcEnd: number, outEnd: number): boolean => {
    const before = source.slice(src, srcEnd);
    const after = output.text.slice(out, outEnd);
    if (before === after) return true;
    // A stretch must begin and end between tokens, or a respelling could join two words.
    if (WORD_CHAR.test(source[src - 1] ?? '') && WORD_CHAR.test(before[0] ?? '')) return false;
    if (WORD_CHAR.test(source[srcEnd] ?? '') && WORD_CHAR.test(before[before.length - 1] ?? '')) return false;
    if (WORD_CHAR.test(output.text[out - 1] ?? '') && WORD_CHAR.test(after[0] ?? '')) return false;
    if (WORD_CHAR.test(output.text[outEnd] ?? '') && WORD_CHAR.test(after[after.length - 1] ?? '')) return false;
    return sameTokens(before, after, inDirective(source, src), special);
  };
  for (const seg of output.segments) {
    if (seg.origin.kind !== 'source') continue;
    if (seg.origin.srcStart < src) return false; // source moved (a reordered argument): parse it
    if (!gapKeepsTokens(seg.origin.srcStart, seg.outStart)) return false;
    src = seg.origin.srcStart + (seg.outEnd - seg.outStart);
    out = seg.outEnd;
  }
  return gapKeepsTokens(source.length, output.text.length);
}

/** Whether `at` lies in a preprocessor directive's logical line (continuations included). */
function inDirective(text: string, at: number): boolean {
  let lineStart = text.lastIndexOf('\n', at - 1) + 1;
  while (lineStart >= 2 && text[lineStart - 2] === '\\') lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  return /^[ \t]*#/.test(text.slice(lineStart, lineStart + 64));
}

interface Token {
  text: string;
  /** The whitespace before it ('' when it touches the token before). */
  space: string;
}

/**
 * Same token sequence up to identifier spellings, and the same whitespace wherever it could
 * matter: at both ends (a directive may follow), between tokens that touch on one side only, and
 * everywhere inside a directive (a newline ends it).
 */
function sameTokens(before: string, after: string, directive: boolean, special: (name: string) => boolean): boolean {
  const a = tokens(before);
  const b = tokens(after);
  if (!a || !b || a.tokens.length !== b.tokens.length || a.trailing !== b.trailing) return false;
  for (let i = 0; i < a.tokens.length; i++) {
    const x = a.tokens[i]!;
    const y = b.tokens[i]!;
    if (i === 0 || directive ? x.space !== y.space : (x.space === '') !== (y.space === '')) return false;
    if (x.text === y.text) continue;
    if (!IDENTIFIER.test(x.text) || !IDENTIFIER.test(y.text) || special(x.text) || special(y.text)) return false;
  }
  return true;
}

/** Words, string and character literals, and single punctuation characters; undefined for text this check does not take on (comments, `#`, backslashes, open literals). */
function tokens(text: string): { tokens: Token[]; trailing: string } | undefined {
  const out: Token[] = [];
  let i = 0;
  for (;;) {
    const spaceStart = i;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    const space = text.slice(spaceStart, i);
    if (i === text.length) return { tokens: out, trailing: space };
    const c = text[i]!;
    const start = i;
    if (WORD_CHAR.test(c)) {
      while (i < text.length && WORD_CHAR.test(text[i]!)) i++;
    } else if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      if (text[i] !== c) return undefined;
      i++;
    } else if (c === '#' || c === '\\' || (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) {
      return undefined;
    } else i++;
    out.push({ text: text.slice(start, i), space });
  }
}
