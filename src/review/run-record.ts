import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../diagnostics/diagnostic.js';

/**
 * The last run's record, kept inside the emitted tree (`sys/dev/virtio/.port-virtio/last-run.json`)
 * and written with it in the same atomic swap: per module and emitted file, the line provenance,
 * every rule application, leftover NetBSD identifiers and (after `--check`) the build diagnostics.
 * `explain`, `rules`, `review` and `--against` read it; it holds no timestamps so that two runs
 * on the same inputs write the same bytes.
 */
export const LAST_RUN = '.port-virtio/last-run.json';
export const RUN_RECORD_SCHEMA = 1;

/** One emitted line: kind (u untouched, r rewritten, t template), NetBSD line, then rule ids. */
export type OriginRecord = [kind: 'u' | 'r' | 't', srcLine: number, ...ruleIds: string[]];

export interface FileRecord {
  /** Relative to sys/dev/virtio/, e.g. `net/if_vioif.c`. */
  output: string;
  outputSha256: string;
  /** The NetBSD file (relative to the source root) it was translated from; absent for generated files. */
  input?: string;
  inputSha256?: string;
  lineOrigins: { untouched: number; rewritten: number; template: number };
  /** [rule id, NetBSD line, column] of each edit. */
  applications: [ruleId: string, line: number, column: number][];
  origins: OriginRecord[];
  /** NetBSD-only identifiers (per the API map) left in the emitted text: line and column there. */
  unhandled: { name: string; line: number; column: number }[];
  /** Patch overlays (patches/*.patch) applied on top of the translation. */
  overlays: string[];
}

export interface RecordedDiagnostic {
  /** Relative to sys/dev/virtio/ for emitted files; obj-dir and tool names as the compiler gave them. */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  code: string;
  message: string;
  origin?: { file: string; line: number; ruleIds: string[] };
}

export interface ModuleRecord {
  module: string;
  kmod: string;
  /** Absolute NetBSD source root of the run that wrote this module. */
  src: string;
  lineOrigins: { untouched: number; rewritten: number; template: number };
  files: FileRecord[];
  /** Set by a run with --check: the build of exactly these files. */
  build?: { ok: boolean; errors: number; warnings: number; diagnostics: RecordedDiagnostic[] };
}

export interface RunRecord {
  schemaVersion: typeof RUN_RECORD_SCHEMA;
  modules: ModuleRecord[];
}

export class RunRecordError extends Error {}

export const runRecordPath = (dest: string): string => join(dest, LAST_RUN);

/** The record of the tree at `dest` (…/sys/dev/virtio), undefined when there is none. */
export function readRunRecord(dest: string): RunRecord | undefined {
  const path = runRecordPath(dest);
  if (!existsSync(path)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RunRecordError(`${path}: not JSON (${(e as Error).message}); rerun port-virtio to rewrite it`);
  }
  const r = data as Partial<RunRecord>;
  if (r.schemaVersion !== RUN_RECORD_SCHEMA || !Array.isArray(r.modules))
    throw new RunRecordError(`${path}: schemaVersion ${String(r.schemaVersion)} is not ${RUN_RECORD_SCHEMA}; rerun port-virtio to rewrite it`);
  return r as RunRecord;
}

export function serializeRunRecord(r: RunRecord): Buffer {
  return Buffer.from(JSON.stringify(r) + '\n');
}

/** Every application of every rule in the record: rule id -> count. */
export function applicationCounts(r: RunRecord): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of r.modules) for (const f of m.files) for (const [id] of f.applications) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
