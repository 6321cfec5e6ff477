/*
 * Deterministic kthreads for the harness (see kthread-sched.h): real pthreads
 * that run one at a time, handing a baton over, with simulated ticks.  Which
 * thread runs next and when a timeout fires depend only on the calls made,
 * never on the host's scheduler, so vectors replay exactly.
 */
#include <pthread.h>
#include <stdlib.h>

#include "harness-api.h"
#include "kthread-sched.h"

#define MAXKT	4
#define MAIN	(-1)

enum { GONE, RUNNABLE, SLEEPING };

struct kt {
	pthread_t	td;
	void		(*fn)(void *);
	void		*arg;
	const char	*name;
	int		state;
	const volatile void *chan;
	const char	*wmesg;
	long		deadline;	/* -1: none */
	int		timedout;
};

static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct kt kts[MAXKT];
static int nkt, current = MAIN;
static long now;
static struct { const volatile void *chan; int woken; } mainsleep;
void (*ksched_idle)(void);

static __thread int self = MAIN;

/* Gives the baton to `to' and waits until it comes back to this thread. */
static void
handoff(int to)
{
	current = to;
	pthread_cond_broadcast(&cv);
	while (current != self)
		pthread_cond_wait(&cv, &mtx);
}

static void *
kt_main(void *p)
{
	struct kt *k = p;

	pthread_mutex_lock(&mtx);
	self = (int)(k - kts);
	while (current != self)
		pthread_cond_wait(&cv, &mtx);
	pthread_mutex_unlock(&mtx);
	k->fn(k->arg);
	harness_panic(__FILE__, __LINE__, "kthread %s returned without kthread_exit()", k->name);
}

int
ksched_spawn(void (*fn)(void *), void *arg, const char *name)
{
	struct kt *k;

	if (nkt == MAXKT)
		return 1;
	k = &kts[nkt++];
	k->fn = fn;
	k->arg = arg;
	k->name = name;
	k->state = RUNNABLE;
	k->deadline = -1;
	if (pthread_create(&k->td, NULL, kt_main, k) != 0)
		return 1;
	pthread_detach(k->td);
	return 0;
}

/* Main thread: runs runnable kthreads, lowest index first, until none is. */
static void
run_runnable(void)
{
	int i;

	for (i = 0; i < nkt; i++)
		if (kts[i].state == RUNNABLE) {
			handoff(i);
			i = -1;
		}
}

static struct kt *
earliest(void)
{
	struct kt *best = NULL;
	int i;

	for (i = 0; i < nkt; i++)
		if (kts[i].state == SLEEPING && kts[i].deadline >= 0 && (best == NULL || kts[i].deadline < best->deadline))
			best = &kts[i];
	return best;
}

static void
time_out(struct kt *k)
{
	now = k->deadline;
	k->state = RUNNABLE;
	k->timedout = 1;
	k->deadline = -1;
}

void
ksched_run(long ticks)
{
	long limit = now + ticks;
	struct kt *k;

	if (self != MAIN)
		harness_panic(__FILE__, __LINE__, "ksched_run from a kthread");
	pthread_mutex_lock(&mtx);
	run_runnable();
	while ((k = earliest()) != NULL && k->deadline <= limit) {
		time_out(k);
		run_runnable();
	}
	now = limit;
	pthread_mutex_unlock(&mtx);
}

static int
any_runnable(void)
{
	int i;

	for (i = 0; i < nkt; i++)
		if (kts[i].state == RUNNABLE)
			return 1;
	return 0;
}

/*
 * The main thread (a detach) sleeps: kthreads run; when none can, the idle
 * hook may deliver an interrupt; then time jumps to the next deadline.
 */
static int
main_sleep(const volatile void *chan, long ticks)
{
	long deadline = ticks > 0 ? now + ticks : -1;
	struct kt *k;

	mainsleep.chan = chan;
	mainsleep.woken = 0;
	for (;;) {
		run_runnable();
		if (mainsleep.woken)
			break;
		if (ksched_idle != NULL) {
			pthread_mutex_unlock(&mtx);
			ksched_idle();
			pthread_mutex_lock(&mtx);
			if (mainsleep.woken)
				break;
			if (any_runnable())
				continue;
		}
		k = earliest();
		if (deadline >= 0 && (k == NULL || deadline <= k->deadline)) {
			now = deadline;
			mainsleep.chan = NULL;
			return 1;
		}
		if (k == NULL)
			harness_panic(__FILE__, __LINE__, "deadlock: the main thread sleeps forever and no kthread can run");
		time_out(k);
	}
	mainsleep.chan = NULL;
	return 0;
}

int
ksched_sleep(const volatile void *chan, const char *wmesg, int ticks)
{
	struct kt *k;
	int r;

	pthread_mutex_lock(&mtx);
	if (self == MAIN) {
		r = main_sleep(chan, ticks);
		pthread_mutex_unlock(&mtx);
		return r;
	}
	k = &kts[self];
	k->state = SLEEPING;
	k->chan = chan;
	k->wmesg = wmesg;
	k->deadline = ticks > 0 ? now + ticks : -1;
	k->timedout = 0;
	handoff(MAIN);
	r = k->timedout;
	pthread_mutex_unlock(&mtx);
	return r;
}

void
ksched_wakeup(const volatile void *chan)
{
	int i;

	pthread_mutex_lock(&mtx);
	for (i = 0; i < nkt; i++)
		if (kts[i].state == SLEEPING && kts[i].chan == chan) {
			kts[i].state = RUNNABLE;
			kts[i].deadline = -1;
		}
	if (mainsleep.chan == chan && chan != NULL)
		mainsleep.woken = 1;
	pthread_mutex_unlock(&mtx);
}

_Noreturn void
ksched_exit(void)
{
	pthread_mutex_lock(&mtx);
	if (self == MAIN)
		harness_panic(__FILE__, __LINE__, "kthread_exit from the main thread");
	kts[self].state = GONE;
	current = MAIN;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mtx);
	pthread_exit(NULL);
}

long
ksched_now(void)
{
	return now;
}

int
ksched_state(const char **wmesg, long *left)
{
	struct kt *k = nkt > 0 ? &kts[nkt - 1] : NULL;

	*wmesg = k != NULL && k->state == SLEEPING ? k->wmesg : "";
	*left = k != NULL && k->state == SLEEPING && k->deadline >= 0 ? k->deadline - now : -1;
	return k == NULL ? 0 : k->state;
}
