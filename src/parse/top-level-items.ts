import { logicalLineEnd } from './c-lexemes.js';

/** A stretch of a file's text, [start, end). */
export interface TextRange {
  start: number;
  end: number;
}

const NEWLINE = 10;
const HASH = 35;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;

/** The characters the item scan acts on past a line's first code: all others only go by. */
const NEXT_SCANNED = /[\n\/#"'{}();]/g;
const SCANNED = new Set([...'\n/#"\'{}();'].map((ch) => ch.charCodeAt(0)));

/**
 * Where the file-scope items of a C text begin, found lexically (no parse): a declaration or
 * definition ends at a `;` or at a `}` that closes its last brace and ends its line (KNF puts a
 * function's closing brace alone on a line); a preprocessor directive met between items is an item
 * of its own. Comments, strings and character constants are skipped. Returns sorted offsets from 0
 * to text.length; consecutive ones bound one item.
 *
 * Unbalanced braces (an `{` in both branches of an `#if`) only make an item longer: the cut points
 * are where the parser, too, is back at file scope, so parsing an item alone gives the tree the
 * whole file gives it (proved over the bulk corpus by test/parse/top-level-items.test.ts). The
 * exception is a conditional directive: the parser makes one node of `#if` ... `#endif` and all
 * between, so itemsMentioning never hands one out alone.
 */
export function topLevelItemBounds(text: string): number[] {
  return scanItems(text).bounds;
}

interface ItemScan {
  bounds: number[];
  /** The comments the scan skipped, as [start, end) pairs in one flat, sorted list. */
  comments: number[];
  /** For each bound, how many conditional directives (`#if` ... `#endif`) are open there. */
  conditionals: number[];
}

/** The item bounds, the comments, and how deep in conditional directives each item starts. */
function scanItems(text: string): ItemScan {
  const bounds = [0];
  const conditionals = [0];
  const comments: number[] = [];
  let open = 0;
  const n = text.length;
  let depth = 0;
  let parens = 0;
  /** Something other than whitespace and comments since the last cut. */
  let started = false;
  /** Only whitespace since the last newline: a `#` here starts a directive. */
  let lineStart = true;
  let i = 0;
  const cut = (at: number): void => {
    if (at > bounds[bounds.length - 1]!) {
      bounds.push(at);
      conditionals.push(open);
    }
    started = false;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      lineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      comments.push(i, (i = commentEnd(text, i)));
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      comments.push(i, (i = logicalLineEnd(text, i)));
      continue;
    }
    if (c === HASH && lineStart) {
      const end = directiveEnd(text, i, comments);
      OPENS_OR_CLOSES.lastIndex = i + 1;
      const which = OPENS_OR_CLOSES.exec(text)?.[1];
      if (which === 'endif') open = Math.max(0, open - 1);
      else if (which !== undefined) open++;
      if (depth === 0 && parens === 0 && !started) cut(end);
      i = end;
      continue;
    }
    lineStart = false;
    started = true;
    if (c === 34 || c === 39) {
      i = quotedEnd(text, i, c);
      continue;
    }
    i++;
    if (!SCANNED.has(c)) {
      // Nothing changes until the next character the scan acts on: a native search finds it.
      NEXT_SCANNED.lastIndex = i;
      i = NEXT_SCANNED.test(text) ? NEXT_SCANNED.lastIndex - 1 : n;
      continue;
    }
    if (c === 123) depth++;
    else if (c === 40) parens++;
    else if (c === 41) parens = Math.max(0, parens - 1);
    else if (c === 59) {
      if (depth === 0 && parens === 0) cut(i);
    } else if (c === 125) {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && parens === 0 && restOfLineIsBlank(text, i)) cut(i);
    }
  }
  if (bounds[bounds.length - 1] !== n) {
    bounds.push(n);
    conditionals.push(open);
  }
  return { bounds, comments, conditionals };
}

/** After a directive's `#`: a conditional that opens (`if`, `ifdef`, `ifndef`) or closes (`endif`). */
const OPENS_OR_CLOSES = /[ \t]*(if|ifdef|ifndef|endif)\b/y;

/**
 * The ranges of `text` that hold the file-scope items with a match of one of `mentions` in code
 * (a match in a comment is no place a rule can act), adjacent items merged, in order. Cut on the
 * text itself: masking macros (mask-macros.ts) never moves a cut (proved on the bulk tree by
 * test/parse/top-level-items.test.ts). undefined when a match is in a conditional directive
 * (`#if` ... `#endif` make one node with all they enclose): then the whole file. The same when
 * a match of `fileScope` is in an item between `#if` and `#endif`: parsed alone, that item would
 * be a child of the file's root, which in the whole file's tree it is not (a transform that looks
 * for file-scope statements would see it).
 */
export function itemsMentioning(text: string, mentions: RegExp | readonly RegExp[], fileScope?: RegExp): TextRange[] | undefined {
  const { bounds, comments, conditionals } = scanItems(text);
  const mentioned = new Uint8Array(bounds.length);
  for (const mention of Array.isArray(mentions) ? mentions : [mentions]) {
    let k = 0;
    for (const m of text.matchAll(globalOf(mention))) {
      if (inComment(comments, m.index)) continue;
      while (bounds[k + 1]! <= m.index) k++;
      if (fileScope && conditionals[k]! > 0 && fileScope.test(m[0])) return undefined;
      mentioned[k] = 1;
    }
  }
  const ranges: TextRange[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    if (!mentioned[k]) continue;
    const start = bounds[k]!;
    const end = bounds[k + 1]!;
    if (CONDITIONAL.test(firstCode(text, comments, start, end))) return undefined;
    const last = ranges[ranges.length - 1];
    if (last && last.end >= start) last.end = end;
    else ranges.push({ start, end });
  }
  return ranges;
}

const globals = new WeakMap<RegExp, RegExp>();

/** `re` with the g flag (built once per expression: a tree run asks for the same one per file). */
function globalOf(re: RegExp): RegExp {
  if (re.global) return re;
  let g = globals.get(re);
  if (!g) globals.set(re, (g = new RegExp(re.source, re.flags + 'g')));
  return g;
}

const CONDITIONAL = /^#\s*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b/;

/** The item's text from its first character of code (past blanks and comments), up to 32 characters. */
function firstCode(text: string, comments: readonly number[], start: number, end: number): string {
  let i = start;
  while (i < end) {
    if (/\s/.test(text[i]!)) i++;
    else {
      const after = commentAt(comments, i);
      if (after < 0) break;
      i = after; // past the whole comment
    }
  }
  return text.slice(i, Math.min(end, i + 32));
}

/** Whether `at` lies in one of the [start, end) pairs of `comments` (flat and sorted). */
function inComment(comments: readonly number[], at: number): boolean {
  return commentAt(comments, at) >= 0;
}

/** The end of the comment `at` lies in, or -1. */
function commentAt(comments: readonly number[], at: number): number {
  let lo = 0;
  let hi = comments.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at < comments[2 * mid]!) hi = mid - 1;
    else if (at >= comments[2 * mid + 1]!) lo = mid + 1;
    else return comments[2 * mid + 1]!;
  }
  return -1;
}

function commentEnd(text: string, i: number): number {
  const close = text.indexOf('*/', i + 2);
  return close < 0 ? text.length : close + 2;
}

/** After the character or string constant opened at `i` (or at the end of its line, if unclosed). */
function quotedEnd(text: string, i: number, quote: number): number {
  let j = i + 1;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === quote) return j + 1;
    else if (c === NEWLINE) return j;
  }
  return j;
}

/** After the newline that ends the directive at `i`; a comment in it may span lines (each goes into `comments`). */
function directiveEnd(text: string, i: number, comments: number[]): number {
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === NEWLINE) return j + 1;
    // A line splice (or an escaped character): the directive goes on.
    if (c === BACKSLASH) j += text.charCodeAt(j + 1) === 13 && text.charCodeAt(j + 2) === NEWLINE ? 2 : 1;
    else if (c === SLASH && text.charCodeAt(j + 1) === STAR) {
      const end = commentEnd(text, j);
      comments.push(j, end);
      j = end - 1;
    } else if (c === SLASH && text.charCodeAt(j + 1) === SLASH) {
      const end = logicalLineEnd(text, j);
      comments.push(j, end);
      return Math.min(text.length, end + 1);
    }
  }
  return text.length;
}

/** Whether only blanks and comments follow `i` on its line. */
function restOfLineIsBlank(text: string, i: number): boolean {
  for (let j = i; j < text.length; ) {
    const c = text.charCodeAt(j);
    if (c === NEWLINE) return true;
    if (c === 32 || c === 9 || c === 13) j++;
    else if (c === SLASH && text.charCodeAt(j + 1) === STAR) {
      const end = commentEnd(text, j);
      if (text.lastIndexOf('\n', end) >= j) return true; // the comment runs onto the next lines
      j = end;
    } else return c === SLASH && text.charCodeAt(j + 1) === SLASH;
  }
  return true;
}
