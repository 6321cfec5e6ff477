import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModule, type BuildResult } from '../../../src/verify/build/build-module.js';
import { EM_X86_64, ET_REL, readElfHeader } from '../../../src/verify/build/elf-header.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/build');
const fixture = (name: string) => path.join(FIXTURES, name);

/** Every file under the fixtures, so a stray `@`, `.o` or `obj` link anywhere shows up. */
function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The temporary obj dir is only visible in the logged command line. */
const objDirOf = (r: BuildResult) => /MAKEOBJDIR=(\S+)/.exec(r.log)?.[1];

const out = mkdtempSync(path.join(os.tmpdir(), 'build-module-test-'));
let before: string[];
let hello: BuildResult;
let warn: BuildResult;
let blk: BuildResult;
let vshared: BuildResult;

beforeAll(async () => {
  before = listTree(FIXTURES);
  [hello, warn, blk, vshared] = await Promise.all([
    buildModule(fixture('hello'), { outKoDir: out }),
    buildModule(fixture('warn')),
    buildModule(fixture('tree/blk'), { keepObjDir: true }),
    buildModule(fixture('tree/virtio')),
  ]);
}, 60_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  const kept = blk?.objDir;
  if (kept) rmSync(path.dirname(kept), { recursive: true, force: true });
});

describe('buildModule on a clean newbus driver', () => {
  it('builds hello.ko with no errors and no warnings', () => {
    expect(hello.diagnostics, hello.log).toEqual([]);
    expect(hello).toMatchObject({ module: 'hello', ok: true, errors: 0, warnings: 0 });
    expect(hello.koPath).toBe(path.join(out, 'hello.ko'));
  });

  it('produces an x86-64 ELF relocatable object', async () => {
    const h = await readElfHeader(hello.koPath ?? '');
    expect(h).toEqual({ class64: true, littleEndian: true, type: ET_REL, machine: EM_X86_64 });
  });

  it('generated device_if.h and bus_if.h and used the DragonFly kmod flags', () => {
    expect(hello.log).toContain('makeobjops.awk -- -h @/kern/device_if.m');
    expect(hello.log).toContain('makeobjops.awk -- -h @/kern/bus_if.m');
    expect(hello.log).toMatch(/-mcmodel=kernel .*-Wall/);
    expect(hello.log).not.toMatch(/-I\/usr\/include\b/);
  });

  it('removes its temporary dir', () => {
    const obj = objDirOf(hello);
    expect(obj).toBeDefined();
    expect(existsSync(path.dirname(obj ?? '/'))).toBe(false);
  });
});

describe('buildModule on a module with a warning and an error', () => {
  it('fails', () => {
    expect(warn).toMatchObject({ module: 'warn', ok: false, errors: 1, warnings: 2 });
    expect(warn.koPath).toBeUndefined();
  });

  it('reports the unused variable and the type error where they are', () => {
    expect(warn.diagnostics).toContainEqual({
      file: 'warn.c', line: 16, column: 6, severity: 'warning',
      message: "unused variable 'unused'", flag: '-Wunused-variable',
    });
    expect(warn.diagnostics).toContainEqual({
      file: 'warn.c', line: 26, column: 11, severity: 'error',
      message: "member reference base type 'char' is not a structure or union",
    });
  });

  it('keeps compiling after the error and reports a shared header warning once, by sibling path', () => {
    expect(warn.log).toContain('warn/warn2.c');
    const undef = warn.diagnostics.filter((d) => d.flag === '-Wundef');
    expect(undef).toEqual([{
      file: '../warn-shared/warnvar.h', line: 8, column: 5, severity: 'warning',
      message: "'WARN_NOT_DEFINED' is not defined, evaluates to 0", flag: '-Wundef',
    }]);
  });
});

describe('buildModule on two modules sharing a header', () => {
  it('builds the module that owns the header', () => {
    expect(vshared.diagnostics, vshared.log).toEqual([]);
    expect(vshared).toMatchObject({ module: 'vshared', ok: true, errors: 0, warnings: 0 });
    expect(vshared.koPath).toBeUndefined();
  });

  it('resolves "../virtio/vsharedvar.h" from the source tree', () => {
    expect(blk.diagnostics, blk.log).toEqual([]);
    expect(blk).toMatchObject({ module: 'vblk', ok: true });
  });

  it('keeps the obj dir when asked, with the .ko and the kmod.mk links in it', () => {
    expect(blk.koPath).toBe(path.join(blk.objDir ?? '', 'vblk.ko'));
    expect(readdirSync(blk.objDir ?? '')).toEqual(expect.arrayContaining(['@', 'machine', 'vblk.o', 'vblk.ko']));
  });
});

describe('buildModule without a build', () => {
  it('reports a missing module dir', async () => {
    const r = await buildModule(fixture('no-such-module'));
    expect(r).toMatchObject({ ok: false, errors: 1 });
    expect(r.diagnostics[0]?.message).toMatch(/module dir not found/);
  });

  it('reports an unusable DragonFly corpus before running bmake', async () => {
    const r = await buildModule(fixture('hello'), { dragonflyDir: out });
    expect(r).toMatchObject({ module: 'hello', ok: false, errors: 1 });
    expect(r.diagnostics[0]?.message).toMatch(/DragonFly corpus not usable/);
  });
});

describe('the source tree', () => {
  it('is left exactly as it was', () => {
    expect(listTree(FIXTURES)).toEqual(before);
  });
});
