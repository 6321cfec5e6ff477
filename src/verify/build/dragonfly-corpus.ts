import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Env var that points at a DragonFly corpus (folder holding `share/mk` and `sys`) elsewhere. */
export const DRAGONFLY_DIR_ENV = 'PORT_VIRTIO_DRAGONFLY';

/** This file is src/verify/build/dragonfly-corpus.ts, so the project root is three levels up. */
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The corpus lives beside the project (read-only shared input), never inside it. */
export const DEFAULT_DRAGONFLY_DIR = path.resolve(projectRoot, '../shared/corpus/dragonfly');

/** Files the kmod build cannot do without; checking them gives a precise message instead of a bmake error. */
const REQUIRED_FILES = ['share/mk/bsd.kmod.mk', 'share/mk/sys.mk', 'sys/conf/kmod.mk', 'sys/tools/makeobjops.awk'];

/** Option first, then the env var, then the default location next to the project. */
export function resolveDragonflyDir(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(option ?? env[DRAGONFLY_DIR_ENV] ?? DEFAULT_DRAGONFLY_DIR);
}

/** Undefined when `dir` looks like a usable corpus, otherwise what is wrong with it. */
export function checkDragonflyDir(dir: string): string | undefined {
  const missing = REQUIRED_FILES.filter((f) => !existsSync(path.join(dir, f)));
  if (missing.length === 0) return undefined;
  return (
    `DragonFly corpus not usable at ${dir} (missing ${missing.join(', ')}); ` +
    `set ${DRAGONFLY_DIR_ENV} or pass dragonflyDir to point at a folder with share/mk and sys`
  );
}
