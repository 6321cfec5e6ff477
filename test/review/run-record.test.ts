import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApiMap, rowsFor, seeSections } from '../../src/review/api-map.js';
import { finalOrigins } from '../../src/review/final-origins.js';
import { withBuilds } from '../../src/review/record-builds.js';
import { applicationCounts, type FileRecord, type RunRecord } from '../../src/review/run-record.js';
import { whereApplied } from '../../src/review/where-applied.js';
import { cleanupTemps, tempDir } from '../cli/run-cli.js';

const file = (over: Partial<FileRecord>): FileRecord => ({ output: 'm/a.c', outputSha256: '', lineOrigins: { untouched: 0, rewritten: 0, template: 0 }, applications: [], origins: [], unhandled: [], overlays: [], ...over });
const record = (files: FileRecord[]): RunRecord => ({ schemaVersion: 1, modules: [{ module: 'm', kmod: 'm', src: '/src', lineOrigins: { untouched: 0, rewritten: 0, template: 0 }, files }] });

describe('line origins after patch overlays', () => {
  it('keep the translation origins of kept lines and attribute overlay lines to the overlay', () => {
    const origins = [
      { kind: 'untouched' as const, srcLine: 1, ruleIds: [] },
      { kind: 'rewritten' as const, srcLine: 2, ruleIds: ['r/x'] },
      { kind: 'untouched' as const, srcLine: 3, ruleIds: [] },
    ];
    const out = finalOrigins('a\nB\nc\n', origins, 'a\nB\nfix\nc\n', ['patches/01.patch']);
    expect(out).toEqual([origins[0], origins[1], { kind: 'rewritten', srcLine: 3, ruleIds: ['patch:patches/01.patch'] }, origins[2]]);
    expect(finalOrigins('a\n', origins.slice(0, 1), 'a\n', [])).toEqual(origins.slice(0, 1));
  });
});

describe('where a rule applied', () => {
  it('maps each application to the first emitted line it produced, and a deletion to none', () => {
    const f = file({
      input: 'sys/dev/pci/a.c',
      applications: [
        ['r/x', 2, 1],
        ['r/x', 5, 3],
        ['r/y', 5, 1],
      ],
      origins: [['u', 1], ['r', 2, 'r/x'], ['u', 3], ['r', 5, 'r/y']],
    });
    expect(whereApplied(record([f]), 'r/x')).toEqual([
      { module: 'm', src: '/src', input: 'sys/dev/pci/a.c', line: 2, column: 1, output: 'm/a.c', outputLine: 2 },
      { module: 'm', src: '/src', input: 'sys/dev/pci/a.c', line: 5, column: 3, output: 'm/a.c' },
    ]);
    expect(applicationCounts(record([f]))).toEqual(new Map([['r/x', 2], ['r/y', 1]]));
  });

  it('finds an edit composed into another rule on the line that rule starts', () => {
    const f = file({ applications: [['r/outer', 4, 1], ['r/inner', 5, 3]], origins: [['u', 3], ['r', 4, 'r/inner', 'r/outer'], ['u', 6]] });
    expect(whereApplied(record([f]), 'r/inner').map((p) => p.outputLine)).toEqual([2]);
  });

  it('lists the runs of lines a patch overlay wrote', () => {
    const f = file({ origins: [['u', 1], ['r', 1, 'patch:p'], ['r', 1, 'patch:p'], ['u', 2], ['r', 2, 'patch:p']] });
    expect(whereApplied(record([f]), 'patch:p').map((p) => p.outputLine)).toEqual([2, 5]);
  });
});

describe('build results in the record', () => {
  it('are stored per module with paths relative to sys/dev/virtio', () => {
    const r = withBuilds(record([file({})]), [{ module: 'm', ok: false, errors: 1, warnings: 0, diagnostics: [{ code: 'PV5001', severity: 'error', message: 'x', file: 'sys/dev/virtio/m/a.c', line: 3, column: 2, origin: { file: 'sys/dev/pci/a.c', line: 4, ruleIds: [] } }] }]);
    expect(r.modules[0]!.build).toEqual({ ok: false, errors: 1, warnings: 0, diagnostics: [{ file: 'm/a.c', line: 3, column: 2, severity: 'error', code: 'PV5001', message: 'x', origin: { file: 'sys/dev/pci/a.c', line: 4, ruleIds: [] } }] });
  });
});

describe('the API map as rationale', () => {
  afterAll(cleanupTemps);
  it('finds the sections a see: names and the table rows of an identifier', () => {
    const path = join(tempDir('pv-apimap-'), 'map.md');
    writeFileSync(path, '# Title\n\n## 2. Tables\n\n### 2.6 Kernel memory\n\n| NetBSD | where | DragonFly | header | notes |\n|---|---|---|---|---|\n| `KM_SLEEP` | a.c:1 | `M_WAITOK` | `sys/malloc.h` | may sleep |\n\n### 3.4 bus_dma\n\n**NetBSD.** A ready-made tag.\nSecond line.\n\nLater.\n');
    const map = loadApiMap(path);
    expect(seeSections('netbsd-to-dragonfly.md §2.6, §3.4, §9.9', map).map((s) => [s.ref, s.title, s.line, s.excerpt])).toEqual([
      ['§2.6', 'Kernel memory', 5, ''],
      ['§3.4', 'bus_dma', 11, '**NetBSD.** A ready-made tag. Second line.'],
    ]);
    expect(rowsFor(['nothing', 'KM_SLEEP'], map)).toEqual([{ netbsd: '`KM_SLEEP`', dragonfly: '`M_WAITOK`', notes: 'may sleep', line: 9 }]);
  });
});
