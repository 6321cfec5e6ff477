/*
 * Host shim, continued: sys/serialize.h, with sys/systm.h's sleep and
 * sys/kernel.h's tick rate, for the child drivers (drivers/serializer.c; each
 * driver's kernel shim has its own zsleep, see there).  The kernel's
 * IS_SERIALIZED compares the holder with curthread; one thread runs at a time
 * here, so "entered" is the holder's mark, and entering a held serializer
 * panics (recursion, or a holder that sleeps without releasing it).
 */
#ifndef DFLY_SHIM_SERIALIZE_H
#define DFLY_SHIM_SERIALIZE_H

#include "dfly-kernel.h"

extern int hz;
void	lwkt_serialize_enter(lwkt_serialize_t);
void	lwkt_serialize_exit(lwkt_serialize_t);
int	lwkt_serialize_try(lwkt_serialize_t);
#ifndef IS_SERIALIZED
#define IS_SERIALIZED(ss)	((ss)->entered != 0)
#define ASSERT_SERIALIZED(ss)	KKASSERT(IS_SERIALIZED((ss)))
#endif
int	zsleep(const volatile void *, struct lwkt_serialize *, int, const char *, int);
void	wakeup(const volatile void *chan);

#endif
