import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatUnifiedDiff, useColor } from '../../src/cli/print-diff.js';
import { createProgress, inCi } from '../../src/cli/progress.js';
import { cleanupTemps, root, tempDir } from './run-cli.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colour', () => {
  it('is on only for a terminal, without --no-color and without NO_COLOR', () => {
    expect(useColor(true, tty, {})).toBe(true);
    expect(useColor(false, tty, {})).toBe(false); // --no-color
    expect(useColor(true, tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(true, tty, { NO_COLOR: '' })).toBe(true); // no-color.org: only a non-empty value counts
    expect(useColor(true, pipe, {})).toBe(false);
    expect(useColor(true, {}, {})).toBe(false);
  });

  it('paints headers, hunk lines and -/+ lines, and nothing when off', () => {
    const d = { oldName: 'a/x.c', newName: 'b/x.c', oldLabel: 'NetBSD', newLabel: 'DragonFly', oldText: 'a\nb\n', newText: 'a\nc\n', annotate: () => '[r/one]' };
    const plain = formatUnifiedDiff(d, false);
    expect(plain).toBe('--- a/x.c\tNetBSD\n+++ b/x.c\tDragonFly\n@@ -1,2 +1,2 @@ [r/one]\n a\n-b\n+c\n');
    const painted = formatUnifiedDiff(d, true);
    expect(painted).toContain('\x1b[31m-b\x1b[0m');
    expect(painted).toContain('\x1b[32m+c\x1b[0m');
    expect(painted).toContain('\x1b[36m@@ -1,2 +1,2 @@ [r/one]\x1b[0m');
    expect(painted.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });
});

describe('progress', () => {
  const sink = (isTTY: boolean) => {
    const out: string[] = [];
    return { isTTY, out, write: (s: string) => void out.push(s) };
  };

  it('draws one line in place on a terminal and clears it at the end', () => {
    const s = sink(true);
    const p = createProgress('building', 2, s, {});
    p.step('virtio.ko');
    p.step('virtio-blk.ko');
    p.done();
    expect(s.out).toEqual(['\r\x1b[2Kbuilding [1/2] virtio.ko', '\r\x1b[2Kbuilding [2/2] virtio-blk.ko', '\r\x1b[2K']);
  });

  it('clear() makes room for a message, and nothing is redrawn until the next step', () => {
    const s = sink(true);
    const p = createProgress('translating', 3, s, {});
    p.step('a.c');
    p.clear();
    p.clear();
    p.done();
    expect(s.out).toEqual(['\r\x1b[2Ktranslating [1/3] a.c', '\r\x1b[2K']);
  });

  it('is silent in a pipe and in CI', () => {
    for (const [s, env] of [
      [sink(false), {}],
      [sink(true), { CI: 'true' }],
      [sink(true), { CI: '1' }],
    ] as const) {
      const p = createProgress('building', 1, s, env);
      p.step('x');
      p.done();
      expect(s.out).toEqual([]);
    }
  });

  it('treats CI=false, CI=0 and an empty CI as not CI', () => {
    expect([inCi({}), inCi({ CI: '' }), inCi({ CI: 'false' }), inCi({ CI: '0' }), inCi({ CI: 'true' })]).toEqual([false, false, false, false, true]);
  });
});

/** The real CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal runs it. */
function onTerminal(args: string, env: NodeJS.ProcessEnv): Promise<string> {
  const cmd = `${process.execPath} ${join(root, 'bin/port-virtio.mjs')} ${args}`;
  const clean = { ...process.env, NO_COLOR: undefined, CI: undefined, ...env };
  return new Promise((resolve, reject) =>
    execFile('script', ['-qec', cmd, '/dev/null'], { cwd: root, env: clean, maxBuffer: 64 << 20 }, (e, stdout) => (e && e.code !== 1 ? reject(e) : resolve(stdout))),
  );
}

describe('on a terminal', () => {
  afterAll(cleanupTemps);

  it('colours --diff unless --no-color or NO_COLOR, and shows progress unless CI', async () => {
    const files = ['virtio.c', 'viomb.c'].map((f) => join(root, 'NetBSD_code/sys/dev/pci', f)).join(' ');
    const out = tempDir('pv-tty-');
    const [plain, noColorFlag, noColorEnv, progress, ci] = await Promise.all([
      onTerminal(`translate ${files} --out ${out}/a --diff`, {}),
      onTerminal(`translate ${files} --out ${out}/b --diff --no-color`, {}),
      onTerminal(`translate ${files} --out ${out}/c --diff`, { NO_COLOR: '1' }),
      onTerminal(`translate ${files} --out ${out}/d`, {}),
      onTerminal(`translate ${files} --out ${out}/e`, { CI: 'true' }),
    ]);
    expect(plain).toContain('\x1b[31m-');
    expect(plain).toContain('\x1b[32m+');
    for (const s of [noColorFlag, noColorEnv]) {
      expect(s).toContain('\n@@ ');
      expect(s).not.toMatch(/\x1b\[3\dm/);
    }
    expect(progress).toMatch(/\r\x1b\[2Ktranslating \[1\/2\] \S+virtio\.c\r\x1b\[2Ktranslating \[2\/2\] \S+viomb\.c\r\x1b\[2K/);
    expect(ci).not.toContain('translating');
  }, 60_000);
});
