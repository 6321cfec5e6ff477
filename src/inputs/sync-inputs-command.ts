import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../diagnostics/format-text.js';
import { InputCode } from './codes.js';
import { type CommandIO, displayPath, processIO } from './command-io.js';
import { InputError } from './input-error.js';
import { isMainModule } from './is-main-module.js';
import { thisProjectRoot } from './paths.js';
import { syncInputs } from './sync-inputs.js';

const USAGE = `usage: port-virtio sync-inputs [--root DIR] [--corpus DIR]

Copies the NetBSD sources listed in NetBSD_code/manifest.json from the corpus into
NetBSD_code/ (git-ignored), checking each file's SHA-256 against the manifest.

  --root DIR     project root (default: this checkout)
  --corpus DIR   NetBSD 6 corpus (default: <root>/../shared/corpus/netbsd-6)`;

/**
 * `port-virtio sync-inputs`. `argv` is what follows the subcommand name.
 * Exit codes: 0 all inputs in place, 1 a corpus file is missing or differs from the manifest
 * (or the manifest is invalid / a copy failed), 2 bad command-line usage.
 */
export async function runSyncInputsCommand(argv: readonly string[], io: CommandIO = processIO): Promise<number> {
  let values: { root?: string; corpus?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { root: { type: 'string' }, corpus: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.err(`sync-inputs: ${(e as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }

  try {
    const report = await syncInputs(values.root ?? thisProjectRoot(), values.corpus);
    const counts = { copied: 0, replaced: 0, unchanged: 0 };
    for (const f of report.files) {
      counts[f.action] += 1;
      io.out(`${f.action.padEnd(9)} ${f.entry.path} (rev ${f.entry.revision})`);
    }
    io.out(
      `sync-inputs: ${report.files.length} files from ${displayPath(report.corpusDir)} into ` +
        `${displayPath(report.destinationDir)}: ${counts.copied} copied, ${counts.replaced} replaced, ` +
        `${counts.unchanged} unchanged`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const d of e.diagnostics) io.err(formatDiagnostic(d));
    // Corpus problems are found before anything is written; only a write failure leaves a partial sync.
    const partial = e.diagnostics.some((d) => d.code === InputCode.writeFailed);
    io.err(
      `sync-inputs: failed with ${e.diagnostics.length} problem(s); ` +
        (partial ? 'some files may already have been updated' : 'nothing was copied'),
    );
    return 1;
  }
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runSyncInputsCommand(process.argv.slice(2));
}
