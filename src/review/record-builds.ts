import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { RecordedDiagnostic, RunRecord } from './run-record.js';

export interface ModuleBuild {
  module: string;
  ok: boolean;
  errors: number;
  warnings: number;
  /** The module's diagnostics in the project's shape (paths under `sys/dev/virtio/`). */
  diagnostics: readonly Diagnostic[];
}

const PREFIX = 'sys/dev/virtio/';

/** The record with each built module's result and diagnostics (paths made relative to sys/dev/virtio/). */
export function withBuilds(record: RunRecord, builds: readonly ModuleBuild[]): RunRecord {
  return {
    ...record,
    modules: record.modules.map((m) => {
      const b = builds.find((x) => x.module === m.module);
      if (!b) return m;
      const diagnostics = b.diagnostics.map((d): RecordedDiagnostic => {
        const r: RecordedDiagnostic = { file: d.file.startsWith(PREFIX) ? d.file.slice(PREFIX.length) : d.file, line: d.line, column: d.column, severity: d.severity, code: d.code, message: d.message };
        if (d.origin) r.origin = d.origin;
        return r;
      });
      return { ...m, build: { ok: b.ok, errors: b.errors, warnings: b.warnings, diagnostics } };
    }),
  };
}
