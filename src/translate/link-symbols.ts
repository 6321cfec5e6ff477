import type { MacroShapes } from '../parse/macro-shapes.js';
import { declaratorName } from '../parse/c-queries.js';
import { codeIdentifiers } from '../parse/code-spans.js';
import { parseC, type SyntaxNode } from '../parse/tree-sitter-c.js';
import { maskMacros } from '../parse/mask-macros.js';
import { applyEdits, type Rendered, type Segment } from '../rewrite/apply-edits.js';
import type { Edit, EditPart } from '../rewrite/edit.js';
import { lineOrigins, type LineOrigin } from './line-origins.js';
import type { RuleApplication, TranslatedFile } from './translate-file.js';

/** The file-scope names of one C file, by linkage. */
export interface FileSymbols {
  /** Functions and variables it defines with external linkage (exported by its module). */
  defined: string[];
  /** Non-static prototypes and `extern` declarations (names it expects some module to define). */
  declared: string[];
  /** Names it declares or defines `static` anywhere at file scope: internal to the file. */
  internal: Set<string>;
  /** Where each name is first defined or declared (offset of the name). */
  at: Map<string, number>;
}

/** The file-scope symbols of C text, by linkage (C11 6.2.2: a name once declared static stays internal). */
export function fileSymbols(text: string, shapes?: MacroShapes, root: SyntaxNode = parseFile(text, shapes)): FileSymbols {
  const defined = new Set<string>();
  const declared = new Set<string>();
  const internal = new Set<string>();
  const at = new Map<string, number>();
  const note = (name: string, node: SyntaxNode): void => void (at.has(name) || at.set(name, node.startIndex));
  const visit = (items: readonly SyntaxNode[]): void => {
    for (const node of items) {
      if (/^preproc_(if|ifdef|else|elif|elifdef)$/.test(node.type) || node.type === 'declaration_list' || node.type === 'linkage_specification') {
        visit(node.namedChildren);
        continue;
      }
      if (node.type !== 'function_definition' && node.type !== 'declaration') continue;
      const storage = node.namedChildren.filter((c) => c.type === 'storage_class_specifier').map((c) => c.text);
      for (const d of node.childrenForFieldName('declarator')) {
        const name = declaratorName(d);
        const nameNode = nameIdentifier(d);
        // `struct x { ... } __packed;` parses as a variable named __packed: a reserved name
        // (C11 7.1.3) is the system's, never a symbol of a driver.
        if (!name || !nameNode || name.startsWith('__')) continue;
        if (storage.includes('static')) {
          internal.add(name);
          continue;
        }
        const definition = node.type === 'function_definition' || (!storage.includes('extern') && !isPrototype(d));
        (definition ? defined : declared).add(name);
        note(name, nameNode);
      }
    }
  };
  visit(root.namedChildren);
  return { defined: [...defined].filter((n) => !internal.has(n)), declared: [...declared].filter((n) => !internal.has(n) && !defined.has(n)), internal, at };
}

function parseFile(text: string, shapes?: MacroShapes): SyntaxNode {
  return parseC(shapes ? maskMacros(text, shapes).masked : text).rootNode;
}

/** A translated output's parse, made once for prefixRenames and renameSymbols. */
const outputTrees = new WeakMap<Rendered, SyntaxNode>();
function parsedOutput(out: Rendered, shapes?: MacroShapes): SyntaxNode {
  let root = outputTrees.get(out);
  if (!root) outputTrees.set(out, (root = parseFile(out.text, shapes)));
  return root;
}

function nameIdentifier(node: SyntaxNode | null): SyntaxNode | undefined {
  let n = node;
  while (n) {
    if (n.type === 'identifier') return n;
    n = n.type === 'parenthesized_declarator' ? n.namedChild(0) : n.childForFieldName('declarator');
  }
  return undefined;
}

/** A function declarator names a function; `int (*fp)(void)` (a pointer inside parentheses) is a variable. */
function isPrototype(declarator: SyntaxNode): boolean {
  let n: SyntaxNode | null = declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator;
  while (n && n.type === 'pointer_declarator') n = n.childForFieldName('declarator');
  if (!n || n.type !== 'function_declarator') return false;
  const inner = n.childForFieldName('declarator');
  return !(inner?.type === 'parenthesized_declarator' && inner.namedChild(0)?.type === 'pointer_declarator');
}

/** Each name the translated files define with external linkage, and its name with `prefix`. */
export function prefixRenames(files: readonly TranslatedFile[], shapes: MacroShapes, prefix: string): Map<string, string> {
  const names = new Set<string>();
  for (const f of files) for (const n of fileSymbols(f.output.text, shapes, parsedOutput(f.output, shapes)).defined) names.add(n);
  return new Map([...names].filter((n) => !n.startsWith(prefix)).sort().map((n) => [n, prefix + n]));
}

/**
 * Renames every use of `renames`' names in a translated file (link/module-symbol-prefix): a name
 * in code that NetBSD's text kept becomes an edit of its own, one inside a rule's or template's
 * text is renamed in that text. Names the file declares static, and what the parse calls a member,
 * tag, type or label, are left alone. Returns the file re-rendered, or the same object when
 * nothing is renamed.
 */
export function renameSymbols(t: TranslatedFile, renames: ReadonlyMap<string, string>, ruleId: string, shapes?: MacroShapes): TranslatedFile {
  const out = t.output;
  const candidates = codeIdentifiers(out.text).filter((x) => renames.has(x.name));
  if (candidates.length === 0) return t;
  const root = parsedOutput(out, shapes);
  const internal = fileSymbols(out.text, shapes, root).internal;
  const sites = candidates.filter((x) => !internal.has(x.name) && names(root, out.text, x.start, x.name.length));
  if (sites.length === 0) return t;
  const added = new Map<number, Edit>();
  // A rule's or template's text part: renamed once, wherever it renders (a capture may render twice).
  const partRenames = new Map<Edit, Map<string, string>>();
  const applications: RuleApplication[] = [];
  let seg = 0;
  for (const site of sites) {
    const end = site.start + site.name.length;
    while (seg < out.segments.length && out.segments[seg]!.outEnd <= site.start) seg++;
    const s = out.segments[seg];
    if (!s || end > s.outEnd) throw new Error(`${t.path}: ${site.name} at output offset ${site.start} spans two pieces of the rendering`);
    const to = renames.get(site.name)!;
    if (s.origin.kind === 'source') {
      const srcStart = s.origin.srcStart + (site.start - s.outStart);
      if (!added.has(srcStart)) {
        added.set(srcStart, { start: srcStart, end: srcStart + site.name.length, parts: [to], ruleId });
        applications.push({ ruleId, ...t.source.lines.position(srcStart) });
      }
      continue;
    }
    const owner = ownerEdit(t.edits, s, out);
    const texts = partRenames.get(owner) ?? new Map<string, string>();
    partRenames.set(owner, texts);
    const piece = out.text.slice(s.outStart, s.outEnd);
    if (texts.has(piece)) continue;
    applications.push({ ruleId, ...t.source.lines.position(owner.start) });
    const inPiece = sites.filter((x) => x.start >= s.outStart && x.start < s.outEnd).map((x) => ({ name: x.name, start: x.start - s.outStart }));
    texts.set(piece, spliceRenames(piece, inPiece, renames));
  }
  const edits: Edit[] = t.edits.map((e) => {
    const texts = partRenames.get(e);
    if (!texts) return e;
    return { ...e, parts: e.parts.map((p): EditPart => (typeof p === 'string' ? (texts.get(p) ?? p) : p)) };
  });
  edits.push(...added.values());
  const output = applyEdits(t.source.text, edits);
  const expected = spliceRenames(out.text, sites, renames);
  if (output.text !== expected) throw new Error(`${t.path}: renaming the module's symbols changed more than the names`);
  const all = [...t.applications, ...applications].sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return withOutput(t, output, edits, all);
}

function withOutput(t: TranslatedFile, output: Rendered, edits: Edit[], applications: RuleApplication[]): TranslatedFile {
  let origins: LineOrigin[] | undefined;
  return {
    path: t.path,
    source: t.source,
    output,
    edits,
    applications,
    get origins(): LineOrigin[] {
      return (origins ??= lineOrigins(output, t.source.lines));
    },
    diagnostics: t.diagnostics,
  };
}

/** The edit whose text part rendered segment `s` (same rule, template, start and text). */
function ownerEdit(edits: readonly Edit[], s: Segment, out: Rendered): Edit {
  const o = s.origin;
  if (o.kind !== 'edit') throw new Error('not an edit segment');
  const piece = out.text.slice(s.outStart, s.outEnd);
  const e = edits.find((x) => x.start === o.srcStart && x.ruleId === o.ruleId && x.template === o.template && x.parts.includes(piece));
  if (!e) throw new Error(`no edit of [${o.ruleId}] renders ${JSON.stringify(piece.slice(0, 40))}`);
  return e;
}

/**
 * Whether the token at `start` names a function or variable: the parse says so (an identifier,
 * not a member, tag, type or label); in a `#define` body, which the parse leaves as text, it is
 * not after `.`, `->` or struct/union/enum.
 */
function names(root: SyntaxNode, text: string, start: number, length: number): boolean {
  const node = root.descendantForIndex(start, start + length);
  if (node.startIndex === start && node.endIndex === start + length && node.type !== 'preproc_arg') return node.type === 'identifier';
  const before = text.slice(Math.max(0, start - 16), start).trimEnd();
  return !(before.endsWith('.') || before.endsWith('->') || /\b(struct|union|enum)$/.test(before));
}

function spliceRenames(text: string, sites: readonly { name: string; start: number }[], renames: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  let pos = 0;
  for (const s of sites) {
    parts.push(text.slice(pos, s.start), renames.get(s.name)!);
    pos = s.start + s.name.length;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}
