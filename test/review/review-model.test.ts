import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/inputs/hash.js';
import { loadApiMap } from '../../src/review/api-map.js';
import { renderPage } from '../../src/review/render-page.js';
import { reviewData } from '../../src/review/review-model.js';
import type { RuleInfo } from '../../src/review/rule-info.js';
import type { RunRecord } from '../../src/review/run-record.js';
import { readVerifyResults } from '../../src/review/verify-results.js';
import { cleanupTemps, tempDir } from '../cli/run-cli.js';

/** A one-file tree with its record, build diagnostics and verify results, made up so every mark is known. */
const NETBSD = '/* </script><img src=x> */\np = kmem_alloc(n, KM_SLEEP);\nint c;\n';
const EMITTED = '/* </script><img src=x> */\np = kmalloc(n, M_DEVBUF, M_WAITOK);\nint c;\n';
const RULE = 'kmem/kmem-to-kmalloc';
const infos = new Map<string, RuleInfo>([[RULE, { id: RULE, kind: 'rule', summary: 'kmem_alloc -> kmalloc <M_DEVBUF>', file: 'rules/kmem/kmem-to-kmalloc.yml', line: 1, scope: 'all', body: 'id: x', examples: [{ name: 'one', before: 'kmem_alloc(n, KM_SLEEP)', after: 'kmalloc(n, M_DEVBUF, M_WAITOK)' }], tests: [], identifiers: [] }]]);

function tree(): { dest: string; record: RunRecord } {
  const root = tempDir('pv-review-model-');
  const src = join(root, 'src');
  const dest = join(root, 'out/sys/dev/virtio');
  mkdirSync(join(src, 'sys/dev/pci'), { recursive: true });
  mkdirSync(join(dest, 'm/'), { recursive: true });
  mkdirSync(join(dest, '.port-virtio'), { recursive: true });
  writeFileSync(join(src, 'sys/dev/pci/foo.c'), NETBSD);
  writeFileSync(join(dest, 'm/foo.c'), EMITTED);
  const file = {
    output: 'm/foo.c',
    outputSha256: sha256Hex(Buffer.from(EMITTED)),
    input: 'sys/dev/pci/foo.c',
    inputSha256: sha256Hex(Buffer.from(NETBSD)),
    lineOrigins: { untouched: 2, rewritten: 1, template: 0 },
    applications: [[RULE, 2, 5]] as [string, number, number][],
    origins: [['u', 1], ['r', 2, RULE], ['u', 3]] as RunRecord['modules'][number]['files'][number]['origins'],
    unhandled: [{ name: 'kmem_alloc', line: 3, column: 1 }],
    overlays: [],
  };
  const diagnostics = [
    { file: 'm/foo.c', line: 2, column: 5, severity: 'error' as const, code: 'PV5001', message: 'bad <thing> & "x"', origin: { file: 'sys/dev/pci/foo.c', line: 2, ruleIds: [RULE] } },
    { file: 'ld.lld', line: 0, column: 0, severity: 'error' as const, code: 'PV5001', message: 'undefined symbol: foo' },
  ];
  const record: RunRecord = { schemaVersion: 1, modules: [{ module: 'm', kmod: 'mm', src, lineOrigins: file.lineOrigins, files: [file], build: { ok: false, errors: 2, warnings: 0, diagnostics } }] };
  writeFileSync(join(dest, '.port-virtio/verify.json'), JSON.stringify({ modules: [{ module: 'm', checks: [{ name: 'probe order', ok: true }, { name: 'ring size', status: 'fail', file: 'm/foo.c', line: 3, message: 'expected 256' }] }] }));
  return { dest, record };
}

describe('review data and page from a run record', () => {
  let t: ReturnType<typeof tree>;
  beforeEach(() => void (t = tree()));
  afterAll(cleanupTemps);

  it('maps build diagnostics, verify findings and leftovers onto the emitted lines', () => {
    const data = reviewData(t.dest, t.record, infos, readVerifyResults(t.dest));
    const [m] = data.modules;
    const [f] = m!.files;
    expect(f!.warnings).toEqual([]);
    expect(f!.diagnostics.map((d) => [d.line, d.message, d.builtBy])).toEqual([[2, 'bad <thing> & "x"', 'm']]);
    expect(m!.otherDiagnostics.map((d) => d.file)).toEqual(['ld.lld']);
    expect(f!.verify.map((c) => [c.name, c.status, c.line])).toEqual([['ring size', 'fail', 3]]);
    expect(m!.verify.map((c) => [c.name, c.status])).toEqual([['probe order', 'pass']]);
    expect(f!.hunkRules).toEqual([[RULE]]);
    expect(data.rules.map((r) => [r.info.id, r.count, r.places[0]?.outputLine])).toEqual([[RULE, 1, 2]]);
  });

  it('renders the marks, links the hunk to its rule card, and escapes every text it shows', () => {
    const html = renderPage(reviewData(t.dest, t.record, infos, readVerifyResults(t.dest)), loadApiMap('/nonexistent'), 'review <test>');
    expect(html).toContain('<title>review &lt;test&gt;</title>');
    expect(html).toContain('/* &lt;/script&gt;&lt;img src=x&gt; */');
    expect(html).not.toMatch(/<img|<\/script><img/);
    expect(html).toContain('bad &lt;thing&gt; &amp; &quot;x&quot;');
    expect(html).toContain('kmem_alloc -&gt; kmalloc &lt;M_DEVBUF&gt;');
    expect(html).toMatch(/<tr class="k-change o-r"[^>]*title="kmem\/kmem-to-kmalloc">.*?<td class=n>2<td class=c>p = kmalloc\(n, M_DEVBUF, M_WAITOK\);<tr class="note diag sev-error">/);
    expect(html).toMatch(/<tr class="note verify v-fail">.*ring size: expected 256/);
    expect(html).toMatch(/class="c u" title="NetBSD-only identifier left: kmem_alloc">int c;/);
    const link = /<a class=rule-link href="#([^"]+)" data-rule="kmem\/kmem-to-kmalloc">/.exec(html);
    expect(link).not.toBeNull();
    expect(html).toContain(`<article class=rule id="${link![1]}" data-rule="${RULE}">`);
    expect(html).toMatch(/ld\.lld:0:0: error: PV5001: undefined symbol: foo/);
    expect(html).toMatch(/1 passed, 1 failed/);
  });

  it('warns instead of showing stale provenance when the emitted file or the NetBSD input changed', () => {
    writeFileSync(join(t.dest, 'm/foo.c'), EMITTED.replace('int c;', 'int c; /* by hand */'));
    writeFileSync(join(t.record.modules[0]!.src, 'sys/dev/pci/foo.c'), NETBSD + 'int d;\n');
    const [f] = reviewData(t.dest, t.record, infos, undefined).modules[0]!.files;
    expect(f!.origins).toBeUndefined();
    expect(f!.warnings.join('\n')).toMatch(/m\/foo\.c changed since port-virtio wrote it[\s\S]*NetBSD input sys\/dev\/pci\/foo\.c changed since the run/);
  });

  it('shows only the module asked for', () => {
    expect(reviewData(t.dest, t.record, infos, undefined, 'other').modules).toEqual([]);
    expect(reviewData(t.dest, t.record, infos, undefined, 'm').modules.map((m) => m.record.module)).toEqual(['m']);
  });
});
