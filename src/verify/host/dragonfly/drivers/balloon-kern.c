/*
 * Host shim for the balloon driver's kernel interfaces (include/dfly-balloon.h):
 * zsleep (untraced: the worker sleeps and times out by design) and kthreads
 * on the deterministic scheduler (common/kthread-sched.c), a pool of VM pages with
 * fixed frame numbers, and recorded sysctl oids.  No balloon logic: which
 * pages, how many, when to sleep is the driver's decision.
 */
#include "dfly-balloon.h"
#include "dfly-shim.h"
#include "kthread-sched.h"

/* Releases the serializer while asleep and holds it again on return, as zsleep(9) does. */
int
zsleep(const volatile void *chan, struct lwkt_serialize *slz, int flags, const char *wmesg, int timo)
{
	int timedout;

	(void)flags;
	if (timo < 0)
		panic("zsleep: negative timeout %d", timo);
	if (!slz->entered)
		panic("zsleep: serializer not held");
	slz->entered = 0;
	timedout = ksched_sleep(chan, wmesg, timo);
	if (slz->entered)
		panic("zsleep: serializer held by someone else on wakeup");
	slz->entered = 1;
	return timedout ? EWOULDBLOCK : 0;
}

int
kthread_create(void (*fn)(void *), void *arg, struct thread **tdp, const char *fmt, ...)
{
	struct thread *td = harness_zalloc(sizeof(*td));

	td->td_name = fmt;
	if (ksched_spawn(fn, arg, fmt) != 0) {
		harness_free(td);
		return ENOMEM;
	}
	if (tdp != NULL)
		*tdp = td;
	return 0;
}

void
kthread_exit(void)
{
	ksched_exit();
}

/* The VM system's free pages: taken from the head, freed to the head (the page reused first). */
static struct pglist pool = TAILQ_HEAD_INITIALIZER(pool);
static struct vm_page *pages;
static int npool, nfree;

void
shim_vm_pool_init(int npages, uint64_t first_pfn)
{
	int i;

	pages = harness_zalloc(sizeof(*pages) * (size_t)(npages > 0 ? npages : 1));
	npool = nfree = npages;
	for (i = 0; i < npages; i++) {
		pages[i].phys_addr = (first_pfn + (uint64_t)i) << PAGE_SHIFT;
		TAILQ_INSERT_TAIL(&pool, &pages[i], pageq);
	}
}

int
shim_vm_pool_free(void)
{
	return nfree;
}

vm_page_t
vm_page_alloc(struct vm_object *obj, vm_pindex_t pindex, int flags)
{
	vm_page_t m = TAILQ_FIRST(&pool);

	(void)obj; (void)pindex; (void)flags;
	if (m == NULL)
		return NULL;
	TAILQ_REMOVE(&pool, m, pageq);
	m->shim_allocated = 1;
	nfree--;
	return m;
}

void
vm_page_free(vm_page_t m)
{
	if (m < pages || m >= pages + npool)
		panic("vm_page_free: %p is not a page", (void *)m);
	if (!m->shim_allocated)
		panic("vm_page_free: page 0x%llx freed twice", (unsigned long long)m->phys_addr);
	m->shim_allocated = 0;
	TAILQ_INSERT_HEAD(&pool, m, pageq);
	nfree++;
}

struct sysctl_oid_list sysctl__hw_children;

int
sysctl_ctx_init(struct sysctl_ctx_list *ctx)
{
	ctx->first = NULL;
	return 0;
}

struct sysctl_oid *
sysctl_add_oid(struct sysctl_ctx_list *ctx, struct sysctl_oid_list *parent, int nbr, const char *name,
    int kind, void *arg1, int arg2, void *handler, const char *fmt, const char *descr)
{
	struct sysctl_oid *o = harness_zalloc(sizeof(*o));

	(void)parent; (void)nbr; (void)arg2; (void)handler; (void)fmt; (void)descr;
	o->oid_name = name;
	o->oid_kind = kind;
	o->oid_arg1 = arg1;
	o->oid_next = ctx->first;
	ctx->first = o;
	return o;
}

int
sysctl_ctx_free(struct sysctl_ctx_list *ctx)
{
	struct sysctl_oid *o;

	while ((o = ctx->first) != NULL) {
		ctx->first = o->oid_next;
		harness_free(o);
	}
	return 0;
}
