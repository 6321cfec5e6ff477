import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSources } from '../../src/batch/list-sources.js';
import { loadProject } from '../../src/cli/project.js';
import { loadGeneralRuleSet } from '../../src/cli/general-rule-set.js';
import { literalTest } from '../../src/match/literal-test.js';
import { parseSource } from '../../src/parse/parse-source.js';
import { maskMacros, type MacroSite } from '../../src/parse/mask-macros.js';
import { callArguments } from '../../src/parse/c-lexemes.js';
import { itemsMentioning, topLevelItemBounds } from '../../src/parse/top-level-items.js';
import type { SyntaxNode } from '../../src/parse/tree-sitter-c.js';

const project = loadProject();

/** The items of `text` as strings, trimmed. */
const items = (text: string): string[] => {
  const b = topLevelItemBounds(text);
  return b
    .slice(1)
    .map((end, i) => text.slice(b[i], end).trim())
    .filter((item) => item !== '');
};

describe('topLevelItemBounds (file-scope items, found without a parse)', () => {
  it('cuts after a `;` at file scope, after a function body closing its line, and around directives met between items', () => {
    const text = '#include <sys/param.h>\nstatic int x;\nint\nf(int a)\n{\n\tif (a) {\n\t\treturn 1;\n\t}\n\treturn 0;\n}\n#define G(a) \\\n\tg(a) /* two\n\tlines */\nstruct s { int a; } y;\n';
    expect(items(text)).toEqual(['#include <sys/param.h>', 'static int x;', 'int\nf(int a)\n{\n\tif (a) {\n\t\treturn 1;\n\t}\n\treturn 0;\n}', '#define G(a) \\\n\tg(a) /* two\n\tlines */', 'struct s { int a; } y;']);
  });

  it('does not cut inside parentheses, comments, strings or character constants', () => {
    const text = 'int a[] = { \'}\', \'{\' };\nvoid f(int (*cb)(int; int)); /* ; } */\nchar *s = "};\\"{";\n// ; }\nint b;\n';
    expect(items(text)).toEqual(["int a[] = { '}', '{' };", 'void f(int (*cb)(int; int));', '/* ; } */\nchar *s = "};\\"{";', '// ; }\nint b;']);
  });

  it('keeps a directive inside an item in it (a function head split by #ifdef, a body)', () => {
    const text = 'static int\n#ifdef A\nf(int a)\n#else\nf(int a, int b)\n#endif\n{\n#if B\n\tg();\n#endif\n\treturn 0;\n}\nint z;\n';
    expect(items(text)).toEqual([text.slice(0, text.indexOf('int z;')).trim(), 'int z;']);
  });

  it('a closing brace followed by more on its line does not end the item; a comment there does', () => {
    expect(items('struct s {\n\tint a;\n} __packed;\nvoid f(void)\n{\n} /* f */\nint z;\n')).toEqual(['struct s {\n\tint a;\n} __packed;', 'void f(void)\n{\n}', '/* f */\nint z;']);
  });

  it('itemsMentioning gives the items with a match, adjacent ones merged', () => {
    const text = 'int a;\nint b = kmem_alloc(1);\nint c = kmem_free(2);\nint d;\nint e = kmem_alloc(3);\n';
    const ranges = itemsMentioning(text, /kmem_alloc|kmem_free/);
    expect(ranges!.map((r) => text.slice(r.start, r.end).trim())).toEqual(['int b = kmem_alloc(1);\nint c = kmem_free(2);', 'int e = kmem_alloc(3);']);
  });

  it('itemsMentioning passes over matches in comments, and gives up (whole file) on a match in a conditional directive', () => {
    const text = '/* kmem_alloc was here */\n#ifndef X\n#define X 1\n#endif\nint b = kmem_alloc(1);\n';
    expect(itemsMentioning(text, /kmem_alloc/)!.map((r) => text.slice(r.start, r.end).trim())).toEqual(['int b = kmem_alloc(1);']);
    expect(itemsMentioning('#if defined(kmem_alloc)\nint a;\n#endif\n', /kmem_alloc/)).toBeUndefined();
  });

  it('itemsMentioning gives up on a match of fileScope in an item an #if encloses, at any depth, and not after its #endif', () => {
    const nested = '#ifdef A\n#if B\nint x;\n#endif\nDECL(a);\n#else\nDECL(b);\n#endif\n';
    expect(itemsMentioning(nested, /DECL/)).toHaveLength(2);
    expect(itemsMentioning(nested, /DECL/, /DECL/)).toBeUndefined();
    expect(itemsMentioning(nested, /x/, /DECL/)).toHaveLength(1);
    const after = '#ifdef A\nint x;\n#endif /* A */\nDECL(a);\n';
    expect(itemsMentioning(after, /DECL/, /DECL/)!.map((r) => after.slice(r.start, r.end).trim())).toEqual(['DECL(a);']);
  });

  it('callArguments splits a call at its top-level commas, without comments', () => {
    const text = 'CFATTACH_DECL_NEW(wm, sizeof(struct wm_softc), /* m */ wm_match, wm_attach,\n    f(1, ")"), NULL);';
    expect(callArguments(text, text.indexOf('('))).toEqual(['wm', 'sizeof(struct wm_softc)', 'wm_match', 'wm_attach', 'f(1, ")")', 'NULL']);
    expect(callArguments('F(a, (b', 1)).toBeUndefined();
  });
});

describe('parsing only the items that mention a literal', () => {
  it('gives a tree with nodes only there, at their offsets in the file', () => {
    const text = 'int a;\nvoid\nf(void)\n{\n\tmutex_enter(&l);\n}\nint g( {\n';
    const whole = parseSource('t.c', text, project.shapes);
    const part = parseSource('t.c', text, project.shapes, { ranges: { mentioning: /mutex_enter/ } });
    expect(whole.problems.some((p) => p.kind === 'error')).toBe(true);
    expect(part.problems).toEqual([]); // the broken `int g( {` is not one of its items
    expect(part.ranges).toEqual([{ start: text.indexOf('\nvoid'), end: text.indexOf('}') + 1 }]);
    const fn = part.fragments[0]!.tree.rootNode.namedChildren;
    expect(fn.map((n) => [n.type, n.startIndex])).toEqual([['function_definition', text.indexOf('void')]]);
  });

  it('never cuts an #ifndef from its #endif (a literal in the comment before it is no reason to parse it)', () => {
    const text = '/*\n * Converted printf to DBG.\n */\n\n#ifndef LOG2\n#define LOG2 2\n#endif\n';
    const part = parseSource('t.h', text, project.shapes, { ranges: { mentioning: /printf/ } });
    expect(part.problems).toEqual([]);
    expect(part.ranges).toEqual([]);
  });

  it('parses the whole file when a cut puts a block at file scope (K&R parameter declarations)', () => {
    const text = 'int\nf(a)\n\tint a;\n{\n\tmutex_enter(&l);\n\treturn a;\n}\n';
    const part = parseSource('t.c', text, project.shapes, { ranges: { mentioning: /mutex_enter/ } });
    expect(part.ranges).toBeUndefined();
    expect(part.fragments[0]!.tree.rootNode.namedChildren.map((n) => n.type)).toEqual(['function_definition']);
  });

  // The claim the cut rests on: an item parsed alone has the very tree the whole file gives it,
  // for the benchmark's literals and for the general rules' hundreds.
  const benchLiterals = /aprint_error_dev|aprint_normal|config_found_ia|bus_dmamap_sync|kmem_alloc|kmem_free|mutex_enter|mutex_exit|mutex_init|MCLGET/;
  it.each([
    ['a benchmark literal', () => benchLiterals],
    ["a general rule's literal", () => literalTest(loadGeneralRuleSet().translate.rules, []) as RegExp],
  ])('on every bulk-tree file %s occurs in and that parses without ERROR, each item parsed alone equals its whole-file tree', { timeout: 120_000 }, (_, literalsOf) => {
    const root = join(project.root, '../shared/corpus/netbsd-6-bulk');
    const literals = literalsOf();
    let files = 0;
    let compared = 0;
    for (const path of listSources(root)) {
      const text = readFileSync(join(root, path), 'latin1');
      if (!literals.test(text)) continue;
      const whole = parseSource(path, text, project.shapes, { macroBodies: false });
      if (whole.problems.length > 0) continue;
      const part = parseSource(path, text, project.shapes, { macroBodies: false, ranges: { mentioning: literals } });
      if (!part.ranges) continue; // a literal in a conditional directive: parsed whole
      expect(part.problems, path).toEqual([]);
      files++;
      const wholeRoot = whole.fragments[0]!.tree.rootNode;
      for (const item of part.fragments[0]!.tree.rootNode.children) {
        const twin = sameRangeAncestor(wholeRoot.descendantForIndex(item.startIndex, item.endIndex), item);
        expect(twin?.toString(), `${path}:${item.startPosition.row + 1}`).toBe(item.toString());
        compared++;
      }
    }
    expect(files).toBeGreaterThan(100);
    expect(compared).toBeGreaterThan(500);
  });
});

describe('cutting and masking commute', () => {
  // Why items are cut on the raw text and masked one by one: on every bulk-tree file the masks
  // move no cut, and masking item by item gives the whole text's masking and macro sites.
  it('on every bulk-tree file, the cuts of the text and of its masking agree, and items mask as the whole does', { timeout: 120_000 }, () => {
    const root = join(project.root, '../shared/corpus/netbsd-6-bulk');
    let files = 0;
    for (const path of listSources(root)) {
      const text = readFileSync(join(root, path), 'latin1');
      const whole = maskMacros(text, project.shapes);
      const bounds = topLevelItemBounds(text);
      expect(topLevelItemBounds(whole.masked), path).toEqual(bounds);
      let pieces = '';
      const sites: MacroSite[] = [];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const at = bounds[i]!;
        const piece = maskMacros(text.slice(at, bounds[i + 1]), project.shapes);
        pieces += piece.masked;
        for (const site of piece.sites) sites.push({ ...site, nameStart: site.nameStart + at, nameEnd: site.nameEnd + at, ...(site.type ? { type: { start: site.type.start + at, end: site.type.end + at } } : {}) });
      }
      expect(pieces === whole.masked, path).toBe(true);
      expect(sites, path).toEqual(whole.sites);
      files++;
    }
    expect(files).toBe(642);
  });
});

/** The node (of the whole tree) spanning exactly `item`'s range and of its type, climbing from `from`. */
function sameRangeAncestor(from: SyntaxNode, item: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = from; n && n.startIndex <= item.startIndex && n.endIndex >= item.endIndex; n = n.parent)
    if (n.startIndex === item.startIndex && n.endIndex === item.endIndex && n.type === item.type) return n;
  return undefined;
}
