import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { acquireOutputLock, OutputLockedError } from '../emit/output-lock.js';
import { writeFileAtomic } from '../inputs/atomic-write.js';
import { buildRunRecord } from '../review/build-run-record.js';
import { withBuilds } from '../review/record-builds.js';
import { readRunRecord, RunRecordError, runRecordPath, serializeRunRecord, type RunRecord } from '../review/run-record.js';
import { buildReport } from '../translate/build-report.js';
import type { PortedModule, PortResult } from '../translate/port-modules.js';
import type { BuildResult } from '../verify/build/index.js';

/** The record of this run (see src/review/run-record.ts), ready to be written with the tree. */
export function recordRun(
  result: PortResult,
  files: ReadonlyMap<string, Buffer>,
  overlays: readonly { patch: string; file: string }[],
  netbsdOnly: ReadonlySet<string>,
  srcDir: string,
  dest: string,
): { record: RunRecord; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let previous: RunRecord | undefined;
  try {
    previous = readRunRecord(dest);
  } catch (e) {
    if (!(e instanceof RunRecordError)) throw e;
    diagnostics.push({ code: 'PV4201', severity: 'warning', message: `${e.message}; the kept modules lose their record`, file: runRecordPath(dest), line: 1, column: 1 });
  }
  const unhandled = new Map(buildReport(result, [], netbsdOnly).modules.flatMap((m) => m.files.map((f) => [f.output, f.unhandled.map(({ name, line, column }) => ({ name, line, column }))] as const)));
  return { record: buildRunRecord({ result, files, overlays, unhandled, srcDir, previous }), diagnostics };
}

/**
 * Adds the `--check` results to the record just written. The tree is already in place (the build
 * needs it), so this is a second atomic write of the one file, under the output lock.
 */
export async function recordBuilds(dest: string, modules: readonly PortedModule[], builds: { results: BuildResult[]; diagnostics: Diagnostic[] }): Promise<Diagnostic[]> {
  const warn = (message: string): Diagnostic[] => [{ code: 'PV4202', severity: 'warning', message, file: runRecordPath(dest), line: 1, column: 1 }];
  let release: () => void;
  try {
    release = acquireOutputLock(dest);
  } catch (e) {
    if (e instanceof OutputLockedError) return warn(`build results not recorded: ${e.message}`);
    throw e;
  }
  try {
    const record = readRunRecord(dest);
    if (!record) return warn('build results not recorded: the run record is missing');
    // checkModules lists each module's diagnostics in module order, as many as its build reported.
    let at = 0;
    const perModule = modules.map((m, i) => {
      const r = builds.results[i]!;
      const diagnostics = builds.diagnostics.slice(at, at + r.diagnostics.length);
      at += r.diagnostics.length;
      return { module: m.plan.name, ok: r.ok, errors: r.errors, warnings: r.warnings, diagnostics };
    });
    await writeFileAtomic(runRecordPath(dest), serializeRunRecord(withBuilds(record, perModule)));
    return [];
  } catch (e) {
    if (e instanceof RunRecordError) return warn(`build results not recorded: ${e.message}`);
    throw e;
  } finally {
    release();
  }
}
