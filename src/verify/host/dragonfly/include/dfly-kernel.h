/*
 * Host shim for DragonFly kernel code: the kernel primitives the virtio code
 * calls, with DragonFly's signatures and macro shapes (cited per section from
 * ../shared/corpus/dragonfly/sys).  Every <sys/...> header the code includes
 * resolves to a one-line file that includes this one; whether a file includes
 * the right headers is the real kmod build's job (port-virtio --check).
 *
 * Nothing here knows about virtqueues: memory effects and register accesses
 * are recorded events (../common/harness-api.h), answered by the TypeScript
 * device model.
 */
#ifndef DFLY_SHIM_KERNEL_H
#define DFLY_SHIM_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness-api.h"

/* sys/cdefs.h */
#define __packed		__attribute__((__packed__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __unused		__attribute__((__unused__))
#define __dead2			__attribute__((__noreturn__))
#define __printflike(a, b)	__attribute__((__format__(__printf__, a, b)))
#define __predict_true(x)	__builtin_expect(!!(x), 1)
#define __predict_false(x)	__builtin_expect(!!(x), 0)
#define __offsetof(t, m)	offsetof(t, m)
#define __containerof(x, s, m)	((s *)((char *)(x) - offsetof(s, m)))
#define __FBSDID(s)		struct __hack
#define __DECONST(type, var)	((type)(uintptr_t)(const void *)(var))

/* sys/types.h */
typedef unsigned char	u_char;
typedef unsigned short	u_short;
typedef unsigned int	u_int;
typedef unsigned long	u_long;
typedef uint8_t		u_int8_t;
typedef uint16_t	u_int16_t;
typedef uint32_t	u_int32_t;
typedef uint64_t	u_int64_t;
typedef int64_t		off_t;
typedef uint64_t	vm_paddr_t;

/* machine/param.h */
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1 << PAGE_SHIFT)
#define PAGE_MASK	(PAGE_SIZE - 1)
#define MAXPHYS		(128 * 1024)
#define DEV_BSIZE	512

/* sys/errno.h */
#define ENOENT		2
#define EIO		5
#define ENXIO		6
#define ENOMEM		12
#define EBUSY		16
#define EINVAL		22
#define EFBIG		27
#define EAGAIN		35
#define EOPNOTSUPP	45

/* sys/systm.h: printing goes to the event log; panic/KKASSERT stop the harness */
extern int bootverbose;
int	kprintf(const char *, ...) __printflike(1, 2);
#define panic(...)	harness_panic(__FILE__, __LINE__, __VA_ARGS__)
#define KKASSERT(exp)	do { if (__predict_false(!(exp)))			\
				panic("assertion \"%s\" failed in %s at %s:%u",	\
				    #exp, __func__, __FILE__, __LINE__); } while (0)
#define KASSERT(exp, msg) do { if (__predict_false(!(exp))) panic msg; } while (0)
void	*memset(void *, int, size_t);
void	*memcpy(void *, const void *, size_t);
int	 memcmp(const void *, const void *, size_t);
#define bzero(p, n)	((void)memset((p), 0, (n)))
#define bcopy(s, d, n)	((void)memcpy((d), (s), (n)))

/* sys/malloc.h */
struct malloc_type { const char *ks_shortdesc; };
#define MALLOC_DECLARE(type)	extern struct malloc_type type[1]
MALLOC_DECLARE(M_DEVBUF);
#define M_RNOWAIT	0x0001
#define M_WAITOK	0x0002
#define M_ZERO		0x0100
#define M_USE_RESERVE	0x0200
#define M_NULLOK	0x0400
#define M_NOWAIT	(M_RNOWAIT | M_NULLOK | M_USE_RESERVE)
void	*kmalloc(unsigned long size, struct malloc_type *type, int flags);
void	 kfree(void *addr, struct malloc_type *type);

/* sys/spinlock.h, sys/spinlock2.h: recorded; misuse (double lock, unlock of a free lock) panics */
struct spinlock { int held; const char *descr; };
void	shim_spin_init(struct spinlock *, const char *, const char *, int);
void	shim_spin_op(struct spinlock *, int op, const char *, int);
#define spin_init(s, d)		shim_spin_init((s), (d), __FILE__, __LINE__)
#define spin_uninit(s)		shim_spin_op((s), 0, __FILE__, __LINE__)
#define spin_lock(s)		shim_spin_op((s), 1, __FILE__, __LINE__)
#define spin_unlock(s)		shim_spin_op((s), 2, __FILE__, __LINE__)

/* sys/serialize.h */
struct lwkt_serialize { int entered; };
typedef struct lwkt_serialize *lwkt_serialize_t;
void	lwkt_serialize_init(lwkt_serialize_t);

/*
 * machine/cpufunc.h.  The contract, not the x86 encoding: sfence orders
 * (publishes) stores, lfence orders loads (sees device stores), mfence both;
 * ccfence is only a compiler barrier ("Use cpu_sfence() if you need to
 * guarantee ordering by both the compiler and by the cpu").
 */
#define cpu_sfence()	ev_release("cpu_sfence", __FILE__, __LINE__, 0, 0)
#define cpu_lfence()	ev_acquire("cpu_lfence", __FILE__, __LINE__, 0, 0)
#define cpu_mfence()	(ev_release("cpu_mfence", __FILE__, __LINE__, 0, 0),	\
			 ev_acquire("cpu_mfence", __FILE__, __LINE__, 0, 0))
#define cpu_ccfence()	ev_note("cpu_ccfence", __FILE__, __LINE__, 0)

/* machine/bus_dma.h: bus_space as recorded register events */
typedef uint64_t bus_addr_t;
typedef uint64_t bus_size_t;
typedef uint64_t bus_space_tag_t;
typedef uint64_t bus_space_handle_t;
uint32_t shim_bus_read(bus_space_tag_t, bus_space_handle_t, bus_size_t, int, const char *, int);
void	 shim_bus_write(bus_space_tag_t, bus_space_handle_t, bus_size_t, int, uint32_t, const char *, int);
#define bus_space_read_1(t, h, o)	((uint8_t)shim_bus_read((t), (h), (o), 1, __FILE__, __LINE__))
#define bus_space_read_2(t, h, o)	((uint16_t)shim_bus_read((t), (h), (o), 2, __FILE__, __LINE__))
#define bus_space_read_4(t, h, o)	((uint32_t)shim_bus_read((t), (h), (o), 4, __FILE__, __LINE__))
#define bus_space_write_1(t, h, o, v)	shim_bus_write((t), (h), (o), 1, (uint8_t)(v), __FILE__, __LINE__)
#define bus_space_write_2(t, h, o, v)	shim_bus_write((t), (h), (o), 2, (uint16_t)(v), __FILE__, __LINE__)
#define bus_space_write_4(t, h, o, v)	shim_bus_write((t), (h), (o), 4, (uint32_t)(v), __FILE__, __LINE__)
#define BUS_SPACE_MAXADDR	0xFFFFFFFFFFFFFFFFUL
#define BUS_SPACE_MAXADDR_32BIT	0xFFFFFFFFUL
#define BUS_SPACE_MAXSIZE	0xFFFFFFFFFFFFFFFFUL

#include "dfly-bus.h"

#endif
