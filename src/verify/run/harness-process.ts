import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { LineReader } from './line-reader.js';

/** A harness event: a JSON object with "ev" (see host/common/events.c). */
export interface HarnessEvent {
  ev: string;
  [key: string]: unknown;
}

export interface EventHandler {
  /** Answers an event that waits (io, inject): the reply's fields. */
  answer(ev: HarnessEvent): Record<string, unknown>;
  /** Takes a streamed event (rel, acq, note, log, cb). */
  take(ev: HarnessEvent): void;
}

/** The code under test stopped: a panic/KKASSERT, or the process died (sanitizer report, crash). */
export class HarnessFailure extends Error {
  constructor(
    message: string,
    readonly at?: string,
  ) {
    super(message);
  }
}

/**
 * The harness process, spoken to in JSON lines: one command, then events until the reply.
 * A separate process, not an FFI binding, so a translation bug that corrupts memory or trips a
 * KKASSERT ends one run with a report instead of taking the test runner down.
 */
export class HarnessProcess {
  private readonly out: LineReader;
  private stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.out = new LineReader(child.stdout);
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-8000);
    });
    child.on('close', () => this.out.close());
  }

  static async start(binary: string): Promise<{ proc: HarnessProcess; hello: Record<string, unknown> }> {
    const child = spawn(binary, [], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=0', UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1' },
    });
    const proc = new HarnessProcess(child);
    const line = await proc.nextLine();
    if (line === undefined) throw new HarnessFailure(`harness did not start: ${proc.stderr.trim()}`);
    return { proc, hello: JSON.parse(line) as Record<string, unknown> };
  }

  private nextLine(): Promise<string | undefined> {
    return this.out.next();
  }

  private send(obj: unknown): void {
    this.child.stdin.write(`${JSON.stringify(obj)}\n`);
  }

  /** Sends a command and serves its events; resolves with the reply's fields. */
  async request(cmd: Record<string, unknown>, handler: EventHandler): Promise<Record<string, unknown>> {
    this.send(cmd);
    for (;;) {
      const line = await this.nextLine();
      if (line === undefined) throw new HarnessFailure(`harness died during '${String(cmd.cmd)}': ${this.stderr.trim().split('\n').slice(0, 12).join('\n')}`);
      const msg = JSON.parse(line) as Record<string, unknown>;
      if (msg.ok === 1) return msg;
      const ev = msg as HarnessEvent;
      if (ev.ev === 'panic') throw new HarnessFailure(`panic: ${String(ev.msg)}`, String(ev.at));
      if (ev.ev === 'io' || ev.ev === 'inject') this.send(handler.answer(ev));
      else handler.take(ev);
    }
  }

  async close(): Promise<void> {
    if (this.out.isClosed) return;
    const done = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin.end();
    await done;
  }
}
