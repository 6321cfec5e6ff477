import { logicalLineEnd } from './c-lexemes.js';
import { LineIndex } from './line-index.js';
import type { MacroShapes } from './macro-shapes.js';
import { maskMacros, type MacroSite } from './mask-macros.js';
import type { Fragment, ParseProblem, SourceFile } from './source-file.js';
import { itemsMentioning, type TextRange } from './top-level-items.js';
import { parseC, type ParseRange, type SyntaxNode, type Tree } from './tree-sitter-c.js';
import { treeEdits, type CopiedPiece } from './tree-edits.js';

/** Contexts a `#define` body is tried in, in order: as statements, then as file-scope code. */
const MACRO_BODY_WRAPPERS: readonly [string, string][] = [
  ['void __pv_macro_body(void) {\n', ';\n}\n'],
  ['void __pv_macro_body(void) {\n', '\n}\n'],
  ['', '\n'],
];

export interface ParseOptions {
  /**
   * Which `#define` bodies get a fragment (default: all). `false` skips them all (and their
   * unparsed-macro-body problems): enough for a caller that only counts the file's ERROR/MISSING
   * regions. A test skips the bodies no rule could touch (no rule literal in them).
   */
  macroBodies?: boolean | ((body: string) => boolean);
  /**
   * Parse incrementally from an earlier version of the text: its masked text, its tree, which
   * pieces of this text were copied from it (a rendering's segments) and, when it was parsed by
   * items, those ranges and its line index. tree-sitter then re-reads only around the changes.
   * The earlier tree is left as it was, unless `spend`: then it is edited into the new text's
   * (its nodes then mean nothing), which saves making a twin of it to edit.
   */
  from?: { masked: string; tree: Tree; pieces: readonly CopiedPiece[]; ranges?: { parsed: readonly TextRange[]; lines: LineIndex }; spend?: boolean };
  /**
   * Parse only these stretches of whole file-scope items, or the items that mention a match of
   * (one of) `mentioning` (see top-level-items.ts; the whole text if a match of `fileScope` is inside an
   * `#if`); the tree then has nodes, and the file its problems, only there. Default: the whole text.
   */
  ranges?: readonly TextRange[] | { mentioning: RegExp | readonly RegExp[]; fileScope?: RegExp };
}

export function parseSource(path: string, text: string, shapes: MacroShapes, options: ParseOptions = {}): SourceFile {
  let ranges = options.ranges && ('mentioning' in options.ranges ? itemsMentioning(text, options.ranges.mentioning, options.ranges.fileScope) : options.ranges);
  // Only what is parsed needs masking: a range starts between file-scope items, where masking
  // starts afresh (masking item by item gives the whole text's masking; proved on the bulk tree).
  let { masked, sites } = ranges ? maskRanges(text, ranges, shapes) : maskMacros(text, shapes);
  const lines = new LineIndex(text);
  let oldTree: Tree | undefined;
  if (options.from) {
    // The edits go to the earlier tree itself when the caller is done with it, else to a twin (an
    // incremental parse with no change, which reuses it whole).
    const earlier = options.from.ranges;
    oldTree = options.from.spend ? options.from.tree : parseC(options.from.masked, options.from.tree, earlier && parseRanges(earlier.parsed, earlier.lines));
    for (const edit of treeEdits(options.from.masked, masked, options.from.pieces)) oldTree.edit(edit);
  }
  let tree = parseC(masked, oldTree, ranges && parseRanges(ranges, lines));
  if (ranges && !options.from && tree.rootNode.children.some((n) => n.type === 'compound_statement')) {
    // A block at file scope: an item was cut where the parser is not at file scope (a K&R
    // parameter list, an #ifdef'd function head). The whole file, then.
    ranges = undefined;
    ({ masked, sites } = maskMacros(text, shapes));
    tree = parseC(masked);
  }
  const file: Fragment = { kind: 'file', tree, offset: 0, start: 0, end: text.length };
  const fragments: Fragment[] = [file];
  const problems: ParseProblem[] = [];
  collectProblems(tree.rootNode, file, problems);
  const wanted = options.macroBodies ?? true;
  if (wanted !== false) {
    for (const arg of defineBodies(tree.rootNode, masked, wanted)) {
      const body = masked.slice(arg.startIndex, arg.endIndex);
      if (!/[A-Za-z_]/.test(body)) continue; // a plain number or empty: nothing a rule could match
      if (wanted !== true && !wanted(body)) continue;
      const fragment = parseMacroBody(body, arg.startIndex);
      if (fragment) fragments.push(fragment);
      else
        problems.push({
          kind: 'unparsed-macro-body',
          start: arg.startIndex,
          end: arg.endIndex,
          verdict: 'macro body is not C the parser can read in any context; identifier renames still apply to it, patterns do not',
        });
    }
  }
  return { path, text, masked, lines, fragments, macroSites: sites, problems, ...(ranges ? { ranges } : {}) };
}

/** The text with only `ranges` masked (see maskMacros), and the macro sites there. */
function maskRanges(text: string, ranges: readonly TextRange[], shapes: MacroShapes): ReturnType<typeof maskMacros> {
  const parts: string[] = [];
  const sites: MacroSite[] = [];
  let at = 0;
  for (const r of ranges) {
    const piece = maskMacros(text.slice(r.start, r.end), shapes);
    parts.push(text.slice(at, r.start), piece.masked);
    for (const site of piece.sites) sites.push(shiftSite(site, r.start));
    at = r.end;
  }
  parts.push(text.slice(at));
  return { masked: parts.join(''), sites };
}

function shiftSite(site: MacroSite, by: number): MacroSite {
  const shifted: MacroSite = { ...site, nameStart: site.nameStart + by, nameEnd: site.nameEnd + by };
  if (site.type) shifted.type = { start: site.type.start + by, end: site.type.end + by };
  return shifted;
}

/** tree-sitter's form of text ranges: offsets and 0-based row/column points. */
function parseRanges(ranges: readonly TextRange[], lines: LineIndex): ParseRange[] {
  if (ranges.length === 0) ranges = [{ start: 0, end: 0 }]; // nothing (no ranges would mean everything)
  const point = (offset: number): { row: number; column: number } => {
    const { line, column } = lines.position(offset);
    return { row: line - 1, column: column - 1 };
  };
  return ranges.map((r) => ({ startIndex: r.start, endIndex: r.end, startPosition: point(r.start), endPosition: point(r.end) }));
}

/**
 * The bodies (preproc_arg) of the `#define`s whose logical line `wanted` accepts, in order. Found
 * from the text and looked up one by one: listing every preproc_arg of a header made one node
 * object per #define, which cost more than parsing the few bodies a rule set needs.
 */
function* defineBodies(root: SyntaxNode, masked: string, wanted: true | ((text: string) => boolean)): Generator<SyntaxNode> {
  for (const m of masked.matchAll(/^[ \t]*#[ \t]*define\b/gm)) {
    const hash = m.index + m[0].indexOf('#');
    if (wanted !== true && !wanted(masked.slice(hash, logicalLineEnd(masked, hash)))) continue;
    const def = root.descendantForIndex(hash, hash + 1).parent;
    if (def?.startIndex !== hash || (def.type !== 'preproc_def' && def.type !== 'preproc_function_def')) continue;
    const arg = def.childForFieldName('value');
    if (arg?.type === 'preproc_arg') yield arg;
  }
}

function parseMacroBody(body: string, start: number): Fragment | undefined {
  // A backslash-newline is a line splice; a space keeps every offset and line number.
  const spliced = body.replace(/\\(?=\r?\n)/g, ' ');
  for (const [prefix, suffix] of MACRO_BODY_WRAPPERS) {
    const tree = parseC(prefix + spliced + suffix);
    if (!tree.rootNode.hasError)
      return { kind: 'macro-body', tree, offset: start - prefix.length, start, end: start + body.length };
  }
  return undefined;
}

function collectProblems(node: SyntaxNode, fragment: Fragment, out: ParseProblem[]): void {
  // A MISSING node has an error cost, so hasError is true for it and its ancestors too: one
  // native call decides for most nodes.
  if (!node.hasError) return;
  if (node.isMissing) {
    out.push({
      kind: 'missing',
      start: node.startIndex + fragment.offset,
      end: node.endIndex + fragment.offset,
      verdict: `parser assumed a missing '${node.type}'; the surrounding tree is intact and rules match in it`,
    });
    return;
  }
  if (node.type === 'ERROR') {
    out.push({
      kind: 'error',
      start: node.startIndex + fragment.offset,
      end: node.endIndex + fragment.offset,
      verdict: 'unparsed region: identifier renames still apply inside it, code patterns do not match across it',
    });
  }
  for (const child of node.children) collectProblems(child, fragment, out);
}
