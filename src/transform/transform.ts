import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ModulePlan } from '../emit/module-plan.js';
import type { SourceFile } from '../parse/source-file.js';
import type { Edit } from '../rewrite/edit.js';

/**
 * A structural transform: a rewrite that needs more than one pattern and one replacement (moving
 * code between functions, building a method table). Registered with an id exactly like a data
 * rule, so diffs and reports treat both alike. It returns edits and diagnostics; it never writes.
 */
export interface Transform {
  id: string;
  meta: { summary: string; see?: string };
  /** Whether the transform runs on this file of this module (module undefined = `translate`). */
  appliesTo(module: ModulePlan | undefined, fileBase: string): boolean;
  /** Texts one of which a file must contain for the transform to do anything there (edits or
   *  diagnostics); the batch (src/batch/) skips parsing files that mention none. Unset: any file. */
  literals?: readonly string[];
  /**
   * Set when create() reads nothing but the file-scope items that mention one of `literals` or
   * one of the names this returns for the file's text (the functions a declaration names): the
   * file may then be parsed by items, as for rules alone. undefined: parse the whole file.
   */
  itemNames?(text: string): readonly string[] | undefined;
  create(ctx: TransformContext): TransformResult;
}

export interface TransformContext {
  file: SourceFile;
  module: ModulePlan | undefined;
  /** All module plans, e.g. to name the parent driver's module. */
  modules: readonly ModulePlan[];
}

export interface TransformResult {
  edits: Edit[];
  diagnostics: Diagnostic[];
}

export function diagnosticAt(file: SourceFile, offset: number, d: Omit<Diagnostic, 'file' | 'line' | 'column'>): Diagnostic {
  const { line, column } = file.lines.position(offset);
  return { ...d, file: file.path, line, column };
}
