import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MacroShapes } from '../parse/macro-shapes.js';
import { maskMacros } from '../parse/mask-macros.js';
import type { SourceFile } from '../parse/source-file.js';
import { parseC, type SyntaxNode } from '../parse/tree-sitter-c.js';
import type { Rendered } from '../rewrite/apply-edits.js';
import { IDENTIFIER_CHAR } from '../parse/word-occurrences.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

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

/** A stretch of the original that the output does not copy in place, and what the output has there. */
interface Gap {
  srcStart: number;
  srcEnd: number;
  outStart: number;
  outEnd: number;
}

/**
 * The stretches where the output differs from the original, in order. The output is read as
 * pieces of the original copied in their original order with other text between; a piece copied
 * out of order (an argument a template moved) is just part of the text between.
 */
function gapsOf(source: string, output: Rendered): Gap[] {
  const gaps: Gap[] = [];
  let src = 0;
  let out = 0;
  const gap = (srcEnd: number, outEnd: number): void => {
    if (srcEnd - src !== outEnd - out || source.slice(src, srcEnd) !== output.text.slice(out, outEnd)) gaps.push({ srcStart: src, srcEnd, outStart: out, outEnd });
  };
  for (const seg of output.segments) {
    if (seg.origin.kind !== 'source' || seg.origin.srcStart < src) continue;
    gap(seg.origin.srcStart, seg.outStart);
    src = seg.origin.srcStart + (seg.outEnd - seg.outStart);
    out = seg.outEnd;
  }
  gap(source.length, output.text.length);
  return gaps;
}

/**
 * True when the output must parse exactly as the original did: each changed stretch, token by
 * token, differs only in the spelling of identifiers (none of them a word the grammar knows or a
 * macro name the masking treats specially) and in the amount of whitespace between tokens that
 * were apart anyway. The parser's actions depend on token kinds, not spellings, so no new ERROR
 * region is possible and the re-parse check is skipped. That covers most call renames over a
 * kernel tree (`aprint_normal(...)` -> `printf(...)`, arguments re-spaced by a template); moved,
 * dropped or added code, comments, `#` and line structure in directives are always re-parsed.
 */
export function sameParse(source: string, output: Rendered, shapes: MacroShapes): boolean {
  return gapsOf(source, output).every((g) => keepsTokens(source, output.text, g, shapes));
}

/**
 * True when the output cannot have an ERROR or MISSING node the original did not have, so the
 * re-parse check may be skipped: every changed stretch either keeps the tokens (sameParse) or
 * lies inside statements of a function body whose new text, parsed on its own in a function
 * body, is statements without an error (in a file with ERROR regions: of an error-free
 * function, or error-free statements between error-free neighbours). One statement list replaced by another in a block leaves the rest of the file's
 * derivation as it was (statements end with `;` or `}`, so nothing joins across the edges);
 * directives (`#`) are left to the full parse, except a `#define` body respelled into text the
 * lexer still reads as one body token (see DEFINE_BODY).
 */
export function parsesAsBefore(source: SourceFile, output: Rendered, shapes: MacroShapes): boolean {
  const gaps = gapsOf(source.text, output);
  const changed = gaps.filter((g) => !keepsTokens(source.text, output.text, g, shapes));
  if (changed.length === 0) return true;
  const root = source.fragments[0]!.tree.rootNode;
  // Where the file has ERROR regions, only statements of functions that are whole and error-free
  // are judged here: recovery elsewhere then has nothing to do with them.
  const damaged = source.problems.some((p) => p.kind !== 'unparsed-macro-body');
  // Changed stretches by the block statement, or the #define body, that holds them (several may
  // share one). A stretch is placed by its non-blank part: a removed line takes its indent and
  // newline with it.
  const regions: { node: SyntaxNode; gaps: Gap[]; directive?: SyntaxNode }[] = [];
  for (const g of changed) {
    let s = g.srcStart;
    let e = g.srcEnd;
    while (s < e && /\s/.test(source.text[s]!)) s++;
    while (e > s && /\s/.test(source.text[e - 1]!)) e--;
    const path = pathTo(root, s, e);
    const body = defineBodyIn(path);
    const node = body ?? blockStatementIn(path);
    if (!node || (damaged && !(body ? soundDefine(path) : inSoundFunction(path) || soundStatement(node)))) return false;
    if (body && (g.srcStart < body.startIndex || g.srcEnd > body.endIndex)) return false;
    const last = regions[regions.length - 1];
    if (last && last.node.id === node.id) last.gaps.push(g);
    else regions.push({ node, gaps: [g], ...(body ? { directive: path[path.length - 2]! } : {}) });
  }
  // Where an original offset that no stretch covers is in the output (respelled names before it
  // shift it). A stretch that starts at a region's start, or ends at its end, is inside the region.
  const toOutput = (at: number, edge: 'start' | 'end'): number | undefined => {
    let out = at;
    for (const g of gaps) {
      if (g.srcStart > at || (edge === 'start' && g.srcStart === at)) break;
      if (g.srcEnd > at) return undefined;
      out = g.outEnd + (at - g.srcEnd);
    }
    return out;
  };
  let regionsEnd = 0;
  /** The new text of each changed statement region, checked together below. */
  const statements: string[] = [];
  for (const { node, gaps: inside, directive } of regions) {
    // The statement and the blanks its stretches reach into; or the body.
    const start = Math.min(node.startIndex, inside[0]!.srcStart);
    const end = Math.max(node.endIndex, inside[inside.length - 1]!.srcEnd);
    if (start < regionsEnd) return false; // nested in, or touching, the one before: not this simple case
    regionsEnd = end;
    const outStart = toOutput(start, 'start');
    const outEnd = toOutput(end, 'end');
    if (outStart === undefined || outEnd === undefined) return false;
    const before = source.text.slice(start, end);
    const after = output.text.slice(outStart, outEnd);
    if (directive) {
      // Masked as the re-parse would mask it (comments inside a body become blanks), which needs
      // the directive from its `#`.
      const directiveStart = toOutput(directive.startIndex, 'start');
      if (directiveStart === undefined) return false;
      const masked = maskMacros(output.text.slice(directiveStart, outEnd), shapes).masked;
      if (!DEFINE_BODY.test(masked.slice(outStart - directiveStart))) return false;
      continue;
    }
    if (before.includes('#') || after.includes('#')) return false;
    statements.push(after);
  }
  return statementsParse(statements, shapes);
}

/**
 * In a function with an ERROR region elsewhere: the statement and both its neighbours are free of
 * ERROR and MISSING nodes. The parser then reaches the statement from a whole node and leaves it
 * for one, so no error recovery runs across it (checked, like the rest, on the bulk tree).
 */
function soundStatement(node: SyntaxNode): boolean {
  if (node.hasError) return false;
  const unsound = (n: SyntaxNode | null): boolean => n !== null && (n.type === 'ERROR' || n.hasError);
  return !unsound(node.previousSibling) && !unsound(node.nextSibling);
}

/** The `#define` at the end of `path` is outside any ERROR region, itself and its neighbours free of ERROR and MISSING nodes. */
function soundDefine(path: readonly SyntaxNode[]): boolean {
  return !path.some((n) => n.type === 'ERROR') && soundStatement(path[path.length - 2]!);
}

/** `path` runs through a function definition at file scope that has no ERROR or MISSING node. */
function inSoundFunction(path: readonly SyntaxNode[]): boolean {
  return path[1]?.type === 'function_definition' && !path[1].hasError;
}

/**
 * The nodes from the root down to the smallest one that holds [start, end), found by a cursor
 * going down: tree-sitter finds a node's parent by walking down from the root, so climbing with
 * `.parent` cost a descent per level.
 */
function pathTo(root: SyntaxNode, start: number, end: number): SyntaxNode[] {
  const cursor = root.walk();
  const path = [root];
  for (;;) {
    // The binding returns the child's index (null: none), not the boolean its types declare.
    const moved: unknown = cursor.gotoFirstChildForIndex(start);
    if (moved === null || moved === false || cursor.startIndex > start || cursor.endIndex < end) return path;
    path.push(cursor.currentNode);
  }
}

/**
 * tree-sitter-c's `preproc_arg` token, whole: the body of a `#define` is one token to the file's
 * parse, up to its line's end or a `/*` comment. A body respelled into text that is still all of
 * one such token (same start, no new line end or comment) gives the file's parse the same tokens.
 */
const DEFINE_BODY = /^\S(?:[^/\n]|\/[^*]|\\\r?\n)*$/;

/** The body (`preproc_arg`) of a `#define`, if `path` (see pathTo) ends at one. */
function defineBodyIn(path: readonly SyntaxNode[]): SyntaxNode | undefined {
  const def = path[path.length - 2]?.type;
  return path[path.length - 1]!.type === 'preproc_arg' && (def === 'preproc_def' || def === 'preproc_function_def') ? path[path.length - 1] : undefined;
}

/** The innermost statement (a direct child of a `{ }` block) on `path`, if any. */
function blockStatementIn(path: readonly SyntaxNode[]): SyntaxNode | undefined {
  for (let i = path.length - 1; i > 0; i--) if (path[i - 1]!.type === 'compound_statement') return path[i];
  return undefined;
}

const STATEMENT_WRAPPER = ['void __pv_check(void) {\n', '\n}\n'] as const;

/**
 * Each text (masked as the file would be) is a statement list in a function body, without
 * errors. All go in one parse, each in a function of its own: each function starts where the
 * parser is at file scope, so each parses as it would alone, and one that does not (an error, or
 * braces that end its function early or late) shows as an error or as a function that is not
 * exactly its own wrapper.
 */
function statementsParse(texts: readonly string[], shapes: MacroShapes): boolean {
  if (texts.length === 0) return true;
  const spans: { start: number; end: number }[] = [];
  let all = '';
  for (const text of texts) {
    const start = all.length;
    all += STATEMENT_WRAPPER[0] + text + STATEMENT_WRAPPER[1];
    spans.push({ start, end: all.length - 1 }); // up to the closing brace, not its newline
  }
  const root = parseC(maskMacros(all, shapes).masked).rootNode;
  if (root.hasError) return false;
  const fns = root.namedChildren;
  return fns.length === spans.length && fns.every((f, i) => f.type === 'function_definition' && f.startIndex === spans[i]!.start && f.endIndex === spans[i]!.end);
}

/** A name the grammar lexes as something else, or a macro the masking rewrites. */
function isSpecial(name: string, shapes: MacroShapes): boolean {
  return grammarWords().has(name) || shapes.foreach.has(name) || shapes.anonymousType.has(name) || shapes.fileScopeCall.has(name) || shapes.typeArgument.has(name);
}

function keepsTokens(source: string, output: string, g: Gap, shapes: MacroShapes): boolean {
  const special = (name: string): boolean => isSpecial(name, shapes);
  const before = source.slice(g.srcStart, g.srcEnd);
  const after = output.slice(g.outStart, g.outEnd);
  // A stretch must begin and end between tokens, or a respelling could join two words.
  if (IDENTIFIER_CHAR.test(source[g.srcStart - 1] ?? '') && IDENTIFIER_CHAR.test(before[0] ?? '')) return false;
  if (IDENTIFIER_CHAR.test(source[g.srcEnd] ?? '') && IDENTIFIER_CHAR.test(before[before.length - 1] ?? '')) return false;
  if (IDENTIFIER_CHAR.test(output[g.outStart - 1] ?? '') && IDENTIFIER_CHAR.test(after[0] ?? '')) return false;
  if (IDENTIFIER_CHAR.test(output[g.outEnd] ?? '') && IDENTIFIER_CHAR.test(after[after.length - 1] ?? '')) return false;
  return sameTokens(before, after, inDirective(source, g.srcStart), special);
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
    if (IDENTIFIER_CHAR.test(c)) {
      while (i < text.length && IDENTIFIER_CHAR.test(text[i]!)) i++;
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
