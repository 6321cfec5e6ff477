import path from 'node:path';

/**
 * Where a command prints. Injected so tests can capture output without patching process.stdout;
 * the CLI passes nothing and gets the real streams.
 */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
}

export const processIO: CommandIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Paths relative to the working directory when under it: shorter, and what the user would type. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}
