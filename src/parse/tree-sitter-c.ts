import Parser from 'tree-sitter';
import C from 'tree-sitter-c';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

let parser: Parser | undefined;

/**
 * One shared parser: creating a tree-sitter parser per file costs more than the parse of a small file.
 * `oldTree`: the tree of an earlier text, already edited (Tree.edit) into this one: an incremental parse.
 */
export function parseC(text: string, oldTree?: Tree): Tree {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(C as unknown as Parser.Language);
  }
  // tree-sitter's default 32 KiB input buffer splits large files into chunks; give it the whole text.
  return parser.parse(text, oldTree, { bufferSize: Math.max(32 * 1024, text.length * 2 + 16) });
}
