import { nodeRange, type SourceFile } from '../parse/source-file.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import type { Edit } from '../rewrite/edit.js';
import { compilePattern, type CompiledPattern } from './compile-pattern.js';
import { expandTemplate, indentAt } from './expand-template.js';
import { matchNode, matchSequence, type Captures } from './match-node.js';
import { ancestorsInWalkOrder, leavesAt, nodesAboveInWalkOrder, occurrences, walk } from './candidate-nodes.js';
import { patternLiteral } from './pattern-literal.js';
import { includeEdits, renameEdits } from './rename-edits.js';
import type { PatternRewrite, Rule } from './rule.js';

interface CompiledRewrite {
  rewrite: PatternRewrite;
  pattern: CompiledPattern;
  /** An identifier every match contains (see pattern-literal.ts); undefined: try every node. */
  literal: string | undefined;
  /** How many levels below a matched node the literal's leaf lies (undefined: a statement sequence). */
  literalDepth: number | undefined;
}

const compiled = new WeakMap<PatternRewrite, { pattern: CompiledPattern; literal: string | undefined; literalDepth: number | undefined }>();

const compiledByRule = new WeakMap<Rule, CompiledRewrite[]>();

/** Patterns are compiled once per rule object; a bad pattern throws PatternError here. */
export function compiledRewrites(rule: Rule): CompiledRewrite[] {
  // A tree run asks per file and rule (a hundred rules over hundreds of files): once per rule.
  let list = compiledByRule.get(rule);
  if (!list) compiledByRule.set(rule, (list = compileRewrites(rule)));
  return list;
}

function compileRewrites(rule: Rule): CompiledRewrite[] {
  return (rule.rewrites ?? []).map((rewrite) => {
    let entry = compiled.get(rewrite);
    if (!entry) {
      const pattern = compilePattern(rewrite.match, rewrite.context);
      for (const m of rewrite.replace.matchAll(/\$(?:\$\$)?([A-Z_][A-Z0-9_]*)/g))
        if (!pattern.metavars.has(m[1]!)) throw new Error(`unknown metavariable ${m[0]} in replace (the match has ${[...pattern.metavars].map((v) => '$' + v).join(', ') || 'none'})`);
      const literal = patternLiteral(pattern);
      entry = { pattern, literal: literal?.text, literalDepth: literal?.depth };
      compiled.set(rewrite, entry);
    }
    return { rewrite, ...entry };
  });
}

/**
 * How a rule finds its nodes. `candidates` (the default) visits only the nodes around a text
 * occurrence of a literal the rule needs (candidate-nodes.ts), in walk order; `walk` visits every
 * node and is the reference: the tests check that both give the same edits on the corpus.
 */
export type MatchStrategy = 'candidates' | 'walk';

/** All edits one data rule makes in one source file, matched against the original tree. */
export function findRuleEdits(rule: Rule, file: SourceFile, strategy: MatchStrategy = 'candidates'): Edit[] {
  const edits: Edit[] = [];
  if (rule.rename) renameEdits(rule, file, edits, strategy);
  if (rule.include) includeEdits(rule, file, edits, strategy);
  const rewrites = compiledRewrites(rule);
  // Only nodes around a literal can match; a pattern without one makes the rule try every node.
  const literals = rewrites.every((r) => r.literal !== undefined) ? [...new Set(rewrites.map((r) => r.literal!))] : undefined;
  const found = strategy === 'walk' ? undefined : literals?.map((l) => ({ length: l.length, offsets: occurrences(file, l) }));
  if (rewrites.length > 0 && (!found || found.some((f) => f.offsets.length > 0)))
    for (const fragment of file.fragments) {
      // Once a node matched, the rule looks inside it again only within its captures.
      const claimed: { start: number; end: number; holes: Captures }[] = [];
      const isClaimed = (r: { start: number; end: number }): boolean =>
        claimed.some((c) => c.start <= r.start && r.end <= c.end && ![...c.holes.values()].some((h) => h.start <= r.start && r.end <= h.end));
      const visit = (node: SyntaxNode): void => {
        const range = nodeRange(node, fragment);
        if (isClaimed(range)) return;
        const type = node.type;
        for (const { rewrite, pattern } of rewrites) {
          if (pattern.sequence) {
            for (const m of matchSequence(pattern.sequence, node, { text: file.text, offset: fragment.offset }))
              if (whereHolds(rewrite, m.captures) && !isClaimed(m)) {
                edits.push(patternEdit(rule, rewrite, m.captures, m, file.text));
                claimed.push({ start: m.start, end: m.end, holes: m.captures });
              }
            continue;
          }
          if (type !== pattern.root.type) continue;
          const captures: Captures = new Map();
          if (!matchNode(pattern.root, node, captures, { text: file.text, offset: fragment.offset }, type)) continue;
          if (!whereHolds(rewrite, captures)) continue;
          edits.push(patternEdit(rule, rewrite, captures, range, file.text));
          claimed.push({ ...range, holes: captures });
          return;
        }
      };
      if (!found) walk(fragment.tree.rootNode, fragment, visit);
      else if (rewrites.every((r) => r.literalDepth !== undefined))
        nodesAboveInWalkOrder(
          rewrites.map((r) => ({ leaves: leavesAt(fragment, occurrences(file, r.literal!), r.literal!.length), depth: r.literalDepth!, type: r.pattern.root.type })),
          fragment,
        ).forEach(visit);
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
