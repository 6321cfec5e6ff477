import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, readCacheJson, writeCacheJson } from '../files/cache-dir.js';
import type { Rule } from './rule.js';

/** The loader's own code: a rule read by an older loader is read again. */
const LOADER_SOURCES = ['load-rules.ts', 'rule.ts'].map((f) => new URL(`./${f}`, import.meta.url));

let loaderPrint: string | undefined;
function loaderFingerprint(): string {
  if (loaderPrint === undefined) {
    const h = createHash('sha256');
    for (const url of LOADER_SOURCES) {
      try {
        h.update(readFileSync(url));
      } catch {
        h.update(url.href); // not shipped as source: the version below still separates loaders
      }
    }
    loaderPrint = h.digest('hex');
  }
  return loaderPrint;
}

/**
 * Loaded rules by the text of their file (and its place, which the id must match): parsing the
 * YAML and compiling the patterns of ~100 rule files is a fifth of a `--driver all` run, and the
 * files rarely change. One JSON file per rules folder; a rule that fails to load is never stored.
 */
export class RuleCache {
  private readonly file: string;
  private readonly entries: Record<string, unknown>;
  private readonly used: Record<string, unknown> = {};
  private dirty = false;

  constructor(rulesDir: string) {
    this.file = join(CACHE_DIR, 'rules', `${createHash('sha256').update(rulesDir).digest('hex').slice(0, 16)}.json`);
    // No cache yet, or a damaged one: every rule is loaded from its file.
    this.entries = (readCacheJson(this.file) as Record<string, unknown> | undefined) ?? {};
  }

  key(text: string, file: string, expectedId: string): string {
    return createHash('sha256').update(loaderFingerprint()).update(`\0${file}\0${expectedId}\0`).update(text).digest('hex');
  }

  get(key: string): Rule | undefined {
    const stored = this.entries[key];
    if (stored === undefined) return undefined;
    this.used[key] = stored;
    return JSON.parse(JSON.stringify(stored), revive) as Rule;
  }

  put(key: string, rule: Rule): void {
    this.used[key] = JSON.parse(JSON.stringify(rule, replace)) as unknown;
    this.dirty = true;
  }

  /** Writes the entries of this load (the rules of today's files) if any was new. */
  save(): void {
    if (this.dirty || Object.keys(this.used).length !== Object.keys(this.entries).length) writeCacheJson(this.file, this.used);
  }
}

/** Maps and RegExps (a rename's map, an include map, `where` conditions) as JSON. */
function replace(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value] };
  if (value instanceof RegExp) return { $regexp: [value.source, value.flags] };
  return value;
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null) {
    const o = value as { $map?: [unknown, unknown][]; $regexp?: [string, string] };
    if (o.$map) return new Map(o.$map);
    if (o.$regexp) return new RegExp(o.$regexp[0], o.$regexp[1]);
  }
  return value;
}
