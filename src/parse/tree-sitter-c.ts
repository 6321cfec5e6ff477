import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;
export type ParseRange = Parser.Range;

let parser: Parser | undefined;

// The binding registers every node object it hands out with the node's tree (a weak reference
// with a GC finalizer per node) so that Tree.edit can move them, and hands the same object out
// again while it lives. Nothing here uses a node of a tree once the tree is edited (parse-source.ts
// edits a twin, or a tree its caller is done with) or tells nodes apart by object identity (by id,
// or by offsets), so node objects are left plain: over a tree run the registry cost ~5-8% of the
// CPU, most of it in the collector.
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
    setNodeClasses(C as unknown as LanguageObject);
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

interface LanguageObject {
  nodeSubclasses?: unknown[];
}

/** The binding's node class (its types declare SyntaxNode as an interface only). */
type NodeClass = new (tree: unknown) => object;

/**
 * The class of each node type, set before the binding makes its own: it compiles one from source
 * text per named type (~10 ms a thread) so that `type` is a prototype property there, and leaves
 * every unnamed type (punctuation, keywords) asking tree-sitter on each read. Here a named type's
 * class knows its name; an unnamed one asks once and keeps the answer on its prototype (a node's
 * type is its symbol's name, and the class is chosen by symbol). The binding's per-field getters
 * (`bodyNode`, ...) are not made: nothing here uses them.
 */
function setNodeClasses(language: LanguageObject): void {
  if (language.nodeSubclasses) return;
  // The binding's native module, found as the tree-sitter package finds it (node-gyp-build, from
  // the package's own folder; Node hands the loaded addon out again): the named types' names, by
  // symbol id.
  const packageJson = createRequire(import.meta.url).resolve('tree-sitter/package.json');
  const nodeGypBuild = createRequire(packageJson)('node-gyp-build') as (dir: string) => { getNodeTypeNamesById(l: unknown): (string | null)[] };
  const native = nodeGypBuild(dirname(packageJson));
  const names = native.getNodeTypeNamesById(language);
  const base = (Parser as unknown as { SyntaxNode: NodeClass }).SyntaxNode;
  const nativeType = Object.getOwnPropertyDescriptor(base.prototype, 'type')!.get!;
  language.nodeSubclasses = names.map((name) => {
    if (name !== null) {
      const Named = class extends base {};
      Object.defineProperty(Named.prototype, 'type', { value: name });
      return Named;
    }
    const Unnamed = class extends base {
      get type(): string {
        const type = nativeType.call(this) as string;
        Object.defineProperty(Unnamed.prototype, 'type', { value: type });
        return type;
      }
    };
    return Unnamed;
  });
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
