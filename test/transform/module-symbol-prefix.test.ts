import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { textEdit } from '../../src/rewrite/edit.js';
import { MODULE_SYMBOL_PREFIX, moduleSymbolPrefix } from '../../src/transform/module-symbol-prefix.js';
import type { Transform } from '../../src/transform/transform.js';
import { fileSymbols, prefixRenames, renameSymbols } from '../../src/translate/link-symbols.js';
import { portModules } from '../../src/translate/port-modules.js';
import { translateFile } from '../../src/translate/translate-file.js';

const project = loadProject();
const ID = moduleSymbolPrefix.id;
const link = (input: string, transforms: Transform[] = []) => {
  const t = translateFile('input.c', input, { rules: [], transforms, shapes: project.shapes, module: undefined, modules: [] });
  return renameSymbols(t, prefixRenames([t], project.shapes, MODULE_SYMBOL_PREFIX), ID, project.shapes);
};

/** test/fixtures/transform/module-symbol-prefix/<case>/: input.c as one module, linked alone. UPDATE_FIXTURES=1 rewrites expected.c. */
describe.each(readdirSync(join(import.meta.dirname, '../fixtures/transform/module-symbol-prefix')))(`${ID}: %s`, (name) => {
  const dir = join(import.meta.dirname, '../fixtures/transform/module-symbol-prefix', name);
  const t = link(readFileSync(join(dir, 'input.c'), 'latin1'));
  if (process.env.UPDATE_FIXTURES) writeFileSync(join(dir, 'expected.c'), t.output.text);

  it('produces expected.c byte for byte', () => {
    expect(existsSync(join(dir, 'expected.c'))).toBe(true);
    expect(t.output.text).toBe(readFileSync(join(dir, 'expected.c'), 'latin1'));
  });

  it('attributes every changed line to the rule', () => {
    for (const o of t.origins.filter((x) => x.kind !== 'untouched')) expect(o.ruleIds).toEqual([ID]);
  });
});

describe('fileSymbols (linkage of file-scope names)', () => {
  it('tells definitions, declarations and static names apart', () => {
    const s = fileSymbols('static void a(void);\nvoid a(void) {}\nint b(int);\nint b(int x) { return x; }\nextern int c;\nint d;\nint e(void);\nstatic int f;\nint (*g)(void);\nstruct s { int x; } __packed;\n');
    expect(s.defined.sort()).toEqual(['b', 'd', 'g']);
    expect(s.declared.sort()).toEqual(['c', 'e']);
    expect([...s.internal].sort()).toEqual(['a', 'f']);
  });
});

describe('renaming inside other rules\' text', () => {
  // A template that calls the module's API, as virtio/parent-bus-split's do.
  const inserts: Transform = {
    id: 'test/insert-call',
    meta: { summary: 'test' },
    appliesTo: () => true,
    create: (ctx) => {
      const at = ctx.file.text.indexOf('\treturn');
      return { edits: [textEdit(at, at, '\t(void)foo_api(0); /* foo_api */\n', 'test/insert-call', 'call')], diagnostics: [] };
    },
  };

  it('renames the call in the template, keeps the template\'s attribution and leaves its comment', () => {
    const t = link('int\nfoo_api(int x)\n{\n\treturn x;\n}\n', [inserts]);
    expect(t.output.text).toBe('int\nnbsd_foo_api(int x)\n{\n\t(void)nbsd_foo_api(0); /* foo_api */\n\treturn x;\n}\n');
    expect(t.origins[1]).toMatchObject({ kind: 'rewritten', ruleIds: [ID] });
    expect(t.origins[3]).toMatchObject({ kind: 'template', ruleIds: ['test/insert-call'] });
    expect(t.applications.filter((a) => a.ruleId === ID).length).toBe(2);
  });
});

describe('the four modules, linked', () => {
  const srcDir = join(project.root, 'NetBSD_code');
  const port = (names: string[], transforms = project.transforms) =>
    portModules({ srcDir, plans: project.plans, selected: names.map((n) => project.plans.find((p) => p.name === n)!), rules: project.rules, transforms, shapes: project.shapes });
  const all = port(['virtio', 'blk', 'net', 'balloon']);
  const text = (r: ReturnType<typeof port>, module: string, file: string): string => r.modules.find((m) => m.plan.name === module)!.files.find((f) => basename(f.path) === file)!.output.text;
  const api = fileSymbols(readFileSync(join(srcDir, 'sys/dev/pci/virtio.c'), 'latin1')).defined;

  it("prefixes the parent's API at its definitions and its virtiovar.h prototypes, and leaves static functions", () => {
    const virtio = text(all, 'virtio', 'virtio.c');
    expect(api).toContain('virtio_alloc_vq');
    for (const n of [...api, 'virtio_child_attach_finish', 'vio_dmamap_load']) {
      expect(virtio, n).toMatch(new RegExp(`^nbsd_${n}\\(`, 'm'));
      expect(text(all, 'virtio', 'virtiovar.h'), n).toMatch(new RegExp(`\\bnbsd_${n}\\(`));
    }
    expect(virtio).toMatch(/^virtio_attach\(device_t self\)$/m);
    expect(fileSymbols(virtio, project.shapes).defined.every((n) => n.startsWith(MODULE_SYMBOL_PREFIX))).toBe(true);
  });

  it('leaves no call of the API by its NetBSD name in any module', () => {
    for (const m of all.modules)
      for (const f of m.files) {
        const code = f.output.text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
        const calls = [...code.matchAll(/(?<![\w>.])(virtio_[a-z0-9_]+|vio_dmamap_[a-z]+)\(/g)].map((x) => x[1]!);
        const statics = fileSymbols(f.output.text, project.shapes).internal;
        expect(calls.filter((c) => !statics.has(c) && !/^virtio_(attach|detach|match|shutdown|intr|intr_thread|set_status|device_reset|init_vq)$/.test(c)), `${m.plan.name}/${basename(f.path)}`).toEqual([]);
      }
  });

  it('gives a child translated alone the same names as with its parent', () => {
    expect(text(port(['blk']), 'blk', 'ld_virtio.c')).toBe(text(all, 'blk', 'ld_virtio.c'));
    expect(text(all, 'blk', 'ld_virtio.c')).toContain('nbsd_virtio_alloc_vq(');
  });

  it('is off without the transform', () => {
    const off = port(['virtio'], project.transforms.filter((t) => t.id !== ID));
    expect(text(off, 'virtio', 'virtio.c')).toMatch(/^virtio_alloc_vq\(/m);
    expect(off.readme.toString()).not.toContain(MODULE_SYMBOL_PREFIX);
  });
});
