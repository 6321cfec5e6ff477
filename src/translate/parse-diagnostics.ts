import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParseProblem, SourceFile } from '../parse/source-file.js';
import { textEdit, type Edit } from '../rewrite/edit.js';

/**
 * Every region the parser could not read is reported with the engine's verdict; none is skipped
 * silently. A region that can hide code from the rules (an ERROR node, or a MISSING node other than
 * the ';' tree-sitter assumes after a label that precedes a preprocessor line) stops the module
 * from being written, unless the user accepts a partial translation.
 */
export function parseDiagnostics(source: SourceFile, allowPartial: boolean): Diagnostic[] {
  return source.problems.map((p) => {
    const { line, column } = source.lines.position(p.start);
    const blocking = isBlocking(source, p);
    const severity = !blocking ? 'note' : allowPartial ? 'warning' : 'error';
    const what = p.kind === 'error' ? 'ERROR region' : p.kind === 'missing' ? 'MISSING node' : 'unparsed #define body';
    const hint = blocking && !allowPartial ? ' (nothing is written; --allow-partial writes the output with the gap marked)' : '';
    return { code: CODES[p.kind], severity, message: `${what}: ${p.verdict}${hint}`, file: source.path, line, column };
  });
}

const CODES = { error: 'PV1001', missing: 'PV1002', 'unparsed-macro-body': 'PV1003' } as const;

export function isBlocking(source: SourceFile, p: ParseProblem): boolean {
  if (p.kind === 'unparsed-macro-body') return false;
  if (p.kind === 'missing') {
    // `label:` directly before `#define`: the label's statement is the next line's code; benign.
    const before = source.text.slice(0, p.start).trimEnd();
    const after = source.text.slice(p.end).trimStart();
    if (before.endsWith(':') && after.startsWith('#')) return false;
  }
  return true;
}

/**
 * With --allow-partial, a comment before each blocking region says the code below was not
 * translated. A rule may still have matched around the region (it lies in a capture): where the
 * region's line start falls in that rewrite's replaced text, the marker goes before the rewrite.
 */
export function gapMarkers(source: SourceFile, edits: readonly Edit[] = []): Edit[] {
  return source.problems
    .filter((p) => isBlocking(source, p))
    .map((p) => {
      let lineStart = source.text.lastIndexOf('\n', p.start - 1) + 1;
      for (let e = overlapped(edits, lineStart); e; e = overlapped(edits, lineStart)) lineStart = source.text.lastIndexOf('\n', e.start - 1) + 1;
      const { line } = source.lines.position(p.start);
      return textEdit(lineStart, lineStart, `/* port-virtio: PV1001: untranslated region: the parser could not read ${source.path}:${line}; rules did not match in it */\n`, 'parse/partial-gap', 'partial-gap-marker');
    });
}

/** An edit an insertion at `at` would overlap (inside the replaced text, outside every capture). */
function overlapped(edits: readonly Edit[], at: number): Edit | undefined {
  const within = (r: { start: number; end: number }): boolean => r.start <= at && at <= r.end;
  return edits.find(
    (e) => e.start < at && at < e.end && !e.consumes && !e.parts.some((part) => typeof part !== 'string' && within(part.capture)) && !e.dropped?.some(within),
  );
}
