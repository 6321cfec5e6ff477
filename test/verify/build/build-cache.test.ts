import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildCache } from '../../../src/verify/build/build-cache.js';
import type { BuildResult } from '../../../src/verify/build/build-module.js';
import type { Toolchain } from '../../../src/verify/build/toolchain.js';
import { cleanupTemps, copyInputs, runCli, tempDir } from '../../cli/run-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'build-cache-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  cleanupTemps();
});

/** Two modules as port-virtio emits them: net includes the virtio parent's header. */
function tree(): { root: string; toolchain: Toolchain } {
  const root = join(scratch, `t${Math.random().toString(36).slice(2)}`);
  for (const m of ['virtio', 'net', 'balloon']) mkdirSync(join(root, 'sys/dev/virtio', m), { recursive: true });
  const dir = (m: string): string => join(root, 'sys/dev/virtio', m);
  writeFileSync(join(dir('virtio'), 'virtiovar.h'), 'struct virtio_softc { int x; };\n');
  writeFileSync(join(dir('net'), 'if_vioif.c'), '#include "../virtio/virtiovar.h"\n#include "pci_if.h"\nint n;\n');
  writeFileSync(join(dir('net'), 'Makefile'), 'KMOD=virtio-net\n');
  writeFileSync(join(dir('balloon'), 'viomb.c'), 'int b;\n');
  const dragonfly = join(root, 'dragonfly');
  mkdirSync(join(dragonfly, 'sys'), { recursive: true });
  writeFileSync(join(dragonfly, 'sys/x.h'), '/* a DragonFly header */\n');
  const tool = process.execPath;
  return { root, toolchain: { clang: tool, lld: tool, bmake: tool, awk: tool, dragonflyDir: dragonfly } };
}

describe('BuildCache (what a --check build depends on)', () => {
  it("keys a module by its files and the headers it includes from other modules, not by other modules' files", () => {
    const { root, toolchain } = tree();
    const cache = new BuildCache(join(root, 'cache'), toolchain);
    const net = join(root, 'sys/dev/virtio/net');
    const balloon = join(root, 'sys/dev/virtio/balloon');
    const before = { net: cache.key(net), balloon: cache.key(balloon) };
    expect(cache.key(net)).toBe(before.net);
    writeFileSync(join(root, 'sys/dev/virtio/virtio/virtiovar.h'), 'struct virtio_softc { int y; };\n');
    expect(cache.key(net)).not.toBe(before.net);
    expect(cache.key(balloon)).toBe(before.balloon);
    writeFileSync(join(net, 'Makefile'), 'KMOD=virtio-net\nCFLAGS+=-DX\n');
    const afterMakefile = cache.key(net);
    expect(afterMakefile).not.toBe(before.net);
    // A changed DragonFly header is a changed toolchain: every module builds again.
    writeFileSync(join(toolchain.dragonflyDir, 'sys/x.h'), '/* changed, and longer than before */\n');
    const rebuilt = new BuildCache(join(root, 'cache'), toolchain);
    expect(rebuilt.key(balloon)).not.toBe(before.balloon);
    expect(rebuilt.key(net)).not.toBe(afterMakefile);
  });

  it('stores a result and gives it back; a damaged entry is a miss', () => {
    const { root, toolchain } = tree();
    const cache = new BuildCache(join(root, 'cache'), toolchain);
    const result: BuildResult = { module: 'virtio-mb', ok: true, errors: 0, warnings: 1, diagnostics: [], log: 'built\n', durationMs: 300, koPath: '/tmp/gone/virtio-mb.ko' };
    const key = cache.key(join(root, 'sys/dev/virtio/balloon'));
    expect(cache.get(key)).toBeUndefined();
    cache.put(key, result);
    const { koPath: _gone, ...kept } = result;
    expect(cache.get(key)).toEqual(kept);
    writeFileSync(join(root, 'cache', `${key}.json`), '{ not json');
    expect(cache.get(key)).toBeUndefined();
  });
});

describe('port-virtio --check with a warm build cache', () => {
  it('builds only the module whose emitted sources changed', { timeout: 180_000 }, async () => {
    const out = tempDir('pv-check-');
    expect((await runCli(['--driver', 'all', '--check', '--out', out])).code).toBe(0);
    // A NetBSD input edited the way a new upstream revision would be: only viomb.c differs, so
    // only the balloon module's sources change (the comment is unique to this run).
    const src = copyInputs();
    const viomb = join(src, 'sys/dev/pci/viomb.c');
    writeFileSync(viomb, readFileSync(viomb, 'latin1').replace('#include <sys/cdefs.h>', `#include <sys/cdefs.h>\n/* edited ${Date.now()} ${Math.random()} */`), 'latin1');
    const r = await runCli(['--driver', 'all', '--check', '--src', src, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const m of ['virtio', 'blk', 'net']) expect(r.stderr).toMatch(new RegExp(`^${m}: .*build: ok, 0 errors, 0 warnings \\(unchanged since an earlier build: result reused\\)$`, 'm'));
    expect(r.stderr).toMatch(/^balloon: .*build: ok, 0 errors, 0 warnings in \d+\.\d s$/m);
    const all = await runCli(['--driver', 'all', '--check', '--src', src, '--out', out, '--no-build-cache']);
    expect(all.stderr.match(/build: ok, 0 errors, 0 warnings in /g)?.length).toBe(4);
  });
});
