import { codeIdentifiers } from '../parse/code-spans.js';
import { nodeRange, type Fragment, type SourceFile } from '../parse/source-file.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit, type Edit } from '../rewrite/edit.js';
import { compilePattern, type CompiledPattern } from './compile-pattern.js';
import { expandTemplate, indentAt } from './expand-template.js';
import { matchNode, matchSequence, type Captures } from './match-node.js';
import { ancestorsInWalkOrder, leavesAt, occurrences } from './candidate-nodes.js';
import { patternLiteral } from './pattern-literal.js';
import type { PatternRewrite, RenameKind, Rule } from './rule.js';

const RENAME_NODE_KINDS: Record<string, RenameKind> = {
  identifier: 'identifier',
  type_identifier: 'type',
  field_identifier: 'field',
  statement_identifier: 'label',
};

interface CompiledRewrite {
  rewrite: PatternRewrite;
  pattern: CompiledPattern;
  /** An identifier every match contains (see pattern-literal.ts); undefined: try every node. */
  literal: string | undefined;
}

const compiled = new WeakMap<PatternRewrite, { pattern: CompiledPattern; literal: string | undefined }>();

/** Patterns are compiled once per rule object; a bad pattern throws PatternError here. */
export function compiledRewrites(rule: Rule): CompiledRewrite[] {
  return (rule.rewrites ?? []).map((rewrite) => {
    let entry = compiled.get(rewrite);
    if (!entry) {
      const pattern = compilePattern(rewrite.match, rewrite.context);
      for (const m of rewrite.replace.matchAll(/\$(?:\$\$)?([A-Z_][A-Z0-9_]*)/g))
        if (!pattern.metavars.has(m[1]!)) throw new Error(`unknown metavariable ${m[0]} in replace (the match has ${[...pattern.metavars].map((v) => '$' + v).join(', ') || 'none'})`);
      entry = { pattern, literal: patternLiteral(pattern) };
      compiled.set(rewrite, entry);
    }
    return { rewrite, ...entry };
  });
}

/** All edits one data rule makes in one source file, matched against the original tree. */
export function findRuleEdits(rule: Rule, file: SourceFile): Edit[] {
  const edits: Edit[] = [];
  if (rule.rename) renameEdits(rule, file, edits);
  if (rule.include) includeEdits(rule, file, edits);
  const rewrites = compiledRewrites(rule);
  // Only nodes around a literal can match; a pattern without one makes the rule try every node.
  const literals = rewrites.every((r) => r.literal !== undefined) ? [...new Set(rewrites.map((r) => r.literal!))] : undefined;
  const found = literals?.map((l) => ({ length: l.length, offsets: occurrences(file.text, l) }));
  if (rewrites.length > 0 && (!found || found.some((f) => f.offsets.length > 0)))
    for (const fragment of file.fragments) {
      // Once a node matched, the rule looks inside it again only within its captures.
      const claimed: { start: number; end: number; holes: Captures }[] = [];
      const isClaimed = (r: { start: number; end: number }): boolean =>
        claimed.some((c) => c.start <= r.start && r.end <= c.end && ![...c.holes.values()].some((h) => h.start <= r.start && r.end <= h.end));
      const visit = (node: SyntaxNode): void => {
        const range = nodeRange(node, fragment);
        if (isClaimed(range)) return;
        for (const { rewrite, pattern } of rewrites) {
          if (pattern.sequence) {
            for (const m of matchSequence(pattern.sequence, node, { text: file.text, offset: fragment.offset }))
              if (whereHolds(rewrite, m.captures) && !isClaimed(m)) {
                edits.push(patternEdit(rule, rewrite, m.captures, m, file.text));
                claimed.push({ start: m.start, end: m.end, holes: m.captures });
              }
            continue;
          }
          if (node.type !== pattern.root.type) continue;
          const captures: Captures = new Map();
          if (!matchNode(pattern.root, node, captures, { text: file.text, offset: fragment.offset })) continue;
          if (!whereHolds(rewrite, captures)) continue;
          edits.push(patternEdit(rule, rewrite, captures, range, file.text));
          claimed.push({ ...range, holes: captures });
          return;
        }
      };
      if (!found) walk(fragment.tree.rootNode, fragment, visit);
      else ancestorsInWalkOrder(found.flatMap((f) => leavesAt(fragment, f.offsets, f.length)), fragment).forEach(visit);
    }
  return edits;
}

function patternEdit(rule: Rule, rewrite: PatternRewrite, captures: Captures, range: { start: number; end: number }, text: string): Edit {
  let { start, end } = range;
  if (rewrite.replace === '') {
    // Deleting a whole statement: take its line too when nothing else is on it.
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const nl = text.indexOf('\n', end);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '') {
      start = lineStart;
      end = lineEnd;
    }
  }
  const edit: Edit = { start, end, parts: expandTemplate(rewrite.replace, captures, indentAt(text, range.start)), ruleId: rule.id };
  const used = new Set([...rewrite.replace.matchAll(/\$(?:\$\$)?([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!));
  const dropped = [...captures].filter(([name]) => !used.has(name)).map(([, c]) => ({ start: c.start, end: c.end }));
  if (dropped.length > 0) edit.dropped = dropped;
  return edit;
}

function whereHolds(rewrite: PatternRewrite, captures: Captures): boolean {
  for (const [name, cond] of Object.entries(rewrite.where)) {
    const text = captures.get(name)?.text ?? '';
    if (cond.regex && !cond.regex.test(text)) return false;
    if (cond.notRegex && cond.notRegex.test(text)) return false;
  }
  return true;
}

function renameEdits(rule: Rule, file: SourceFile, edits: Edit[]): void {
  const { kinds, map } = rule.rename!;
  // Only leaves spelling an old name can be renamed: find them by text, not by walking every node.
  const found = [...map.keys()].map((name) => ({ length: name.length, offsets: occurrences(file.text, name) })).filter((f) => f.offsets.length > 0);
  if (found.length === 0) return; // no old name anywhere: no tree leaf, macro site or macro body token to rename
  for (const fragment of file.fragments) {
    const leaves = found.flatMap((f) => leavesAt(fragment, f.offsets, f.length)).sort((a, b) => a.startIndex - b.startIndex);
    for (const node of leaves) {
      const kind = RENAME_NODE_KINDS[node.type];
      if (!kind || !kinds.includes(kind)) continue;
      if (rule.rename!.inside && !hasAncestor(node, rule.rename!.inside)) continue;
      const { start, end } = nodeRange(node, fragment);
      const to = map.get(file.text.slice(start, end));
      if (to !== undefined) edits.push(textEdit(start, end, to, rule.id));
    }
  }
  if (kinds.includes('macro') && !rule.rename!.inside) {
    const done = new Set(edits.map((e) => e.start));
    for (const site of file.macroSites) {
      const to = map.get(site.name);
      // An anonymous-type site is also an identifier node of the tree: rename it once.
      if (to !== undefined && !done.has(site.nameStart)) edits.push(textEdit(site.nameStart, site.nameEnd, to, rule.id));
    }
  }
  // Macro bodies the parser could not read are still reached token by token.
  for (const problem of file.problems) {
    if (problem.kind !== 'unparsed-macro-body') continue;
    for (const tok of codeIdentifiers(file.text.slice(problem.start, problem.end))) {
      const to = map.get(tok.name);
      if (to !== undefined) edits.push(textEdit(problem.start + tok.start, problem.start + tok.start + tok.name.length, to, rule.id));
    }
  }
}

function includeEdits(rule: Rule, file: SourceFile, edits: Edit[]): void {
  if (![...rule.include!.keys()].some((header) => file.text.includes(header))) return; // the path text is a key
  for (const fragment of file.fragments)
    // The tree-sitter call walks natively, in the same pre-order as walk() would.
    for (const node of fragment.tree.rootNode.descendantsOfType('preproc_include')) {
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

function hasAncestor(node: SyntaxNode, type: string): boolean {
  for (let n = node.parent; n; n = n.parent) if (n.type === type) return true;
  return false;
}

/** Visits every node of a fragment that lies inside the fragment's file range. */
export function walk(root: SyntaxNode, fragment: Fragment, visit: (node: SyntaxNode) => void): void {
  const cursor = root.walk();
  const lo = fragment.start - fragment.offset;
  const hi = fragment.end - fragment.offset;
  let descend = true;
  for (;;) {
    const node = cursor.currentNode;
    const inside = node.startIndex >= lo && node.endIndex <= hi;
    if (descend && inside) visit(node);
    if (descend && node.endIndex > lo && node.startIndex < hi && cursor.gotoFirstChild()) continue;
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) return;
    descend = false;
  }
}
