import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { readCacheJson } from '../files/cache-dir.js';
import type { RuleApplication } from '../translate/translate-file.js';

/** A file's translation as cached: the output text only when it differs from the input. */
export interface CachedFile {
  output: string | undefined;
  applications: RuleApplication[];
  diagnostics: Diagnostic[];
}

/**
 * Content-addressed results: the key is (rule-set hash, path, input SHA-256), so a changed input,
 * rule, transform, macro shape or engine source file is a miss and nothing is ever stale. The
 * path is part of the key because diagnostics name it and rule scopes depend on the file name.
 */
export class ResultCache {
  constructor(
    private readonly dir: string,
    private readonly ruleSetHash: string,
  ) {}

  get(path: string, sha256: string): CachedFile | undefined {
    const entry = readCacheJson(this.file(path, sha256)) as ({ output: string | null } & Omit<CachedFile, 'output'>) | undefined;
    return entry && { output: entry.output ?? undefined, applications: entry.applications, diagnostics: entry.diagnostics }; // absent or unreadable: translate again
  }

  put(path: string, sha256: string, entry: CachedFile): void {
    // Unlike the tool's own caches, a --cache folder the user named must be writable: not swallowed.
    const file = this.file(path, sha256);
    mkdirSync(join(file, '..'), { recursive: true });
    // Write then rename: a reader (another worker, another run) never sees half an entry.
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(tmp, JSON.stringify({ ...entry, output: entry.output ?? null }), 'utf8');
    renameSync(tmp, file);
  }

  private file(path: string, sha256: string): string {
    const key = createHash('sha256').update(`${this.ruleSetHash}\0${path}\0${sha256}`).digest('hex');
    return join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`);
  }
}
