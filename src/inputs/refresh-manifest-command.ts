import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../diagnostics/format-text.js';
import { type CommandIO, displayPath, processIO } from './command-io.js';
import { InputError } from './input-error.js';
import { isMainModule } from './is-main-module.js';
import { manifestPathFor, thisProjectRoot } from './paths.js';
import { refreshManifest } from './refresh-manifest.js';

const USAGE = `usage: refresh-manifest [--root DIR] [--corpus DIR] [--commit SHA] [--check]

Recomputes revisions ($NetBSD$ lines) and SHA-256 values in NetBSD_code/manifest.json from the
corpus, for the paths already listed.

  --root DIR     project root (default: this checkout)
  --corpus DIR   NetBSD 6 corpus (default: <root>/../shared/corpus/netbsd-6)
  --commit SHA   record a new upstream git mirror commit
  --check        only report; exit 1 if the manifest is out of date`;

/** Exit codes: 0 up to date or rewritten, 1 out of date (--check) or a corpus problem, 2 bad usage. */
export async function runRefreshManifestCommand(argv: readonly string[], io: CommandIO = processIO): Promise<number> {
  let values: { root?: string; corpus?: string; commit?: string; check?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        root: { type: 'string' },
        corpus: { type: 'string' },
        commit: { type: 'string' },
        check: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.err(`refresh-manifest: ${(e as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }

  const root = values.root ?? thisProjectRoot();
  try {
    const { changes } = await refreshManifest(root, values.corpus, {
      ...(values.commit !== undefined ? { commit: values.commit } : {}),
      write: !values.check,
    });
    for (const c of changes) io.out(`${c.path}: ${c.field} ${c.from} -> ${c.to}`);
    const where = displayPath(manifestPathFor(root));
    if (changes.length === 0) io.out(`refresh-manifest: ${where} is up to date`);
    else if (values.check) io.out(`refresh-manifest: ${where} is out of date (${changes.length} change(s))`);
    else io.out(`refresh-manifest: wrote ${where} (${changes.length} change(s))`);
    return values.check && changes.length > 0 ? 1 : 0;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const d of e.diagnostics) io.err(formatDiagnostic(d));
    return 1;
  }
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runRefreshManifestCommand(process.argv.slice(2));
}
