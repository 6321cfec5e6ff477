import { codeIdentifiers } from '../parse/code-spans.js';
import { nodeRange, type Fragment, type SourceFile } from '../parse/source-file.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit, type Edit } from '../rewrite/edit.js';
import { leavesAt, occurrences, walk } from './candidate-nodes.js';
import type { MatchStrategy } from './find-rule-edits.js';
import type { RenameKind, Rule } from './rule.js';

const RENAME_NODE_KINDS: Record<string, RenameKind> = {
  identifier: 'identifier',
  type_identifier: 'type',
  field_identifier: 'field',
  statement_identifier: 'label',
};

/** Renames of identifier, type, field and label leaves, macro sites, and tokens of unparsed macro bodies. */
export function renameEdits(rule: Rule, file: SourceFile, edits: Edit[], strategy: MatchStrategy): void {
  const { kinds, map } = rule.rename!;
  const renameLeaf = (node: SyntaxNode, fragment: Fragment): void => {
    const kind = RENAME_NODE_KINDS[node.type];
    if (!kind || !kinds.includes(kind)) return;
    if (rule.rename!.inside && !hasAncestor(node, rule.rename!.inside)) return;
    const { start, end } = nodeRange(node, fragment);
    const to = map.get(file.text.slice(start, end));
    if (to !== undefined) edits.push(textEdit(start, end, to, rule.id));
  };
  if (strategy === 'walk') for (const fragment of file.fragments) walk(fragment.tree.rootNode, fragment, (node) => renameLeaf(node, fragment));
  else {
    // Only leaves spelling an old name can be renamed: find them by text, not by walking every node.
    const found = [...map.keys()].map((name) => ({ length: name.length, offsets: occurrences(file, name) })).filter((f) => f.offsets.length > 0);
    if (found.length === 0) return; // no old name anywhere: no tree leaf, macro site or macro body token to rename
    for (const fragment of file.fragments)
      for (const leaf of found.flatMap((f) => leavesAt(fragment, f.offsets, f.length)).sort((a, b) => a.startIndex - b.startIndex)) renameLeaf(leaf, fragment);
  }
  // A macro's masked type argument (mtod(m, struct ip *)) is one leaf: its names are renamed as tokens.
  for (const site of file.macroSites) if (site.type) tokenRenames(rule, file, site.type, edits);
  if (kinds.includes('macro') && !rule.rename!.inside) {
    const done = new Set(edits.map((e) => e.start));
    for (const site of file.macroSites) {
      const to = map.get(site.name);
      // An anonymous-type site is also an identifier node of the tree: rename it once.
      if (to !== undefined && !done.has(site.nameStart)) edits.push(textEdit(site.nameStart, site.nameEnd, to, rule.id));
    }
  }
  // Macro bodies the parser could not read are still reached token by token.
  for (const problem of file.problems) if (problem.kind === 'unparsed-macro-body') tokenRenames(rule, file, problem, edits);
}

function tokenRenames(rule: Rule, file: SourceFile, range: { start: number; end: number }, edits: Edit[]): void {
  for (const tok of codeIdentifiers(file.text.slice(range.start, range.end))) {
    const to = rule.rename!.map.get(tok.name);
    if (to !== undefined) edits.push(textEdit(range.start + tok.start, range.start + tok.start + tok.name.length, to, rule.id));
  }
}

/** `#include` lines whose header the rule maps. */
export function includeEdits(rule: Rule, file: SourceFile, edits: Edit[], strategy: MatchStrategy): void {
  if (strategy === 'candidates' && ![...rule.include!.keys()].some((header) => file.text.includes(header))) return; // the path text is a key
  for (const fragment of file.fragments)
    // `walk`, the reference the tests compare with, lists them with tree-sitter's native walk.
    for (const node of strategy === 'walk' ? fragment.tree.rootNode.descendantsOfType('preproc_include') : includeDirectives(file, fragment)) {
      if (node.startIndex < fragment.start - fragment.offset || node.endIndex > fragment.end - fragment.offset) continue;
      const path = node.childForFieldName('path');
      if (!path) continue;
      const { start, end } = nodeRange(node, fragment);
      const replacement = rule.include!.get(file.text.slice(path.startIndex + fragment.offset, path.endIndex + fragment.offset));
      if (!replacement) continue;
      const eol = file.text.slice(end - 2, end) === '\r\n' ? '\r\n' : '\n'; // keep the file's line endings
      const lines = replacement.map((l) => (/^[<"]/.test(l) ? `#include ${l}${eol}` : `${l}${eol}`)).join('');
      edits.push(textEdit(start, end, lines, rule.id));
    }
}

/** Each fragment's directives, listed once for all the include rules of a rule set. */
const directivesOf = new WeakMap<Fragment, SyntaxNode[]>();

/**
 * The fragment's `#include` directives in file order. For the file itself they are found from
 * their text (a directive starts its line), not by a walk over every node of a large tree.
 */
function includeDirectives(file: SourceFile, fragment: Fragment): SyntaxNode[] {
  let found = directivesOf.get(fragment);
  if (!found) directivesOf.set(fragment, (found = listIncludeDirectives(file, fragment)));
  return found;
}

function listIncludeDirectives(file: SourceFile, fragment: Fragment): SyntaxNode[] {
  const root = fragment.tree.rootNode;
  if (fragment.kind !== 'file') return root.descendantsOfType('preproc_include');
  const found: SyntaxNode[] = [];
  for (const m of file.masked.matchAll(/^[ \t]*#[ \t]*include\b/gm)) {
    const at = m.index + m[0].indexOf('#');
    for (let n: SyntaxNode | null = root.descendantForIndex(at, at + 1); n; n = n.parent)
      if (n.type === 'preproc_include') {
        if (n.startIndex === at) found.push(n);
        break;
      }
  }
  return found;
}

function hasAncestor(node: SyntaxNode, type: string): boolean {
  for (let n = node.parent; n; n = n.parent) if (n.type === type) return true;
  return false;
}
