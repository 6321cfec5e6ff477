import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../inputs/hash.js';
import type { LineOrigin } from '../translate/line-origins.js';
import { originsOf } from './build-run-record.js';
import { diffHunks, hunkRuleIds, type Hunk } from './hunks.js';
import { overlayInfo, type RuleInfo } from './rule-info.js';
import type { FileRecord, ModuleRecord, RecordedDiagnostic, RunRecord } from './run-record.js';
import { sideBySide, type Block } from './side-by-side.js';
import type { VerifyCheck, VerifyResults } from './verify-results.js';
import { whereApplied, type Place } from './where-applied.js';

/** What the review page shows, computed from the tree, its run record and the NetBSD inputs. */
export interface ReviewFile {
  module: string;
  /** Emitted path relative to sys/dev/virtio/, and the NetBSD file it came from. */
  output: string;
  input?: string;
  netbsd: string[];
  dragonfly: string[];
  /** Per DragonFly line; absent when the file changed since the run (provenance no longer fits). */
  origins?: LineOrigin[];
  hunks: Hunk[];
  blocks: Block[];
  /** Rule ids per hunk (index = hunk index in `hunks` and in `blocks`). */
  hunkRules: string[][];
  rules: string[];
  record: FileRecord;
  diagnostics: BuildDiagnostic[];
  verify: VerifyCheck[];
  warnings: string[];
}

export interface ReviewModule {
  record: ModuleRecord;
  files: ReviewFile[];
  /** This module's build diagnostics on files the page does not show (obj-dir headers, the linker). */
  otherDiagnostics: BuildDiagnostic[];
  verify: VerifyCheck[];
}

/** A diagnostic of the last --check, and the module whose build reported it (a header is built by several). */
export type BuildDiagnostic = RecordedDiagnostic & { builtBy: string };

export interface ReviewRule {
  info: RuleInfo;
  count: number;
  places: Place[];
}

export interface ReviewData {
  dest: string;
  modules: ReviewModule[];
  rules: ReviewRule[];
  verify?: VerifyResults;
}

const lines = (text: string): string[] => {
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
};

export function reviewData(dest: string, record: RunRecord, infos: ReadonlyMap<string, RuleInfo>, verify: VerifyResults | undefined, driver?: string): ReviewData {
  const checks = verify && 'checks' in verify ? verify.checks : [];
  const selected = record.modules.filter((m) => !driver || driver === 'all' || m.module === driver);
  const diagnostics = selected.flatMap((m) => (m.build?.diagnostics ?? []).map((d): BuildDiagnostic => ({ ...d, builtBy: m.module })));
  const shown = new Set(selected.flatMap((m) => m.files.map((f) => f.output)));
  const modules = selected.map(
    (m): ReviewModule => ({
      record: m,
      files: m.files.map((f) => reviewFile(dest, m, f, checks, diagnostics)),
      otherDiagnostics: diagnostics.filter((d) => d.builtBy === m.module && (!shown.has(d.file) || d.line < 1)),
      verify: checks.filter((c) => c.module === m.module && !(c.file && shown.has(c.file))),
    }),
  );
  const used = new Set(modules.flatMap((m) => m.files.flatMap((f) => f.rules)));
  const shownRecord: RunRecord = { ...record, modules: modules.map((m) => m.record) };
  const rules = [...used].sort().map((id): ReviewRule => {
    const places = whereApplied(shownRecord, id);
    const info = infos.get(id) ?? (id.startsWith('patch:') ? overlayInfo(id) : undefined);
    const fallback: RuleInfo = { id, kind: 'rule', summary: 'not defined in this checkout any more (renamed or deleted since the run)', file: '', line: 0, scope: '', body: '', examples: [], tests: [], identifiers: [] };
    return { info: info ?? fallback, count: places.length, places };
  });
  return { dest, modules, rules, ...(verify ? { verify } : {}) };
}

function reviewFile(dest: string, m: ModuleRecord, f: FileRecord, checks: readonly VerifyCheck[], diagnostics: readonly BuildDiagnostic[]): ReviewFile {
  const warnings: string[] = [];
  const outPath = join(dest, f.output);
  const outBytes = existsSync(outPath) ? readFileSync(outPath) : undefined;
  if (!outBytes) warnings.push(`${f.output} is missing from the tree`);
  const current = outBytes !== undefined && sha256Hex(outBytes) === f.outputSha256;
  if (outBytes && !current) warnings.push(`${f.output} changed since port-virtio wrote it: line origins and rule marks are not shown for it`);
  let netbsd = '';
  if (f.input) {
    const inPath = join(m.src, f.input);
    const inBytes = existsSync(inPath) ? readFileSync(inPath) : undefined;
    if (!inBytes) warnings.push(`NetBSD input ${inPath} is missing: only the DragonFly side is shown`);
    else if (sha256Hex(inBytes) !== f.inputSha256) warnings.push(`NetBSD input ${f.input} changed since the run: rerun port-virtio before trusting this view`);
    netbsd = inBytes?.toString('latin1') ?? '';
  }
  const dragonfly = outBytes?.toString('latin1') ?? '';
  const origins = current ? originsOf(f) : undefined;
  const hunks = diffHunks(netbsd, dragonfly);
  const provenance = { applications: f.applications.map(([ruleId, line]) => ({ ruleId, line })), origins: origins ?? [] };
  const hunkRules = hunks.map((h) => hunkRuleIds(provenance, h));
  const rules = [...new Set([...f.applications.map(([id]) => id), ...f.origins.flatMap(([, , ...ids]) => ids)])].sort();
  const netbsdLines = lines(netbsd);
  const dragonflyLines = lines(dragonfly);
  return {
    module: m.module,
    output: f.output,
    ...(f.input ? { input: f.input } : {}),
    netbsd: netbsdLines,
    dragonfly: dragonflyLines,
    ...(origins ? { origins } : {}),
    hunks,
    blocks: sideBySide(netbsdLines.length, dragonflyLines.length, hunks),
    hunkRules,
    rules,
    record: f,
    diagnostics: dedupe(diagnostics.filter((d) => d.file === f.output && d.line >= 1)),
    verify: checks.filter((c) => c.file === f.output),
    warnings,
  };
}

/** A header is compiled by several modules' builds: one entry per distinct message, naming every build. */
function dedupe(ds: readonly BuildDiagnostic[]): BuildDiagnostic[] {
  const byKey = new Map<string, BuildDiagnostic>();
  for (const d of ds) {
    const key = `${d.line}:${d.column}:${d.severity}:${d.message}`;
    const prior = byKey.get(key);
    if (prior) prior.builtBy = `${prior.builtBy}, ${d.builtBy}`;
    else byKey.set(key, { ...d });
  }
  return [...byKey.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}
