import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSources } from '../../src/batch/list-sources.js';
import { loadGeneralRuleSet } from '../../src/cli/general-rule-set.js';
import { loadProject } from '../../src/cli/project.js';
import { literalTest } from '../../src/match/literal-test.js';
import { loadRuleDir } from '../../src/match/load-rules.js';
import { parseSource } from '../../src/parse/parse-source.js';
import { applyEdits } from '../../src/rewrite/apply-edits.js';
import { textEdit, type Edit } from '../../src/rewrite/edit.js';
import { parsesAsBefore, sameParse } from '../../src/translate/same-parse.js';
import { translateFile, type TranslatedFile } from '../../src/translate/translate-file.js';
import type { SourceFile } from '../../src/parse/source-file.js';

const project = loadProject();

/** The original as the translation parsed it (same items), with its tree unspent by the translation's re-parse check. */
const originalOf = (t: TranslatedFile, text: string): SourceFile => parseSource(t.path, text, project.shapes, { macroBodies: false, ...(t.source.ranges ? { ranges: t.source.ranges } : {}) });
const same = (text: string, edits: Edit[]): boolean => sameParse(text, applyEdits(text, edits), project.shapes);
const at = (text: string, find: string, replace: string): Edit => {
  const start = text.indexOf(find);
  return textEdit(start, start + find.length, replace, 't');
};

describe('sameParse (when the re-parse check is skipped)', () => {
  const code = 'void\nf(struct softc *sc)\n{\n\taprint_normal(": rev %d\\n",\n\t    sc->rev);\n\tmutex_enter(&sc->lock);\n}\n';

  it('holds when identifiers are respelled and spacing between apart tokens changes', () => {
    expect(same(code, [at(code, 'aprint_normal', 'printf'), at(code, 'mutex_enter', 'mtx_lock')])).toBe(true);
    expect(same(code, [at(code, 'aprint_normal(": rev %d\\n",\n\t    sc->rev)', 'printf(": rev %d\\n", sc->rev)')])).toBe(true);
  });

  it('fails when tokens are dropped, added or moved', () => {
    expect(same(code, [at(code, ',\n\t    sc->rev', '')])).toBe(false);
    expect(same(code, [at(code, '&sc->lock', '&sc->lock, 0')])).toBe(false);
    const moved = code.indexOf('sc->rev');
    expect(same(code, [at(code, '": rev %d\\n"', ''), { start: moved + 7, end: moved + 7, parts: [', ', { capture: { start: code.indexOf('"'), end: code.indexOf('",') + 1 } }], ruleId: 't' }])).toBe(false);
  });

  it('fails for a respelling into a word the grammar knows or a macro the masking rewrites', () => {
    expect(same(code, [at(code, 'mutex_enter', 'sizeof')])).toBe(false);
    expect(same(code, [at(code, 'mutex_enter', 'size_t')])).toBe(false);
    const shape = [...project.shapes.foreach][0]!;
    expect(same(code, [at(code, 'mutex_enter', shape)])).toBe(false);
  });

  it('fails when tokens would join, a comment goes, or a directive line changes', () => {
    expect(same(code, [at(code, 'struct softc *sc', 'struct softc*sc')])).toBe(false);
    const commented = 'int a = b /* why */ + c;\n';
    expect(same(commented, [at(commented, 'b /* why */ + c', 'b + c')])).toBe(false);
    const define = '#define F(x) \\\n\tg(x)\n';
    expect(same(define, [at(define, ' \\\n\tg(x)', ' g(x)')])).toBe(false);
    expect(same(define, [at(define, 'g(x)', 'h(x)')])).toBe(true);
  });

  // The claim itself, on real code: wherever the check is skipped, a fresh parse of the output has
  // the very tree of the original (node types and shape; identifier spellings are not in it).
  it('a skipped check is, on every bulk-tree file the ten benchmark renames change, a tree identical to the original', { timeout: 120_000 }, () => {
    const rules = loadRuleDir(join(project.root, 'bench/rules'), project.root);
    const root = join(project.root, '../shared/corpus/netbsd-6-bulk');
    const literals = /aprint_|mutex_(enter|exit|init)|config_found_ia|bus_dmamap_sync|kmem_(alloc|free)|MCLGET/;
    let skipped = 0;
    let checked = 0;
    for (const path of listSources(root)) {
      const text = readFileSync(join(root, path), 'latin1');
      if (!literals.test(text)) continue;
      const t = translateFile(path, text, { rules, transforms: [], shapes: project.shapes, module: undefined, modules: project.plans, allowPartial: true });
      if (t.output.text === text) continue;
      checked++;
      if (!sameParse(text, t.output, project.shapes)) continue;
      skipped++;
      const before = parseSource(path, text, project.shapes, { macroBodies: false }).fragments[0]!.tree.rootNode.toString();
      const after = parseSource(path, t.output.text, project.shapes, { macroBodies: false }).fragments[0]!.tree.rootNode.toString();
      expect(after, path).toBe(before);
    }
    expect(checked).toBeGreaterThan(200);
    expect(skipped).toBeGreaterThan(50);
  });
});

describe('parsesAsBefore (statement-level check)', () => {
  const parse = (text: string) => parseSource('t.c', text, project.shapes, { macroBodies: false });
  const holds = (text: string, edits: Edit[]): boolean => parsesAsBefore(parse(text), applyEdits(text, edits), project.shapes);
  const code = 'void\nf(struct softc *sc)\n{\n\tbus_dmamap_sync(sc->t, sc->m, 0, len, BUS_DMASYNC_PREWRITE);\n\tx = 1;\n}\n';

  it('holds when the changed statements still parse as statements', () => {
    expect(holds(code, [at(code, ', 0, len', '')])).toBe(true);
    expect(holds(code, [at(code, '\tx = 1;\n', '')])).toBe(true);
    expect(holds(code, [at(code, 'x = 1;', 'x = 1; y = 2;')])).toBe(true);
  });

  it('holds when a template moves an argument within the statement', () => {
    const call = 'void\nf(device_t self)\n{\n\tconfig_found_ia(self, "pci", &pa, print);\n}\n';
    const args = (a: string): Edit => ({ start: call.indexOf(a), end: call.indexOf(a) + a.length, parts: [], ruleId: 't' });
    const moved: Edit = {
      start: call.indexOf('config_found_ia'),
      end: call.indexOf(';'),
      ruleId: 't',
      parts: ['config_found(self, ', { capture: args('&pa') }, ', print, CFARG_IATTR(', { capture: args('"pci"') }, '))'],
    };
    const rendered = applyEdits(call, [moved]);
    expect(rendered.text).toContain('config_found(self, &pa, print, CFARG_IATTR("pci"));');
    expect(parsesAsBefore(parse(call), rendered, project.shapes)).toBe(true);
    const broken: Edit = { ...moved, parts: ['config_found(self, ', { capture: args('&pa') }, ', print, CFARG_IATTR(', { capture: args('"pci"') }, ')'] };
    expect(parsesAsBefore(parse(call), applyEdits(call, [broken]), project.shapes)).toBe(false);
  });

  it('fails when a statement no longer parses, or the change reaches a directive or leaves the statement', () => {
    expect(holds(code, [at(code, 'x = 1;', 'x = 1')])).toBe(false);
    expect(holds(code, [at(code, 'x = 1;', 'x = (1;')])).toBe(false);
    expect(holds(code, [at(code, '\tx = 1;\n', '#ifdef A\n\tx = 1;\n#endif\n')])).toBe(false);
    expect(holds(code, [at(code, '(struct softc *sc)', '(void)')])).toBe(false);
  });

  it('in a file with an ERROR region, judges only statements of error-free functions, or error-free statements between error-free neighbours', () => {
    const elsewhere = code + 'int g( {\n';
    expect(parse(elsewhere).problems.length).toBeGreaterThan(0);
    expect(holds(elsewhere, [at(elsewhere, ', 0, len', '')])).toBe(true);
    const inside = code.replace('\tx = 1;', '\tx = (1;');
    expect(parse(inside).problems.length).toBeGreaterThan(0);
    expect(holds(inside, [at(inside, ', 0, len', '')])).toBe(false); // its neighbour has the ERROR
    const apart = code.replace('\tx = 1;', '\tx = 1;\n\ty = 2;\n\tz = (1;');
    expect(parse(apart).problems.length).toBeGreaterThan(0);
    expect(holds(apart, [at(apart, ', 0, len', '')])).toBe(true); // sound statement, sound neighbours
    expect(holds(inside, [at(inside, 'bus_dmamap_sync', 'bus_dmasync')])).toBe(true); // same tokens: still fine
  });

  it('on every bulk-tree file the ten benchmark renames change, a skipped check means no new ERROR or MISSING in a fresh parse', { timeout: 120_000 }, () => {
    const rules = loadRuleDir(join(project.root, 'bench/rules'), project.root);
    const root = join(project.root, '../shared/corpus/netbsd-6-bulk');
    const literals = /aprint_|mutex_(enter|exit|init)|config_found_ia|bus_dmamap_sync|kmem_(alloc|free)|MCLGET/;
    const problems = (text: string): number => parse(text).problems.filter((p) => p.kind !== 'unparsed-macro-body').length;
    let beyondTokens = 0;
    let inDefineBodies = 0;
    for (const path of listSources(root)) {
      const text = readFileSync(join(root, path), 'latin1');
      if (!literals.test(text)) continue;
      const t = translateFile(path, text, { rules, transforms: [], shapes: project.shapes, module: undefined, modules: project.plans, allowPartial: false });
      if (t.output.text === text) continue;
      const source = originalOf(t, text);
      if (!parsesAsBefore(source, t.output, project.shapes)) continue;
      if (!sameParse(text, t.output, project.shapes)) beyondTokens++;
      const tree = source.fragments[0]!.tree.rootNode;
      if (t.edits.some((e) => tree.descendantForIndex(e.start).type === 'preproc_arg')) inDefineBodies++;
      expect(problems(t.output.text), path).toBeLessThanOrEqual(problems(text));
    }
    expect(beyondTokens).toBeGreaterThan(30);
    expect(inDefineBodies).toBeGreaterThan(15);
  });

  it('on every bulk-tree file the full rule set changes, a skipped check means no new ERROR or MISSING in a fresh parse', { timeout: 120_000 }, () => {
    const general = loadGeneralRuleSet().translate;
    const root = join(project.root, '../shared/corpus/netbsd-6-bulk');
    const problems = (text: string): number => parse(text).problems.filter((p) => p.kind !== 'unparsed-macro-body').length;
    const literals = literalTest(general.rules, general.transforms) as RegExp;
    let skipped = 0;
    for (const path of listSources(root)) {
      const text = readFileSync(join(root, path), 'latin1');
      if (!literals.test(text)) continue;
      const t = translateFile(path, text, { ...general, module: undefined, allowPartial: false });
      if (t.output.text === text || !parsesAsBefore(originalOf(t, text), t.output, project.shapes)) continue;
      skipped++;
      expect(problems(t.output.text), path).toBeLessThanOrEqual(problems(text));
    }
    expect(skipped).toBeGreaterThan(10); // the rest change file scope (#include, __KERNEL_RCSID) and are re-parsed
  });
});

describe('parsesAsBefore: a #define body is one token to the file', () => {
  const parse = (text: string) => parseSource('t.c', text, project.shapes, { macroBodies: false });
  const holds = (text: string, find: string, replace: string): boolean => parsesAsBefore(parse(text), applyEdits(text, [at(text, find, replace)]), project.shapes);
  const macro = '#define SYNC(sc, x) do {\t\t\\\n\tbus_dmamap_sync((sc)->t, (sc)->m, 0, (x), 0);\t/* all */\\\n} while (/*CONSTCOND*/0)\nint a;\n';

  it('holds when a body is respelled into one body again (comments inside it are blanks to the parse)', () => {
    expect(holds(macro, ', 0, (x)', '')).toBe(true);
    expect(holds(macro, 'bus_dmamap_sync(', 'bus_dmamap_sync(tag, ')).toBe(true);
  });

  it('fails when the new body would end early: a line end without a backslash, or a comment with nothing after it', () => {
    expect(holds(macro, ', 0, (x)', ',\n0')).toBe(false);
    expect(holds(macro, '} while (/*CONSTCOND*/0)', '} while (0) /* end */')).toBe(false);
  });

  it('in a file with an ERROR region, judges only a #define whose neighbours are error-free', () => {
    expect(holds(macro + 'int g( {\n', ', 0, (x)', '')).toBe(true);
    expect(holds('int g( {\n' + macro, ', 0, (x)', '')).toBe(false);
  });
});

describe('parsesAsBefore: text inserted at a statement edge is checked with it', () => {
  const parse = (text: string) => parseSource('t.c', text, project.shapes, { macroBodies: false });
  const code = 'void\nf(void)\n{\n\tx = 1;\n\ty = 2;\n}\n';
  const insertAt = (find: string, text: string): Edit => {
    const at = code.indexOf(find);
    return textEdit(at, at, text, 't');
  };
  it('a broken statement inserted before or after another is not waved through', () => {
    expect(parsesAsBefore(parse(code), applyEdits(code, [insertAt('y = 2;', 'z = (;\n\t')]), project.shapes)).toBe(false);
    expect(parsesAsBefore(parse(code), applyEdits(code, [insertAt('y = 2;', 'z = 3;\n\t')]), project.shapes)).toBe(true);
  });
});
