import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Where the Debian packages put the tools; searched after PATH since test runners may trim PATH. */
export const DEFAULT_FALLBACK_DIRS: readonly string[] = ['/usr/bin'];

/** Where `name` would be found by a shell (each PATH entry in order), else in `fallbackDirs`. */
export function findExecutable(
  name: string,
  envPath: string | undefined = process.env.PATH,
  fallbackDirs: readonly string[] = DEFAULT_FALLBACK_DIRS,
): string | undefined {
  const dirs = (envPath ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of [...dirs, ...fallbackDirs]) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
