import { spawn } from 'node:child_process';

export interface ProcessOutcome {
  /** Exit status, or undefined when killed by a signal (e.g. the timeout). */
  exitCode: number | undefined;
  /** stdout and stderr interleaved in arrival order, as a terminal would show them. */
  output: string;
  timedOut: boolean;
}

/** Runs a command to completion, capturing output; kills its whole process group on timeout. */
export function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    // detached: own process group, so a timeout also stops the clang that bmake started.
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? undefined, output: Buffer.concat(chunks).toString('utf8'), timedOut });
    });
  });
}
