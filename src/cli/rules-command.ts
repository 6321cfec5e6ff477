import { runRuleExample } from '../match/run-rule-example.js';
import { applicationCounts, readRunRecord, RunRecordError, runRecordPath } from '../review/run-record.js';
import { ruleInfos } from '../review/rule-info.js';
import { outputTree, shownPath } from './output-tree.js';
import { loadProject } from './project.js';
import { loadRuleDir } from '../match/load-rules.js';
import { resolve } from 'node:path';

/**
 * `port-virtio rules`: every rule, transform and engine pass, in run order, as
 * `id<TAB>applications in the last run<TAB>[drivers] summary` (`-` when no run is recorded in the
 * output tree). `--test`: run every rule's examples and name each one that fails (exit 1).
 */
export function runRulesCommand(options: { test?: boolean; out?: string | undefined; rulesDir?: string | undefined } = {}): number {
  const project = loadProject();
  // A porter's own rule folder (same layout as rules/) can be tested before it is merged.
  if (options.test && options.rulesDir) return testRules({ ...project, rules: loadRuleDir(resolve(options.rulesDir), process.cwd()) });
  if (options.test) return testRules(project);
  const { dest } = outputTree(options.out);
  let counts: Map<string, number> | undefined;
  try {
    const record = readRunRecord(dest);
    counts = record && applicationCounts(record);
    process.stderr.write(record ? `applications counted in ${shownPath(runRecordPath(dest))}\n` : `no run recorded in ${shownPath(dest)}: counts shown as -\n`);
  } catch (e) {
    if (!(e instanceof RunRecordError)) throw e;
    process.stderr.write(`${e.message}: counts shown as -\n`);
  }
  const count = (id: string): string => (counts ? String(counts.get(id) ?? 0) : '-');
  const infos = ruleInfos(project.root, project.rules, project.transforms);
  for (const r of project.rules) process.stdout.write(`${r.id}\t${count(r.id)}\t${r.scope.drivers ? `[${r.scope.drivers.join(',')}] ` : ''}${r.summary}\n`);
  for (const i of infos.values()) if (i.kind !== 'rule') process.stdout.write(`${i.id}\t${count(i.id)}\t(${i.kind}) ${i.summary}\n`);
  // Ids the last run used that no rule defines any more (renamed or deleted since).
  for (const id of [...(counts?.keys() ?? [])].filter((id) => !infos.has(id)).sort()) process.stdout.write(`${id}\t${count(id)}\t(not defined now)\n`);
  return 0;
}

function testRules(project: ReturnType<typeof loadProject>): number {
  let passed = 0;
  let failed = 0;
  for (const rule of project.rules)
    for (const example of rule.examples) {
      const { output, diagnostics } = runRuleExample(rule, example, project.shapes);
      const expected = example.unchanged ? example.before : example.after;
      if (output === expected && diagnostics.length === 0) {
        passed++;
        continue;
      }
      failed++;
      const why = diagnostics.length > 0 ? diagnostics.map((d) => d.message).join('; ') : example.unchanged ? 'expected no change (noisy)' : 'output differs from after (missing)';
      process.stdout.write(`${rule.file}:${rule.line}:1: error: PV2003: example '${example.name}' fails: ${why} [${rule.id}]\n`);
      if (diagnostics.length === 0) process.stdout.write(`  expected:\n${indent(expected ?? '')}  got:\n${indent(output)}`);
    }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

const indent = (s: string): string => `${s.replace(/\n$/, '').replace(/^/gm, '    ')}\n`;
