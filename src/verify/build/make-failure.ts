import type { CompilerDiagnostic } from './compiler-diagnostic.js';

/** bmake's own complaints: missing sources, Makefile syntax, `.error`, a failing non-compiler command. */
const MAKE_COMPLAINT = /^(?:bmake|make)(?:\[\d+\])?: (.*)$|^(.*don't know how to make.*)$|^(\*\*\* Error code \d+.*)$/;

/**
 * bmake (20200710, Debian's) exits 0 under `-k` even when a command failed, printing only
 * "`all' not remade because of errors.", so failure is read from the log as well as the status.
 */
export function makeFailed(exitCode: number | undefined, log: string): boolean {
  return exitCode !== 0 || /not remade because of errors|^\*\*\* .*Error code \d+/m.test(log);
}

/**
 * A build can fail with no compiler diagnostic at all (bad Makefile, unknown .m interface, awk
 * failure, timeout). Callers count errors, so such a failure must still produce one error; its text
 * is bmake's own explanation, with the first complaint (usually the cause) first.
 */
export function makeFailureDiagnostic(log: string, why: { exitCode: number | undefined; timedOut: boolean }): CompilerDiagnostic {
  if (why.timedOut) return { file: 'Makefile', line: 0, column: 0, severity: 'error', message: 'build timed out and was killed' };
  const complaints = log
    .split(/\r?\n/)
    .map((l) => MAKE_COMPLAINT.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => (m[1] ?? m[2] ?? m[3] ?? '').trim())
    .filter((s) => s !== '' && !s.startsWith('stopped in'));
  const detail = complaints.length > 0 ? complaints.slice(0, 3).join('; ') : 'see the build log';
  return { file: 'Makefile', line: 0, column: 0, severity: 'error', message: `bmake failed (exit ${why.exitCode ?? 'signal'}): ${detail}` };
}
