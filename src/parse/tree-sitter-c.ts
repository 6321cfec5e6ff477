import Parser from 'tree-sitter';
import C from 'tree-sitter-c';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;
export type ParseRange = Parser.Range;

let parser: Parser | undefined;

// The binding registers every node object it hands out with the node's tree (a weak reference
// with a GC finalizer per node) so that Tree.edit can move them, and hands the same object out
// again while it lives. Nothing here holds the nodes of a tree it edits (parse-source.ts edits a
// fresh twin) or tells nodes apart by object identity (by id, or by offsets), so node objects are
// left plain: over a tree run the registry cost ~5-8% of the CPU, most of it in the collector.
const binding = Parser as unknown as { Tree: { prototype: Record<string, unknown> } };
binding.Tree.prototype._cacheNode = () => {};
binding.Tree.prototype._cacheNodes = () => {};

/**
 * One shared parser: creating a tree-sitter parser per file costs more than the parse of a small file.
 * `oldTree`: the tree of an earlier text, already edited (Tree.edit) into this one: an incremental parse.
 * `ranges`: parse only these stretches of the text, as if they followed one another (nodes keep
 * their offsets in the text); default: all of it.
 */
export function parseC(text: string, oldTree?: Tree, ranges?: ParseRange[]): Tree {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(C as unknown as Parser.Language);
  }
  // tree-sitter's default 32 KiB input buffer splits large files into chunks; give it the whole text.
  const bufferSize = Math.max(32 * 1024, text.length * 2 + 16);
  if (!ranges) return parser.parse(text, oldTree, { bufferSize });
  // The parser asks for text at each range's start; the binding copies whatever the input gives
  // (the whole rest of the file, for a string), so hand it one range at a time.
  return parser.parse(rangeReader(text, ranges), oldTree, { bufferSize, includedRanges: ranges });
}

/** Reads `text` up to the end of the range at (or after) each offset; past the last range, to the end. */
function rangeReader(text: string, ranges: readonly ParseRange[]): (offset: number) => string {
  let k = 0;
  return (offset) => {
    if (k >= ranges.length || ranges[k]!.startIndex > offset) k = 0; // asked again from an earlier place
    while (k < ranges.length && ranges[k]!.endIndex <= offset) k++;
    return text.slice(offset, k < ranges.length ? ranges[k]!.endIndex : text.length);
  };
}
