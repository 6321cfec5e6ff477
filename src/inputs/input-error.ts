import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/format-text.js';

/**
 * Thrown when inputs cannot be used at all (bad manifest, missing or tampered corpus file).
 * It carries Diagnostics rather than only a string so the CLI can print them like any other
 * stage's findings; the message is the same text, so an uncaught one still reads well.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.diagnostics = diagnostics;
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
