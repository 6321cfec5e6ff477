import { LineIndex } from './line-index.js';
import type { MacroShapes } from './macro-shapes.js';
import { maskMacros } from './mask-macros.js';
import type { Fragment, ParseProblem, SourceFile } from './source-file.js';
import { parseC, type SyntaxNode } from './tree-sitter-c.js';

/** Contexts a `#define` body is tried in, in order: as statements, then as file-scope code. */
const MACRO_BODY_WRAPPERS: readonly [string, string][] = [
  ['void __pv_macro_body(void) {\n', ';\n}\n'],
  ['void __pv_macro_body(void) {\n', '\n}\n'],
  ['', '\n'],
];

/**
 * `macroBodies: false` skips the `#define` body fragments (and their unparsed-macro-body problems):
 * enough for a caller that only counts the file's ERROR/MISSING regions, at a fraction of the cost.
 */
export function parseSource(path: string, text: string, shapes: MacroShapes, options: { macroBodies?: boolean } = {}): SourceFile {
  const { masked, sites } = maskMacros(text, shapes);
  const tree = parseC(masked);
  const file: Fragment = { kind: 'file', tree, offset: 0, start: 0, end: text.length };
  const fragments: Fragment[] = [file];
  const problems: ParseProblem[] = [];
  collectProblems(tree.rootNode, file, problems);
  if (options.macroBodies !== false) {
    for (const arg of descendantsOfType(tree.rootNode, 'preproc_arg')) {
      const parent = arg.parent;
      if (parent?.type !== 'preproc_function_def' && parent?.type !== 'preproc_def') continue;
      const body = masked.slice(arg.startIndex, arg.endIndex);
      if (!/[A-Za-z_]/.test(body)) continue; // a plain number or empty: nothing a rule could match
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
  return { path, text, masked, lines: new LineIndex(text), fragments, macroSites: sites, problems };
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
  if (!node.hasError && !node.isMissing) return;
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

export function descendantsOfType(root: SyntaxNode, type: string): SyntaxNode[] {
  return root.descendantsOfType(type);
}
