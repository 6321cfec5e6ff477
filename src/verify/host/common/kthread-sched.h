/*
 * A deterministic scheduler for kernel threads of the code under test (the
 * balloon's worker).  Every kthread is a real pthread, but only one thread --
 * the harness's main thread or one kthread -- runs at any time: control is a
 * baton handed over explicitly, so a run is reproducible step by step.  Time
 * is simulated in ticks; it advances only when the harness asks (ksched_run)
 * or when the main thread sleeps with nothing left to run.
 *
 * Freestanding on purpose: the kernel shims (-nostdlibinc) include it.
 */
#ifndef KTHREAD_SCHED_H
#define KTHREAD_SCHED_H

/* Starts fn(arg) as a kthread; it first runs at the next ksched_run. */
int	ksched_spawn(void (*fn)(void *), void *arg, const char *name);
/*
 * Sleeps on chan until ksched_wakeup(chan) (returns 0) or `ticks' pass
 * (returns 1; 0 ticks: no timeout).  From the main thread it runs the kthreads
 * (advancing time when all sleep) until then.
 */
int	ksched_sleep(const volatile void *chan, const char *wmesg, int ticks);
void	ksched_wakeup(const volatile void *chan);
_Noreturn void ksched_exit(void);
/* Runs every runnable kthread until all sleep, then lets `ticks' pass, running what times out. */
void	ksched_run(long ticks);
long	ksched_now(void);
/* The latest kthread's state: 0 gone, 1 runnable, 2 sleeping; its wmesg and ticks left (-1: none). */
int	ksched_state(const char **wmesg, long *left);
/* Called when the main thread sleeps and no kthread can run: deliver a pending interrupt. */
extern void (*ksched_idle)(void);

#endif
