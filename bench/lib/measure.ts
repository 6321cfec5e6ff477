import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  /** Median wall time of the runs, in ms. */
  wallMs: number;
  walls: number[];
  /** Largest peak RSS over the runs (GNU time's %M), MiB; null without /usr/bin/time. */
  peakRssMiB: number | null;
  exitCodes: number[];
  /** Standard output of the last run. */
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME);

/**
 * Runs a command `runs` times (after `prepare(i)`, which is not timed: e.g. a fresh copy of the
 * tree) and measures each run's wall time around the process and its peak RSS with GNU time,
 * which reports the largest resident set of the process or any child it waited for.
 */
export function measure(cmd: string, args: readonly string[], opts: { runs: number; prepare?: (run: number) => void; cwd?: string }): Measured {
  const walls: number[] = [];
  const rss: number[] = [];
  const exitCodes: number[] = [];
  let stdout = '';
  let stderr = '';
  const scratch = mkdtempSync(join(tmpdir(), 'bench-time-'));
  try {
    for (let i = 0; i < opts.runs; i++) {
      opts.prepare?.(i);
      const timeFile = join(scratch, `run${i}`);
      const [file, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, cmd, ...args]] : [cmd, [...args]];
      const started = performance.now();
      const r = spawnSync(file, argv, { cwd: opts.cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
      walls.push(performance.now() - started);
      if (r.error) throw r.error;
      exitCodes.push(r.status ?? -1);
      stdout = r.stdout;
      stderr = r.stderr;
      if (hasGnuTime) {
        // GNU time writes "Command exited with non-zero status N" before the value on failure.
        const kib = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kib)) rss.push(kib / 1024);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { wallMs: median(walls), walls: walls.map(Math.round), peakRssMiB: rss.length ? Math.round(Math.max(...rss)) : null, exitCodes, stdout, stderr };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
