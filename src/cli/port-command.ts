import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { API_MAP_RELATIVE_PATH, loadNetbsdOnlyIdentifiers } from '../analyze/netbsd-only-identifiers.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/format-text.js';
import { MODULE_ORDER } from '../emit/module-plan.js';
import { writeOutput } from './write-output.js';
import { applyOverlays } from '../emit/patch-overlays.js';
import type { PortResult } from '../translate/port-modules.js';
import { loadManifest } from '../inputs/manifest.js';
import { manifestPathFor } from '../inputs/paths.js';
import { syncInputs } from '../inputs/sync-inputs.js';
import { verifySourceTree } from '../inputs/verify-source-tree.js';
import { RuleLoadError } from '../match/load-rules.js';
import { portModules } from '../translate/port-modules.js';
import { buildReport } from '../translate/build-report.js';
import { checkModules } from './check-modules.js';
import { IN_TREE_VIRTIO, inTreeClashes, loadInTreeNames } from '../analyze/in-tree-clashes.js';
import { resolveDragonflyDir } from '../verify/build/dragonfly-corpus.js';
import { CACHE_DIR } from '../files/cache-dir.js';
import { formatFileDiff, useColor } from './print-diff.js';
import { loadProject, PROJECT_ROOT, resolveUserPath } from './project.js';
import { printRegenerationDiff } from './regeneration-diff.js';
import { recordBuilds, recordRun } from './run-record-io.js';
import { LAST_RUN, serializeRunRecord } from '../review/run-record.js';

export interface PortArgs {
  driver: string;
  src: string;
  out: string;
  diff: boolean;
  report?: string | undefined;
  check: boolean;
  /** false: `--check` builds every module even when nothing it reads changed. */
  buildCache?: boolean;
  color: boolean;
  /** Overwrite files changed by hand since the last run. */
  force?: boolean;
  /** Translate files with ERROR regions anyway, marking the gaps. */
  allowPartial?: boolean;
  patches?: string | undefined;
  /** Show what this run would change in the tree under this output root; write nothing. */
  against?: string | undefined;
}

export const OUTPUT_SUBDIR = 'sys/dev/virtio';

export async function runPortCommand(args: PortArgs): Promise<number> {
  const started = performance.now();
  let project;
  try {
    project = loadProject();
  } catch (e) {
    if (e instanceof RuleLoadError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const srcIsDefault = args.src === 'NetBSD_code';
  const srcDir = resolveUserPath(args.src, srcIsDefault);
  // A child module includes its parent's translated headers (../virtio/virtiovar.h), so a child
  // alone is emitted (and built) together with the bus module it attaches to.
  const chosen = project.plans.filter((p) => p.name === args.driver);
  const selected = args.driver === 'all' ? MODULE_ORDER.map((n) => project.plans.find((p) => p.name === n)!) : project.plans.filter((p) => chosen.includes(p) || chosen.some((c) => c.parent === p.driver));
  const manifest = await loadManifest(manifestPathFor(PROJECT_ROOT));
  const needed = selected.flatMap((p) => [...p.sources, ...p.headers]);
  // The default tree is filled from ../shared/corpus at set-up; do it now if set-up was skipped.
  if (srcIsDefault && needed.some((p) => !existsSync(join(srcDir, p)))) await syncInputs(PROJECT_ROOT);
  const inputDiagnostics = await verifySourceTree(srcDir, manifest, { requireHashes: srcIsDefault, paths: needed });
  if (hasErrors(inputDiagnostics)) return finish(inputDiagnostics, 1);

  const result = portModules({ srcDir, plans: project.plans, selected, rules: project.rules, transforms: project.transforms, shapes: project.shapes, allowPartial: args.allowPartial === true });
  const diagnostics: Diagnostic[] = [...inputDiagnostics, ...result.diagnostics];
  // Names a kernel with DragonFly's own virtio drivers also has (PV4301).
  const inTree = loadInTreeNames(join(resolveDragonflyDir(), IN_TREE_VIRTIO));
  if (inTree) diagnostics.push(...inTreeClashes(result.modules, inTree, project.shapes, OUTPUT_SUBDIR));
  const color = useColor(args.color);
  if (args.diff)
    for (const m of result.modules) for (const f of m.files) process.stdout.write(formatFileDiff(f, `${OUTPUT_SUBDIR}/${m.plan.name}/${f.path.split('/').pop()}`, color));

  const outRoot = resolveUserPath(args.out, args.out === 'output');
  const dest = join(outRoot, OUTPUT_SUBDIR);
  const files = new Map<string, Buffer>([
    ['Makefile', result.topMakefile],
    ['README', result.readme],
  ]);
  for (const m of result.modules) for (const [rel, bytes] of m.emitted) files.set(rel, bytes);
  const patchDir = args.patches !== undefined ? resolve(args.patches) : join(PROJECT_ROOT, 'patches');
  const overlays = applyOverlays(patchDir, files, rulesNear(result), PROJECT_ROOT);
  diagnostics.push(...overlays.diagnostics);
  for (const a of overlays.applied) process.stderr.write(`applied patch overlay ${a.patch} to ${a.file}\n`);
  const netbsdOnly = loadNetbsdOnlyIdentifiers(resolve(PROJECT_ROOT, API_MAP_RELATIVE_PATH), resolve(PROJECT_ROOT, '../shared/corpus/dragonfly/sys'));
  // The run record (provenance, rule applications) goes into the tree in the same atomic swap.
  const recorded = recordRun(result, files, overlays.applied, netbsdOnly, srcDir, dest);
  diagnostics.push(...recorded.diagnostics);
  if (args.against !== undefined) {
    if (hasErrors(diagnostics)) return finish(diagnostics, 1);
    const against = printRegenerationDiff(resolve(args.against), OUTPUT_SUBDIR, files, recorded.record, selected.map((p) => p.name), color);
    return finish([...diagnostics, ...against.diagnostics], against.code);
  }
  files.set(LAST_RUN, serializeRunRecord(recorded.record));
  let failed = hasErrors(diagnostics);
  if (!failed) {
    const keep = project.plans.map((p) => p.name).filter((n) => !selected.some((s) => s.name === n));
    const written = writeOutput(dest, files, keep, selected.map((p) => p.name), args.force);
    diagnostics.push(...written);
    failed = hasErrors(written);
  }
  const builds = args.check && !failed ? await checkModules(dest, result.modules, args.buildCache === false ? undefined : BUILD_CACHE_DIR) : undefined;
  if (builds) diagnostics.push(...builds.diagnostics, ...(await recordBuilds(dest, result.modules, builds)));

  const report = buildReport(result, diagnostics, netbsdOnly, builds?.results);
  if (args.report) writeFileSync(resolve(args.report), JSON.stringify(report, null, 2) + '\n');
  for (const m of report.modules) {
    const o = m.lineOrigins;
    const checked = builds?.results[report.modules.indexOf(m)];
    const how = checked?.cached ? ' (unchanged since an earlier build: result reused)' : checked ? ` in ${(checked.durationMs / 1000).toFixed(1)} s` : '';
    const build = m.build ? `; build: ${m.build.ok ? 'ok' : 'FAILED'}, ${m.build.errors} errors, ${m.build.warnings} warnings${how}` : '';
    process.stderr.write(`${m.module}: ${o.untouched} lines untouched, ${o.rewritten} rewritten, ${o.template} from templates; ${m.unhandled.length} NetBSD identifiers left${build}\n`);
  }
  // Time and memory of the run, so a very large input shows its cost (printed, not in the report,
  // which stays byte-stable across runs).
  process.stderr.write(`run: ${Math.round(performance.now() - started)} ms, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`);
  if (!failed) process.stderr.write(`wrote ${dest}\n`);
  else process.stderr.write(`nothing written (previous output left as it was)\n`);
  const buildFailed = builds?.results.some((b) => !b.ok) ?? false;
  return finish(diagnostics, failed || buildFailed ? 1 : 0);
}

/** Where `--check` keeps build results by what each build read. */
const BUILD_CACHE_DIR = join(CACHE_DIR, 'builds');

function finish(diagnostics: readonly Diagnostic[], code: number): number {
  for (const d of diagnostics) if (d.severity !== 'note' || process.env.PORT_VIRTIO_VERBOSE) process.stderr.write(`${formatDiagnostic(d)}\n`);
  return code;
}

/** Rule ids that produced output line `line` of emitted file `target` (module/file.c). */
function rulesNear(result: PortResult): (target: string, line: number) => string[] {
  return (target, line) => {
    const [module, base] = target.split('/');
    const file = result.modules.find((m) => m.plan.name === module)?.files.find((f) => f.path.endsWith(`/${base}`));
    return file?.origins[line - 1]?.ruleIds ?? [];
  };
}
