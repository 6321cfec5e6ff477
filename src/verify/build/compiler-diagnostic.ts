/** Severities clang prints; 'fatal error' stops the translation unit (e.g. a missing header). */
export type CompilerSeverity = 'error' | 'warning' | 'note' | 'fatal error';

/** One diagnostic from clang or the linker, as printed in the build log. */
export interface CompilerDiagnostic {
  /**
   * Path relative to the module dir ('virtio.c', '../virtio/virtiovar.h'). Files that live in the
   * temporary obj dir are named relative to it instead ('bus_if.h', '@/sys/bus.h' where `@` is
   * SYSDIR) and have `inObjDir` set. Tool-level messages with no file use the tool's name
   * ('clang-19', 'ld.lld') with line and column 0.
   */
  file: string;
  line: number;
  column: number;
  severity: CompilerSeverity;
  message: string;
  /** The warning option that controls it, e.g. '-Wunused-variable' (without a '-Werror,' prefix). */
  flag?: string;
  inObjDir?: boolean;
}

export function isErrorSeverity(s: CompilerSeverity): boolean {
  return s === 'error' || s === 'fatal error';
}
