import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/review/run-record.js';
import { cleanupTemps, runCli, snapshot, tempDir, type CliResult } from './run-cli.js';

/** `--diff`, `explain`, `rules`, `--against` and `review` on each driver's real output. */
const DRIVERS = ['virtio', 'blk', 'net', 'balloon'] as const;
const recordOf = (out: string): RunRecord => JSON.parse(readFileSync(join(out, 'sys/dev/virtio/.port-virtio/last-run.json'), 'utf8')) as RunRecord;

// The tests only read the trees made in beforeAll (--against edits a copy), so they run concurrently.
describe.concurrent('review commands on the four drivers', () => {
  const outs = Object.fromEntries(DRIVERS.map((d) => [d, tempDir(`pv-rev-${d}-`)])) as Record<(typeof DRIVERS)[number], string>;
  const diffs = {} as Record<(typeof DRIVERS)[number], CliResult>;

  beforeAll(async () => {
    const runs = await Promise.all(DRIVERS.map((d) => runCli(['--driver', d, '--out', outs[d], '--diff'])));
    DRIVERS.forEach((d, i) => (diffs[d] = runs[i]!));
  }, 180_000);
  afterAll(cleanupTemps);

  it('--diff: a plain (uncoloured) unified diff per file of the driver, every hunk naming its rules', () => {
    for (const d of DRIVERS) {
      const r = diffs[d];
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain('\x1b'); // stdout is a pipe here
      expect(r.stderr).not.toMatch(/\x1b|\r/); // no progress or colour in a pipe
      for (const f of recordOf(outs[d]).modules.find((m) => m.module === d)!.files.filter((x) => x.input && x.inputSha256 !== x.outputSha256))
        expect(r.stdout, `${d}: ${f.output}`).toContain(`+++ b/sys/dev/virtio/${f.output}\tDragonFly`);
      const headers = r.stdout.split('\n').filter((l) => l.startsWith('@@'));
      expect(headers.length).toBeGreaterThan(0);
      for (const h of headers) expect(h, d).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@ \[[a-z]+\/[\w./-]+(, [a-z]+\/[\w./-]+)*\]$/);
    }
  }, 60_000);

  it('explain: the rule, why, examples, and each place it applied in the last run, for each driver', async () => {
    const picks = DRIVERS.map((d) => {
      const files = recordOf(outs[d]).modules.find((m) => m.module === d)!.files;
      const counts = new Map<string, number>();
      for (const f of files) for (const [id] of f.applications) counts.set(id, (counts.get(id) ?? 0) + 1);
      const id = [...counts].filter(([i]) => !i.startsWith('cleanup/')).sort((a, b) => b[1] - a[1])[0]![0];
      return { d, id };
    });
    const results = await Promise.all(picks.map(({ d, id }) => runCli(['explain', id, '--out', outs[d]])));
    picks.forEach(({ d, id }, i) => {
      const r = results[i]!;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.startsWith(`${id}  (`)).toBe(true);
      expect(r.stdout).toMatch(/^(Examples \(\d+\)|  tests: |Examples: none)/m);
      const record = recordOf(outs[d]);
      const all = record.modules.flatMap((m) => m.files.flatMap((f) => f.applications.filter(([a]) => a === id).map(() => f)));
      expect(r.stdout).toContain(`: ${all.length} time${all.length === 1 ? '' : 's'}\n`);
      const places = [...r.stdout.matchAll(/^ {2}\S+\/(sys\/dev\/pci\/\S+):(\d+):(\d+) -> \S+\/sys\/dev\/virtio\/(\S+):(\d+)$/gm)];
      expect(places.length, d).toBeGreaterThan(0);
      for (const [, input, , , output, line] of places) {
        const f = record.modules.flatMap((m) => m.files).find((x) => x.output === output)!;
        expect(f.input).toBe(input);
        expect(f.origins[Number(line) - 1]!.slice(2), `${output}:${line}`).toContain(id);
      }
    });
  }, 60_000);

  it('explain: an unknown id is a usage error with suggestions; no recorded run is said so', async () => {
    const [r, none] = await Promise.all([runCli(['explain', 'sleep']), runCli(['explain', 'kmem/sleep-flags', '--out', tempDir('pv-empty-')])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no rule or transform 'sleep'; did you mean: .*kmem\/sleep-flags/);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^Last run: none recorded in /m);
  }, 60_000);

  it('rules: every rule with its application count in the last run', async () => {
    const [r, none] = await Promise.all([runCli(['rules', '--out', outs.net]), runCli(['rules', '--out', tempDir('pv-empty-')])]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    const counts = new Map(rows.map(([id, n]) => [id!, Number(n)]));
    const record = recordOf(outs.net);
    const expected = new Map<string, number>();
    for (const m of record.modules) for (const f of m.files) for (const [id] of f.applications) expected.set(id, (expected.get(id) ?? 0) + 1);
    for (const [id, n] of expected) expect(counts.get(id), id).toBe(n);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    expect(none.stdout.split('\n').filter(Boolean).every((l) => l.split('\t')[1] === '-')).toBe(true);
  }, 60_000);

  it('--against: shows what a new run would change, with the rules behind it, and writes nothing', async () => {
    const same = await runCli(['--driver', 'blk', '--against', outs.blk, '--out', outs.blk]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toBe('');
    expect(same.stderr).toMatch(/: 0 changed, 0 added, 0 removed, \d+ unchanged; nothing written/);

    const edited = tempDir('pv-against-');
    cpSync(outs.blk, edited, { recursive: true });
    const file = recordOf(edited).modules.find((m) => m.module === 'blk')!.files.find((f) => f.input)!;
    const at = file.origins.findIndex(([k]) => k === 'r');
    const path = join(edited, 'sys/dev/virtio', file.output);
    const lines = readFileSync(path, 'latin1').split('\n');
    const removed = lines.splice(at, 1)[0]!;
    writeFileSync(path, Buffer.from(lines.join('\n'), 'latin1'));
    const before = [snapshot(edited), snapshot(outs.blk)];
    const r = await runCli(['--driver', 'blk', '--against', edited, '--out', outs.blk]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`+${removed}\n`);
    expect(r.stdout).toContain(`@@ -${at - 2},6 +${at - 2},7 @@ [${file.origins[at]!.slice(2).join(', ')}]\n`);
    expect(r.stderr).toMatch(/: 1 changed, 0 added, 0 removed/);
    expect([snapshot(edited), snapshot(outs.blk)]).toEqual(before);
  }, 60_000);

  it('--against: a folder without a tree, or with --check, is a usage error', async () => {
    const [empty, check] = await Promise.all([runCli(['--driver', 'blk', '--against', tempDir('pv-empty-')]), runCli(['--driver', 'blk', '--against', outs.blk, '--check'])]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/error: PV4203: --against: no port-virtio output tree here/);
    expect(check.code).toBe(2);
  }, 60_000);

  it('review: one page for the module asked for; no recorded run is an error', async () => {
    const html = join(tempDir('pv-page-'), 'blk.html');
    const [r, none] = await Promise.all([runCli(['review', '--driver', 'blk', '--out', outs.blk, '--html', html]), runCli(['review', '--out', tempDir('pv-empty-')])]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect([...page.matchAll(/<section class=module [^>]*data-module="(\w+)"/g)].map((m) => m[1])).toEqual(['blk']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no run recorded in .*; run 'port-virtio --driver all --out .* --check' first/);
  });
});
