import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, copyInputs, runCli, snapshot, tempDir } from './run-cli.js';

afterAll(cleanupTemps);

const PCI = 'sys/dev/pci';

describe('bad input: located error, non-zero exit, previous output byte-identical', () => {
  const out = tempDir('pv-bad-');
  let before: Map<string, string>;
  beforeAll(async () => {
    expect((await runCli(['--driver', 'virtio', '--out', out])).code).toBe(0);
    before = snapshot(out);
  }, 60_000);

  it('--src that does not exist', async () => {
    const r = await runCli(['--driver', 'virtio', '--src', '/nonexistent/netbsd', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/nonexistent\/netbsd\/sys\/dev\/pci\/virtio\.c:1:1: error: PV400\d: .*missing/);
    expect(snapshot(out)).toEqual(before);
  });

  it('--src lacking an expected file', async () => {
    const src = copyInputs();
    rmSync(join(src, PCI, 'virtiovar.h'));
    const r = await runCli(['--driver', 'virtio', '--src', src, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/virtiovar\.h:1:1: error: PV4002: missing input file sys\/dev\/pci\/virtiovar\.h/);
    expect(snapshot(out)).toEqual(before);
  });

  it('a source truncated mid-function: ERROR regions reported, nothing written; --allow-partial marks the gap', async () => {
    const src = copyInputs();
    const file = join(src, PCI, 'virtio.c');
    const text = readFileSync(file, 'latin1');
    truncateSync(file, text.indexOf('virtio_enqueue_reserve(struct virtio_softc *sc') + 200);
    const r = await runCli(['--driver', 'virtio', '--src', src, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sys\/dev\/pci\/virtio\.c:\d+:\d+: error: PV100[12]: (ERROR region|MISSING node)/m);
    expect(snapshot(out)).toEqual(before);
    const partialOut = tempDir('pv-partial-');
    const p = await runCli(['--driver', 'virtio', '--src', src, '--out', partialOut, '--allow-partial']);
    expect(p.stderr).toMatch(/warning: PV100[12]/);
    expect(readFileSync(join(partialOut, 'sys/dev/virtio/virtio/virtio.c'), 'latin1')).toMatch(/port-virtio: PV1001: untranslated region/);
  });

  it('an empty file', async () => {
    const src = copyInputs();
    writeFileSync(join(src, PCI, 'virtioreg.h'), '');
    const r = await runCli(['--driver', 'virtio', '--src', src, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sys\/dev\/pci\/virtioreg\.h:1:1: error: PV1004: input file is empty/);
    expect(snapshot(out)).toEqual(before);
  });

  it('an unknown --driver is a usage error (exit 2)', async () => {
    const r = await runCli(['--driver', 'scsi', '--out', out]);
    expect(r.code).toBe(2);
    expect(snapshot(out)).toEqual(before);
  });

  it('an ISO-8859-1 file with CRLF line endings translates with its bytes and line endings kept', async () => {
    const src = copyInputs();
    const file = join(src, PCI, 'virtio.c');
    const text = readFileSync(file, 'latin1').replace('Minoura Makoto', 'Minoura Makoto \xa9 M\xfcller').replace(/\n/g, '\r\n');
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const o = tempDir('pv-latin1-');
    const r = await runCli(['--driver', 'virtio', '--src', src, '--out', o]);
    expect(r.stderr).toMatch(/warning: PV4003: .*differs from manifest/);
    expect(r.code).toBe(0);
    const emitted = readFileSync(join(o, 'sys/dev/virtio/virtio/virtio.c'));
    expect(emitted.includes(Buffer.from(' \xa9 M\xfcller.\r\n', 'latin1'))).toBe(true);
    const lines = emitted.toString('latin1').split('\n');
    const crlf = lines.filter((l) => l.endsWith('\r')).length;
    expect(crlf / lines.length).toBeGreaterThan(0.7); // untouched lines keep CRLF; template glue is LF
  });

  it('the default tree with a file that differs from the manifest', async () => {
    const r = await runCli(['--driver', 'virtio', '--src', copyInputs(), '--out', out]);
    expect(r.code).toBe(0); // a user tree equal to the manifest is fine
  });
});
