import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { translateTree, type TreeOptions } from '../../src/batch/translate-tree.js';
import { loadProject } from '../../src/cli/project.js';
import { loadRuleDir } from '../../src/match/load-rules.js';
import { runRuleExample } from '../../src/match/run-rule-example.js';
import { translateFile } from '../../src/translate/translate-file.js';

const project = loadProject();
const benchRules = loadRuleDir(join(project.root, 'bench/rules'), project.root);
const scratch = mkdtempSync(join(tmpdir(), 'translate-tree-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(benchRules.map((r) => [r.id, r] as const))('bench rule %s', (_id, rule) => {
  it.each(rule.examples.map((e) => [e.name, e] as const))('%s', (_name, example) => {
    const { output, diagnostics } = runRuleExample(rule, example, project.shapes);
    expect(diagnostics).toEqual([]);
    expect(output).toBe(example.unchanged ? example.before : example.after);
  });
});

/** A small tree: 12 files that need the rules (enough for a worker), 2 that do not, one that is not C. */
function makeTree(): string {
  const root = join(scratch, 'src');
  mkdirSync(join(root, 'sub'), { recursive: true });
  for (let i = 0; i < 12; i++)
    writeFileSync(join(root, 'sub', `f${i}.c`), `void\nf${i}(struct softc *sc)\n{\n\tmutex_enter(&sc->sc_lock);\n\tp = kmem_alloc(${i}, KM_SLEEP);\n\tmutex_exit(&sc->sc_lock);\n}\n`);
  writeFileSync(join(root, 'plain.c'), 'int\nplain(void)\n{\n\treturn 0;\n}\n');
  writeFileSync(join(root, 'comment.h'), '/* mentions nothing the rules need */\n#define X 1\n');
  writeFileSync(join(root, 'notes.txt'), 'mutex_enter(x);\n');
  return root;
}

const root = makeTree();
const opts = (over: Partial<TreeOptions> = {}): TreeOptions => ({ rules: benchRules, transforms: [], shapes: project.shapes, modules: project.plans, workers: 0, ...over });

describe('translateTree', () => {
  it('parses only the files a rule can touch, and writes exactly what translateFile writes', async () => {
    const out = join(scratch, 'out');
    const r = await translateTree(root, opts({ outDir: out }));
    expect(r.files.map((f) => f.path)).toEqual(['comment.h', 'plain.c', ...[0, 1, 10, 11, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `sub/f${i}.c`)]);
    expect(r.files.filter((f) => !f.parsed).map((f) => f.path)).toEqual(['comment.h', 'plain.c']);
    expect(r.totals).toMatchObject({ files: 14, parsed: 12, changed: 12, written: 12, applications: 36 });
    const text = readFileSync(join(root, 'sub/f3.c'), 'latin1');
    const expected = translateFile('sub/f3.c', text, { rules: benchRules, transforms: [], shapes: project.shapes, module: undefined, modules: project.plans });
    expect(readFileSync(join(out, 'sub/f3.c'), 'latin1')).toBe(expected.output.text);
    expect(r.files.find((f) => f.path === 'sub/f3.c')!.applications).toEqual(expected.applications);
  });

  it('writes over existing files in the output folder, longer and shorter ones, leaving exactly the new text', async () => {
    const out = join(scratch, 'over');
    mkdirSync(join(out, 'sub'), { recursive: true });
    writeFileSync(join(out, 'sub/f1.c'), 'x'.repeat(4096)); // longer than the translation: must be cut
    writeFileSync(join(out, 'sub/f2.c'), 'short'); // shorter: must grow
    await translateTree(root, opts({ outDir: out }));
    const fresh = join(scratch, 'fresh');
    await translateTree(root, opts({ outDir: fresh }));
    for (const f of ['sub/f1.c', 'sub/f2.c']) expect(readFileSync(join(out, f), 'latin1')).toBe(readFileSync(join(fresh, f), 'latin1'));
  });

  it('reads a file larger than the first read buffer (2.5 MiB) whole', async () => {
    const bigRoot = join(scratch, 'big');
    mkdirSync(bigRoot, { recursive: true });
    const padding = `/*${' pad'.repeat(640 * 1024)} */\n`;
    writeFileSync(join(bigRoot, 'big.c'), `${padding}void\nf(struct softc *sc)\n{\n\tmutex_enter(&sc->sc_lock);\n}\n`);
    writeFileSync(join(bigRoot, 'small.c'), 'void\ng(struct softc *sc)\n{\n\tmutex_exit(&sc->sc_lock);\n}\n');
    const out = join(scratch, 'big-out');
    const r = await translateTree(bigRoot, opts({ outDir: out }));
    expect(r.totals).toMatchObject({ files: 2, written: 2 });
    expect(readFileSync(join(out, 'big.c'), 'latin1')).toBe(`${padding}void\nf(struct softc *sc)\n{\n\tmtx_lock(&sc->sc_lock);\n}\n`);
  });

  it('gives the same results with a worker thread', { timeout: 30_000 }, async () => {
    const single = await translateTree(root, opts());
    const threaded = await translateTree(root, opts({ workers: 1 }));
    expect(threaded.workers).toBe(1);
    expect(threaded.files).toEqual(single.files);
  });

  it('without the pre-filter parses every file, with the same edits', async () => {
    const all = await translateTree(root, opts({ prefilter: false }));
    expect(all.totals.parsed).toBe(14);
    expect(all.files.flatMap((f) => f.applications)).toEqual((await translateTree(root, opts())).files.flatMap((f) => f.applications));
  });

  it('takes unchanged files from the cache and translates a changed one again', async () => {
    const cacheDir = join(scratch, 'cache');
    const cold = await translateTree(root, opts({ cacheDir }));
    const warm = await translateTree(root, opts({ cacheDir, outDir: join(scratch, 'warm') }));
    expect(cold.totals.cached).toBe(0);
    expect(warm.totals.cached).toBe(12);
    expect(warm.files.map((f) => ({ ...f, cached: false, written: false }))).toEqual(cold.files);
    expect(readFileSync(join(scratch, 'warm/sub/f0.c'), 'latin1')).toContain('mtx_lock(&sc->sc_lock);');
    writeFileSync(join(root, 'sub/f0.c'), 'void\ng(void)\n{\n\tmutex_exit(&l);\n}\n');
    const after = await translateTree(root, opts({ cacheDir }));
    expect(after.files.filter((f) => !f.cached && f.parsed).map((f) => f.path)).toEqual(['sub/f0.c']);
    expect(after.files.find((f) => f.path === 'sub/f0.c')!.applications).toEqual([{ ruleId: 'lock/mutex-exit', line: 4, column: 2 }]);
    // A different rule set is a different key: nothing is taken from the cache.
    const other = await translateTree(root, opts({ cacheDir, rules: benchRules.slice(1) }));
    expect(other.totals.cached).toBe(0);
  });
});
