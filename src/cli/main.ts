import yargs from 'yargs';
import { runPortCommand } from './port-command.js';
import { runTranslateCommand } from './translate-command.js';
import { runRulesCommand } from './rules-command.js';
import { runSyncInputsCommand } from '../inputs/sync-inputs-command.js';

class UsageError extends Error {}

/** Exit codes: 0 ok, 1 translation or build errors, 2 usage errors. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'sync-inputs') return runSyncInputsCommand(argv.slice(1));
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
          .option('color', { type: 'boolean', default: true, describe: 'colour the diff (off when not a terminal or NO_COLOR is set)' })
          .option('force', { type: 'boolean', default: false, describe: 'overwrite output files changed by hand since the last run' })
          .option('allow-partial', { type: 'boolean', default: false, describe: 'write modules even where the parser found ERROR regions (marked in the output)' })
          .option('patches', { type: 'string', describe: 'folder of patch overlays applied after translation (default: patches/ if present)' }),
      async (args) => {
        code = await runPortCommand(args);
      },
    )
    .command(
      'translate <files..>',
      'apply the general (not driver-specific) rules to any NetBSD C file',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true })
          .option('out', { type: 'string', demandOption: true, describe: 'folder for the translated files' })
          .option('diff', { type: 'boolean', default: false })
          .option('report', { type: 'string' })
          .option('allow-partial', { type: 'boolean', default: false, describe: 'write files with ERROR regions, gaps marked' }),
      async (args) => {
        code = await runTranslateCommand({ files: args.files as string[], out: args.out, diff: args.diff, report: args.report, allowPartial: args.allowPartial });
      },
    )
    .command(
      'rules',
      'list the rules and structural transforms, in run order',
      (y) => y.option('test', { type: 'boolean', default: false, describe: "run every rule's examples and name the failing ones" }),
      (args) => {
        code = runRulesCommand({ test: args.test });
      },
    )
    .strict()
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      // Throwing stops yargs before any command handler runs.
      throw new UsageError(msg ?? err?.message ?? 'usage error');
    });
  try {
    await parser.parseAsync();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`port-virtio: ${e.message}\nRun 'port-virtio --help' for usage.\n`);
      return 2;
    }
    process.stderr.write(`port-virtio: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
  return code;
}
