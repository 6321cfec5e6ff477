import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/project.js';
import { loadRuleDir, loadRuleFile, RuleLoadError } from '../../src/match/load-rules.js';

const scratch = mkdtempSync(join(tmpdir(), 'rule-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loading rules through the rule cache', () => {
  it('gives the very rules a fresh parse gives (maps, regexps and all), and reads a changed file again', () => {
    const dir = join(scratch, 'rules');
    cpSync(join(PROJECT_ROOT, 'rules'), dir, { recursive: true });
    const fresh = loadRuleDir(dir, scratch).map((r) => loadRuleFile(join(scratch, r.file), dir, scratch));
    const first = loadRuleDir(dir, scratch);
    const second = loadRuleDir(dir, scratch); // from the cache written by the first
    expect(first).toEqual(fresh);
    expect(second).toEqual(fresh);
    expect(second.some((r) => r.rename?.map instanceof Map)).toBe(true);
    expect(second.some((r) => r.rewrites?.some((w) => Object.values(w.where).some((c) => c.regex instanceof RegExp || c.notRegex instanceof RegExp)))).toBe(true);

    const file = join(dir, 'kmem/kmem-to-kmalloc.yml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^summary:/m, 'summry:'));
    expect(() => loadRuleDir(dir, scratch)).toThrow(RuleLoadError);
    expect(() => loadRuleDir(dir, scratch)).toThrow(/kmem-to-kmalloc\.yml:\d+:1: error: PV2001: unknown field 'summry'/);
    writeFileSync(file, text.replace(/^summary: .*$/m, 'summary: changed by the test'));
    expect(loadRuleDir(dir, scratch).find((r) => r.id === 'kmem/kmem-to-kmalloc')!.summary).toBe('changed by the test');
  });
});
