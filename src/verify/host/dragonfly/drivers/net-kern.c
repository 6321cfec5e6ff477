/*
 * Host shim for the kernel interfaces the whole vioif driver adds to its
 * transmit path's (include/dfly-net-whole.h): zsleep on the deterministic
 * scheduler (common/kthread-sched.c),
 * mbuf clusters in the DMA arena, ifnet attach/detach/ioctl/multicast, media,
 * and callouts.  No driver logic: what the driver does with them is its own.
 * The corpus has DragonFly's headers only, so bodies follow the headers'
 * contracts and the net/if.c, if_ethersubr.c and if_media.c behaviour named
 * on each function.  What reaches the outside world is an ev_callback.
 */
#include "dfly-net.h"
#include "dfly-shim.h"
#include "kthread-sched.h"

int ncpus = 1;			/* sys/systm.h: the harness has one cpu */
int ifqmaxlen = IFQ_MAXLEN;	/* net/if_var.h: the default send queue length */

/* ---- sys/bus.h ---------------------------------------------------------- */

/* device_get_name(9): the driver's name (the shim's newbus numbers no units: unit 0). */
const char *
device_get_name(device_t dev)
{
	return dev->driver != NULL ? dev->driver->name : NULL;
}

int
device_get_unit(device_t dev)
{
	(void)dev;
	return 0;
}

/* sys/rman.h rman_get_cpuid(): the cpu an allocated interrupt is bound to; one cpu here. */
int
shim_rman_get_cpuid(struct resource *r)
{
	KASSERT(r != NULL && r->shim_allocated, ("rman_get_cpuid of a resource not allocated"));
	return 0;
}

/* sys/time.h getmicrouptime(): uptime at tick precision, from the scheduler's clock. */
void
getmicrouptime(struct timeval *tv)
{
	long t = ksched_now();

	tv->tv_sec = t / hz;
	tv->tv_usec = (t % hz) * (1000000 / hz);
}

/* ---- sys/serialize.h, sys/systm.h: as blk-kern.c ------------------------ */

long shim_delay_us;

/* DELAY(9): spins usec microseconds; here a recorded event (a poll loop's pace shows in the trace). */
void
DELAY(int usec)
{
	shim_delay_us += usec;
	ev_note("DELAY", __FILE__, __LINE__, usec);
}

/* A sleep nothing will end (no wakeup, no timeout) would spin in simulated time: stop after this many timeouts. */
#define ZSLEEP_MAX_TIMEOUTS	60

/* zsleep(9): releases the serializer while asleep (the interrupt can then run) and holds it again on return. */
int
zsleep(const volatile void *chan, struct lwkt_serialize *slz, int flags, const char *wmesg, int timo)
{
	static int timeouts;
	int timedout;

	(void)flags;
	if (timo < 0)
		panic("zsleep: negative timeout %d", timo);
	if (!slz->entered)
		panic("zsleep: serializer not held");
	ev_callback("zsleep", timo, 0);
	slz->entered = 0;
	timedout = ksched_sleep(chan, wmesg, timo);
	if (slz->entered)
		panic("zsleep: serializer held by someone else on wakeup");
	slz->entered = 1;
	timeouts = timedout ? timeouts + 1 : 0;
	if (timeouts >= ZSLEEP_MAX_TIMEOUTS)
		panic("zsleep(\"%s\"): %d timeouts in a row and no wakeup", wmesg, timeouts);
	return timedout ? EAGAIN : 0;
}

/* ---- sys/mbuf.h: clusters ----------------------------------------------- */

int shim_mclget_fail;
int shim_mcl_live;
static void *mcl_free_list;	/* freed clusters, reused first (the kernel's cluster cache) */

static void
mcl_free(void *buf)
{
	*(void **)buf = mcl_free_list;
	mcl_free_list = buf;
	shim_mcl_live--;
}

/* Gives the cached free clusters back to the DMA memory they came from (a leak check's baseline). */
void
shim_mcl_drain(void)
{
	void *buf;

	while ((buf = mcl_free_list) != NULL) {
		mcl_free_list = *(void **)buf;
		arena_free(buf);
	}
}

/* m_getcl(9): a header mbuf with a 2 KiB cluster (M_EXT); M_NOWAIT may fail, M_WAITOK does not. */
struct mbuf *
m_getcl(int how, short type, int flags)
{
	struct mbuf *m;
	uint64_t bus;
	void *buf;

	if (!(how & M_WAITOK) && shim_mclget_fail > 0) {
		shim_mclget_fail--;
		ev_callback("m_getcl", 0, 0);
		return NULL;
	}
	if ((buf = mcl_free_list) != NULL)
		mcl_free_list = *(void **)buf;
	else if ((buf = arena_alloc(MCLBYTES, MCLBYTES, &bus)) == NULL) {
		if (how & M_WAITOK)
			panic("m_getcl: arena exhausted with M_WAITOK");
		return NULL;
	}
	m = harness_zalloc(sizeof(*m));
	m->m_flags = M_EXT | (flags & M_PKTHDR);
	m->m_type = type;
	m->m_data = buf;
	m->m_ext.ext_buf = buf;
	m->m_ext.ext_size = MCLBYTES;
	m->m_ext.ext_free = mcl_free;
	m->m_ext.ext_arg = buf;
	shim_mcl_live++;
	return m;
}

/* ---- net/if_var.h, net/if.c: ifnet ------------------------------------- */

/* if_attach's default serialize functions over the driver's serializer (net/if.c). */
static void
ifnet_default_serialize(struct ifnet *ifp, enum ifnet_serialize slz)
{
	(void)slz;
	lwkt_serialize_enter(ifp->if_serializer);
}

static void
ifnet_default_deserialize(struct ifnet *ifp, enum ifnet_serialize slz)
{
	(void)slz;
	lwkt_serialize_exit(ifp->if_serializer);
}

static int
ifnet_default_tryserialize(struct ifnet *ifp, enum ifnet_serialize slz)
{
	(void)slz;
	return lwkt_serialize_try(ifp->if_serializer);
}

static void
ifnet_default_serialize_assert(struct ifnet *ifp, enum ifnet_serialize slz, int serialized)
{
	(void)slz;
	if (serialized && !IS_SERIALIZED(ifp->if_serializer))
		panic("%s: ifnet serializer not held", ifp->if_xname);
	if (!serialized && IS_SERIALIZED(ifp->if_serializer))
		panic("%s: ifnet serializer held", ifp->if_xname);
}

/* if_initname(): "name" followed by the unit in decimal. */
void
if_initname(struct ifnet *ifp, const char *name, int unit)
{
	char digits[12];
	int n = 0, i = 0;

	ifp->if_dname = name;
	ifp->if_dunit = unit;
	do
		digits[n++] = (char)('0' + unit % 10);
	while ((unit /= 10) > 0 && n < (int)sizeof(digits));
	for (; name[i] != '\0' && i < IFNAMSIZ - 1 - n; i++)
		ifp->if_xname[i] = name[i];
	while (n > 0)
		ifp->if_xname[i++] = digits[--n];
	ifp->if_xname[i] = '\0';
}

/* net/ifq_var.h ifq_set_maxlen()/ifq_set_cpuid(). */
void
ifq_set_maxlen(struct ifaltq *ifq, int len)
{
	ifq->altq_maxlen = len;
}

void
ifq_set_cpuid(struct ifaltq *ifq, int cpuid)
{
	KASSERT(cpuid >= 0 && cpuid < ncpus, ("invalid ifsq_cpuid %d", cpuid));
	ifq->shim_cpuid = cpuid;
}

/* ifq_purge_all(): drop what waits on the send queue (if_down, if_detach). */
static void
ifq_purge(struct ifnet *ifp)
{
	struct mbuf *m;

	while ((m = ifsq_dequeue(ifq_get_subq_default(&ifp->if_snd))) != NULL)
		m_freem(m);
}

/*
 * ether_ifattach() = if_attach(ifp, serializer) + the Ethernet fields: the
 * driver's serializer becomes the ifnet serializer, the subqueue gets its ifp,
 * if_input is ether_input, the MAC is copied into the arpcom.
 */
void
ether_ifattach(struct ifnet *ifp, const uint8_t *lla, struct lwkt_serialize *serializer)
{
	struct arpcom *ac = (struct arpcom *)ifp;

	if (ifp->shim_attached)
		panic("%s: ether_ifattach twice", ifp->if_xname);
	KASSERT(serializer != NULL, ("ether_ifattach: the shim models a driver serializer only"));
	KASSERT(ifp->if_serialize == NULL, ("if_serialize set with a serializer given"));
	ifp->if_serializer = serializer;
	ifp->if_serialize = ifnet_default_serialize;
	ifp->if_deserialize = ifnet_default_deserialize;
	ifp->if_tryserialize = ifnet_default_tryserialize;
	ifp->if_serialize_assert = ifnet_default_serialize_assert;
	TAILQ_INIT(&ifp->if_multiaddrs);
	ifp->if_snd.altq_subq[0].ifsq_ifp = ifp;
	if (ifp->if_snd.altq_maxlen == 0)
		ifq_set_maxlen(&ifp->if_snd, ifqmaxlen);	/* "driver didn't set altq_maxlen" */
	ifp->if_type = IFT_ETHER;
	ifp->if_addrlen = ETHER_ADDR_LEN;
	ifp->if_hdrlen = ETHER_HDR_LEN;
	ifp->if_mtu = ETHERMTU;
	ifp->if_input = ether_input;
	memcpy(ac->ac_enaddr, lla, ETHER_ADDR_LEN);
	ifp->shim_attached = 1;
	ev_callback("ether_ifattach", (long)lla[0] << 40 | (long)lla[1] << 32 | (long)lla[2] << 24 |
	    (long)lla[3] << 16 | (long)lla[4] << 8 | lla[5], 0);
}

/* ether_ifdetach() = if_detach(): memberships dropped, the send queue purged, the ifnet unlinked. */
void
ether_ifdetach(struct ifnet *ifp)
{
	struct ifmultiaddr *ifma;

	if (!ifp->shim_attached)
		panic("%s: ether_ifdetach of an interface not attached", ifp->if_xname);
	ASSERT_IFNET_NOT_SERIALIZED_ALL(ifp);
	while ((ifma = TAILQ_FIRST(&ifp->if_multiaddrs)) != NULL) {
		TAILQ_REMOVE(&ifp->if_multiaddrs, ifma, ifma_link);
		kfree(ifma->ifma_addr, M_DEVBUF);
		kfree(ifma, M_DEVBUF);
	}
	ifq_purge(ifp);
	ifp->shim_attached = 0;
	ev_callback("ether_ifdetach", 0, 0);
}

void	(*shim_ether_input_hook)(struct ifnet *, struct mbuf *);
int	shim_ether_input_count;

/*
 * ether_input() (ifp->if_input): one received packet from the driver.  The
 * kernel's M_ASSERTPKTHDR and single-packet KASSERTs; a runt is counted as an
 * input error and dropped (ether_input_pkt); the rest goes to the fixture's
 * hook, or is counted and freed.  A length beyond the cluster is a driver
 * trusting a device length: panic, as the stack would read past the buffer.
 */
void
ether_input(struct ifnet *ifp, struct mbuf *m, const struct pktinfo *pi, int cpuid)
{
	(void)pi; (void)cpuid;
	KASSERT(m->m_flags & M_PKTHDR, ("ether_input: no packet header"));
	KASSERT(m->m_nextpkt == NULL, ("ether_input: a packet list"));
	if (m->m_len < 0 || m->m_pkthdr.len < m->m_len ||
	    ((m->m_flags & M_EXT) && m->m_data + m->m_len > m->m_ext.ext_buf + m->m_ext.ext_size))
		panic("%s: ether_input: length %d (packet %d) outside the mbuf", ifp->if_xname,
		    m->m_len, m->m_pkthdr.len);
	if (m->m_len < ETHER_HDR_LEN) {
		IFNET_STAT_INC(ifp, ierrors, 1);
		ev_callback("ether_input_runt", m->m_len, 0);
		m_freem(m);
		return;
	}
	shim_ether_input_count++;
	if (shim_ether_input_hook != NULL) {
		shim_ether_input_hook(ifp, m);
		return;
	}
	ev_callback("ether_input", m->m_pkthdr.len, 0);
	m_freem(m);
}

/*
 * ether_ioctl() (if_ethersubr.c), called serialized: SIOCSIFADDR brings the
 * interface up and runs if_init, SIOCGIFADDR copies the MAC, SIOCSIFMTU
 * accepts up to ETHERMTU, anything else is EINVAL.
 */
int
ether_ioctl(struct ifnet *ifp, u_long cmd, caddr_t data)
{
	struct ifreq *ifr = (struct ifreq *)data;

	ASSERT_IFNET_SERIALIZED_ALL(ifp);
	switch (cmd) {
	case SIOCSIFADDR:
		ifp->if_flags |= IFF_UP;
		ifp->if_init(ifp->if_softc);
		return 0;
	case SIOCGIFADDR:
		memcpy(ifr->ifr_addr.sa_data, ((struct arpcom *)ifp)->ac_enaddr, ETHER_ADDR_LEN);
		return 0;
	case SIOCSIFMTU:
		if (ifr->ifr_mtu > ETHERMTU)
			return EINVAL;
		ifp->if_mtu = (u_long)ifr->ifr_mtu;
		return 0;
	default:
		return EINVAL;
	}
}

static struct ifmultiaddr *
if_findmulti(struct ifnet *ifp, const struct sockaddr *sa)
{
	struct ifmultiaddr *ifma;

	TAILQ_FOREACH(ifma, &ifp->if_multiaddrs, ifma_link)
		if (ifma->ifma_addr->sa_len == sa->sa_len && memcmp(ifma->ifma_addr, sa, sa->sa_len) == 0)
			return ifma;
	return NULL;
}

/*
 * if_addmulti() (net/if.c) for an Ethernet group given as AF_LINK (what
 * ether_resolvemulti accepts without translation): a new membership goes on
 * the head of if_multiaddrs, then the driver hears SIOCADDMULTI, serialized.
 */
int
if_addmulti(struct ifnet *ifp, struct sockaddr *sa, struct ifmultiaddr **retifma)
{
	struct sockaddr_dl *sdl = (struct sockaddr_dl *)sa;
	struct ifmultiaddr *ifma;

	if (sa->sa_family != AF_LINK || sdl->sdl_alen != ETHER_ADDR_LEN || !(LLADDR(sdl)[0] & 1))
		return EADDRNOTAVAIL;	/* ether_resolvemulti takes Ethernet multicast only */
	if ((ifma = if_findmulti(ifp, sa)) != NULL) {
		ifma->ifma_refcount++;
		if (retifma != NULL)
			*retifma = ifma;
		return 0;
	}
	ifma = kmalloc(sizeof(*ifma), M_DEVBUF, M_WAITOK | M_ZERO);
	ifma->ifma_addr = kmalloc(sa->sa_len, M_DEVBUF, M_WAITOK);
	memcpy(ifma->ifma_addr, sa, sa->sa_len);
	ifma->ifma_ifp = ifp;
	ifma->ifma_refcount = 1;
	TAILQ_INSERT_HEAD(&ifp->if_multiaddrs, ifma, ifma_link);
	if (retifma != NULL)
		*retifma = ifma;
	ifnet_serialize_all(ifp);
	if (ifp->if_ioctl != NULL)
		(void)ifp->if_ioctl(ifp, SIOCADDMULTI, NULL, NULL);
	ifnet_deserialize_all(ifp);
	return 0;
}

/* if_delmulti(): the last reference leaves the list, then the driver hears SIOCDELMULTI. */
int
if_delmulti(struct ifnet *ifp, struct sockaddr *sa)
{
	struct ifmultiaddr *ifma = if_findmulti(ifp, sa);

	if (ifma == NULL)
		return ENOENT;
	if (--ifma->ifma_refcount > 0)
		return 0;
	TAILQ_REMOVE(&ifp->if_multiaddrs, ifma, ifma_link);
	kfree(ifma->ifma_addr, M_DEVBUF);
	kfree(ifma, M_DEVBUF);
	ifnet_serialize_all(ifp);
	if (ifp->if_ioctl != NULL)
		(void)ifp->if_ioctl(ifp, SIOCDELMULTI, NULL, NULL);
	ifnet_deserialize_all(ifp);
	return 0;
}

/*
 * ifioctl(SIOCSIFFLAGS) (net/if.c): going down purges the send queue
 * (if_down), the changeable flags are replaced, IFF_PPROMISC decides
 * IFF_PROMISC (no other promiscuous users here), then the driver's if_ioctl
 * runs under the ifnet serializer.  Returns the driver's answer.
 */
int
shim_ifioctl_setflags(struct ifnet *ifp, int new_flags)
{
	struct ifreq ifr;
	int r;

	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifp->if_xname, IFNAMSIZ);
	ifr.ifr_flags = (short)(new_flags & 0xffff);
	ifr.ifr_flagshigh = (short)(new_flags >> 16);
	if ((ifp->if_flags & IFF_UP) && !(new_flags & IFF_UP)) {
		ifp->if_flags &= ~IFF_UP;
		ifq_purge(ifp);
	} else if ((new_flags & IFF_UP) && !(ifp->if_flags & IFF_UP))
		ifp->if_flags |= IFF_UP;
	ifp->if_flags = (ifp->if_flags & IFF_CANTCHANGE) | (new_flags & ~IFF_CANTCHANGE);
	if (new_flags & IFF_PPROMISC)
		ifp->if_flags |= IFF_PROMISC;
	else
		ifp->if_flags &= ~IFF_PROMISC;
	ifnet_serialize_all(ifp);
	r = ifp->if_ioctl(ifp, SIOCSIFFLAGS, (caddr_t)&ifr, NULL);
	ifnet_deserialize_all(ifp);
	return r;
}

/*
 * ifq_dispatch() (net/if.c): the packet goes on the subqueue (ENOBUFS and
 * freed when it holds altq_maxlen), then, unless output is active, if_start
 * runs at once if the ifnet serializer can be had, else is scheduled.
 */
int
shim_ifq_handoff(struct ifnet *ifp, struct mbuf *m)
{
	struct ifaltq_subque *ifsq = ifq_get_subq_default(&ifp->if_snd);

	if (ifsq->ifsq_len >= ifp->if_snd.altq_maxlen) {
		IFNET_STAT_INC(ifp, oqdrops, 1);
		m_freem(m);
		return ENOBUFS;
	}
	shim_ifsq_enqueue(ifsq, m);
	if (ifsq_is_oactive(ifsq))
		return 0;
	if (!ifnet_tryserialize_all(ifp)) {
		ifsq_devstart_sched(ifsq);
		return 0;
	}
	ev_callback("if_start", 0, 0);
	ifsq->shim_started = 1;
	ifp->if_start(ifp, ifsq);
	ifsq->shim_started = 0;
	ifnet_deserialize_all(ifp);
	return 0;
}

/* The scheduled start (ifsq_devstart's netmsg): if_start under the ifnet serializer. */
int
shim_ifq_run_devstart(struct ifnet *ifp)
{
	int r;

	ifnet_serialize_all(ifp);
	r = shim_ifsq_run_sched(ifq_get_subq_default(&ifp->if_snd));
	ifnet_deserialize_all(ifp);
	return r;
}

/* ---- net/if_media.h, net/if_media.c ------------------------------------ */

void
ifmedia_init(struct ifmedia *ifm, int dontcare_mask, ifm_change_cb_t change, ifm_stat_cb_t status)
{
	LIST_INIT(&ifm->ifm_list);
	ifm->ifm_cur = NULL;
	ifm->ifm_media = 0;
	ifm->ifm_mask = dontcare_mask;
	ifm->ifm_change = change;
	ifm->ifm_status = status;
}

void
ifmedia_add(struct ifmedia *ifm, int mword, int data, void *aux)
{
	struct ifmedia_entry *e = kmalloc(sizeof(*e), M_DEVBUF, M_WAITOK | M_ZERO);

	e->ifm_media = mword;
	e->ifm_data = data;
	e->ifm_aux = aux;
	LIST_INSERT_HEAD(&ifm->ifm_list, e, ifm_list);
}

static struct ifmedia_entry *
ifmedia_match(struct ifmedia *ifm, int target, int mask)
{
	struct ifmedia_entry *e;

	LIST_FOREACH(e, &ifm->ifm_list, ifm_list)
		if ((e->ifm_media & ~mask) == (target & ~mask))
			return e;
	return NULL;
}

/* ifmedia_set(): the current entry only (ifm_media stays the user's); no match panics. */
void
ifmedia_set(struct ifmedia *ifm, int target)
{
	struct ifmedia_entry *e = ifmedia_match(ifm, target, ifm->ifm_mask);

	if (e == NULL)
		panic("ifmedia_set: no match for 0x%x/0x%x", target, ~ifm->ifm_mask);
	ifm->ifm_cur = e;
}

void
ifmedia_removeall(struct ifmedia *ifm)
{
	struct ifmedia_entry *e;

	while ((e = LIST_FIRST(&ifm->ifm_list)) != NULL) {
		LIST_REMOVE(e, ifm_list);
		kfree(e, M_DEVBUF);
	}
	ifm->ifm_cur = NULL;
}

/*
 * ifmedia_ioctl(): SIOCSIFMEDIA selects a listed media word (ENXIO if none)
 * and asks the driver, undoing on error; SIOCGIFMEDIA reports current, mask,
 * the driver's status and up to ifm_count words (E2BIG if more exist).
 */
int
ifmedia_ioctl(struct ifnet *ifp, struct ifreq *ifr, struct ifmedia *ifm, u_long cmd)
{
	struct ifmedia_entry *e, *old;
	int oldmedia, r = 0;

	if (cmd == SIOCSIFMEDIA) {
		if ((e = ifmedia_match(ifm, ifr->ifr_media, ifm->ifm_mask)) == NULL)
			return ENXIO;
		old = ifm->ifm_cur;
		oldmedia = ifm->ifm_media;
		ifm->ifm_cur = e;
		ifm->ifm_media = ifr->ifr_media;
		if ((r = ifm->ifm_change(ifp)) != 0) {
			ifm->ifm_cur = old;
			ifm->ifm_media = oldmedia;
		}
		return r;
	}
	if (cmd == SIOCGIFMEDIA) {
		struct ifmediareq *ifmr = (struct ifmediareq *)ifr;
		int n = 0;

		ifmr->ifm_active = ifmr->ifm_current = ifm->ifm_cur != NULL ? ifm->ifm_cur->ifm_media : 0;
		ifmr->ifm_mask = ifm->ifm_mask;
		ifmr->ifm_status = 0;
		ifm->ifm_status(ifp, ifmr);
		LIST_FOREACH(e, &ifm->ifm_list, ifm_list) {
			if (n < ifmr->ifm_count && ifmr->ifm_ulist != NULL)
				ifmr->ifm_ulist[n] = e->ifm_media;
			n++;
		}
		if (ifmr->ifm_count != 0 && ifmr->ifm_count < n)
			r = E2BIG;
		ifmr->ifm_count = n;
		return r;
	}
	return EINVAL;
}

/* ---- sys/callout.h ----------------------------------------------------- */

/* The armed callouts only, so a stopped callout inside freed memory is never looked at. */
#define MAXCALLOUTS	16
static struct callout *armed[MAXCALLOUTS];
static int narmed;

static void
disarm(struct callout *c)
{
	int i;

	for (i = 0; i < narmed; i++)
		if (armed[i] == c)
			armed[i] = armed[--narmed];
	c->c_flags &= ~CALLOUT_PENDING;
}

/* callout_init_mp(): an MPSAFE callout (its handler takes its own locks). */
void
callout_init_mp(struct callout *c)
{
	memset(c, 0, sizeof(*c));
	c->shim_inited = 1;
}

/* callout_reset(): (re)armed to run fn(arg) `ticks' from now (at least one tick, as kern_timeout.c). */
void
callout_reset(struct callout *c, int ticks, void (*fn)(void *), void *arg)
{
	if (!c->shim_inited)
		panic("callout_reset of a callout not initialised");
	if (!(c->c_flags & CALLOUT_PENDING)) {
		if (narmed == MAXCALLOUTS)
			panic("callout_reset: more than %d callouts armed", MAXCALLOUTS);
		armed[narmed++] = c;
	}
	c->c_func = fn;
	c->c_arg = arg;
	c->c_time = ksched_now() + (ticks > 0 ? ticks : 1);
	c->c_flags |= CALLOUT_ACTIVE | CALLOUT_PENDING;
	ev_callback("callout_reset", ticks, 0);
}

/*
 * callout_stop(): disarmed, and (DragonFly's callout_stop is synchronous) a
 * handler that is running has finished -- so calling it from that handler
 * would never return.  1 if it was pending.
 */
int
callout_stop(struct callout *c)
{
	int was = (c->c_flags & CALLOUT_PENDING) != 0;

	if (!c->shim_inited)
		panic("callout_stop of a callout not initialised");
	if (c->shim_running)
		panic("callout_stop from the callout's own handler: it would wait for itself");
	disarm(c);
	c->c_flags &= ~CALLOUT_ACTIVE;
	ev_callback("callout_stop", was, 0);
	return was;
}

/* Softclock: every armed callout whose deadline has passed runs, earliest first; returns how many ran. */
int
shim_callout_run(void)
{
	int n = 0;

	for (;;) {
		struct callout *c = NULL;
		int i;

		for (i = 0; i < narmed; i++)
			if (armed[i]->c_time <= ksched_now() && (c == NULL || armed[i]->c_time < c->c_time))
				c = armed[i];
		if (c == NULL)
			return n;
		disarm(c);
		ev_callback("callout", 0, 0);
		c->shim_running = 1;
		c->c_func(c->c_arg);
		c->shim_running = 0;
		n++;
	}
}
