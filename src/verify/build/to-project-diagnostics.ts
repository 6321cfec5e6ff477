import path from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { CompilerDiagnostic } from './compiler-diagnostic.js';

/**
 * Build codes (PV5xxx, see src/diagnostics/diagnostic.ts):
 * PV5001 compiler/linker error, PV5002 compiler warning, PV5003 compiler note,
 * PV5004 build could not run or failed without a compiler message (file 'Makefile', line 0).
 */
export const BUILD_CODES = { error: 'PV5001', warning: 'PV5002', note: 'PV5003', make: 'PV5004' } as const;

/**
 * Compiler diagnostics in the project's shape. `moduleLabel` (e.g. 'sys/dev/virtio/blk') is
 * prefixed to module-relative paths so they read relative to the output root; obj-dir and
 * tool-level names are kept as they are. The flag stays visible in the message.
 */
export function toProjectDiagnostics(diagnostics: readonly CompilerDiagnostic[], moduleLabel = ''): Diagnostic[] {
  return diagnostics.map((d) => {
    const isMake = d.file === 'Makefile' && d.line === 0;
    const code = isMake ? BUILD_CODES.make : d.severity === 'warning' ? BUILD_CODES.warning : d.severity === 'note' ? BUILD_CODES.note : BUILD_CODES.error;
    const toolLevel = d.line === 0 && !isMake;
    const file = d.inObjDir || toolLevel || !moduleLabel ? d.file : path.posix.normalize(`${moduleLabel}/${d.file}`);
    const severity = d.severity === 'fatal error' ? 'error' : d.severity;
    const message = d.flag ? `${d.message} [${d.flag}]` : d.message;
    return { code, severity, message, file, line: d.line, column: d.column };
  });
}
