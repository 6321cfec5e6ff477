import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Parser from 'tree-sitter';
import { describe, expect, it } from 'vitest';
import { listSources } from '../../src/batch/list-sources.js';
import { loadProject } from '../../src/cli/project.js';
import { parseC, type SyntaxNode } from '../../src/parse/tree-sitter-c.js';

const project = loadProject();

describe('node classes (tree-sitter-c.ts sets them before the binding does)', () => {
  // The type a node's class gives must be the one tree-sitter gives, for named and unnamed types,
  // on the first read of a symbol and on later ones (an unnamed class keeps its first answer).
  it('give every node of twenty bulk-tree files the type tree-sitter gives it', () => {
    const nativeType = Object.getOwnPropertyDescriptor((Parser as unknown as { SyntaxNode: { prototype: object } }).SyntaxNode.prototype, 'type')!.get!;
    const root = join(project.root, '../shared/corpus/netbsd-6-bulk');
    const seen = new Set<string>();
    let nodes = 0;
    const visit = (node: SyntaxNode): void => {
      nodes++;
      const type = node.type;
      seen.add(type);
      expect(type).toBe(nativeType.call(node));
      for (const child of node.children) visit(child);
    };
    for (const path of listSources(root).filter((_, i) => i % 32 === 0)) visit(parseC(readFileSync(join(root, path), 'latin1')).rootNode);
    expect(nodes).toBeGreaterThan(50_000);
    expect(seen).toContain('('); // unnamed
    expect(seen).toContain('call_expression'); // named
    expect(seen).toContain('ERROR');
  });
});
