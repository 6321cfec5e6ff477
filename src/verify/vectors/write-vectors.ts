import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenariosFor } from '../scenarios/registry.js';
import { generateVector } from './generate-vector.js';
import { serializeVector, VECTORS_DIR } from './vector-file.js';

/** Every scenario's vectors, generated from the model (deterministic from the seeds). */
export async function generateAllVectors(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const s of scenariosFor('all'))
    for (const seed of s.seeds) {
      const v = await generateVector(s, seed);
      out.set(`${v.name}.json`, serializeVector(v));
    }
  return out;
}

/** Rewrites test/vectors: changed files are written, files of scenarios that no longer exist removed. */
export async function writeVectors(dir = VECTORS_DIR): Promise<{ written: string[]; unchanged: number; removed: string[] }> {
  const files = await generateAllVectors();
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  let unchanged = 0;
  for (const [name, text] of files) {
    const path = join(dir, name);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) unchanged++;
    else {
      writeFileSync(path, text);
      written.push(name);
    }
  }
  const removed = readdirSync(dir).filter((f) => f.endsWith('.json') && !files.has(f));
  for (const f of removed) rmSync(join(dir, f));
  return { written, unchanged, removed };
}
