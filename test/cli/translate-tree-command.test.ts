import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTemps, root, runCli, tempDir } from './run-cli.js';

afterAll(cleanupTemps);

const bulk = join(root, '../shared/corpus/netbsd-6-bulk/sys/dev/pci');

/** A NetBSD-shaped tree: two files the ten benchmark renames change, one with an ERROR region (yds.c), one they do not touch. */
function tree(): string {
  const dir = tempDir('pv-tree-');
  mkdirSync(join(dir, 'sys/dev/pci'), { recursive: true });
  for (const name of ['if_pcn.c', 'ehci_pci.c', 'yds.c', 'pcireg.h']) cpSync(join(bulk, name), join(dir, 'sys/dev/pci', name));
  return dir;
}

/** Enough files (the largest the renames change) that a worker thread gets some. */
function largerTree(): string {
  const dir = tree();
  const more = readdirSync(bulk).filter((n) => /^if_\w+\.c$/.test(n)).map((n) => ({ n, size: statSync(join(bulk, n)).size }));
  for (const { n } of more.sort((a, b) => b.size - a.size).slice(0, 24)) cpSync(join(bulk, n), join(dir, 'sys/dev/pci', n));
  return dir;
}

interface Report {
  schema: number;
  files: { input: string; written: boolean; rules: { ruleId: string; line: number }[]; diagnostics: { code: string; severity: string }[] }[];
}

describe('port-virtio translate FOLDER (a whole tree through the batch engine)', () => {
  it('writes each changed file at its path in the tree, reports every application, and holds back files with errors', async () => {
    const src = tree();
    const out = tempDir('pv-tree-out-');
    const report = join(out, 'report.json');
    const r = await runCli(['translate', src, '--rules', 'bench/rules', '--out', join(out, 'tree'), '--report', report]);
    expect(r.code).toBe(1); // yds.c has an ERROR region: not written without --allow-partial
    expect(r.stderr).toMatch(/yds\.c:\d+:\d+: error: PV100[12]/);
    expect(r.stderr).toMatch(/4 files, 3 parsed \(1 mention no rule's identifiers\).*2 written, 1 not written/);
    const vr = readFileSync(join(out, 'tree/sys/dev/pci/if_pcn.c'), 'latin1');
    expect(vr).toContain('device_printf(');
    expect(vr).not.toMatch(/\baprint_error_dev\(/);
    expect(existsSync(join(out, 'tree/sys/dev/pci/yds.c'))).toBe(false);
    expect(existsSync(join(out, 'tree/sys/dev/pci/pcireg.h'))).toBe(false);
    const data = JSON.parse(readFileSync(report, 'utf8')) as Report;
    expect(data.schema).toBe(1);
    const entry = (name: string) => data.files.find((f) => f.input.endsWith(`/${name}`))!;
    expect(entry('if_pcn.c').written).toBe(true);
    expect(entry('if_pcn.c').rules.filter((a) => a.ruleId === 'autoconf/aprint-error-dev').length).toBe((readFileSync(join(bulk, 'if_pcn.c'), 'latin1').match(/\baprint_error_dev\(/g) ?? []).length);
    expect(entry('yds.c').written).toBe(false);
    expect(entry('yds.c').diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('with --allow-partial writes files with ERROR regions too, gaps marked; worker threads and the pre-filter change nothing', { timeout: 60_000 }, async () => {
    const src = largerTree();
    const out = tempDir('pv-tree-out-');
    const runs = await Promise.all([
      runCli(['translate', src, '--rules', 'bench/rules', '--out', join(out, 'a'), '--allow-partial']),
      runCli(['translate', src, '--rules', 'bench/rules', '--out', join(out, 'b'), '--allow-partial', '--workers', '0', '--no-prefilter']),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[0]!.stderr).toMatch(/2 threads \([1-9]\d* files by workers\)/);
    expect(runs[1]!.stderr).toMatch(/\(0 mention no rule's identifiers.*1 threads \(0 files by workers\)/);
    const written = readdirSync(join(out, 'a/sys/dev/pci')).sort();
    expect(written.length).toBeGreaterThan(20);
    expect(readdirSync(join(out, 'b/sys/dev/pci')).sort()).toEqual(written);
    for (const name of written) expect(readFileSync(join(out, 'b/sys/dev/pci', name), 'latin1'), name).toBe(readFileSync(join(out, 'a/sys/dev/pci', name), 'latin1'));
    expect(readFileSync(join(out, 'a/sys/dev/pci/yds.c'), 'latin1')).toMatch(/port-virtio: PV1001/);
  });

  it('a warm --cache gives the same files without translating again', async () => {
    const src = tree();
    const out = tempDir('pv-tree-out-');
    const cache = join(out, 'cache');
    const cold = await runCli(['translate', src, '--rules', 'bench/rules', '--out', join(out, 'a'), '--allow-partial', '--cache', cache]);
    const warm = await runCli(['translate', src, '--rules', 'bench/rules', '--out', join(out, 'b'), '--allow-partial', '--cache', cache]);
    expect(cold.stderr).toMatch(/0 from cache/);
    expect(warm.stderr).toMatch(/3 from cache/);
    expect(readFileSync(join(out, 'b/sys/dev/pci/if_pcn.c'), 'latin1')).toBe(readFileSync(join(out, 'a/sys/dev/pci/if_pcn.c'), 'latin1'));
  });

  it('--diff is refused for a folder, with the reason', async () => {
    const r = await runCli(['translate', tree(), '--out', tempDir('pv-tree-out-'), '--diff']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--diff shows files, not trees/);
  });

  it('without paths, or with an unknown option, is a usage error (exit 2) that points to its own help', async () => {
    const none = await runCli(['translate', '--out', tempDir('pv-tree-out-')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give the files or folders to translate[\s\S]*port-virtio translate --help/);
    const unknown = await runCli(['translate', tree(), '--out', tempDir('pv-tree-out-'), '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown argument: bogus/);
    const help = await runCli(['translate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/port-virtio translate <paths\.\.>[\s\S]*--out[\s\S]*--rules/);
  });
});

