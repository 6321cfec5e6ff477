import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The module name: KMOD from the Makefile (kmod.mk names the output `${KMOD}.ko`), or the
 * directory name if the Makefile cannot be read or sets KMOD indirectly.
 */
export async function readKmodName(moduleDir: string): Promise<string> {
  const fallback = path.basename(moduleDir);
  let text: string;
  try {
    text = await readFile(path.join(moduleDir, 'Makefile'), 'utf8');
  } catch {
    return fallback;
  }
  const m = /^KMOD\s*[?:!]?=\s*([\w.-]+)\s*(?:#.*)?$/m.exec(text);
  return m?.[1] ?? fallback;
}
