import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { findRuleEdits } from '../../src/match/find-rule-edits.js';
import { maskMacros } from '../../src/parse/mask-macros.js';
import { parseSource } from '../../src/parse/parse-source.js';
import { parseC } from '../../src/parse/tree-sitter-c.js';

const { shapes } = loadProject();
const problems = (text: string): string[] => parseSource('t.c', text, shapes).problems.map((p) => p.kind);

describe('comments inside #define lines', () => {
  const constcond = '#define ADD(x)\t\t\\\ndo {\t\t\t\\\n\tfoo(x);\t\t\\\n} while (/*CONSTCOND*/0)\n\nvoid\nf(void)\n{\n\taprint_normal("x");\n}\n';

  it('a comment followed by more of the body is blanked, same length', () => {
    const { masked } = maskMacros(constcond, shapes);
    expect(masked.length).toBe(constcond.length);
    expect(masked).toContain('} while (             0)');
    expect(problems(constcond)).toEqual([]);
  });

  it('without the mask tree-sitter cannot read it (the premise)', () => {
    expect(parseC(constcond).rootNode.hasError).toBe(true);
  });

  it('a trailing comment is kept (tree-sitter reads it; blanks there would hide the newline)', () => {
    const text = '#ifdef DEBUG\n#define DPRINTF(x)\tprintf x\n#else\n#define DPRINTF(x)\t/* nothing */\n#endif\nint a;\n';
    expect(maskMacros(text, shapes).masked).toBe(text);
    expect(problems(text)).toEqual([]);
  });

  it('a #define written inside a comment is comment text', () => {
    const text = '/*\n#define X(a) f(/* c */ a)\n */\nint b;\n';
    expect(maskMacros(text, shapes).masked).toBe(text);
  });
});

describe('offsetof member designators', () => {
  it('a subscripted member becomes one name for the parser; captures keep the original', () => {
    const text = 'void\nf(void)\n{\n\tbus_dmamap_sync(t, m, offsetof(struct hifn_dma, dstr[i]), sizeof(struct hifn_desc), op);\n}\n';
    const { masked } = maskMacros(text, shapes);
    expect(masked).toContain('offsetof(struct hifn_dma, dstr_i_)');
    expect(problems(text)).toEqual([]);
    expect(parseC(text).rootNode.hasError).toBe(true);
  });

  it('a plain member is left alone', () => {
    const text = 'int x = offsetof(struct s, field);\n';
    expect(maskMacros(text, shapes).masked).toBe(text);
  });
});

describe('macros with a type argument (macro-shapes.yml type-argument)', () => {
  const text = 'void\nf(void)\n{\n\teh = mtod(m, struct ether_header *);\n\tn = mtod(m, uint32_t);\n}\n';

  it('the type becomes one identifier of the same length; a plain type name is left alone', () => {
    const { masked, sites } = maskMacros(text, shapes);
    expect(masked).toContain('mtod(m, struct_ether_header__)');
    expect(masked).toContain('mtod(m, uint32_t)');
    expect(sites.map((s) => s.shape)).toEqual(['type-argument']);
    expect(problems(text)).toEqual([]);
    expect(parseC(text).rootNode.hasError).toBe(true);
  });

  it('rename rules still reach the names inside the type', () => {
    const rule = { id: 't/rename', summary: 's', file: 'f', line: 1, scope: {}, examples: [], rename: { kinds: ['type' as const], map: new Map([['ether_header', 'ether_hdr']]) } };
    const edits = findRuleEdits(rule, parseSource('t.c', text, shapes));
    expect(edits.map((e) => [text.slice(e.start, e.end), e.parts])).toEqual([['ether_header', ['ether_hdr']]]);
  });
});
