import type { LineIndex } from './line-index.js';
import type { MacroSite } from './mask-macros.js';
import type { TextRange } from './top-level-items.js';
import type { SyntaxNode, Tree } from './tree-sitter-c.js';

/**
 * A parse tree over part of a source file. The file itself is one fragment (offset 0); each
 * `#define` body the parser could read is another, parsed on its own inside a wrapper, whose
 * node offsets become file offsets by adding `offset`. This is how rules reach macro bodies.
 */
export interface Fragment {
  kind: 'file' | 'macro-body';
  tree: Tree;
  offset: number;
  /** File range the fragment covers (nodes outside it belong to the wrapper). */
  start: number;
  end: number;
}

/** An ERROR or MISSING node, or a macro body no rule can reach, with what the engine did about it. */
export interface ParseProblem {
  kind: 'error' | 'missing' | 'unparsed-macro-body';
  start: number;
  end: number;
  verdict: string;
}

export interface SourceFile {
  /** Path shown in diagnostics, e.g. sys/dev/pci/virtio.c. */
  path: string;
  /** Original text, latin1-decoded: string index == byte offset. */
  text: string;
  /** Same length as text; known macros masked into plain C (only in `ranges`, when set). */
  masked: string;
  lines: LineIndex;
  fragments: Fragment[];
  macroSites: MacroSite[];
  /** ERROR/MISSING regions (in the parsed ranges only) and macro bodies no rule can reach. */
  problems: ParseProblem[];
  /**
   * The stretches that were parsed (the file-scope items that mention a rule's literal: nothing
   * elsewhere can change); absent: the whole text. The file fragment has nodes only there.
   */
  ranges?: readonly TextRange[];
}

/** File offsets of a node of a fragment. */
export function nodeRange(node: SyntaxNode, fragment: Fragment): { start: number; end: number } {
  return { start: node.startIndex + fragment.offset, end: node.endIndex + fragment.offset };
}
