import { copyFile, mkdir, mkdtemp, realpath, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeCcWrapper } from './cc-wrapper.js';
import { isErrorSeverity, type CompilerDiagnostic } from './compiler-diagnostic.js';
import { isX86_64KernelModule, readElfHeader } from './elf-header.js';
import { describeInvocation, kmodMakeInvocation } from './kmod-make-invocation.js';
import { makeFailed, makeFailureDiagnostic } from './make-failure.js';
import { readKmodName } from './module-makefile.js';
import { parseClangDiagnostics } from './parse-clang-diagnostics.js';
import { runProcess } from './run-process.js';
import { findToolchain } from './toolchain.js';

export type { CompilerDiagnostic, CompilerSeverity } from './compiler-diagnostic.js';

export interface BuildResult {
  /** KMOD from the module's Makefile. */
  module: string;
  /** bmake succeeded, no compiler/linker error, and the .ko is an x86-64 relocatable ELF. */
  ok: boolean;
  /** Where the .ko is now: in outKoDir, or in the kept obj dir; absent otherwise. */
  koPath?: string;
  /** The obj dir, only when keepObjDir was asked for. */
  objDir?: string;
  errors: number;
  warnings: number;
  diagnostics: CompilerDiagnostic[];
  /** The command line, then everything bmake and the compiler printed. */
  log: string;
  durationMs: number;
}

export interface BuildOptions {
  /** DragonFly corpus (share/mk + sys); default $PORT_VIRTIO_DRAGONFLY, then ../shared/corpus/dragonfly. */
  dragonflyDir?: string;
  /** Keep the temporary dir (obj dir + CC wrapper) for inspection. */
  keepObjDir?: boolean;
  /** Copy the built .ko here (created if needed). */
  outKoDir?: string;
  /** Kill the build after this long; default 120 s. */
  timeoutMs?: number;
}

/** A result for a build that never started (no toolchain, no such dir). */
function notBuilt(module: string, message: string, started: number): BuildResult {
  const d: CompilerDiagnostic = { file: 'Makefile', line: 0, column: 0, severity: 'error', message };
  return { module, ok: false, errors: 1, warnings: 0, diagnostics: [d], log: message + '\n', durationMs: Date.now() - started };
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

/**
 * Builds one DragonFly kernel module with DragonFly's own bsd.kmod.mk, as `make` in its source dir
 * would on DragonFly, but with every product in a temporary obj dir so the source tree stays clean.
 */
export async function buildModule(moduleDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const fallbackName = path.basename(moduleDir);
  let srcDir: string;
  try {
    // bmake's .CURDIR is the real path; diagnostics are made relative to the same spelling.
    srcDir = await realpath(moduleDir);
  } catch {
    return notBuilt(fallbackName, `module dir not found: ${moduleDir}`, started);
  }
  const module = await readKmodName(srcDir);
  if (!(await isFile(path.join(srcDir, 'Makefile')))) return notBuilt(module, `no Makefile in ${moduleDir}`, started);
  const lookup = findToolchain({ dragonflyDir: options.dragonflyDir });
  if (!lookup.ok) return notBuilt(module, lookup.error, started);
  const tc = lookup.toolchain;

  const scratch = await realpath(await mkdtemp(path.join(os.tmpdir(), `port-virtio-build-${module}-`)));
  const objDir = path.join(scratch, 'obj');
  try {
    await mkdir(objDir);
    // Creating `@` up front (kmod.mk would make the same link) matters: when `@` is missing at
    // parse time kmod.mk also adds -I/usr/include, and the Linux host's headers could leak in.
    await symlink(path.join(tc.dragonflyDir, 'sys'), path.join(objDir, '@'));
    const ccWrapper = await writeCcWrapper(scratch, tc);
    const inv = kmodMakeInvocation(tc, { moduleDir: srcDir, objDir, ccWrapper });
    const run = await runProcess(inv.command, inv.args, { cwd: inv.cwd, env: inv.env, timeoutMs: options.timeoutMs ?? 120_000 });

    const diagnostics = parseClangDiagnostics(run.output, { cwd: objDir, moduleDir: srcDir });
    const builtKo = path.join(objDir, `${module}.ko`);
    const koExists = await isFile(builtKo);
    const failed = makeFailed(run.exitCode, run.output);
    if (failed && !diagnostics.some((d) => isErrorSeverity(d.severity))) {
      diagnostics.push(makeFailureDiagnostic(run.output, run));
    }
    if (!failed && !(koExists && isX86_64KernelModule(await readElfHeader(builtKo)))) {
      const message = koExists ? `${module}.ko is not an x86-64 ELF relocatable object` : `bmake succeeded but made no ${module}.ko`;
      diagnostics.push({ file: 'Makefile', line: 0, column: 0, severity: 'error', message });
    }
    const errors = diagnostics.filter((d) => isErrorSeverity(d.severity)).length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    const ok = !failed && errors === 0;

    let koPath: string | undefined;
    if (ok && options.outKoDir) {
      await mkdir(options.outKoDir, { recursive: true });
      koPath = path.join(path.resolve(options.outKoDir), `${module}.ko`);
      await copyFile(builtKo, koPath);
    } else if (koExists && options.keepObjDir) {
      koPath = builtKo;
    }
    const log = `$ ${describeInvocation(inv)}\n${run.output}`;
    const result: BuildResult = { module, ok, errors, warnings, diagnostics, log, durationMs: Date.now() - started };
    if (koPath) result.koPath = koPath;
    if (options.keepObjDir) result.objDir = objDir;
    return result;
  } finally {
    if (!options.keepObjDir) await rm(scratch, { recursive: true, force: true });
  }
}
