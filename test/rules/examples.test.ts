import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { runRuleExample } from '../../src/match/run-rule-example.js';

const project = loadProject();

describe('the rule set', () => {
  it('has rules, each with a changing example', () => {
    expect(project.rules.length).toBeGreaterThan(20);
    for (const rule of project.rules) expect(rule.examples.some((e) => !e.unchanged), rule.id).toBe(true);
  });
});

describe.each(project.rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it.each(rule.examples.map((e) => [e.name, e] as const))('%s', (_name, example) => {
    const { output, diagnostics } = runRuleExample(rule, example, project.shapes);
    expect(diagnostics).toEqual([]);
    expect(output).toBe(example.unchanged ? example.before : example.after);
  });
});
