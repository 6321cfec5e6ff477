// `npm run bench`: the same ten call rewrites by us, ast-grep and Coccinelle over the NetBSD bulk
// tree, measured side by side (wall: median of BENCH_RUNS runs, default 3; peak RSS; sites), plus
// our full rule set over the same tree and `port-virtio --driver all`. The runs the targets compare
// (ours and ast-grep) are taken in interleaved rounds. Writes bench/results.json and prints a table
// with the targets of issue 8.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadProject } from '../src/cli/project.js';
import { listSources } from '../src/batch/list-sources.js';
import { loadRuleDir } from '../src/match/load-rules.js';
import { ruleLiterals } from '../src/match/rule-literals.js';
import { runRuleExample } from '../src/match/run-rule-example.js';
import { compareSites } from './lib/compare.js';
import { measure, measureInterleaved, type Job, type Measured } from './lib/measure.js';
import { findAstGrep, findSpatch, type Peer } from './lib/peers.js';
import { printTable, targetsOf } from './lib/report.js';
import { changedSites } from './lib/sites.js';
import { freshCopy } from './lib/tree-copy.js';

const project = loadProject();
const root = project.root;
const corpus = resolve(root, '../shared/corpus/netbsd-6-bulk');
const peerDir = resolve(root, '../shared/bench/peers');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const work = mkdtempSync(join(tmpdir(), 'port-virtio-bench-'));
const log = (s: string): void => void process.stderr.write(`bench: ${s}\n`);

// The ten rules are real rules: their examples must pass before anything is measured.
const benchRules = loadRuleDir(join(root, 'bench/rules'), root);
for (const rule of benchRules)
  for (const ex of rule.examples) {
    const { output, diagnostics } = runRuleExample(rule, ex, project.shapes);
    if (diagnostics.length > 0 || output !== (ex.unchanged ? ex.before : ex.after)) throw new Error(`bench rule ${rule.id}: example '${ex.name}' fails`);
  }
const oldNames = new Set(benchRules.flatMap((r) => ruleLiterals(r) ?? []));
const files = listSources(corpus);
const lines = files.reduce((n, f) => n + readFileSync(join(corpus, f), 'latin1').split('\n').length - 1, 0);
log(`${files.length} files, ${lines} lines in ${corpus}; ${runs} runs per measurement; scratch ${work}`);

const cli = join(root, 'bin/port-virtio.mjs');
// Ours is measured as a porter runs it: the CLI executable (`npx port-virtio` runs the same file,
// by its shebang), start-up included as for the peers, with
// --allow-partial because the peers also write files that have ERROR regions. The report tells
// which files were held back by errors and every rule application.
const ours = (args: string[], report: string): string[] => ['translate', corpus, '--allow-partial', '--report', report, ...args];
// Not timed: a first start after a source change builds the CLI's bundle (bin/cli-bundle.mjs).
spawnSync(cli, ['--help'], { cwd: root, stdio: 'ignore' });
const copyOf = (name: string): string => join(work, name);
/** Checks a measurement's exit codes: our translate exits 1 when some file was held back by errors (the report names them). */
const checked = (what: string, m: Measured): Measured => {
  const tolerated = what.startsWith('port-virtio') ? Infinity : what.startsWith('ours') ? 1 : 0;
  if (m.exitCodes.some((c) => c > tolerated || c < 0)) throw new Error(`${what} failed (exit ${m.exitCodes.join(',')}): ${m.stderr.slice(0, 2000)}`);
  return m;
};
const run = (what: string, cmd: string, args: string[], prepare?: (i: number) => void): Measured => {
  log(what);
  return checked(what, measure(cmd, args, { runs, cwd: root, ...(prepare ? { prepare } : {}) }));
};
/** Measurements whose times are compared with each other, taken in interleaved rounds (see measureInterleaved). */
const runTogether = (entries: ({ what: string } & Job)[]): Measured[] => {
  log(`together, in ${runs} rounds: ${entries.map((e) => e.what).join(' | ')}`);
  return measureInterleaved(entries, { runs, cwd: root }).map((m, i) => checked(entries[i]!.what, m));
};
const report = (name: string): string => join(work, `${name}.report.json`);
const withBenchRules = ['--rules', join(root, 'bench/rules')];

// BENCH_SKIP=spatch,ast-grep leaves a peer out (spatch alone takes most of the bench's time).
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const skipped = (name: string): Peer => ({ name, missing: 'left out by BENCH_SKIP' });
const astGrep = skip.has('ast-grep') ? skipped('ast-grep') : findAstGrep(root);
const spatch = skip.has('spatch') ? skipped('spatch') : findSpatch();

// The runs the targets compare: ours (10 rules and the full rule set) and ast-grep's two modes.
const rulesFile = join(peerDir, 'renames.ast-grep.yml');
const compared: ({ what: string } & Job)[] = [
  { what: 'ours: 10 rules', cmd: cli, args: ours([...withBenchRules, '--out', copyOf('ours')], report('ours')), prepare: () => freshCopy(corpus, copyOf('ours')) },
  { what: 'ours: full product rule set (general rules + transforms)', cmd: cli, args: ours(['--out', copyOf('full')], report('full')), prepare: () => rmSync(copyOf('full'), { recursive: true, force: true }) },
];
if (astGrep.bin)
  compared.push(
    { what: 'ast-grep: dry run (--json=stream)', cmd: astGrep.bin, args: ['scan', '-r', rulesFile, '--json=stream', corpus] },
    { what: 'ast-grep: apply (-U) into a copy', cmd: astGrep.bin, args: ['scan', '-r', rulesFile, '-U', copyOf('ast-grep')], prepare: () => freshCopy(corpus, copyOf('ast-grep')) },
  );
else log(`ast-grep skipped: ${astGrep.missing}`);
const [oursMain, full, agDry, agApply] = runTogether(compared) as [Measured, Measured, Measured | undefined, Measured | undefined];

// Ours: each speed idea switched off (or on) on its own.
const oursSingle = run('ours: 10 rules, no worker threads', cli, ours([...withBenchRules, '--out', copyOf('ours-1'), '--workers', '0'], report('ours-1')), () => freshCopy(corpus, copyOf('ours-1')));
const oursNoFilter = run('ours: 10 rules, no literal pre-filter', cli, ours([...withBenchRules, '--out', copyOf('ours-nf'), '--no-prefilter'], report('ours-nf')), () => freshCopy(corpus, copyOf('ours-nf')));
const oursWhole = run('ours: 10 rules, whole-file parses', cli, ours([...withBenchRules, '--out', copyOf('ours-wf'), '--whole-files'], report('ours-wf')), () => freshCopy(corpus, copyOf('ours-wf')));
const cacheDir = copyOf('cache');
rmSync(cacheDir, { recursive: true, force: true });
run('ours: fill the cache (not reported)', cli, ours([...withBenchRules, '--out', copyOf('ours-fill'), '--cache', cacheDir], report('ours-fill')));
const oursWarm = run('ours: 10 rules, warm cache', cli, ours([...withBenchRules, '--out', copyOf('ours-warm'), '--cache', cacheDir], report('ours-warm')), () => freshCopy(corpus, copyOf('ours-warm')));

let sp: Measured | undefined;
if (spatch.bin) {
  const args = ['--sp-file', join(peerDir, 'renames.cocci'), '--dir', copyOf('spatch'), '--no-includes', '--include-headers', '-j', '2', '--very-quiet', '--in-place'];
  sp = run('spatch: -j 2 --in-place into a copy', spatch.bin, args, () => freshCopy(corpus, copyOf('spatch')));
} else log(`spatch skipped: ${spatch.missing}`);

const port = run('port-virtio --driver all (no --check)', cli, ['--driver', 'all', '--out', copyOf('port')]);

log('comparing sites');
const ourRun = readRun('ours');
const fullRun = readRun('full');
const sites = {
  ours: changedSites(corpus, copyOf('ours'), files, oldNames),
  astGrep: astGrep.bin ? changedSites(corpus, copyOf('ast-grep'), files, oldNames) : undefined,
  spatch: spatch.bin ? changedSites(corpus, copyOf('spatch'), files, oldNames) : undefined,
};
const comparison = compareSites(corpus, sites, project.shapes, new Set(ourRun.unwritten));
const tool = <T extends object>(m: Measured | undefined, extra?: T): ({ wallMs: number; walls: number[]; peakRssMiB: number | null } & T) | null =>
  m ? { wallMs: Math.round(m.wallMs), walls: m.walls, peakRssMiB: m.peakRssMiB, ...(extra ?? ({} as T)) } : null;
const ratio = (a: number, b: Measured | undefined): number | null => (b ? Math.round((a / b.wallMs) * 1000) / 1000 : null);
const results = {
  schema: 1,
  date: new Date().toISOString(),
  machine: { cpus: availableParallelism(), node: process.version },
  corpus: { dir: '../shared/corpus/netbsd-6-bulk', files: files.length, lines },
  runsPerMeasurement: runs,
  tools: {
    ours: tool(oursMain, { sites: sites.ours.size, edits: ourRun.applications, totals: ourRun.totals, unwritten: ourRun.unwritten }),
    astGrep: tool(agDry, { version: astGrep.version, mode: 'scan --json=stream (dry run, the shared README invocation)', sites: sites.astGrep?.size ?? null }),
    astGrepApply: tool(agApply, { version: astGrep.version, mode: 'scan -U (rewrites its copy)', sites: sites.astGrep?.size ?? null }),
    spatch: tool(sp, { version: spatch.version, mode: '-j 2 --in-place (rewrites its copy)', sites: sites.spatch?.size ?? null }),
  },
  skipped: [astGrep, spatch].filter((p) => p.missing).map((p) => ({ tool: p.name, why: p.missing })),
  ratioAstGrep: ratio(oursMain.wallMs, agDry),
  ratioAstGrepApply: ratio(oursMain.wallMs, agApply),
  ratioSpatch: ratio(oursMain.wallMs, sp),
  sites: comparison,
  ideas: {
    default: tool(oursMain, { parsed: ourRun.totals.parsed }),
    noWorkerThreads: tool(oursSingle),
    noLiteralPrefilter: tool(oursNoFilter, { parsed: readRun('ours-nf').totals.parsed }),
    wholeFileParses: tool(oursWhole),
    warmCache: tool(oursWarm, { cached: readRun('ours-warm').totals.cached }),
  },
  fullRuleSet: tool(full, { applications: fullRun.applications, totals: fullRun.totals, unwritten: fullRun.unwritten.length, ratioToAstGrep: ratio(full.wallMs, agDry) }),
  portAll: tool(port, { exitCode: port.exitCodes[port.exitCodes.length - 1] }),
};
const withTargets = { ...results, targets: targetsOf(results) };
writeFileSync(join(root, 'bench/results.json'), JSON.stringify(withTargets, null, 2) + '\n');
printTable(withTargets);
rmSync(work, { recursive: true, force: true });

/** What the bench needs of one of our runs, from its --report. */
function readRun(name: string): { totals: { parsed: number; cached: number; applications: number }; applications: number; unwritten: string[] } {
  const r = JSON.parse(readFileSync(report(name), 'utf8')) as {
    files: { input: string; written: boolean; rules: unknown[]; diagnostics: { severity: string }[] }[];
    trees: { totals: { parsed: number; cached: number; applications: number } }[];
  };
  return {
    totals: r.trees[0]!.totals,
    applications: r.files.reduce((n, f) => n + f.rules.length, 0),
    // Held back by errors (not parse errors: --allow-partial writes those with the gap marked).
    unwritten: r.files.filter((f) => f.diagnostics.some((d) => d.severity === 'error')).map((f) => relative(corpus, f.input)),
  };
}
