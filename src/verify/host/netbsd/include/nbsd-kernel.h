/*
 * Host shim for NetBSD 6 kernel code: the primitives the original virtio.c
 * calls, with NetBSD's signatures and macro shapes (bus_dma(9), bus_space(9),
 * mutex(9), membar_ops(3), kmem(9), autoconf(9), pci(9)).  Every <sys/...>
 * header resolves to a one-line file including this one.  The NetBSD headers
 * are not in the corpus; the shapes follow the man pages named above.
 *
 * Nothing here knows about virtqueues: memory effects and register accesses
 * are recorded events (../common/harness-api.h), answered by the TypeScript
 * device model -- the same one the translated DragonFly code talks to.
 */
#ifndef NBSD_SHIM_KERNEL_H
#define NBSD_SHIM_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness-api.h"

/* sys/cdefs.h */
#define __packed		__attribute__((__packed__))
#define __unused		__attribute__((__unused__))
#define __predict_false(x)	__builtin_expect(!!(x), 0)
#define __KERNEL_RCSID(n, s)	struct __hack

/* sys/types.h */
typedef unsigned char	u_char;
typedef unsigned int	u_int;
typedef unsigned long	u_long;
typedef uint8_t		u_int8_t;
typedef uint16_t	u_int16_t;
typedef uint32_t	u_int32_t;
typedef uint64_t	u_int64_t;
typedef unsigned long	vaddr_t;
typedef uint64_t	paddr_t;
typedef void		*void_ptr_t;

/* sys/errno.h */
#define ENOENT		2
#define ENXIO		6
#define ENOMEM		12
#define EBUSY		16
#define EINVAL		22
#define EAGAIN		35

/* sys/systm.h */
/* the kernel's printf goes to the event log; renamed so it cannot replace libc's in the harness */
int	shim_kernel_printf(const char *, ...) __attribute__((__format__(__printf__, 1, 2)));
#define printf	shim_kernel_printf
#define panic(...)	harness_panic(__FILE__, __LINE__, __VA_ARGS__)
#define KASSERT(e)	do { if (__predict_false(!(e)))				\
				panic("kernel diagnostic assertion \"%s\" failed: file \"%s\", line %d", \
				    #e, __FILE__, __LINE__); } while (0)
void	*memset(void *, int, size_t);
void	*memcpy(void *, const void *, size_t);
int	 strcmp(const char *, const char *);

/* sys/kmem.h */
#define KM_SLEEP	0x00000001
#define KM_NOSLEEP	0x00000002
void	*kmem_zalloc(size_t, int);
void	 kmem_free(void *, size_t);

/* sys/mutex.h: recorded; misuse panics */
typedef struct kmutex { int held; int type; } kmutex_t;
#define MUTEX_DEFAULT	0
#define MUTEX_SPIN	2
#define IPL_NONE	0
#define IPL_VM		6
#define IPL_BIO		IPL_VM
#define IPL_NET		IPL_VM
void	shim_mutex_op(kmutex_t *, int op, int arg, const char *, int);
#define mutex_init(m, t, ipl)	shim_mutex_op((m), 0, (t), __FILE__, __LINE__)
#define mutex_enter(m)		shim_mutex_op((m), 1, 0, __FILE__, __LINE__)
#define mutex_exit(m)		shim_mutex_op((m), 2, 0, __FILE__, __LINE__)
#define mutex_destroy(m)	shim_mutex_op((m), 3, 0, __FILE__, __LINE__)

/* sys/atomic.h, membar_ops(3): producer orders (publishes) stores, consumer orders loads */
#define membar_producer()	ev_release("membar_producer", __FILE__, __LINE__, 0, 0)
#define membar_consumer()	ev_acquire("membar_consumer", __FILE__, __LINE__, 0, 0)
#define membar_sync()		(ev_release("membar_sync", __FILE__, __LINE__, 0, 0),	\
				 ev_acquire("membar_sync", __FILE__, __LINE__, 0, 0))

#include "nbsd-bus.h"

#endif
