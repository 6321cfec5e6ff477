import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../match/rule.js';
import type { MacroShapes } from '../parse/macro-shapes.js';
import type { ModulePlan } from '../emit/module-plan.js';
import type { Transform } from '../transform/transform.js';

const SRC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Everything a file's translation depends on besides the file: the rules (as loaded, so a
 * reformatted YAML file with the same meaning keeps its hash), the transforms that run, the
 * macro shapes, the module plans and the engine's own source. Changing any of them changes the
 * hash, so cached results of the old engine or rule set are simply never looked up again.
 */
export function ruleSetHash(rules: readonly Rule[], transforms: readonly Transform[], shapes: MacroShapes, modules: readonly ModulePlan[], options: { allowPartial: boolean; wholeFiles: boolean }): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ rules, transforms: transforms.map((t) => t.id), shapes, modules, ...options }, plain));
  h.update(engineFingerprint());
  return h.digest('hex');
}

/** Maps, Sets and RegExps as JSON (JSON.stringify would write `{}` for all three). */
function plain(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { map: [...value] };
  if (value instanceof Set) return { set: [...value] };
  if (value instanceof RegExp) return { regexp: value.toString() };
  return value;
}

let fingerprint: string | undefined;

/** SHA-256 over every engine source file (path and content), computed once per process. */
export function engineFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash('sha256');
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.(ts|mjs)$/.test(e.name)) h.update(`${p.slice(SRC_DIR.length)}\0`).update(readFileSync(p)).update('\0');
    }
  };
  visit(SRC_DIR);
  fingerprint = h.digest('hex');
  return fingerprint;
}
