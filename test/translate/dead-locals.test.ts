import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { loadRuleFile } from '../../src/match/load-rules.js';
import { translateFile } from '../../src/translate/translate-file.js';

const project = loadProject();
const rulesDir = join(import.meta.dirname, '../fixtures/rules');
const dropSize = loadRuleFile(join(rulesDir, 'dead/drop-size.yml'), rulesDir, project.root);
const readsLen = loadRuleFile(join(rulesDir, 'dead/reads-len.yml'), rulesDir, project.root);
const translate = (text: string) =>
  translateFile('d.c', text, { rules: [dropSize, readsLen], transforms: [], shapes: project.shapes, module: undefined, modules: project.plans });
const fn = (body: string): string => `void\nf(void *buf)\n{\n${body}}\n`;

describe('cleanup/dead-locals', () => {
  it('removes a local whose only read a rewrite dropped, with its side-effect-free stores', () => {
    const t = translate(fn('\tsize_t len = 64;\n\tint keep = 1;\n\n\tlen = 128;\n\tkmem_free(buf, len);\n\tg(keep);\n'));
    expect(t.output.text).toBe(fn('\tint keep = 1;\n\n\tkfree(buf, M_TEMP);\n\tg(keep);\n'));
    expect(t.applications.map((a) => a.ruleId)).toEqual(['cleanup/dead-locals', 'cleanup/dead-locals', 'dead/drop-size']);
  });

  it('keeps a local that is still read elsewhere', () => {
    const src = fn('\tsize_t len = 64;\n\n\tkmem_free(buf, len);\n\tprintf("%zu", len);\n');
    expect(translate(src).output.text).toBe(fn('\tsize_t len = 64;\n\n\tkfree(buf, M_TEMP);\n\tprintf("%zu", len);\n'));
  });

  it('keeps a local whose initializer has side effects', () => {
    const src = fn('\tsize_t len = measure(buf);\n\n\tkmem_free(buf, len);\n');
    expect(translate(src).output.text).toContain('size_t len = measure(buf);');
  });

  it('leaves a local NetBSD itself left dead alone', () => {
    const src = fn('\tint unused;\n\tsize_t len = 8;\n\n\tkmem_free(buf, len);\n');
    expect(translate(src).output.text).toBe(fn('\tint unused;\n\n\tkfree(buf, M_TEMP);\n'));
  });

  it('removes one declarator of a list, in a function that keeps its other locals', () => {
    const src = fn('\tint a = 1, len = 8;\n\n\tkmem_free(buf, len);\n\tg(a);\n');
    expect(translate(src).output.text).toBe(fn('\tint a = 1;\n\n\tkfree(buf, M_TEMP);\n\tg(a);\n'));
  });

  it('removes the dead local of the function the rewrite was in, not a same-named local elsewhere', () => {
    const other = 'void\ng(void)\n{\n\tsize_t len = 4;\n\n\th(len);\n}\n';
    const src = fn('\tsize_t len = 64;\n\n\tkmem_free(buf, len);\n') + other;
    expect(translate(src).output.text).toBe(fn('\n\tkfree(buf, M_TEMP);\n') + other);
  });

  it('does not take a name only ever called for a local', () => {
    // kmem_free is removed text, but is never a variable: nothing is looked up or parsed for it.
    const src = fn('\tint kmem_freed = 0;\n\n\tkmem_free(buf, 4);\n\tg(kmem_freed);\n');
    expect(translate(src).output.text).toBe(fn('\tint kmem_freed = 0;\n\n\tkfree(buf, M_TEMP);\n\tg(kmem_freed);\n'));
  });
  it('finds the function by position when #if branches define the same name twice', () => {
    // bktr_os.c defines bktr_probe three times: a lookup by name took the first and kept the dead local.
    const first = '#ifdef __FreeBSD__\nvoid\nf(void *buf)\n{\n\tg(buf);\n}\n#else\n';
    const src = first + fn('\tsize_t len = 64;\n\n\tkmem_free(buf, len);\n') + '#endif\n';
    expect(translate(src).output.text).toBe(first + fn('\n\tkfree(buf, M_TEMP);\n') + '#endif\n');
  });

  it('keeps a local that text a rewrite inserted in the function reads, but not for a member of the same name', () => {
    const read = fn('\tsize_t len = 64;\n\n\tkmem_free(buf, len);\n\tuse_len();\n');
    expect(translate(read).output.text).toBe(fn('\tsize_t len = 64;\n\n\tkfree(buf, M_TEMP);\n\th(len);\n'));
    const member = fn('\tsize_t len = 64;\n\n\tkmem_free(buf, len);\n\tuse_member();\n');
    expect(translate(member).output.text).toBe(fn('\n\tkfree(buf, M_TEMP);\n\th(sc->len);\n'));
  });
});
