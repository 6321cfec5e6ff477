import { checkDragonflyDir, resolveDragonflyDir } from './dragonfly-corpus.js';
import { findExecutable } from './find-executable.js';

/** Everything the real build needs on the host, as absolute paths. */
export interface Toolchain {
  clang: string;
  lld: string;
  bmake: string;
  /** kmod.mk runs `awk -f makeobjops.awk` to generate bus_if.h and friends. */
  awk: string;
  /** Folder holding DragonFly's share/mk and sys. */
  dragonflyDir: string;
}

export type ToolchainLookup = { ok: true; toolchain: Toolchain } | { ok: false; error: string };

/** Executable name and the Debian package that provides it, so a miss can say what to install. */
const TOOLS = {
  clang: { name: 'clang-19', pkg: 'clang-19' },
  lld: { name: 'ld.lld-19', pkg: 'lld-19' },
  bmake: { name: 'bmake', pkg: 'bmake' },
  awk: { name: 'awk', pkg: 'mawk' },
} as const;

/** Finds every tool and the corpus, reporting all problems at once rather than the first one. */
export function findToolchain(
  options: { dragonflyDir?: string; env?: NodeJS.ProcessEnv; fallbackDirs?: readonly string[] } = {},
): ToolchainLookup {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  const found: Partial<Record<keyof typeof TOOLS, string>> = {};
  for (const [key, tool] of Object.entries(TOOLS) as [keyof typeof TOOLS, (typeof TOOLS)[keyof typeof TOOLS]][]) {
    const where = findExecutable(tool.name, env.PATH, options.fallbackDirs);
    if (where) found[key] = where;
    else problems.push(`${tool.name} not found on PATH: install the Debian package ${tool.pkg} (apt-get install ${tool.pkg})`);
  }
  const dragonflyDir = resolveDragonflyDir(options.dragonflyDir, env);
  const corpusProblem = checkDragonflyDir(dragonflyDir);
  if (corpusProblem) problems.push(corpusProblem);

  if (problems.length > 0 || !found.clang || !found.lld || !found.bmake || !found.awk) {
    return { ok: false, error: problems.join('\n') };
  }
  return { ok: true, toolchain: { clang: found.clang, lld: found.lld, bmake: found.bmake, awk: found.awk, dragonflyDir } };
}
