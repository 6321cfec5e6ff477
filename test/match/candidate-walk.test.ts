import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { findRuleEdits } from '../../src/match/find-rule-edits.js';
import { loadRuleDir } from '../../src/match/load-rules.js';
import { ruleLiterals } from '../../src/match/rule-literals.js';
import { parseSource } from '../../src/parse/parse-source.js';

// The candidate search (nodes around a literal's occurrences) must give exactly the edits of the
// reference walk over every node, for every rule, on real NetBSD code.
const project = loadProject();
const rules = [...project.rules, ...loadRuleDir(join(project.root, 'bench/rules'), project.root)];
const corpus = join(project.root, '../shared/corpus');
const virtio = readdirSync(join(corpus, 'netbsd-6/sys/dev/pci')).map((n) => join(corpus, 'netbsd-6/sys/dev/pci', n));
// Bulk files with #define bodies, ERROR regions and sites of the ten benchmark rules (the
// reference walk is slow: large files would take minutes).
const bulk = ['hifn7751var.h', 'if_pcn.c', 'if_vr.c'].map((n) => join(corpus, 'netbsd-6-bulk/sys/dev/pci', n));
let compared = 0;

describe.each([...virtio, ...bulk].map((f) => [f.slice(corpus.length + 1), f] as const))('%s', (_name, path) => {
  const text = readFileSync(path, 'latin1');
  const source = parseSource(path, text, project.shapes);
  // One walk per rule checks both the candidate search and the batch pre-filter (rule-literals.ts).
  it('gives the reference walk\'s edits for every rule, and none where no literal is mentioned', { timeout: 60_000 }, () => {
    for (const rule of rules) {
      const reference = findRuleEdits(rule, source, 'walk');
      const fast = findRuleEdits(rule, source);
      expect(fast, rule.id).toEqual(reference);
      const literals = ruleLiterals(rule);
      if (literals && !literals.some((l) => text.includes(l))) expect(reference, rule.id).toEqual([]);
      compared += fast.length;
    }
  });

  it('a transform whose literals the file does not mention does nothing there', () => {
    for (const t of project.transforms.filter((x) => x.literals && !x.literals.some((l) => text.includes(l))))
      expect(t.create({ file: source, module: undefined, modules: project.plans }), t.id).toEqual({ edits: [], diagnostics: [] });
  });
});

it('compared a meaningful number of edits', () => expect(compared).toBeGreaterThan(500));
