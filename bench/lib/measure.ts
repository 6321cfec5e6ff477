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

/** One command to measure: run after `prepare(i)`, which is not timed (e.g. a fresh copy of the tree). */
export interface Job {
  cmd: string;
  args: readonly string[];
  prepare?: (run: number) => void;
}

/**
 * Runs a command `runs` times and measures each run's wall time around the process and its peak
 * RSS with GNU time, which reports the largest resident set of the process or any child it
 * waited for.
 */
export function measure(cmd: string, args: readonly string[], opts: { runs: number; prepare?: (run: number) => void; cwd?: string }): Measured {
  return measureInterleaved([{ cmd, args, ...(opts.prepare ? { prepare: opts.prepare } : {}) }], opts)[0]!;
}

/**
 * Measures several commands in rounds (run 1 of each, then run 2 of each, ...), so that tools
 * whose times are compared meet the machine in the same state: a shared machine's speed drifts
 * by more than the differences measured, over the minutes one command's runs take.
 */
export function measureInterleaved(jobs: readonly Job[], opts: { runs: number; cwd?: string }): Measured[] {
  const acc = jobs.map(() => ({ walls: [] as number[], rss: [] as number[], exitCodes: [] as number[], stdout: '', stderr: '' }));
  const scratch = mkdtempSync(join(tmpdir(), 'bench-time-'));
  try {
    for (let i = 0; i < opts.runs; i++)
      jobs.forEach((job, j) => {
        const a = acc[j]!;
        job.prepare?.(i);
        const timeFile = join(scratch, `job${j}-run${i}`);
        const [file, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, job.cmd, ...job.args]] : [job.cmd, [...job.args]];
        const started = performance.now();
        const r = spawnSync(file, argv, { cwd: opts.cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
        a.walls.push(performance.now() - started);
        if (r.error) throw r.error;
        a.exitCodes.push(r.status ?? -1);
        a.stdout = r.stdout;
        a.stderr = r.stderr;
        if (hasGnuTime) {
          // GNU time writes "Command exited with non-zero status N" before the value on failure.
          const kib = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
          if (Number.isFinite(kib)) a.rss.push(kib / 1024);
        }
      });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return acc.map((a) => ({ wallMs: median(a.walls), walls: a.walls.map(Math.round), peakRssMiB: a.rss.length ? Math.round(Math.max(...a.rss)) : null, exitCodes: a.exitCodes, stdout: a.stdout, stderr: a.stderr }));
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
