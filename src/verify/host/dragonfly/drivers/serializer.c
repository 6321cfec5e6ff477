/*
 * Host shim for the child drivers' serializers and wakeups
 * (include/dfly-serialize.h), on the deterministic scheduler
 * (common/kthread-sched.c).  zsleep stays with each driver's kernel shim:
 * what it traces and when it gives up differ (the balloon's worker sleeps
 * through many timeouts by design).
 */
#include "dfly-serialize.h"
#include "kthread-sched.h"

int hz = 100;	/* sys/kernel.h: DragonFly's default tick rate */

void
lwkt_serialize_enter(lwkt_serialize_t s)
{
	if (s->entered)
		panic("lwkt_serialize_enter: serializer already held (the holder sleeps or recursion)");
	s->entered = 1;
}

void
lwkt_serialize_exit(lwkt_serialize_t s)
{
	if (!s->entered)
		panic("lwkt_serialize_exit: serializer not held");
	s->entered = 0;
}

int
lwkt_serialize_try(lwkt_serialize_t s)
{
	if (s->entered)
		return 0;
	s->entered = 1;
	return 1;
}

void
wakeup(const volatile void *chan)
{
	ksched_wakeup(chan);
}
