/*
 * Host shim for the rest of DragonFly's network stack that the WHOLE vioif
 * driver uses (attach/detach, ioctl, media, multicast, rx mbufs, serializers,
 * sleep), with DragonFly's names, signatures and macro shapes, each section
 * citing the corpus header it follows (../shared/corpus/dragonfly/sys).
 * Included by dfly-net.h; implemented in ../drivers/net-kern.c.
 */
#ifndef DFLY_SHIM_NET_WHOLE_H
#define DFLY_SHIM_NET_WHOLE_H

#include "dfly-serialize.h"

/* sys/errno.h */
#define E2BIG		7
#define EADDRNOTAVAIL	49
#define ENETRESET	52
#define ETIMEDOUT	60
#ifndef ENOTSUP
#define ENOTSUP		EOPNOTSUPP
#endif

/* sys/ioccom.h, sys/sockio.h: the same encodings (a command names its argument's size) */
#define IOCPARM_MASK	0x1fff
#define IOC_VOID	0x20000000
#define IOC_OUT		0x40000000
#define IOC_IN		0x80000000
#define IOC_INOUT	(IOC_IN | IOC_OUT)
#define _IOC(inout, group, num, len) ((unsigned long) \
	((inout) | (((len) & IOCPARM_MASK) << 16) | ((group) << 8) | (num)))
#define _IOW(g, n, t)	_IOC(IOC_IN, (g), (n), sizeof(t))
#define _IOWR(g, n, t)	_IOC(IOC_INOUT, (g), (n), sizeof(t))
#define SIOCSIFADDR	_IOW('i', 12, struct ifreq)
#define SIOCSIFFLAGS	_IOW('i', 16, struct ifreq)
#define SIOCGIFADDR	_IOWR('i', 33, struct ifreq)
#define SIOCADDMULTI	_IOW('i', 49, struct ifreq)
#define SIOCDELMULTI	_IOW('i', 50, struct ifreq)
#define SIOCSIFMTU	_IOW('i', 52, struct ifreq)
#define SIOCSIFMEDIA	_IOWR('i', 55, struct ifreq)
#define SIOCGIFMEDIA	_IOWR('i', 56, struct ifmediareq)

/* sys/socket.h, net/if_dl.h */
typedef uint8_t	sa_family_t;
#define AF_LINK		18
struct sockaddr {
	uint8_t		sa_len;
	sa_family_t	sa_family;
	char		sa_data[14];
};
struct sockaddr_dl {
	u_char	sdl_len;
	u_char	sdl_family;
	u_short	sdl_index;
	u_char	sdl_type;
	u_char	sdl_nlen;
	u_char	sdl_alen;
	u_char	sdl_slen;
	char	sdl_data[12];
	u_short	sdl_rcf;
	u_short	sdl_route[16];
};
#define LLADDR(s)	((caddr_t)((s)->sdl_data + (s)->sdl_nlen))

/* net/if.h, net/if_types.h, net/ethernet.h */
#define IFNAMSIZ	16
#define IFF_UP		0x1
#define IFF_POINTOPOINT	0x10
#define IFF_SMART	0x20
#define IFF_OACTIVE_COMPAT 0x400
#define IFF_POLLING_COMPAT 0x10000
#define IFF_PPROMISC	0x20000
#define IFF_NPOLLING	0x100000
#define IFF_IDIRECT	0x200000
#define IFF_CANTCHANGE \
	(IFF_BROADCAST|IFF_POINTOPOINT|IFF_RUNNING|IFF_OACTIVE_COMPAT|\
	 IFF_SIMPLEX|IFF_MULTICAST|IFF_ALLMULTI|IFF_SMART|IFF_POLLING_COMPAT|\
	 IFF_NPOLLING|IFF_IDIRECT)
#define IFQ_MAXLEN	250
#define IFT_ETHER	0x6
#define ETHERMTU	(ETHER_MAX_LEN - ETHER_HDR_LEN - ETHER_CRC_LEN)
#define ETHER_MIN_LEN	64
struct ifreq {
	char	ifr_name[IFNAMSIZ];
	union {
		struct	sockaddr ifru_addr;
		short	ifru_flags[2];
		int	ifru_mtu;
		int	ifru_media;
		void	*ifru_data;
	} ifr_ifru;
};
#define ifr_addr	ifr_ifru.ifru_addr
#define ifr_flags	ifr_ifru.ifru_flags[0]
#define ifr_flagshigh	ifr_ifru.ifru_flags[1]
#define ifr_mtu		ifr_ifru.ifru_mtu
#define ifr_media	ifr_ifru.ifru_media
struct ifmediareq {
	char	ifm_name[IFNAMSIZ];
	int	ifm_current;
	int	ifm_mask;
	int	ifm_status;
	int	ifm_active;
	int	ifm_count;
	int	*ifm_ulist;
};

/* net/if_media.h */
#define IFM_ETHER	0x00000020
#define IFM_AUTO	0
#define IFM_NMASK	0x000000e0
#define IFM_TMASK	0x0000001f
#define IFM_IMASK	0xf0000000
#define IFM_GMASK	0x0ff00000
#define IFM_AVALID	0x00000001
#define IFM_ACTIVE	0x00000002
#define IFM_TYPE(x)	((x) & IFM_NMASK)
void	ifmedia_init(struct ifmedia *, int dontcare_mask, ifm_change_cb_t, ifm_stat_cb_t);
void	ifmedia_add(struct ifmedia *, int mword, int data, void *aux);
void	ifmedia_set(struct ifmedia *, int mword);
void	ifmedia_removeall(struct ifmedia *);
int	ifmedia_ioctl(struct ifnet *, struct ifreq *, struct ifmedia *, u_long);

/* net/if_var.h: multicast memberships, the ifnet serializer, attach/detach */
struct ifmultiaddr {
	TAILQ_ENTRY(ifmultiaddr) ifma_link;
	struct	sockaddr *ifma_addr;
	struct	sockaddr *ifma_lladdr;
	struct	ifnet *ifma_ifp;
	u_int	ifma_refcount;
	void	*ifma_protospec;
};
extern int ifqmaxlen;
/* INVARIANTS kernel: if_serialize_assert checks the serializer is (or is not) held. */
#define ASSERT_IFNET_SERIALIZED_ALL(ifp) \
	(ifp)->if_serialize_assert((ifp), IFNET_SERIALIZE_ALL, 1)
#define ASSERT_IFNET_NOT_SERIALIZED_ALL(ifp) \
	(ifp)->if_serialize_assert((ifp), IFNET_SERIALIZE_ALL, 0)
static __inline void
ifnet_serialize_all(struct ifnet *_ifp)
{
	_ifp->if_serialize(_ifp, IFNET_SERIALIZE_ALL);
}
static __inline void
ifnet_deserialize_all(struct ifnet *_ifp)
{
	_ifp->if_deserialize(_ifp, IFNET_SERIALIZE_ALL);
}
static __inline int
ifnet_tryserialize_all(struct ifnet *_ifp)
{
	return _ifp->if_tryserialize(_ifp, IFNET_SERIALIZE_ALL);
}
void	if_initname(struct ifnet *, const char *name, int unit);
void	ether_ifattach(struct ifnet *, const uint8_t *, struct lwkt_serialize *);
void	ether_ifdetach(struct ifnet *);
void	ether_input(struct ifnet *, struct mbuf *, const struct pktinfo *, int);
int	ether_ioctl(struct ifnet *, u_long, caddr_t);
int	if_addmulti(struct ifnet *, struct sockaddr *, struct ifmultiaddr **);
int	if_delmulti(struct ifnet *, struct sockaddr *);

/* net/ifq_var.h, net/altq/if_altq.h */
#define ALTQF_READY	0x01
void	ifq_set_maxlen(struct ifaltq *, int);
static __inline void
ifq_set_ready(struct ifaltq *_ifq)
{
	_ifq->altq_flags |= ALTQF_READY;
}
void	ifq_set_cpuid(struct ifaltq *, int cpuid);

/* sys/mbuf.h: a packet-header mbuf with a 2 KiB cluster from the DMA arena */
struct mbuf *m_getcl(int how, short type, int flags);

/* sys/bus_dma.h: an mbuf chain's data as at most maxsegs segments, no defragmenting */
int	bus_dmamap_load_mbuf_segment(bus_dma_tag_t dmat, bus_dmamap_t map, struct mbuf *mbuf,
	    bus_dma_segment_t *segs, int maxsegs, int *nsegs, int flags);

/* sys/rman.h: the cpu an interrupt resource is bound to (the harness has one cpu) */
int	shim_rman_get_cpuid(struct resource *);
#define rman_get_cpuid(r)	shim_rman_get_cpuid(r)

/* sys/time.h: uptime from the deterministic scheduler's ticks */
void	getmicrouptime(struct timeval *);

/* sys/bus.h */
const char *device_get_name(device_t);
int	device_get_unit(device_t);

/* sys/systm.h; the serializers and sleep are dfly-serialize.h's */
extern int ncpus;
/* DELAY(): a busy-wait, recorded (the device acts on its own; time in microseconds is summed) */
void	DELAY(int usec);
extern long shim_delay_us;

/* sys/callout.h: timers recorded with their deadline in ticks; the fixture fires them */
struct callout {
	void	(*c_func)(void *);
	void	*c_arg;
	long	 c_time;	/* deadline, in the scheduler's ticks */
	int	 c_flags;	/* CALLOUT_ACTIVE | CALLOUT_PENDING */
	int	 shim_inited;
	int	 shim_running;	/* its handler is running */
};
#define CALLOUT_ACTIVE	0x0002
#define CALLOUT_PENDING	0x0004
#define callout_active(c)	((c)->c_flags & CALLOUT_ACTIVE)
#define callout_pending(c)	((c)->c_flags & CALLOUT_PENDING)
void	callout_init_mp(struct callout *);
void	callout_reset(struct callout *, int ticks, void (*)(void *), void *);
int	callout_stop(struct callout *);

/*
 * The fixture's side.  Frames the driver passes up (if_input) go to
 * shim_ether_input_hook (default: counted in shim_ether_input_count, then
 * freed).  shim_ifq_handoff plays ifq_dispatch; shim_ifq_run_devstart runs a
 * start the driver scheduled; shim_ifioctl_setflags plays ifioctl's
 * SIOCSIFFLAGS; shim_callout_run fires the callouts whose deadline has
 * passed (the scheduler's clock, ksched_run advances it), earliest first.
 */
extern void	(*shim_ether_input_hook)(struct ifnet *, struct mbuf *);
extern int	shim_ether_input_count;
extern int	shim_mclget_fail;	/* the next N m_getcl calls fail (M_NOWAIT exhaustion) */
extern int	shim_mcl_live;		/* clusters handed out and not yet freed */
int	shim_ifq_handoff(struct ifnet *, struct mbuf *);
int	shim_ifq_run_devstart(struct ifnet *);
int	shim_ifioctl_setflags(struct ifnet *, int flags);
int	shim_callout_run(void);
void	shim_mcl_drain(void);

#endif
