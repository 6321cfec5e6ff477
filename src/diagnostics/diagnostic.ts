/**
 * A diagnostic is data: offsets into the ORIGINAL text of `file`; line and column are computed
 * only when printed (format-text.ts). Codes by stage: PV1xxx parse, PV2xxx rules/match,
 * PV3xxx rewrite, PV4xxx emit/inputs, PV5xxx build, PV6xxx verify.
 */
export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  code: `PV${number}`;
  severity: Severity;
  message: string;
  /** Path as the user should see it (relative to the source root when possible). */
  file: string;
  /** 1-based line and byte column; set directly when no offsets are known (e.g. compiler output). */
  line: number;
  column: number;
  /** Rule or transform id that spoke, if any. */
  ruleId?: string;
  /** Where a build diagnostic on emitted code came from in the NetBSD input, if known. */
  origin?: { file: string; line: number; ruleIds: string[] };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
