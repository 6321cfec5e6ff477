// One measured run of our engine over a tree, as its own process so that wall time and peak RSS
// include start-up exactly as for the peers:
//   node --import tsx bench/ours.ts --rules bench/rules|product --src DIR [--out DIR] [--cache DIR] [--workers N] [--no-prefilter]
// Prints one JSON line: the batch totals, the files written and every rule application.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { loadProject, PROJECT_ROOT } from '../src/cli/project.js';
import { loadModulePlans } from '../src/emit/module-plan.js';
import { loadMacroShapes } from '../src/parse/macro-shapes.js';
import { translateTree } from '../src/batch/translate-tree.js';
import { loadRuleDir } from '../src/match/load-rules.js';

const { values } = parseArgs({
  options: { rules: { type: 'string' }, src: { type: 'string' }, out: { type: 'string' }, cache: { type: 'string' }, workers: { type: 'string' }, 'no-prefilter': { type: 'boolean' } },
});
if (!values.rules || !values.src) throw new Error('usage: ours.ts --rules DIR|product --src DIR [--out DIR] [--cache DIR] [--workers N]');
// `product`: the general rules and transforms, as `port-virtio translate` applies them to any file.
// Otherwise only the parser's data is loaded besides the given rules (start-up is measured too).
const product = values.rules === 'product';
const project = product ? loadProject() : undefined;
const rules = project ? project.rules.filter((r) => !r.scope.drivers && !r.scope.files) : loadRuleDir(values.rules, PROJECT_ROOT);
const transforms = project ? project.transforms.filter((t) => t.appliesTo(undefined, '')) : [];
const result = await translateTree(values.src, {
  rules,
  transforms,
  shapes: project?.shapes ?? loadMacroShapes(join(PROJECT_ROOT, 'rules/macro-shapes.yml')),
  modules: project?.plans ?? loadModulePlans(join(PROJECT_ROOT, 'rules/modules.yml')),
  allowPartial: true, // a file with an ERROR region is still written (gap marked), as the peers write theirs
  ...(values.out ? { outDir: values.out } : {}),
  ...(values.cache ? { cacheDir: values.cache } : {}),
  ...(values.workers !== undefined ? { workers: Number(values.workers) } : {}),
  ...(values['no-prefilter'] ? { prefilter: false } : {}),
});
// Files with error diagnostics are not written (the translate command's rule): the bench names them.
const unwritten = result.files
  .filter((f) => f.diagnostics.some((d) => d.severity === 'error'))
  .map((f) => ({ path: f.path, errors: f.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column}: ${d.code}: ${d.message}`) }));
const applications = result.files.flatMap((f) => f.applications.map((a) => ({ file: f.path, ...a })));
process.stdout.write(`${JSON.stringify({ totals: result.totals, workers: result.workers, wallMs: Math.round(result.wallMs), rules: rules.length, unwritten, applications })}\n`);
