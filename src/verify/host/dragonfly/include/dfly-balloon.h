/*
 * Host shim for the kernel interfaces the balloon driver (viomb) adds to the
 * parent's: sleep/wakeup on a serializer, a kernel thread, VM pages and
 * sysctl, with DragonFly's signatures and macro shapes (cited per section from
 * ../shared/corpus/dragonfly/sys).  The thread is scheduled deterministically
 * (../../common/kthread-sched.h); implemented in ../drivers/balloon-kern.c.
 */
#ifndef DFLY_SHIM_BALLOON_H
#define DFLY_SHIM_BALLOON_H

#include "dfly-kernel.h"
#include "dfly-serialize.h"
#include <sys/queue.h>

/* sys/param.h, sys/cdefs.h, sys/endian.h (x86_64: little-endian) */
#ifndef MAX
#define MAX(a,b)	(((a)>(b))?(a):(b))
#endif
#ifndef CTASSERT
#define CTASSERT(x)	_Static_assert(x, "compile-time assertion failed")
#endif
#ifndef le32toh
#define le32toh(x)	((uint32_t)(x))
#define htole32(x)	((uint32_t)(x))
#endif
#ifndef EWOULDBLOCK
#define EWOULDBLOCK	EAGAIN
#endif


/* sys/kthread.h */
struct thread { const char *td_name; };
int	kthread_create(void (*)(void *), void *, struct thread **, const char *, ...) __printflike(4, 5);
void	kthread_exit(void) __dead2;

/* vm/vm.h, vm/vm_page.h: a page is its physical address; the pool is the shim's */
typedef uint64_t vm_pindex_t;
struct vm_object;
struct vm_page {
	TAILQ_ENTRY(vm_page) pageq;
	vm_paddr_t	phys_addr;
	int		shim_allocated;
};
typedef struct vm_page *vm_page_t;
TAILQ_HEAD(pglist, vm_page);
#define VM_ALLOC_NORMAL		0x0001
#define VM_PAGE_TO_PHYS(entry)	((entry)->phys_addr)
vm_page_t vm_page_alloc(struct vm_object *, vm_pindex_t, int);
void	vm_page_free(vm_page_t);

/* sys/sysctl.h: oids are allocated in their context and freed with it (nothing reads them) */
#define CTLTYPE_NODE	1
#define CTLTYPE_UINT	6
#define CTLFLAG_RD	0x80000000
#define OID_AUTO	(-1)
struct sysctl_oid;
struct sysctl_oid_list { struct sysctl_oid *first; };
struct sysctl_oid {
	struct sysctl_oid_list	oid_children;
	struct sysctl_oid	*oid_next;	/* in the ctx */
	const char		*oid_name;
	int			oid_kind;
	void			*oid_arg1;
};
struct sysctl_ctx_list { struct sysctl_oid *first; };
extern struct sysctl_oid_list sysctl__hw_children;
#define SYSCTL_STATIC_CHILDREN(oid_name)	(&sysctl_##oid_name##_children)
#define SYSCTL_CHILDREN(oid_ptr)		(&(oid_ptr)->oid_children)
int	sysctl_ctx_init(struct sysctl_ctx_list *);
int	sysctl_ctx_free(struct sysctl_ctx_list *);
struct sysctl_oid *sysctl_add_oid(struct sysctl_ctx_list *, struct sysctl_oid_list *, int nbr, const char *name,
	    int kind, void *arg1, int arg2, void *handler, const char *fmt, const char *descr);
#define SYSCTL_ADD_NODE(ctx, parent, nbr, name, access, handler, descr)	\
	sysctl_add_oid(ctx, parent, nbr, name, CTLTYPE_NODE|(access), 0, 0, handler, "N", descr)
#define SYSCTL_ADD_UINT(ctx, parent, nbr, name, access, ptr, val, descr)	\
	sysctl_add_oid(ctx, parent, nbr, name, CTLTYPE_UINT|(access), ptr, val, NULL, "IU", descr)

/* The shim's side, for the adapter */
void	shim_vm_pool_init(int npages, uint64_t first_pfn);
int	shim_vm_pool_free(void);

#endif
