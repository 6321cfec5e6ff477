import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { parseSource } from '../../src/parse/parse-source.js';
import { treeEdits } from '../../src/parse/tree-edits.js';
import { translateFile } from '../../src/translate/translate-file.js';

const project = loadProject();
const corpus = join(project.root, '../shared/corpus/netbsd-6/sys/dev/pci');
const names = readdirSync(corpus).filter((n) => n.endsWith('.c'));
const general = { rules: project.rules, transforms: project.transforms, shapes: project.shapes, modules: project.plans };

describe('incremental re-parse of a translation (the output check and dead-locals read it)', () => {
  it.each(names)('gives the same tree as a fresh parse of the translated %s, and leaves the original tree as it was unless told to spend it', (name) => {
    const text = readFileSync(join(corpus, name), 'latin1');
    const plan = project.plans.find((p) => p.sources.some((s) => s.endsWith(name)));
    const t = translateFile(`sys/dev/pci/${name}`, text, { ...general, module: plan });
    expect(t.output.text).not.toBe(text);
    const original = parseSource(name, text, project.shapes, { macroBodies: false });
    const before = original.fragments[0]!.tree.rootNode.toString();
    const from = { masked: original.masked, tree: original.fragments[0]!.tree, pieces: t.output.segments };
    const incremental = parseSource(name, t.output.text, project.shapes, { macroBodies: false, from });
    const fresh = parseSource(name, t.output.text, project.shapes, { macroBodies: false });
    expect(incremental.fragments[0]!.tree.rootNode.toString()).toBe(fresh.fragments[0]!.tree.rootNode.toString());
    expect(incremental.problems).toEqual(fresh.problems);
    expect(original.fragments[0]!.tree.rootNode.toString()).toBe(before);
    // Spending the earlier tree (editing it in place, no twin) gives the same tree.
    const spent = parseSource(name, t.output.text, project.shapes, { macroBodies: false, from: { ...from, spend: true } });
    expect(spent.fragments[0]!.tree.rootNode.toString()).toBe(fresh.fragments[0]!.tree.rootNode.toString());
    expect(spent.problems).toEqual(fresh.problems);
  });

  it('is correct whatever the pieces claim: a copied piece is trusted only where its bytes are equal', () => {
    const old = 'int\nf(void)\n{\n\treturn a + b;\n}\n';
    const now = 'int\nf(void)\n{\n\treturn g(a, c);\n}\n';
    const original = parseSource('x.c', old, project.shapes);
    // Lies: the whole new text "copied" from offset 0, and a piece out of order.
    const lies = [
      { outStart: 0, outEnd: now.length, origin: { kind: 'source', srcStart: 0 } },
      { outStart: 0, outEnd: 5, origin: { kind: 'source', srcStart: 20 } },
    ];
    const incremental = parseSource('x.c', now, project.shapes, { from: { masked: original.masked, tree: original.fragments[0]!.tree, pieces: lies } });
    expect(incremental.fragments[0]!.tree.rootNode.toString()).toBe(parseSource('x.c', now, project.shapes).fragments[0]!.tree.rootNode.toString());
  });

  it('describes each change in the coordinates left by the ones before it', () => {
    const old = 'a\nbb\nccc\n';
    const now = 'a\nXYZ\nW\nbb\nccc!\n';
    const pieces = [
      { outStart: 0, outEnd: 2, origin: { kind: 'source', srcStart: 0 } },
      { outStart: 2, outEnd: 8, origin: { kind: 'edit', srcStart: 2 } },
      { outStart: 8, outEnd: 14, origin: { kind: 'source', srcStart: 2 } },
      { outStart: 14, outEnd: 15, origin: { kind: 'edit', srcStart: 8 } },
      { outStart: 15, outEnd: 16, origin: { kind: 'source', srcStart: 8 } },
    ];
    expect(treeEdits(old, now, pieces)).toEqual([
      { startIndex: 2, oldEndIndex: 2, newEndIndex: 8, startPosition: { row: 1, column: 0 }, oldEndPosition: { row: 1, column: 0 }, newEndPosition: { row: 3, column: 0 } },
      { startIndex: 14, oldEndIndex: 14, newEndIndex: 15, startPosition: { row: 4, column: 3 }, oldEndPosition: { row: 4, column: 3 }, newEndPosition: { row: 4, column: 4 } },
    ]);
  });

  it('gives a replacement across lines its old end in rows and columns', () => {
    const pieces = [
      { outStart: 0, outEnd: 2, origin: { kind: 'source', srcStart: 0 } },
      { outStart: 2, outEnd: 3, origin: { kind: 'edit', srcStart: 2 } },
      { outStart: 3, outEnd: 7, origin: { kind: 'source', srcStart: 6 } },
    ];
    expect(treeEdits('a\nbb\nx\ncc\n', 'a\nZ\ncc\n', pieces)).toEqual([
      { startIndex: 2, oldEndIndex: 6, newEndIndex: 3, startPosition: { row: 1, column: 0 }, oldEndPosition: { row: 2, column: 1 }, newEndPosition: { row: 1, column: 1 } },
    ]);
  });
});
