/*
 * Host shim for DragonFly's network stack (declared in include/dfly-net.h):
 * mbufs whose data live in the DMA arena, the send subqueue, its watchdog and
 * the scheduled start.  No driver logic: what vioif does with them is its own.
 */
#include "dfly-kernel.h"
#include "dfly-net.h"

struct mbuf *
shim_mbuf_from(const void *data, int len)
{
	static int serial;
	struct mbuf *m = harness_zalloc(sizeof(*m));
	uint64_t bus;

	m->m_data = arena_alloc((size_t)len, 16, &bus);
	if (m->m_data == NULL)
		harness_panic(__FILE__, __LINE__, "arena exhausted");
	memcpy(m->m_data, data, (size_t)len);
	m->m_len = m->m_pkthdr.len = len;
	/* the data is external storage in the arena, given back when the packet is freed */
	m->m_flags = M_PKTHDR | M_EXT;
	m->m_type = MT_DATA;
	m->m_ext.ext_buf = m->m_data;
	m->m_ext.ext_size = (u_int)len;
	m->m_ext.ext_free = arena_free;
	m->m_ext.ext_arg = m->m_data;
	m->shim_serial = ++serial;
	return m;
}

void
_m_freem(struct mbuf *m, const char *name)
{
	struct mbuf *n;

	(void)name;
	for (; m != NULL; m = n) {
		n = m->m_next;
		ev_callback("m_freem", m->shim_serial, 0);
		/* m_free(): external storage goes back through ext_free (a cluster to its cache) */
		if ((m->m_flags & M_EXT) && m->m_ext.ext_free != NULL)
			m->m_ext.ext_free(m->m_ext.ext_arg);
		harness_free(m);
	}
}

/* ALTQ_SQ_LOCK/UNLOCK: the subqueue's own spinlock; misuse panics, it is not a DMA event. */
static void
sq_lock(struct ifaltq_subque *ifsq)
{
	if (ifsq->ifsq_lock.held)
		harness_panic(__FILE__, __LINE__, "subqueue lock already held");
	ifsq->ifsq_lock.held = 1;
}

static void
sq_unlock(struct ifaltq_subque *ifsq)
{
	ifsq->ifsq_lock.held = 0;
}

void
shim_ifsq_enqueue(struct ifaltq_subque *ifsq, struct mbuf *m)
{
	sq_lock(ifsq);
	if (ifsq->shim_tail != NULL)
		ifsq->shim_tail->m_nextpkt = m;
	else
		ifsq->shim_head = m;
	ifsq->shim_tail = m;
	ifsq->ifsq_len++;
	sq_unlock(ifsq);
}

/* net/ifq_var.h: the prepended packet first, then the queue */
struct mbuf *
ifsq_dequeue(struct ifaltq_subque *ifsq)
{
	struct mbuf *m;

	sq_lock(ifsq);
	if ((m = ifsq->ifsq_prepended) != NULL)
		ifsq->ifsq_prepended = NULL;
	else if ((m = ifsq->shim_head) != NULL) {
		if ((ifsq->shim_head = m->m_nextpkt) == NULL)
			ifsq->shim_tail = NULL;
		m->m_nextpkt = NULL;
	}
	if (m != NULL)
		ifsq->ifsq_len--;
	sq_unlock(ifsq);
	return m;
}

void
ifsq_prepend(struct ifaltq_subque *ifsq, struct mbuf *m)
{
	sq_lock(ifsq);
	KASSERT(ifsq->ifsq_prepended == NULL, ("pending prepended mbuf"));
	ifsq->ifsq_prepended = m;
	ifsq->ifsq_len++;
	sq_unlock(ifsq);
}

/* Recorded; the fixture runs if_start once the current driver entry has returned. */
void
ifsq_devstart_sched(struct ifaltq_subque *ifsq)
{
	ifsq->shim_sched = 1;
	ev_callback("devstart_sched", 0, 0);
}

/* The scheduled start's netmsg: if_start under the ifnet serializer, never nested. */
int
shim_ifsq_run_sched(struct ifaltq_subque *ifsq)
{
	struct ifnet *ifp = ifsq->ifsq_ifp;

	if (!ifsq->shim_sched)
		return 0;
	if (ifsq->shim_started)
		harness_panic(__FILE__, __LINE__, "scheduled start inside if_start");
	ifsq->shim_sched = 0;
	ev_callback("if_start", 1, 0);
	ifsq->shim_started = 1;
	ifp->if_start(ifp, ifsq);
	ifsq->shim_started = 0;
	return 1;
}

void
ifsq_watchdog_init(struct ifsubq_watchdog *wd, struct ifaltq_subque *ifsq, ifsq_watchdog_t fn)
{
	wd->wd_timer = 0;
	wd->wd_subq = ifsq;
	wd->wd_watchdog = fn;
}

void
ifsq_watchdog_start(struct ifsubq_watchdog *wd)
{
	wd->wd_timer = 0;
	wd->shim_running = 1;
}

void
ifsq_watchdog_stop(struct ifsubq_watchdog *wd)
{
	wd->wd_timer = 0;
	wd->shim_running = 0;
}

/* One second of the watchdog callout (net/if.c ifsq_watchdog): the handler runs when the timer reaches 0. */
void
shim_ifsq_watchdog_tick(struct ifsubq_watchdog *wd)
{
	if (!wd->shim_running || wd->wd_timer == 0 || --wd->wd_timer)
		return;
	ev_callback("watchdog", 0, 0);
	wd->wd_watchdog(wd->wd_subq);
}

void
bpf_gettoken(void)
{
	harness_panic(__FILE__, __LINE__, "bpf: no listener in these tests");
}

void
bpf_reltoken(void)
{
	harness_panic(__FILE__, __LINE__, "bpf: no listener in these tests");
}

void
bpf_mtap(void *bpf, struct mbuf *m)
{
	(void)bpf; (void)m;
	harness_panic(__FILE__, __LINE__, "bpf: no listener in these tests");
}

struct load_result {
	bus_dma_segment_t	*segs;
	int			 max, n, error;
};

static void
load_cb(void *arg, bus_dma_segment_t *segs, int nsegs, int error)
{
	struct load_result *lr = arg;
	int i;

	if (error != 0 || lr->n + nsegs > lr->max) {
		lr->error = error != 0 ? error : EFBIG;
		return;
	}
	for (i = 0; i < nsegs; i++)
		lr->segs[lr->n++] = segs[i];
}

/* sys/bus_dma.h bus_dmamap_load_mbuf_segment(): each mbuf's data as segments; EFBIG past maxsegs. */
int
bus_dmamap_load_mbuf_segment(bus_dma_tag_t dmat, bus_dmamap_t map, struct mbuf *mbuf,
    bus_dma_segment_t *segs, int maxsegs, int *nsegs, int flags)
{
	struct load_result lr = { segs, maxsegs, 0, 0 };
	struct mbuf *m;

	KASSERT(mbuf->m_flags & M_PKTHDR, ("bus_dmamap_load_mbuf_segment: no packet header"));
	for (m = mbuf; m != NULL && lr.error == 0; m = m->m_next)
		if (m->m_len > 0)
			(void)bus_dmamap_load(dmat, map, m->m_data, (bus_size_t)m->m_len, load_cb, &lr, flags);
	*nsegs = lr.error ? 0 : lr.n;
	ev_note("bus_dmamap_load_mbuf_segment", __FILE__, __LINE__, lr.error);
	return lr.error;
}

/*
 * Each mbuf's data through bus_dmamap_load (which splits at the tag's
 * maxsegsz and boundary).  One-mbuf packets never need the defragmenting
 * retry, so a chain that does not fit is EFBIG.
 */
int
bus_dmamap_load_mbuf_defrag(bus_dma_tag_t dmat, bus_dmamap_t map, struct mbuf **mbuf,
    bus_dma_segment_t *segs, int maxsegs, int *nsegs, int flags)
{
	struct load_result lr = { segs, maxsegs, 0, 0 };
	struct mbuf *m;

	for (m = *mbuf; m != NULL && lr.error == 0; m = m->m_next)
		if (m->m_len > 0)
			(void)bus_dmamap_load(dmat, map, m->m_data, (bus_size_t)m->m_len, load_cb, &lr, flags);
	*nsegs = lr.error ? 0 : lr.n;
	ev_note("bus_dmamap_load_mbuf_defrag", __FILE__, __LINE__, lr.error);
	return lr.error;
}
