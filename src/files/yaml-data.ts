import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CACHE_DIR } from './cache-dir.js';

/**
 * A YAML data file (macro shapes, module plans) as plain data. The parse is kept as JSON by the
 * file's text: the yaml library's first parse in a process costs more than the rest of a small
 * command's start. A malformed file is never cached, so its error is the parser's every time.
 */
export function readYamlData(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  const cached = join(CACHE_DIR, 'yaml', `${createHash('sha256').update(text).digest('hex')}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as unknown;
  } catch {
    // not parsed yet
  }
  const data = parseYaml(text) as unknown;
  try {
    mkdirSync(join(CACHE_DIR, 'yaml'), { recursive: true });
    writeFileSync(`${cached}.${process.pid}.tmp`, JSON.stringify(data));
    renameSync(`${cached}.${process.pid}.tmp`, cached);
  } catch {
    // a read-only checkout parses every time
  }
  return data;
}
