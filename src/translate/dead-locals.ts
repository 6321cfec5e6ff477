import { parseC, type SyntaxNode } from '../parse/tree-sitter-c.js';
import { declaratorName } from '../parse/c-queries.js';
import type { SourceFile } from '../parse/source-file.js';
import type { Rendered } from '../rewrite/apply-edits.js';
import { textEdit, type Edit } from '../rewrite/edit.js';

const ID = 'cleanup/dead-locals';

/**
 * Finds locals that the rewrites left unused (only assigned, or not used at all) although the
 * NetBSD function used them, e.g. `pci_chipset_tag_t pc` once every pc use was translated away.
 * Their declarations (and side-effect-free assignments to them) become deletions on the ORIGINAL
 * text; anything not mappable to untouched source bytes is left alone.
 */
export function findDeadLocals(source: SourceFile, output: Rendered, parsedOutput: SourceFile): Edit[] {
  // The output is read masked, like the original (macro shapes, define comments): the two sides
  // compare like with like, and translateFile's re-parse check reuses this very parse.
  const after = deadLocals(parsedOutput.fragments[0]!.tree.rootNode, parsedOutput.masked);
  if (after.length === 0) return [];
  // Locals NetBSD itself left dead are not ours to remove: only those the rewrites made dead.
  // Only the functions with a dead local now need looking at in the original (each is independent).
  const fns = new Set(after.map((d) => d.fn));
  const deadBefore = new Set(deadLocals(originalRoot(source), source.masked, fns).map((d) => `${d.fn}:${d.local}`));
  const edits: Edit[] = [];
  for (const dead of after) {
    if (deadBefore.has(`${dead.fn}:${dead.local}`) || !usedInOriginal(source, dead.fn, dead.local)) continue;
    for (const range of dead.ranges) {
      const mapped = toSource(output, range.start, range.end);
      if (mapped) edits.push(textEdit(mapped.start, mapped.end, '', ID));
    }
  }
  return edits;
}

/** The tree of the masked original: parseSource already built it (the file fragment). */
function originalRoot(source: SourceFile): SyntaxNode {
  const file = source.fragments.find((f) => f.kind === 'file');
  return file ? file.tree.rootNode : parseC(source.masked).rootNode;
}

interface DeadLocal {
  fn: string;
  local: string;
  /** The declaration (or the declarator in a list) and every dead store, in `text` offsets. */
  ranges: { start: number; end: number }[];
}

/** Dead locals of every function (or of the functions named in `only`). */
function deadLocals(root: SyntaxNode, text: string, only?: ReadonlySet<string>): DeadLocal[] {
  const found: DeadLocal[] = [];
  for (const fn of root.descendantsOfType('function_definition')) {
    const body = fn.childForFieldName('body');
    const name = declaratorName(fn.childForFieldName('declarator'));
    if (!body || !name || (only && !only.has(name))) continue;
    for (const decl of body.namedChildren.filter((n) => n.type === 'declaration')) {
      const declarators = decl.childrenForFieldName('declarator');
      for (const d of declarators) {
        const local = declaratorName(d.type === 'init_declarator' ? d.childForFieldName('declarator') : d);
        if (!local) continue;
        const init = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
        if (init && hasSideEffects(init)) continue;
        // Uses are looked up one at a time and the search stops at the first read: most locals are
        // read early, and every lookup costs native calls.
        const deadStores: SyntaxNode[] = [];
        let read = false;
        for (const use of identifiersNamed(body, text, local)) {
          if (isWithin(use, decl)) continue;
          const store = deadStoreOf(use);
          if (!store) {
            read = true;
            break;
          }
          deadStores.push(store);
        }
        if (read) continue;
        const removal = declarators.length === 1 ? lineRange(text, decl) : declaratorRange(text, d);
        found.push({ fn: name, local, ranges: [removal, ...deadStores.map((s) => lineRange(text, s))] });
        if (declarators.length > 1) break; // one declarator per declaration per round keeps ranges simple
      }
    }
  }
  return found;
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;

/**
 * The identifier nodes under `node` spelling `name`, in document order: found by a text search
 * and one lookup per occurrence, because listing every identifier of a large function from
 * JavaScript (one object per node) is what made this pass slow.
 */
function* identifiersNamed(node: SyntaxNode, text: string, name: string): Generator<SyntaxNode> {
  for (let at = text.indexOf(name, node.startIndex); at >= 0 && at + name.length <= node.endIndex; at = text.indexOf(name, at + 1)) {
    // The lexer takes the longest identifier, so none ends right before another identifier character.
    if (IDENTIFIER_CHAR.test(text[at + name.length] ?? '')) continue;
    const leaf = node.descendantForIndex(at, at + name.length);
    if (leaf.type === 'identifier' && leaf.startIndex === at && leaf.endIndex === at + name.length) yield leaf;
  }
}

function hasSideEffects(n: SyntaxNode): boolean {
  return n.descendantsOfType(['call_expression', 'assignment_expression', 'update_expression']).length > 0;
}

function isWithin(n: SyntaxNode, ancestor: SyntaxNode): boolean {
  return n.startIndex >= ancestor.startIndex && n.endIndex <= ancestor.endIndex;
}

/** `x = <pure expr>;` where x is the use: the whole statement, else undefined. */
function deadStoreOf(use: SyntaxNode): SyntaxNode | undefined {
  const assign = use.parent;
  if (assign?.type !== 'assignment_expression' || assign.childForFieldName('left')?.id !== use.id) return undefined;
  if (assign.child(1)?.type !== '=' || hasSideEffects(assign.childForFieldName('right')!)) return undefined;
  return assign.parent?.type === 'expression_statement' ? assign.parent : undefined;
}

function usedInOriginal(source: SourceFile, fn: string, local: string): boolean {
  const def = originalRoot(source).descendantsOfType('function_definition').find((f) => declaratorName(f.childForFieldName('declarator')) === fn);
  const body = def?.childForFieldName('body');
  return body ? body.descendantsOfType('identifier').filter((i) => i.text === local).length > 1 : false;
}

function lineRange(text: string, n: SyntaxNode): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', n.startIndex - 1) + 1;
  const nl = text.indexOf('\n', n.endIndex);
  if (text.slice(lineStart, n.startIndex).trim() === '' && text.slice(n.endIndex, nl < 0 ? text.length : nl).trim() === '')
    return { start: lineStart, end: nl < 0 ? text.length : nl + 1 };
  return { start: n.startIndex, end: n.endIndex };
}

/** `, x` (or `x, ` when first) inside a multi-declarator declaration. */
function declaratorRange(text: string, d: SyntaxNode): { start: number; end: number } {
  const prev = d.previousSibling;
  if (prev?.type === ',') return { start: prev.startIndex, end: d.endIndex };
  const next = d.nextSibling;
  let end = next?.type === ',' ? next.endIndex : d.endIndex;
  while (text[end] === ' ') end++;
  return { start: d.startIndex, end };
}

/** Maps an output range to the original text when it lies in one untouched source segment. */
function toSource(output: Rendered, start: number, end: number): { start: number; end: number } | undefined {
  const seg = output.segments.find((s) => s.outStart <= start && end <= s.outEnd);
  if (!seg || seg.origin.kind !== 'source') return undefined;
  const delta = seg.origin.srcStart - seg.outStart;
  return { start: start + delta, end: end + delta };
}
