import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DRAGONFLY_DIR, DRAGONFLY_DIR_ENV, resolveDragonflyDir } from '../../../src/verify/build/dragonfly-corpus.js';
import { findToolchain } from '../../../src/verify/build/toolchain.js';

const empty = mkdtempSync(path.join(os.tmpdir(), 'toolchain-test-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('findToolchain', () => {
  it('finds clang-19, ld.lld-19, bmake and the corpus on this host', () => {
    const r = findToolchain();
    if (!r.ok) throw new Error(r.error);
    expect(path.basename(r.toolchain.clang)).toBe('clang-19');
    expect(path.basename(r.toolchain.lld)).toBe('ld.lld-19');
    expect(path.basename(r.toolchain.bmake)).toBe('bmake');
  });

  it('names the Debian package for every missing tool', () => {
    const r = findToolchain({ env: { PATH: empty }, fallbackDirs: [] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain('clang-19 not found on PATH: install the Debian package clang-19');
    expect(r.error).toContain('ld.lld-19 not found on PATH: install the Debian package lld-19');
    expect(r.error).toContain('bmake not found on PATH: install the Debian package bmake');
  });

  it('says which corpus files are missing and how to point elsewhere', () => {
    const r = findToolchain({ dragonflyDir: empty });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(new RegExp(`not usable at ${empty}.*share/mk/bsd.kmod.mk.*${DRAGONFLY_DIR_ENV}`));
  });
});

describe('resolveDragonflyDir', () => {
  it('prefers the option, then the env var, then ../shared/corpus/dragonfly', () => {
    expect(resolveDragonflyDir('/a', { [DRAGONFLY_DIR_ENV]: '/b' })).toBe('/a');
    expect(resolveDragonflyDir(undefined, { [DRAGONFLY_DIR_ENV]: '/b' })).toBe('/b');
    expect(resolveDragonflyDir(undefined, {})).toBe(DEFAULT_DRAGONFLY_DIR);
    expect(DEFAULT_DRAGONFLY_DIR).toBe(path.resolve(import.meta.dirname, '../../../../shared/corpus/dragonfly'));
  });
});
