import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, readCacheJson, writeCacheJson } from './cache-dir.js';
import { yamlLibrary } from './yaml-library.js';

/**
 * A YAML data file (macro shapes, module plans) as plain data. The parse is kept as JSON by the
 * file's text: the yaml library's first parse in a process costs more than the rest of a small
 * command's start. A malformed file is never cached, so its error is the parser's every time.
 */
export function readYamlData(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  const cached = join(CACHE_DIR, 'yaml', `${createHash('sha256').update(text).digest('hex')}.json`);
  const hit = readCacheJson(cached);
  if (hit !== undefined) return hit;
  const data = yamlLibrary().parse(text) as unknown;
  writeCacheJson(cached, data);
  return data;
}
