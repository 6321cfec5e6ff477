import { availableParallelism } from 'node:os';
import { prestartWorkers } from '../batch/worker-pool.js';
import type { Argv } from 'yargs';
import type { TranslateArgs } from './translate-command.js';

// Each command's code is loaded when that command runs: a start loads one command, not six.

class UsageError extends Error {}

/** Exit codes: 0 ok, 1 translation or build errors, 2 usage errors. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'sync-inputs') return (await import('../inputs/sync-inputs-command.js')).runSyncInputsCommand(argv.slice(1));
  // A tree translation's worker threads start now, so that loading the engine in them overlaps
  // parsing these arguments and loading the rules (an unused one ends with the process).
  if (argv[0] === 'translate' && !argv.some((a) => a.startsWith('--workers'))) prestartWorkers(availableParallelism() - 1);
  // yargs after that: its module alone takes ~30 ms to load.
  const { default: yargs } = await import('yargs');
  if (argv[0] === 'translate') return translate(yargs(argv.slice(1)));
  let code = 0;
  const parser = yargs(argv)
    .scriptName('port-virtio')
    .usage('$0 --driver net|blk|balloon|virtio|all [--src DIR] [--out DIR] [--diff] [--report FILE.json] [--check]')
    .command(
      '$0',
      'translate NetBSD virtio drivers into DragonFly module sources',
      (y) =>
        y
          .option('driver', { type: 'string', choices: ['net', 'blk', 'balloon', 'virtio', 'all'], demandOption: true, describe: 'module(s) to emit' })
          .option('src', { type: 'string', describe: 'NetBSD source tree (layout sys/dev/pci/...)', default: 'NetBSD_code' })
          .option('out', { type: 'string', describe: 'output root (sys/dev/virtio/... is written under it)', default: 'output' })
          .option('diff', { type: 'boolean', default: false, describe: 'print a unified diff per file with the rule ids of each hunk' })
          .option('report', { type: 'string', describe: 'write a JSON report to this file' })
          .option('check', { type: 'boolean', default: false, describe: "build each emitted module with DragonFly's bsd.kmod.mk" })
          .option('build-cache', { type: 'boolean', default: true, describe: '--check reuses the result of a module whose sources, headers and toolchain are unchanged (--no-build-cache: build all)' })
          .option('color', { type: 'boolean', default: true, describe: 'colour the diff (off when not a terminal or NO_COLOR is set)' })
          .option('force', { type: 'boolean', default: false, describe: 'overwrite output files changed by hand since the last run' })
          .option('allow-partial', { type: 'boolean', default: false, describe: 'write modules even where the parser found ERROR regions (marked in the output)' })
          .option('patches', { type: 'string', describe: 'folder of patch overlays applied after translation (default: patches/ if present)' })
          .option('against', { type: 'string', describe: 'show, as a diff with rule ids, what this run would change in the output root DIR; writes nothing' })
          .check((a) => {
            if (a.against !== undefined && a.check) throw new Error('--against writes nothing, so there is no tree to --check; drop one of them');
            return true;
          }),
      async (args) => {
        code = await (await import('./port-command.js')).runPortCommand(args);
      },
    )
    .command('translate <paths..>', TRANSLATE_DESCRIPTION, (y) => translateOptions(y.positional('paths', PATHS_POSITIONAL)))
    .command(
      'rules',
      'list the rules and structural transforms, in run order',
      (y) =>
        y
          .option('test', { type: 'boolean', default: false, describe: "run every rule's examples and name the failing ones" })
          .option('out', { type: 'string', describe: 'output root whose last run gives the application counts (default: output)' })
          .option('rules-dir', { type: 'string', describe: 'with --test: test the rules in this folder instead of rules/' }),
      async (args) => {
        code = (await import('./rules-command.js')).runRulesCommand({ test: args.test, out: args.out, rulesDir: args.rulesDir });
      },
    )
    .command(
      'explain <rule-id>',
      'a rule: what it does, why (API map), its examples, and where it applied in the last run',
      (y) => y.positional('rule-id', { type: 'string', demandOption: true }).option('out', { type: 'string', describe: 'output root of the last run (default: output)' }),
      async (args) => {
        code = (await import('./explain-command.js')).runExplainCommand({ id: args.ruleId as string, out: args.out });
      },
    )
    .command(
      'review',
      'write one self-contained HTML page to review the last run: side-by-side diffs linked to rules, build results',
      (y) =>
        y
          .option('driver', { type: 'string', choices: ['net', 'blk', 'balloon', 'virtio', 'all'], describe: 'only this module (default: every module in the tree)' })
          .option('out', { type: 'string', describe: 'output root of the run to review (default: output)' })
          .option('html', { type: 'string', describe: 'where to write the page (default: <out>/port-virtio-review.html)' }),
      async (args) => {
        code = await (await import('./review-command.js')).runReviewCommand({ driver: args.driver, out: args.out, html: args.html });
      },
    )
    .command(
      'verify',
      'run the behavioural vectors three ways (model, translated C, original NetBSD C) and the translated drivers against QEMU\'s own virtio devices',
      (y) =>
        y
          .option('driver', { type: 'string', choices: ['net', 'blk', 'balloon', 'virtio', 'all'], default: 'all', describe: 'scenarios of this module (virtio: the virtqueue core)' })
          .option('mutant', { type: 'string', describe: 'verify a deliberately broken translation (see src/verify/mutants.ts); it must fail' })
          .option('update-vectors', { type: 'boolean', default: false, describe: 'regenerate test/vectors from the model instead of verifying' })
          .option('out', { type: 'string', describe: 'also record the results in this output root (for port-virtio review)' })
          .option('device', { type: 'string', choices: ['model', 'qemu', 'all'], describe: 'which device backend: the vectors against our model, the scenarios against QEMU, or both (default: both where qemu-system-x86_64 is installed)' })
          .option('scenario', { type: 'string', array: true, describe: 'only these QEMU scenarios (names, or blk/net/balloon)' }),
      async (args) => {
        code = await (await import('./verify-command.js')).runVerifyCommand({ driver: args.driver, mutant: args.mutant, updateVectors: args.updateVectors, out: args.out, device: args.device as 'model' | 'qemu' | 'all' | undefined, scenarios: args.scenario });
      },
    )
    .strict()
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      // Throwing stops yargs before any command handler runs.
      throw new UsageError(msg ?? err?.message ?? 'usage error');
    });
  return withUsageErrors('port-virtio --help', async () => {
    await parser.parseAsync();
    return code;
  });
}

const TRANSLATE_DESCRIPTION = 'apply the general (not driver-specific) rules to NetBSD C files, or to whole source trees (folders)';
const PATHS_POSITIONAL = { type: 'string', array: true, demandOption: true, describe: 'files, or folders translated as trees' } as const;

/** The translate command's options (its `paths` aside). */
function translateOptions<T>(y: Argv<T>) {
  return y
    .option('out', { type: 'string', demandOption: true, describe: 'folder for the translated files (a tree keeps its layout)' })
    .option('diff', { type: 'boolean', default: false, describe: 'print a unified diff per file with the rule ids of each hunk (files only)' })
    .option('report', { type: 'string', describe: 'write a JSON report: every rule application and diagnostic per file' })
    .option('allow-partial', { type: 'boolean', default: false, describe: 'write files with ERROR regions, gaps marked' })
    .option('whole-files', {
      type: 'boolean',
      default: false,
      describe: 'parse whole files, to hear of every ERROR region (default with rules alone: only the file-scope items that mention a rule literal)',
    })
    .option('rules', { type: 'string', describe: "apply only the rules in this folder (a porter's own; no structural transforms)" })
    .option('cache', { type: 'string', describe: 'trees: reuse results of unchanged files from this folder (keyed by file and rule-set hashes)' })
    .option('workers', { type: 'number', describe: 'trees: worker threads beside the main one (default: one per further core)' })
    .option('prefilter', { type: 'boolean', default: true, hidden: true, describe: 'trees: --no-prefilter parses every file (to measure the literal pre-filter)' })
    .option('color', { type: 'boolean', default: true, describe: 'colour the diff (off when not a terminal or NO_COLOR is set)' });
}

/**
 * `port-virtio translate ...`, parsed by a parser of its own: the top-level one lists the command
 * for --help, but yargs renders and caches the help text of every command it runs (~25 ms of a
 * tree run's start-up, Unicode width tables included), and a parser without commands does not.
 */
async function translate(y: Argv): Promise<number> {
  const parser = translateOptions(y.scriptName('port-virtio translate').usage(`$0 <paths..>\n\n${TRANSLATE_DESCRIPTION}`))
    .demandCommand(1, 'translate: give the files or folders to translate')
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(msg ?? err?.message ?? 'usage error');
    });
  return withUsageErrors('port-virtio translate --help', async () => {
    const args = await parser.parseAsync();
    if (args.help) return 0;
    return (await import('./translate-command.js')).runTranslateCommand(translateArgs({ ...args, paths: args._.map(String) }));
  });
}

/** Runs a parse (and what it starts); a usage error is exit code 2 with a pointer to the help. */
async function withUsageErrors(help: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`port-virtio: ${e.message}\nRun '${help}' for usage.\n`);
      return 2;
    }
    process.stderr.write(`port-virtio: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

/** The translate command's arguments, as yargs parsed them (its options, see above). */
function translateArgs(args: Record<string, unknown>): TranslateArgs {
  const optional = <T>(v: unknown): T | undefined => (v === undefined ? undefined : (v as T));
  return {
    paths: args.paths as string[],
    out: args.out as string,
    diff: args.diff as boolean,
    report: optional<string>(args.report),
    allowPartial: args.allowPartial as boolean,
    wholeFiles: args.wholeFiles as boolean,
    color: args.color as boolean,
    rules: optional<string>(args.rules),
    cache: optional<string>(args.cache),
    workers: optional<number>(args.workers),
    prefilter: args.prefilter as boolean,
  };
}
