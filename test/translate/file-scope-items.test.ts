import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSources } from '../../src/batch/list-sources.js';
import { loadGeneralRuleSet } from '../../src/cli/general-rule-set.js';
import { loadProject } from '../../src/cli/project.js';
import { loadRuleDir } from '../../src/match/load-rules.js';
import { cfattachToNewbus } from '../../src/transform/cfattach-to-newbus.js';
import { translateFile, type TranslateOptions } from '../../src/translate/translate-file.js';

const project = loadProject();
const rules = loadRuleDir(join(project.root, 'bench/rules'), project.root);
const options: TranslateOptions = { rules, transforms: [], shapes: project.shapes, module: undefined, modules: project.plans };

describe('rules alone parse only the file-scope items that mention their literals', () => {
  const fine = 'void\nf(struct softc *sc)\n{\n\tmutex_enter(&sc->lock);\n}\n';
  const broken = 'static int g( {\n';

  it('an ERROR region in an item no rule can act in is neither reported nor in the way; --whole-files hears of it', () => {
    const t = translateFile('t.c', fine + broken, options);
    expect(t.diagnostics).toEqual([]);
    expect(t.output.text).toBe(fine.replace('mutex_enter', 'mtx_lock') + broken);
    const whole = translateFile('t.c', fine + broken, { ...options, wholeFile: true });
    expect(whole.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['PV1001', 'error', 6]]);
  });

  it('an ERROR region in an item that mentions a literal is reported as before', () => {
    const t = translateFile('t.c', fine.replace('}', '\tg( {\n}'), options);
    expect(t.diagnostics.map((d) => [d.code, d.severity])).toEqual([['PV1001', 'error']]);
  });

  it('a transform that names the items it reads (CFATTACH: the declaration and its functions) gets those parsed, not the whole file', () => {
    const withTransform = { ...options, transforms: [cfattachToNewbus] };
    const match = 'static int\nfoo_match(device_t parent, cfdata_t cf, void *aux)\n{\n\treturn 1;\n}\n';
    const attach = fine + 'static int g(void);\n' + match + 'CFATTACH_DECL_NEW(foo, sizeof(struct softc), foo_match, f, NULL, NULL);\n';
    const t = translateFile('t.c', attach, withTransform);
    expect(t.source.ranges!.map((r) => attach.slice(r.start, r.end).trim().split('\n')[0])).toEqual(['void', 'static int']);
    expect(t.output.text).toContain('foo_match(device_t self)\n{\n\treturn(BUS_PROBE_DEFAULT);');
    expect(t.output.text).toContain('DEVMETHOD(device_attach,\tf),');
    expect(t.output.text).toBe(translateFile('t.c', attach, { ...withTransform, wholeFile: true }).output.text);
  });

  it('a transform is given the whole file when its literal is inside an #if (whole, the parser nests it there) or an argument is not a plain name', () => {
    const withTransform = { ...options, transforms: [cfattachToNewbus] };
    const decl = 'CFATTACH_DECL_NEW(foo, sizeof(struct softc), foo_match, f, NULL, NULL);\n';
    expect(translateFile('t.c', fine + '#ifdef __NetBSD__\n' + decl + '#endif\n', withTransform).source.ranges).toBeUndefined();
    expect(translateFile('t.c', fine + decl.replace('foo_match', 'MATCH(foo)'), withTransform).source.ranges).toBeUndefined();
    expect(translateFile('t.c', fine + '#ifdef __NetBSD__\nint x;\n#endif\n' + decl, withTransform).source.ranges).toBeDefined();
  });

  it('a rewrite that breaks the parse of its item is still caught by the re-parse check', () => {
    const breaking = loadRuleDir(join(project.root, 'bench/rules'), project.root).map((r) =>
      r.id === 'lock/mutex-enter' ? { ...r, rewrites: r.rewrites!.map((w) => ({ ...w, replace: 'mtx_lock($A' })) } : r,
    );
    const t = translateFile('t.c', 'int a;\n' + fine, { ...options, rules: breaking });
    expect(t.diagnostics.map((d) => [d.code, d.ruleId])).toEqual([['PV3002', 'lock/mutex-enter']]);
  });

  // What the cut must not change: on every bulk file a benchmark literal occurs in and that parses
  // without ERROR as a whole, the translation (output, applications, diagnostics) is the one a
  // whole-file parse gives.
  it('translates every ERROR-free bulk-tree file exactly as a whole-file parse does', { timeout: 120_000 }, () => {
    const root = join(project.root, '../shared/corpus/netbsd-6-bulk');
    const literals = /aprint_error_dev|aprint_normal|config_found_ia|bus_dmamap_sync|kmem_alloc|kmem_free|mutex_enter|mutex_exit|mutex_init|MCLGET/;
    let compared = 0;
    let changed = 0;
    for (const path of listSources(root)) {
      const text = readFileSync(join(root, path), 'latin1');
      if (!literals.test(text)) continue;
      const whole = translateFile(path, text, { ...options, wholeFile: true });
      if (whole.source.problems.some((p) => p.kind !== 'unparsed-macro-body')) continue;
      const part = translateFile(path, text, options);
      expect(part.source.ranges, path).toBeDefined();
      expect(part.output.text, path).toBe(whole.output.text);
      expect(part.applications, path).toEqual(whole.applications);
      expect(part.diagnostics, path).toEqual(whole.diagnostics);
      compared++;
      if (part.output.text !== text) changed++;
    }
    expect(compared).toBeGreaterThan(100);
    expect(changed).toBeGreaterThan(100);
  });

  // The same for the project's general rule set with its transforms, on every ERROR-free bulk
  // file that declares a CFATTACH (the newbus transform reads the functions it names).
  it('translates every ERROR-free CFATTACH file of the bulk tree with the full rule set exactly as a whole-file parse does', { timeout: 120_000 }, () => {
    const root = join(project.root, '../shared/corpus/netbsd-6-bulk');
    const general = loadGeneralRuleSet().translate;
    const full: TranslateOptions = { ...options, rules: general.rules, transforms: general.transforms };
    let compared = 0;
    for (const path of listSources(root)) {
      const text = readFileSync(join(root, path), 'latin1');
      if (!/CFATTACH_DECL[23]?_NEW/.test(text)) continue;
      const whole = translateFile(path, text, { ...full, wholeFile: true });
      if (whole.source.problems.some((p) => p.kind !== 'unparsed-macro-body')) continue;
      const part = translateFile(path, text, full);
      if (part.source.ranges) compared++;
      expect(part.output.text, path).toBe(whole.output.text);
      expect(part.applications, path).toEqual(whole.applications);
      expect(part.diagnostics, path).toEqual(whole.diagnostics);
    }
    expect(compared).toBeGreaterThan(100);
  });
});
