/**
 * Progress for long operations (builds, verification, many files): one line on stderr, redrawn in
 * place, shown only to a person watching a terminal. In CI logs and pipes it would be noise (and
 * carriage returns), so it stays silent there; stdout is never touched, so `--diff > file` is clean.
 */
export interface Progress {
  /** Starts step `label` (the n-th of `total`). */
  step(label: string): void;
  /** Clears the line until the next step, so the command can print a message of its own. */
  clear(): void;
  /** Clears the line; the command's own output follows. */
  done(): void;
}

interface Stream {
  isTTY?: boolean;
  write(s: string): unknown;
}

/** CI is "set" unless empty or an explicit false: CI=false is how some runners opt out. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export function progressEnabled(stream: Stream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !inCi(env);
}

const CLEAR = '\r\x1b[2K';

export function createProgress(title: string, total: number, stream: Stream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  if (!progressEnabled(stream, env)) return { step: () => {}, clear: () => {}, done: () => {} };
  let n = 0;
  let label = '';
  let started = Date.now();
  let shown = false;
  const draw = (): void => {
    if (!shown) return;
    const secs = Math.floor((Date.now() - started) / 1000);
    stream.write(`${CLEAR}${title} [${n}/${total}] ${label}${secs > 0 ? ` (${secs}s)` : ''}`);
  };
  // A build step can take many seconds: keep the elapsed time moving so the run does not look stuck.
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    step(next) {
      n++;
      label = next;
      started = Date.now();
      shown = true;
      draw();
    },
    clear() {
      if (shown) stream.write(CLEAR);
      shown = false;
    },
    done() {
      clearInterval(timer);
      this.clear();
    },
  };
}
