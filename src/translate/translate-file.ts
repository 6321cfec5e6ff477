import { basename } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ModulePlan } from '../emit/module-plan.js';
import { findRuleEdits } from '../match/find-rule-edits.js';
import { literalTest, literalWords, tokensTest } from '../match/literal-test.js';
import { expectLiterals } from '../match/candidate-nodes.js';
import { ruleApplies, type Rule } from '../match/rule.js';
import { mentionsAny } from '../match/rule-literals.js';
import type { MacroShapes } from '../parse/macro-shapes.js';
import { parseSource } from '../parse/parse-source.js';
import type { ParseProblem, SourceFile } from '../parse/source-file.js';
import { applyEdits, EditOverlapError, type Rendered } from '../rewrite/apply-edits.js';
import type { Edit } from '../rewrite/edit.js';
import { renderedRanges } from '../rewrite/rendered-ranges.js';
import type { Transform } from '../transform/transform.js';
import { findDeadLocals } from './dead-locals.js';
import { lineOrigins, type LineOrigin } from './line-origins.js';
import { parsesAsBefore } from './same-parse.js';
import { gapMarkers, parseDiagnostics } from './parse-diagnostics.js';

export interface RuleApplication {
  ruleId: string;
  line: number;
  column: number;
}

export interface TranslatedFile {
  path: string;
  /**
   * The parsed original: its text, lines, masking, problems. Not its main tree, which the re-parse
   * check may have edited into the output's (parse-source.ts `from.spend`).
   */
  source: SourceFile;
  output: Rendered;
  edits: Edit[];
  applications: RuleApplication[];
  origins: LineOrigin[];
  diagnostics: Diagnostic[];
}

export interface TranslateOptions {
  rules: readonly Rule[];
  transforms: readonly Transform[];
  shapes: MacroShapes;
  module: ModulePlan | undefined;
  modules: readonly ModulePlan[];
  /** Translate despite ERROR regions: they become warnings and the output marks each gap. */
  allowPartial?: boolean;
  /**
   * Parse the whole file even when it could be parsed by items (rules, and transforms that name
   * what they read, act only in the file-scope items that mention their literals, so by default
   * only those are parsed), to hear of every ERROR region in it.
   */
  wholeFile?: boolean;
}

/** parse -> match (data rules and transforms, all against the original tree) -> rewrite -> re-parse check. */
export function translateFile(path: string, text: string, opts: TranslateOptions): TranslatedFile {
  const base = basename(path);
  const rules = opts.rules.filter((r) => ruleApplies(r, opts.module?.name, base));
  // A transform none of whose literals the file mentions does nothing here (see Transform.literals).
  const transforms = opts.transforms.filter((t) => t.appliesTo(opts.module, base) && mentionsAny(text, t.literals));
  // A #define body that mentions no literal of these rules cannot get an edit: it is not parsed.
  const canAct = literalTest(rules, transforms);
  // Rules act only inside the file-scope items that mention their literals: those alone are
  // parsed, with the items a transform names besides (Transform.itemNames). A transform without
  // itemNames may read the whole file, which is then parsed whole.
  const items = typeof canAct !== 'boolean' && opts.wholeFile !== true ? itemsToParse(canAct, transforms, text) : undefined;
  const source = parseSource(path, text, opts.shapes, {
    macroBodies: typeof canAct === 'boolean' ? canAct : (body) => canAct.test(body),
    ...(items ? { ranges: items } : {}),
  });
  const words = literalWords(rules);
  if (words) expectLiterals(source, words);
  const diagnostics: Diagnostic[] = parseDiagnostics(source, opts.allowPartial === true);
  if (text.trim() === '') diagnostics.push({ code: 'PV1004', severity: 'error', message: 'input file is empty', file: path, line: 1, column: 1 });
  const edits: Edit[] = [];
  for (const rule of rules) {
    try {
      edits.push(...findRuleEdits(rule, source));
    } catch (e) {
      diagnostics.push({ code: 'PV2002', severity: 'error', message: (e as Error).message, file: rule.file, line: rule.line, column: 1, ruleId: rule.id });
    }
  }
  for (const t of transforms) {
    const r = t.create({ file: source, module: opts.module, modules: opts.modules });
    edits.push(...r.edits);
    diagnostics.push(...r.diagnostics);
  }
  // Markers go first (as ever) but are placed knowing the rule edits, so none lands inside one.
  if (opts.allowPartial) edits.unshift(...gapMarkers(source, edits));
  // The re-parse check parses the output (when it must: see same-parse.ts); only ERROR/MISSING
  // regions and the main tree are needed, so no #define body fragments. The parse is incremental
  // from the original's tree: tree-sitter re-reads only around the edits. It comes last, so it
  // spends that tree (see TranslatedFile.source).
  const parseOutput = (out: Rendered): SourceFile =>
    parseSource(path, out.text, opts.shapes, {
      macroBodies: false,
      from: { masked: source.masked, tree: source.fragments[0]!.tree, pieces: out.segments, spend: true, ...(source.ranges ? { ranges: { parsed: source.ranges, lines: source.lines } } : {}) },
      ...(source.ranges ? { ranges: renderedRanges(source.ranges, out) } : {}),
    });
  let output = render(source, edits, diagnostics);
  // Locals that the rewrites left unused (NetBSD handles, intrstr, ...) would be -Wunused warnings.
  for (let round = 0; round < 3 && output; round++) {
    const dead = findDeadLocals(source, output);
    if (dead.length === 0) break;
    edits.push(...dead);
    output = render(source, edits, diagnostics);
  }
  output ??= { text, segments: [{ outStart: 0, outEnd: text.length, origin: { kind: 'source', srcStart: 0 } }] };
  reparseCheck(source, output, edits, diagnostics, parseOutput, opts.shapes);
  const applications = edits
    .map((e) => ({ ruleId: e.ruleId, ...source.lines.position(e.start) }))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  // Line provenance is for reports and review; a batch over a tree never asks for it.
  let origins: LineOrigin[] | undefined;
  const rendered = output;
  return {
    path,
    source,
    output,
    edits,
    applications,
    get origins(): LineOrigin[] {
      return (origins ??= lineOrigins(rendered, source.lines));
    },
    diagnostics,
  };
}

/**
 * What the file-scope items to parse mention, or undefined when a transform reads the whole file.
 * A transform's literal must be where the whole file's tree has it: not in an item that an `#if`
 * encloses, which parsed alone would be at file scope (fileScopeCalls would see it).
 */
function itemsToParse(canAct: RegExp, transforms: readonly Transform[], text: string): { mentioning: RegExp | RegExp[]; fileScope?: RegExp } | undefined {
  if (transforms.length === 0) return { mentioning: canAct };
  const names: string[] = [];
  for (const t of transforms) {
    const more = t.itemNames?.(text);
    if (!more) return undefined;
    names.push(...more);
  }
  const fileScope = literalTest([], transforms);
  return { mentioning: names.length > 0 ? [canAct, tokensTest(names)] : canAct, ...(typeof fileScope === 'boolean' ? {} : { fileScope }) };
}

function render(source: SourceFile, edits: Edit[], diagnostics: Diagnostic[]): Rendered | undefined {
  try {
    return applyEdits(source.text, edits);
  } catch (e) {
    if (!(e instanceof EditOverlapError)) throw e;
    const { line, column } = source.lines.position(e.second.start);
    diagnostics.push({
      code: 'PV3001',
      severity: 'error',
      message: `overlapping edits: [${e.first.ruleId}] and [${e.second.ruleId}] both rewrite this code`,
      file: source.path,
      line,
      column,
      ruleId: e.second.ruleId,
    });
    return undefined;
  }
}

/** New ERROR nodes in the output are a rule's fault: name the rules whose edits are nearest. */
function reparseCheck(
  source: SourceFile,
  rendered: Rendered,
  allEdits: Edit[],
  diagnostics: Diagnostic[],
  parseOutput: (output: Rendered) => SourceFile,
  shapes: MacroShapes,
): void {
  // --allow-partial's gap markers are comments for the reader, not rewrites, and a comment can
  // change tree-sitter's error recovery (before an #ifdef in an initializer): check without them.
  const edits = allEdits.filter((e) => e.template !== 'partial-gap-marker');
  let output = rendered;
  if (edits.length < allEdits.length) {
    try {
      output = applyEdits(source.text, edits);
    } catch (e) {
      if (e instanceof EditOverlapError) return; // render() reported it; the output is the input
      throw e;
    }
  }
  const before = source.problems.filter((p) => p.kind !== 'unparsed-macro-body').length;
  if (output.text === source.text) return; // same text, same parse: nothing new
  if (parsesAsBefore(source, output, shapes)) return; // no new ERROR possible (see same-parse.ts)
  const newProblems = (parsed: SourceFile): ParseProblem[] => parsed.problems.filter((p) => p.kind !== 'unparsed-macro-body');
  if (newProblems(parseOutput(output)).length <= before) return;
  // A fault is reported only on a fresh parse's word (error recovery may differ incrementally).
  const after = parseSource(source.path, output.text, shapes, { macroBodies: false, ...(source.ranges ? { ranges: renderedRanges(source.ranges, output) } : {}) });
  const problems = newProblems(after);
  if (problems.length <= before) return;
  for (const p of problems) {
    const seg = output.segments.find((s) => s.outStart <= p.start && p.start < s.outEnd) ?? output.segments[output.segments.length - 1];
    const srcOffset = seg ? seg.origin.srcStart : 0;
    const nearest = edits.reduce<Edit | undefined>((best, e) => (!best || Math.abs(e.start - srcOffset) < Math.abs(best.start - srcOffset) ? e : best), undefined);
    const { line, column } = source.lines.position(srcOffset);
    const out = after.lines.position(p.start);
    diagnostics.push({
      code: 'PV3002',
      severity: 'error',
      message: `rewritten code no longer parses (output line ${out.line}:${out.column}, ${p.kind})`,
      file: source.path,
      line,
      column,
      ...(nearest ? { ruleId: nearest.ruleId } : {}),
    });
  }
}
