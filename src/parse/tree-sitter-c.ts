import Parser from 'tree-sitter';
import C from 'tree-sitter-c';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;
export type ParseRange = Parser.Range;

let parser: Parser | undefined;

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
  return parser.parse(text, oldTree, ranges ? { bufferSize, includedRanges: ranges } : { bufferSize });
}
