import { runRuleExample } from '../match/run-rule-example.js';
import { loadProject } from './project.js';

/**
 * `port-virtio rules`: every rule and transform, in run order, with its one-line why.
 * `--test`: run every rule's examples and name each one that fails (exit 1).
 */
export function runRulesCommand(options: { test?: boolean } = {}): number {
  const project = loadProject();
  if (options.test) return testRules(project);
  for (const r of project.rules) process.stdout.write(`${r.id}\t${r.scope.drivers ? `[${r.scope.drivers.join(',')}] ` : ''}${r.summary}\n`);
  for (const t of project.transforms) process.stdout.write(`${t.id}\t(transform) ${t.meta.summary}\n`);
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

const indent = (s: string): string => s.replace(/^/gm, '    ').replace(/ {4}$/, '');
