import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { findUnhandledIdentifiers, type UnhandledIdentifier } from '../analyze/netbsd-only-identifiers.js';
import type { BuildResult } from '../verify/build/index.js';
import { countOrigins } from './line-origins.js';
import { parseC } from '../parse/tree-sitter-c.js';
import type { PortResult } from './port-modules.js';

/** Bumped on any incompatible change of the --report JSON (documented in README.md). */
export const REPORT_SCHEMA_VERSION = 1;

export interface FileReport {
  input: string;
  output: string;
  lineOrigins: { untouched: number; rewritten: number; template: number };
  rules: { id: string; count: number; locations: string[] }[];
  unhandled: (UnhandledIdentifier & { outputFile: string })[];
  parseProblems: { kind: string; line: number; column: number; verdict: string }[];
}

export interface ModuleReport {
  module: string;
  kmod: string;
  lineOrigins: { untouched: number; rewritten: number; template: number };
  files: FileReport[];
  unhandled: (UnhandledIdentifier & { outputFile: string })[];
  build?: { ok: boolean; errors: number; warnings: number; ko?: string };
}

/** The --report JSON: per module and file, rules applied with counts and locations, leftovers, diagnostics. */
export function buildReport(result: PortResult, diagnostics: readonly Diagnostic[], netbsdOnlyApi: ReadonlySet<string>, builds?: readonly BuildResult[]) {
  // A name the emitted code declares itself (the vio_dmamap shim keeps NetBSD's dm_segs on
  // purpose) is the port's own, not a leftover NetBSD API.
  const declared = new Set(result.modules.flatMap((m) => m.files.flatMap((f) => declaredFieldNames(f.output))));
  const netbsdOnly = new Set([...netbsdOnlyApi].filter((n) => !declared.has(n)));
  const modules: ModuleReport[] = result.modules.map((m, i) => {
    const files = m.files.map((f): FileReport => {
      const output = `${m.plan.name}/${f.path.split('/').pop()}`;
      const byRule = new Map<string, string[]>();
      for (const a of f.applications) byRule.set(a.ruleId, [...(byRule.get(a.ruleId) ?? []), `${f.path}:${a.line}:${a.column}`]);
      return {
        input: f.path,
        output,
        lineOrigins: countOrigins(f.origins),
        rules: [...byRule].map(([id, locations]) => ({ id, count: locations.length, locations })),
        unhandled: findUnhandledIdentifiers(f.output.text, netbsdOnly).map((u) => ({ ...u, outputFile: output })),
        parseProblems: f.source.problems.map((p) => ({ kind: p.kind, ...f.source.lines.position(p.start), verdict: p.verdict })),
      };
    });
    const build = builds?.[i];
    const report: ModuleReport = { module: m.plan.name, kmod: m.plan.kmod, lineOrigins: m.origins, files, unhandled: files.flatMap((f) => f.unhandled) };
    if (build) report.build = { ok: build.ok, errors: build.errors, warnings: build.warnings, ...(build.koPath ? { ko: build.koPath } : {}) };
    return report;
  });
  return { schemaVersion: REPORT_SCHEMA_VERSION, modules, diagnostics };
}

/** Per rendering: a run builds the report twice (for the run record, then for the user). */
const fieldNames = new WeakMap<object, string[]>();

function declaredFieldNames(output: { text: string }): string[] {
  let names = fieldNames.get(output);
  if (!names) {
    names = parseC(output.text)
      .rootNode.descendantsOfType('field_declaration')
      .flatMap((d) => d.descendantsOfType('field_identifier').filter((f) => f.parent?.type !== 'field_expression').map((f) => f.text));
    fieldNames.set(output, names);
  }
  return names;
}
