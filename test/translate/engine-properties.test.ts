import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { loadRuleFile } from '../../src/match/load-rules.js';
import { translateFile, type TranslateOptions } from '../../src/translate/translate-file.js';

const project = loadProject();
const corpus = join(project.root, '../shared/corpus/netbsd-6/sys/dev/pci');
const inputs = readdirSync(corpus).map((name) => ({ name, text: readFileSync(join(corpus, name), 'latin1') }));
const virtio = project.plans.find((p) => p.name === 'virtio')!;
const full: TranslateOptions = { rules: project.rules, transforms: project.transforms, shapes: project.shapes, module: virtio, modules: project.plans };

describe('engine properties on the corpus', () => {
  it.each(inputs.map((i) => [i.name, i] as const))('an empty rule set is the identity on %s', (_n, input) => {
    const t = translateFile(`sys/dev/pci/${input.name}`, input.text, { ...full, rules: [], transforms: [] });
    expect(t.output.text).toBe(input.text);
    expect(t.edits).toEqual([]);
    expect(t.origins.every((o) => o.kind === 'untouched')).toBe(true);
  });

  it('keeps every untouched byte identical (source segments equal the original text)', () => {
    const input = inputs.find((i) => i.name === 'virtio.c')!;
    const t = translateFile('sys/dev/pci/virtio.c', input.text, full);
    expect(t.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    let checked = 0;
    for (const s of t.output.segments)
      if (s.origin.kind === 'source') {
        expect(t.output.text.slice(s.outStart, s.outEnd)).toBe(input.text.slice(s.origin.srcStart, s.origin.srcStart + s.outEnd - s.outStart));
        checked += s.outEnd - s.outStart;
      }
    expect(checked).toBeGreaterThan(input.text.length * 0.7);
  });

  it('is deterministic: two runs give the same text, edits and origins', () => {
    const input = inputs.find((i) => i.name === 'virtio.c')!;
    const a = translateFile('v.c', input.text, full);
    const b = translateFile('v.c', input.text, full);
    expect(b.output.text).toBe(a.output.text);
    expect(b.applications).toEqual(a.applications);
    expect(b.origins).toEqual(a.origins);
  });

  it('attributes every changed line of virtio.c to a rule or template', () => {
    const input = inputs.find((i) => i.name === 'virtio.c')!;
    const t = translateFile('v.c', input.text, full);
    const changed = t.origins.filter((o) => o.kind !== 'untouched');
    expect(changed.length).toBeGreaterThan(100);
    for (const o of changed) expect(o.ruleIds.length).toBeGreaterThan(0);
  });

  it('preserves ISO-8859-1 bytes and CRLF line endings of untouched lines', () => {
    const src = '/* Copyright \xa9 M\xfcller */\r\n#include <sys/kmem.h>\r\nvoid\r\nf(void)\r\n{\r\n\tx = kmem_zalloc(4, KM_SLEEP);\r\n}\r\n';
    const t = translateFile('latin1.c', src, { ...full, module: undefined });
    expect(t.output.text).toBe('/* Copyright \xa9 M\xfcller */\r\n#include <sys/malloc.h>\r\nvoid\r\nf(void)\r\n{\r\n\tx = kmalloc(4, M_DEVBUF, M_WAITOK | M_ZERO);\r\n}\r\n');
    expect(Buffer.from(t.output.text, 'latin1').includes(Buffer.from([0xa9]))).toBe(true);
  });
});

describe('engine errors', () => {
  const rulesDir = join(import.meta.dirname, '../fixtures/rules');
  const load = (name: string) => loadRuleFile(join(rulesDir, name), rulesDir, join(import.meta.dirname, '../..'));

  it('names both rules when two rules rewrite the same code', () => {
    const a = load('overlap/first.yml');
    const b = load('overlap/second.yml');
    const t = translateFile('o.c', 'void\nf(void)\n{\n\tmutex_enter(&m);\n}\n', { ...full, rules: [a, b], transforms: [], module: undefined });
    const err = t.diagnostics.find((d) => d.code === 'PV3001')!;
    expect(err).toMatchObject({ file: 'o.c', line: 4, column: 2, severity: 'error' });
    expect(err.message).toContain('[overlap/first]');
    expect(err.message).toContain('[overlap/second]');
  });

  it('names the rule whose rewrite no longer parses', () => {
    const broken = load('broken/unbalanced.yml');
    const t = translateFile('b.c', 'void\nf(void)\n{\n\tx = foo(1);\n}\n', { ...full, rules: [broken], transforms: [], module: undefined });
    expect(t.diagnostics.find((d) => d.code === 'PV3002')).toMatchObject({ ruleId: 'broken/unbalanced', line: 4 });
  });

  it('rejects a malformed rule file with its file and line', () => {
    expect(() => load('bad/unknown-metavar.yml')).toThrow(/rules\/bad\/unknown-metavar\.yml:\d+:1: error: PV2001: .*unknown metavariable \$Y/);
    expect(() => load('bad/pattern-syntax.yml')).toThrow(/pattern-syntax\.yml:\d+:1: .*does not parse/);
    expect(() => load('bad/wrong-id.yml')).toThrow(/wrong-id\.yml:1:1: .*must equal its path/);
  });
});
