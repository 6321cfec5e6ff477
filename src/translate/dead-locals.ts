import { parseC, type SyntaxNode } from '../parse/tree-sitter-c.js';
import { declaratorName, identifiersNamed } from '../parse/c-queries.js';
import { IDENTIFIER_CHAR, wordOccurrences } from '../parse/word-occurrences.js';
import type { SourceFile } from '../parse/source-file.js';
import type { Rendered } from '../rewrite/apply-edits.js';
import { textEdit, type Edit } from '../rewrite/edit.js';

const ID = 'cleanup/dead-locals';

/**
 * Finds locals that the rewrites left unused (only assigned, or not used at all) although the
 * NetBSD function used them, e.g. `pci_chipset_tag_t pc` once every pc use was translated away.
 * Their declarations (and side-effect-free assignments to them) become deletions on the ORIGINAL
 * text; anything not inside untouched source bytes is left alone.
 *
 * A local can only become dead where a rewrite removed one of its reads. The original's tree
 * tells which live locals lost every read (the output copies the rest of the original as it
 * was); such a local is dead unless the text the rewrites inserted names it. No parse of the
 * output is needed.
 */
export function findDeadLocals(source: SourceFile, output: Rendered): Edit[] {
  const suspects = suspectLocals(source, output);
  if (suspects.length === 0) return [];
  const inserted = output.segments.filter((s) => s.origin.kind !== 'source');
  const edits: Edit[] = [];
  for (const { local, body } of suspects) {
    // Text the rewrites put into the function may read it (or may: a mention is taken as a read).
    if (inserted.some((s) => s.origin.srcStart >= body.startIndex && s.origin.srcStart < body.endIndex && mentions(output.text.slice(s.outStart, s.outEnd), local.local))) continue;
    // All or nothing: a declaration removed while a store to it stays would not compile.
    if (local.ranges.every((range) => isCopied(output, range))) for (const range of local.ranges) edits.push(textEdit(range.start, range.end, '', ID));
  }
  return edits;
}

/** `name` occurs in `text` as a whole word that is not a member (`->name`, `.name`). */
function mentions(text: string, name: string): boolean {
  for (const at of wordOccurrences(text, name)) if (!isMemberName(text, at)) return true;
  return false;
}

/** The original range lies inside one stretch of source the output copies untouched. */
function isCopied(output: Rendered, range: { start: number; end: number }): boolean {
  return output.segments.some((s) => s.origin.kind === 'source' && s.origin.srcStart <= range.start && range.end <= s.origin.srcStart + (s.outEnd - s.outStart));
}

/**
 * Locals, by function, whose name occurs in source text the output no longer carries and that
 * were read in the original, but not in any text the output still carries: the only ones a
 * rewrite can have made dead. (Locals NetBSD itself left dead are not ours to remove, and a read
 * in untouched text is a read in the output too.)
 */
function suspectLocals(source: SourceFile, output: Rendered): { local: LocalState; body: SyntaxNode }[] {
  const fns = new Map<number, FunctionEntry>();
  let root: SyntaxNode | undefined;
  let last: { node: SyntaxNode; flat: boolean } | undefined;
  // Removed ranges come in order, most in the function of the one before; that function is
  // reused unless error recovery nested another function in it (if_dge.c, bktr_os.c): C has no
  // nested functions, so only a function with an ERROR inside can hold one.
  const functionAt = (at: number): FunctionEntry | undefined => {
    let node: SyntaxNode | undefined;
    if (last?.flat && at >= last.node.startIndex && at < last.node.endIndex) node = last.node;
    else {
      node = functionContaining((root ??= originalRoot(source)), at);
      if (node) last = { node, flat: !node.hasError };
    }
    if (!node) return undefined;
    let entry = fns.get(node.startIndex);
    if (!entry) fns.set(node.startIndex, (entry = { node, bodyStart: node.childForFieldName('body')?.startIndex ?? node.startIndex, names: new Set<string>() }));
    return entry;
  };
  const removed = removedRanges(source.text.length, output);
  const assignable = new AssignableNames(source.masked);
  for (const r of removed) {
    let fn: ReturnType<typeof functionAt> | null = null; // null: not looked up yet
    const itemStart = parsedStart(source, r.start);
    for (const name of identifiersIn(source, r.start, r.end)) {
      if (!assignable.before(name, itemStart, r.start)) continue;
      if (fn === null) fn = functionAt(r.start);
      if (!fn) break;
      if (declaredBefore(source.masked, name, fn.bodyStart, r.start)) fn.names.add(name);
    }
  }
  const suspects: { local: LocalState; body: SyntaxNode }[] = [];
  for (const { node, names } of fns.values()) {
    if (names.size === 0) continue;
    const body = node.childForFieldName('body');
    if (!body) continue;
    for (const local of localsOf(body, source.masked, names, (at) => isRemoved(removed, at))) if (local.reads === 'removed') suspects.push({ local, body });
  }
  return suspects;
}

interface FunctionEntry {
  node: SyntaxNode;
  bodyStart: number;
  /** Names of its locals (maybe) whose reads a rewrite removed. */
  names: Set<string>;
}

/**
 * A local is declared in its function's body before any use, so a name with no whole-word
 * occurrence between the body's start (`from`) and `at` is no local there (MUTEX_DEFAULT, IPL_NET, ...):
 * a text search instead of a look at the function's declarations.
 */
function declaredBefore(text: string, name: string, from: number, at: number): boolean {
  for (const i of wordOccurrences(text, name, from)) return i < at; // the first one decides
  return false;
}

function isRemoved(ranges: readonly { start: number; end: number }[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (offset < r.start) hi = mid - 1;
    else if (offset >= r.end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Source ranges that no 'source' segment of the output copies (what the edits removed). */
function removedRanges(length: number, output: Rendered): { start: number; end: number }[] {
  const kept = output.segments
    .filter((s) => s.origin.kind === 'source')
    .map((s) => ({ start: s.origin.srcStart, end: s.origin.srcStart + (s.outEnd - s.outStart) }))
    .sort((a, b) => a.start - b.start);
  const removed: { start: number; end: number }[] = [];
  let pos = 0;
  for (const k of kept) {
    if (k.start > pos) removed.push({ start: pos, end: k.start });
    pos = Math.max(pos, k.end);
  }
  if (pos < length) removed.push({ start: pos, end: length });
  return removed;
}

/**
 * The identifier-like words starting in [start, end) of the text or of the masked text that may
 * be reads of a local: not member names (`->sc_dev`, `.dm_mapsize`) nor C keywords. Only a use
 * that starts in removed text is a removed read (localsOf); a word merely touching the range,
 * `sc` in `mutex_enter(sc)` whose call name went, is copied and still read.
 */
function identifiersIn(source: SourceFile, start: number, end: number): Set<string> {
  const names = new Set<string>();
  for (const text of [source.text, source.masked]) {
    let s = start;
    while (s < end && s > 0 && IDENTIFIER_CHAR.test(text[s]!) && IDENTIFIER_CHAR.test(text[s - 1]!)) s++; // the rest of a word begun before
    const word = /[A-Za-z_]\w*/g;
    word.lastIndex = s;
    for (let m = word.exec(text); m && m.index < end; m = word.exec(text)) if (!C_KEYWORDS.has(m[0]) && !isMemberName(text, m.index)) names.add(m[0]);
  }
  return names;
}

const C_KEYWORDS = new Set(
  'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool'.split(' '),
);

/** The word at `at` follows `.` or `->`: a member's name. */
function isMemberName(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && /\s/.test(text[j]!)) j--;
  return text[j] === '.' || (text[j] === '>' && text[j - 1] === '-');
}

/**
 * Whether a name occurs in `text[from, at)` other than before a `(`. A local's declaration comes
 * before its uses in its function, and a variable's declarator is never its name followed by `(`
 * (that is a function prototype): without such an occurrence between the start of the file-scope
 * item and a use, the name (mutex_enter, kmem_alloc, ...) is no local there. Asked with rising
 * `at` (removed ranges come in order), so each name's occurrences are searched once per file.
 */
class AssignableNames {
  private readonly seen = new Map<string, { from: number; upTo: number; offsets: number[] }>();

  constructor(private readonly text: string) {}

  before(name: string, from: number, at: number): boolean {
    let e = this.seen.get(name);
    if (!e || from < e.from) this.seen.set(name, (e = { from, upTo: from, offsets: [] }));
    if (e.upTo < at) {
      for (const i of wordOccurrences(this.text, name, e.upTo)) {
        if (i >= at) break;
        if (!calledAt(this.text, i + name.length)) e.offsets.push(i);
      }
      e.upTo = at;
    }
    for (let k = e.offsets.length - 1; k >= 0 && e.offsets[k]! >= from; k--) if (e.offsets[k]! + name.length <= at) return true;
    return false;
  }
}

/** Only blanks lie between `at` and a `(`. */
function calledAt(text: string, at: number): boolean {
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return text[at] === '(';
}

/** Where the parsed stretch of file-scope items holding `at` starts (0: the whole file was parsed). */
function parsedStart(source: SourceFile, at: number): number {
  for (const r of source.ranges ?? []) if (r.start <= at && at < r.end) return r.start;
  return 0;
}

/**
 * The innermost function definition holding the character at `at`: a cursor goes down from the
 * root (no node objects on the way; climbing from a leaf made one per level).
 */
function functionContaining(root: SyntaxNode, at: number): SyntaxNode | undefined {
  const cursor = root.walk();
  let found: SyntaxNode | undefined;
  for (;;) {
    // The binding returns the child's index (null: none), not the boolean its types declare.
    const moved: unknown = cursor.gotoFirstChildForIndex(at);
    if (moved === null || moved === false || cursor.startIndex > at) return found;
    if (cursor.nodeType === 'function_definition') found = cursor.currentNode;
  }
}

/** The tree of the masked original: parseSource already built it (the file fragment). */
function originalRoot(source: SourceFile): SyntaxNode {
  const file = source.fragments.find((f) => f.kind === 'file');
  return file ? file.tree.rootNode : parseC(source.masked).rootNode;
}

interface LocalState {
  local: string;
  /** 'kept': read somewhere `removed` does not cover; 'removed': read only there; 'none': never read. */
  reads: 'kept' | 'removed' | 'none';
  /** Unless kept: the declaration (or the declarator in a list) and every dead store outside removed text, in `text` offsets. */
  ranges: { start: number; end: number }[];
}

/** The locals named in `names` that `body` declares (without side effects), and where they are read. */
function* localsOf(body: SyntaxNode, text: string, names: ReadonlySet<string>, removed: (offset: number) => boolean = () => false): Generator<LocalState> {
  for (const decl of declarationsNaming(body, text, names)) {
    const declarators = decl.childrenForFieldName('declarator');
    for (const d of declarators) {
      const local = declaratorName(d.type === 'init_declarator' ? d.childForFieldName('declarator') : d);
      if (!local || !names.has(local)) continue;
      const init = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
      if (init && hasSideEffects(init)) continue;
      // Uses are looked up one at a time and the search stops at the first kept read: most
      // locals are read early, and every lookup costs native calls.
      const deadStores: SyntaxNode[] = [];
      let reads: LocalState['reads'] = 'none';
      for (const use of identifiersNamed(body, text, local)) {
        if (isWithin(use, decl)) continue;
        const store = deadStoreOf(use);
        if (store) deadStores.push(store);
        else if (removed(use.startIndex)) reads = 'removed';
        else {
          reads = 'kept';
          break;
        }
      }
      if (reads === 'kept') {
        yield { local, reads, ranges: [] };
        continue;
      }
      const removal = declarators.length === 1 ? lineRange(text, decl) : declaratorRange(text, d);
      // Stores inside removed text are gone with it; the others go with the declaration.
      const stores = deadStores.filter((st) => !removed(st.startIndex)).map((st) => lineRange(text, st));
      yield { local, reads, ranges: [removal, ...stores] };
      if (declarators.length > 1) break; // one declarator per declaration per round keeps ranges simple
    }
  }
}

/**
 * The declarations among `body`'s statements whose text names one of `names`: walked with a
 * cursor that looks at each statement's type and extent, so only those declarations become node
 * objects (a large function has hundreds of statements; a few suspects).
 */
function declarationsNaming(body: SyntaxNode, text: string, names: ReadonlySet<string>): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = body.walk();
  if (!cursor.gotoFirstChild()) return found;
  do {
    if (cursor.nodeType !== 'declaration') continue;
    const { startIndex, endIndex } = cursor;
    for (const name of names) {
      if (wordOccurrences(text, name, startIndex, endIndex).next().done) continue;
      found.push(cursor.currentNode);
      break;
    }
  } while (cursor.gotoNextSibling());
  return found;
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
