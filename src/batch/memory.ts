import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * tree-sitter trees live in native memory that V8 does not see, so a batch that parses hundreds
 * of files makes little JavaScript garbage but keeps every dead tree until an occasional full GC:
 * the resident set grows by the trees of dozens of files. Collecting after each `budget` bytes of
 * parsed source bounds that to a few files' trees, for a few milliseconds per collection. (The
 * trees are then freed by their finalizers, which need the event loop: callers yield between files.)
 */
export function treeMemoryGuard(budget = 1 << 20): (parsedBytes: number) => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let since = 0;
  return (parsedBytes) => {
    since += parsedBytes;
    if (since < budget) return;
    since = 0;
    gc();
  };
}
