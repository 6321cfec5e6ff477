import type { CompilerDiagnostic, CompilerSeverity } from './compiler-diagnostic.js';
import { displayPath, type PathContext } from './diagnostic-paths.js';

/** `file:line:col: severity: message` - clang's default format (column always shown). */
const LOCATED = /^(.+?):(\d+):(\d+): (fatal error|error|warning|note): (.*)$/;

/** `clang-19: warning: ...`, `ld.lld: error: ...`: driver and linker messages carry no location. */
const TOOL = /^((?:clang|ld\.lld|ld|lld)(?:-\d+)?): (fatal error|error|warning|note): (.*)$/;

/** Trailing option list, e.g. ` [-Wunused-variable]` or ` [-Werror,-Wunused-variable]`. */
const FLAG_SUFFIX = / \[(-W[^\]]*)\]$/;

function splitFlag(message: string): { message: string; flag?: string } {
  const m = FLAG_SUFFIX.exec(message);
  if (!m?.[1]) return { message };
  const flag = m[1].split(',').filter((f) => f !== '-Werror').pop();
  return flag ? { message: message.slice(0, m.index), flag } : { message: message.slice(0, m.index) };
}

function build(file: string, line: number, column: number, severity: string, text: string): CompilerDiagnostic {
  return { file, line, column, severity: severity as CompilerSeverity, ...splitFlag(text) };
}

/**
 * Diagnostics from a build log. "In file included from" chains, source excerpts, carets and
 * "N warnings generated." do not match and are skipped; notes are kept because they often say
 * what an error is about. A header included by several sources reports the same warning once
 * per source: duplicates (same place, severity and text) are dropped, keeping log order.
 * Without `paths`, file names are returned exactly as printed.
 */
export function parseClangDiagnostics(log: string, paths?: PathContext): CompilerDiagnostic[] {
  const seen = new Set<string>();
  const out: CompilerDiagnostic[] = [];
  for (const rawLine of log.split(/\r?\n/)) {
    const line = rawLine.replace(/\x1b\[[0-9;]*m/g, ''); // in case colours were forced on
    let d: CompilerDiagnostic | undefined;
    const located = LOCATED.exec(line);
    if (located) {
      const [, file = '', ln = '0', col = '0', sev = 'error', text = ''] = located;
      d = build(file, Number(ln), Number(col), sev, text);
      if (paths) {
        const shown = displayPath(file, paths);
        d.file = shown.file;
        if (shown.inObjDir) d.inObjDir = true;
      }
    } else {
      const tool = TOOL.exec(line);
      if (tool) d = build(tool[1] ?? '', 0, 0, tool[2] ?? 'error', tool[3] ?? '');
    }
    if (!d) continue;
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.severity}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
