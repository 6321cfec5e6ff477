import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/format-text.js';
import { encodeText, readSourceFileSync } from '../inputs/read-source.js';
import { InputError } from '../inputs/input-error.js';
import { translateTree, type TreeResult } from '../batch/translate-tree.js';
import type { RuleApplication } from '../translate/translate-file.js';
import { translateFile } from '../translate/translate-file.js';
import { createProgress } from './progress.js';
import { loadGeneralRuleSet, type GeneralRuleSet } from './general-rule-set.js';

export interface TranslateArgs {
  /** Files, each written to `out` under its own name; or folders, each translated as a tree into `out`. */
  paths: string[];
  out: string;
  diff: boolean;
  report?: string | undefined;
  allowPartial?: boolean;
  /** Parse whole files even for rules alone (every ERROR region reported; see TranslateOptions.wholeFile). */
  wholeFiles?: boolean;
  color?: boolean;
  /** A porter's own rule folder instead of the project's general rules (no transforms then). */
  rules?: string | undefined;
  /** Folders only: content-addressed result cache (input hash + rule-set hash). */
  cache?: string | undefined;
  /** Folders only: worker threads beside the main one (default: one per further core). */
  workers?: number | undefined;
  /** Folders only: false parses every file, even those no rule's literal occurs in (to measure the filter). */
  prefilter?: boolean;
}

interface ReportEntry {
  input: string;
  written: boolean;
  rules: RuleApplication[];
  diagnostics: Diagnostic[];
}

/** Per folder: the batch totals (no times: the report is the same for the same inputs and cache). */
interface TreeSummary {
  root: string;
  totals: TreeResult['totals'];
}

/**
 * `port-virtio translate PATH... --out DIR`: the general rules (no driver scope) on any NetBSD C
 * code. A folder is a whole tree (a NetBSD subsystem): files no rule can touch are not parsed,
 * the rest are shared with worker threads, and each changed file is written under DIR at its
 * path in the tree. Files with error diagnostics are not written; the exit code is then 1.
 */
export async function runTranslateCommand(args: TranslateArgs): Promise<number> {
  const folders: string[] = [];
  const files: string[] = [];
  for (const p of args.paths) (isFolder(p) ? folders : files).push(p);
  if (folders.length > 0 && args.diff) {
    process.stderr.write(`port-virtio: --diff shows files, not trees (${folders[0]} is a folder); use --report for what each rule changed where\n`);
    return 2;
  }
  const ruleSet = loadGeneralRuleSet(args.rules);
  const report: ReportEntry[] = [];
  const trees: TreeSummary[] = [];
  // The diff printer (and the diff library) loads only for --diff: a tree run never needs it.
  const printDiff = args.diff ? await import('./print-diff.js') : undefined;
  let failed = translateFiles(files, ruleSet, args, report, printDiff);
  for (const folder of folders) if (await translateFolder(folder, ruleSet, args, report, trees)) failed = true;
  if (args.report) writeFileSync(resolve(args.report), JSON.stringify({ schema: 1, files: report, trees }, null, 2) + '\n');
  return failed ? 1 : 0;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a missing path is reported by the file reader, with its name
  }
}

/** Each file on its own, in this thread; true when any failed. */
function translateFiles(paths: string[], ruleSet: GeneralRuleSet, args: TranslateArgs, report: ReportEntry[], printDiff: typeof import('./print-diff.js') | undefined): boolean {
  const outDir = resolve(args.out);
  let failed = false;
  const progress = createProgress('translating', paths.length);
  for (const path of paths) {
    progress.step(path);
    let raw;
    try {
      raw = readSourceFileSync(resolve(path), path);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      progress.clear();
      for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      failed = true;
      continue;
    }
    const t = translateFile(path, raw.text, { ...ruleSet.translate, module: undefined, allowPartial: args.allowPartial === true, wholeFile: args.wholeFiles === true });
    if (t.diagnostics.some((d) => d.severity !== 'note')) progress.clear();
    for (const d of t.diagnostics) if (d.severity !== 'note') process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (printDiff) {
      progress.clear();
      process.stdout.write(printDiff.formatFileDiff(t, basename(path), printDiff.useColor(args.color !== false)));
    }
    const written = !hasErrors(t.diagnostics);
    report.push({ input: path, written, rules: t.applications, diagnostics: t.diagnostics });
    if (!written) {
      failed = true;
      continue;
    }
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, basename(path)), encodeText(t.output.text));
  }
  progress.done();
  return failed;
}

/** A whole tree through the batch engine; true when any file had errors (and so was not written). */
async function translateFolder(folder: string, ruleSet: GeneralRuleSet, args: TranslateArgs, report: ReportEntry[], trees: TreeSummary[]): Promise<boolean> {
  const result = await translateTree(resolve(folder), {
    ...ruleSet.translate,
    outDir: resolve(args.out),
    allowPartial: args.allowPartial === true,
    wholeFiles: args.wholeFiles === true,
    ...(args.cache !== undefined ? { cacheDir: resolve(args.cache) } : {}),
    ...(args.workers !== undefined ? { workers: args.workers } : {}),
    ...(args.prefilter === false ? { prefilter: false } : {}),
  });
  let failed = 0;
  for (const f of result.files) {
    if (!f.parsed) continue;
    // Diagnostics name the file by its path in the tree; the user sees it under the folder given.
    const diagnostics = f.diagnostics.map((d) => ({ ...d, file: join(folder, d.file) }));
    for (const d of diagnostics) if (d.severity !== 'note') process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (hasErrors(f.diagnostics)) failed++;
    report.push({ input: join(folder, f.path), written: f.written, rules: f.applications, diagnostics });
  }
  const t = result.totals;
  trees.push({ root: folder, totals: t });
  process.stderr.write(
    `${folder}: ${t.files} files, ${t.parsed} parsed (${t.files - t.parsed} mention no rule's identifiers), ${t.cached} from cache; ` +
      `${t.changed} changed, ${t.written} written${failed ? `, ${failed} not written (errors above)` : ''}; ${t.applications} rule applications; ` +
      `${result.workers + 1} threads (${result.byWorkers} files by workers), ${Math.round(result.wallMs)} ms\n`,
  );
  return failed > 0;
}
