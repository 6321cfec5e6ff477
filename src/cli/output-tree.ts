import { join, relative } from 'node:path';
import { OUTPUT_SUBDIR } from './port-command.js';
import { resolveUserPath } from './project.js';

/** The emitted tree (`<out>/sys/dev/virtio`) of `--out` (default `output`, as for a run). */
export function outputTree(out: string | undefined): { root: string; dest: string } {
  const root = resolveUserPath(out ?? 'output', out === undefined || out === 'output');
  return { root, dest: join(root, OUTPUT_SUBDIR) };
}

/** A path as the user should see it: relative to the current directory when below it. */
export function shownPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') ? p : r;
}
