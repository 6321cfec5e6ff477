import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

let loaded: Yaml | undefined;

/**
 * The yaml library, loaded on its first use. Rule files and data files are read through JSON
 * caches (match/rule-cache.ts, yaml-data.ts), so a start whose caches are warm parses no YAML,
 * and loading the library (some seventy modules) was ~20 ms of every CLI start before a batch.
 */
export function yamlLibrary(): Yaml {
  return (loaded ??= createRequire(import.meta.url)('yaml') as Yaml);
}
