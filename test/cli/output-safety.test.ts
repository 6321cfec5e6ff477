import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTemps, interruptCli, runCli, snapshot, tempDir } from './run-cli.js';

afterAll(cleanupTemps);

const VIRTIO_C = 'sys/dev/virtio/virtio/virtio.c';

async function freshOutput(): Promise<string> {
  const out = tempDir('pv-safe-');
  expect((await runCli(['--driver', 'virtio', '--out', out])).code).toBe(0);
  return out;
}

describe('hand edits are never lost', () => {
  it('records the hash of every written file', async () => {
    const out = await freshOutput();
    const manifest = JSON.parse(readFileSync(join(out, 'sys/dev/virtio/.port-virtio/files.json'), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual(['Makefile', 'README', 'virtio/Makefile', 'virtio/virtio.c', 'virtio/virtioreg.h', 'virtio/virtiovar.h']);
  });

  it('refuses to overwrite a file changed by hand, and --force overwrites it', async () => {
    const out = await freshOutput();
    appendFileSync(join(out, VIRTIO_C), '/* my fix */\n');
    const edited = snapshot(out);
    const r = await runCli(['--driver', 'virtio', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${out}/sys/dev/virtio/virtio/virtio.c:1:1: error: PV4101: changed by hand`);
    expect(snapshot(out)).toEqual(edited);
    expect((await runCli(['--driver', 'virtio', '--out', out, '--force'])).code).toBe(0);
    expect(readFileSync(join(out, VIRTIO_C), 'latin1')).not.toContain('my fix');
  });
});

describe('patch overlays', () => {
  it('applies an overlay after translation, and reports one that no longer applies with the rules involved', async () => {
    const out = await freshOutput();
    const emitted = readFileSync(join(out, VIRTIO_C), 'latin1').split('\n');
    const at = emitted.findIndex((l) => l.includes('spin_init(&vq->vq_freelist_lock')) + 1;
    const patches = tempDir('pv-patches-');
    const hunk = (old: string) =>
      `--- a/virtio/virtio.c\n+++ b/virtio/virtio.c\n@@ -${at},1 +${at},2 @@\n-${old}\n+${emitted[at - 1]}\n+\t\t/* porter: checked lock order */\n`;
    writeFileSync(join(patches, '010-comment.patch'), hunk(emitted[at - 1]!));
    const ok = await runCli(['--driver', 'virtio', '--out', tempDir('pv-o-'), '--patches', patches]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/applied patch overlay .*010-comment\.patch to virtio\/virtio\.c/);
    writeFileSync(join(patches, '010-comment.patch'), hunk('\t\tmutex_init(&vq->vq_freelist_lock, MUTEX_SPIN, sc->sc_ipl);'));
    const stale = await runCli(['--driver', 'virtio', '--out', out, '--patches', patches]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/010-comment\.patch:3:1: error: PV4102: patch overlay no longer applies to virtio\/virtio\.c: @@/);
    expect(stale.stderr).toContain('now comes from: lock/virtqueue-spin-mutex');
  });
});

describe('interrupted, concurrent and unwritable runs', () => {
  it('a second run while one holds the lock gets a clear message and changes nothing', async () => {
    const out = await freshOutput();
    writeFileSync(join(out, 'sys/dev/virtio.lock'), `${process.pid}\n`); // this test process is alive
    const before = snapshot(out);
    const r = await runCli(['--driver', 'virtio', '--out', out, '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: PV4104: .* is being written by another port-virtio run \(pid \d+\)/);
    expect(snapshot(out)).toEqual(before);
  });

  it('a stale lock (its process is gone) is taken over', async () => {
    const out = await freshOutput();
    writeFileSync(join(out, 'sys/dev/virtio.lock'), '999999999\n');
    expect((await runCli(['--driver', 'virtio', '--out', out])).code).toBe(0);
    expect(existsSync(join(out, 'sys/dev/virtio.lock'))).toBe(false);
  });

  it('an output folder that cannot be created is a clear error', async () => {
    const file = join(tempDir('pv-nf-'), 'plain-file');
    writeFileSync(file, 'x');
    const r = await runCli(['--driver', 'virtio', '--out', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: PV4103: output folder is not writable/);
  });

  it.each([300, 900, 1500])('SIGINT after %i ms leaves the old or the new tree, never a mix, and no litter', async (delay) => {
    const out = await freshOutput();
    const before = snapshot(out);
    const r = await interruptCli(['--driver', 'virtio', '--out', out, '--force', '--check'], 'SIGINT', delay);
    expect(r.code === 130 || r.signal === 'SIGINT' || r.code === 0).toBe(true);
    const after = snapshot(out);
    const manifest = JSON.parse(after.get('sys/dev/virtio/.port-virtio/files.json')!) as { files: Record<string, string> };
    expect(Object.keys(manifest.files).every((f) => after.has(`sys/dev/virtio/${f}`))).toBe(true);
    expect(after.get(VIRTIO_C)).toBe(before.get(VIRTIO_C)); // same input: old and new trees agree
    const siblings = readdirSync(dirname(join(out, 'sys/dev/virtio')));
    expect(siblings.filter((s) => s.startsWith('.port-virtio-tmp-') || s.endsWith('.lock'))).toEqual([]);
  });
});
