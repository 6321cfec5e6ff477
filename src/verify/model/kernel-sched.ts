import { ModelAssertion } from './virtqueue-driver.js';

/** A kernel thread of a driver model: runs from where it last slept until it sleeps (`sleep`) or exits (`exit`) again. */
export interface ModelThread {
  resume(timedOut: boolean): void;
}

const GONE = 0;
const RUNNABLE = 1;
const SLEEPING = 2;

interface Kt {
  thread: ModelThread;
  state: number;
  chan: unknown;
  deadline: number;
  timedOut: boolean;
}

/**
 * The harness's deterministic kthread scheduler (host/common/kthread-sched.c) for the model: the
 * same rules, so the model's threads run at the same points as the C ones -- runnable threads run
 * (lowest first) until all sleep, time advances only in `run(ticks)` or while the main thread sleeps,
 * a timeout wakes the earliest deadline first.
 */
export class KernelSched {
  now = 0;
  private readonly kts: Kt[] = [];
  private running: Kt | undefined;
  private main: { chan: unknown; woken: boolean } | undefined;

  spawn(thread: ModelThread): void {
    this.kts.push({ thread, state: RUNNABLE, chan: undefined, deadline: -1, timedOut: false });
  }

  /** Called by the running thread as its last act before returning from `resume`. */
  sleep(chan: unknown, ticks: number): void {
    const k = this.self('sleep');
    Object.assign(k, { state: SLEEPING, chan, deadline: ticks > 0 ? this.now + ticks : -1, timedOut: false });
  }

  exit(): void {
    this.self('exit').state = GONE;
  }

  wakeup(chan: unknown): void {
    for (const k of this.kts)
      if (k.state === SLEEPING && k.chan === chan) Object.assign(k, { state: RUNNABLE, deadline: -1 });
    if (this.main && this.main.chan === chan) this.main.woken = true;
  }

  run(ticks: number): void {
    const limit = this.now + ticks;
    this.runRunnable();
    for (let k = this.earliest(); k && k.deadline <= limit; k = this.earliest()) {
      this.timeOut(k);
      this.runRunnable();
    }
    this.now = limit;
  }

  /** zsleep from the main thread (a detach): returns 1 on timeout. `idle` delivers an interrupt when no thread can run. */
  mainSleep(chan: unknown, ticks: number, idle: () => void): number {
    const deadline = ticks > 0 ? this.now + ticks : -1;
    this.main = { chan, woken: false };
    try {
      for (;;) {
        this.runRunnable();
        if (this.main.woken) return 0;
        idle();
        if (this.main.woken) return 0;
        if (this.kts.some((k) => k.state === RUNNABLE)) continue;
        const k = this.earliest();
        if (deadline >= 0 && (!k || deadline <= k.deadline)) {
          this.now = deadline;
          return 1;
        }
        if (!k) throw new ModelAssertion('deadlock: the main thread sleeps forever and no kthread can run');
        this.timeOut(k);
      }
    } finally {
      this.main = undefined;
    }
  }

  /** The latest thread's state as the harness reports it: kt 0 gone / 1 runnable / 2 sleeping, ticks left or -1. */
  state(): { kt: number; left: number } {
    const k = this.kts.at(-1);
    return { kt: k?.state ?? GONE, left: k?.state === SLEEPING && k.deadline >= 0 ? k.deadline - this.now : -1 };
  }

  private self(what: string): Kt {
    if (!this.running) throw new ModelAssertion(`${what} outside a kthread`);
    return this.running;
  }

  private runRunnable(): void {
    for (let i = 0; i < this.kts.length; i++) {
      const k = this.kts[i]!;
      if (k.state !== RUNNABLE) continue;
      this.running = k;
      const timedOut = k.timedOut;
      k.timedOut = false;
      k.thread.resume(timedOut);
      this.running = undefined;
      if (k.state === RUNNABLE) throw new ModelAssertion('a model thread returned without sleeping or exiting');
      i = -1;
    }
  }

  private earliest(): Kt | undefined {
    let best: Kt | undefined;
    for (const k of this.kts) if (k.state === SLEEPING && k.deadline >= 0 && (!best || k.deadline < best.deadline)) best = k;
    return best;
  }

  private timeOut(k: Kt): void {
    this.now = k.deadline;
    Object.assign(k, { state: RUNNABLE, timedOut: true, deadline: -1 });
  }
}

/** The shim's VM page pool (drivers/balloon-kern.c): frames first_pfn.., taken from the head, freed to the head. */
export class VmPagePool {
  readonly free: number[];

  constructor(pages: number, firstPfn: number) {
    this.free = Array.from({ length: pages }, (_, i) => firstPfn + i);
  }

  alloc(): number | undefined {
    return this.free.shift();
  }

  release(pfn: number): void {
    if (this.free.includes(pfn)) throw new ModelAssertion(`page ${pfn} freed twice`);
    this.free.unshift(pfn);
  }
}
