import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Peer {
  name: string;
  /** Set when the tool is present. */
  bin?: string;
  version?: string;
  /** Why it is skipped, and how to get it. */
  missing?: string;
}

/** ast-grep from the devDependency @ast-grep/cli (node_modules/.bin), as `npm ci` installs it. */
export function findAstGrep(projectRoot: string): Peer {
  const bin = join(projectRoot, 'node_modules/.bin/ast-grep');
  if (!existsSync(bin)) return { name: 'ast-grep', missing: 'node_modules/.bin/ast-grep not found: run `npm ci` (devDependency @ast-grep/cli)' };
  return { name: 'ast-grep', bin, version: versionOf(bin) };
}

/** spatch from Debian's coccinelle package (scripts/setup.sh installs it). */
export function findSpatch(): Peer {
  const r = spawnSync('spatch', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { name: 'spatch', missing: 'spatch not found: `apt-get install -y coccinelle` (scripts/setup.sh does it)' };
  return { name: 'spatch', bin: 'spatch', version: versionOf('spatch') };
}

function versionOf(bin: string): string {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr).split('\n')[0]!.trim();
}
