import type { Diagnostic } from './diagnostic.js';

/** Compiler convention `file:line:col: severity: PVnnnn: message [rule-id]`, so editors can jump to it. */
export function formatDiagnostic(d: Diagnostic): string {
  const rule = d.ruleId ? ` [${d.ruleId}]` : '';
  const origin = d.origin
    ? `\n  from ${d.origin.file}:${d.origin.line}${d.origin.ruleIds.length ? ` [${d.origin.ruleIds.join(', ')}]` : ''}`
    : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.code}: ${d.message}${rule}${origin}`;
}
