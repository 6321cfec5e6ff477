/*
 * Host shim for DragonFly's network stack, as far as vioif's transmit path
 * and its test fixture use it (net/if_var.h, net/ifq_var.h, net/bpf.h,
 * sys/mbuf.h, sys/bus_dma.h's mbuf loaders); the structures carry the fields
 * the whole driver needs too, whose interfaces are in dfly-net-whole.h.  The inlines keep the corpus's
 * bodies (net/ifq_var.h); ifsq_devstart_sched() is a scheduled start that
 * the fixture runs after the current driver entry returns (once, never
 * inside if_start), as the subqueue's netmsg does on its CPU.
 */
#ifndef DFLY_SHIM_NET_H
#define DFLY_SHIM_NET_H

#include "dfly-kernel.h"
#include <sys/queue.h>

typedef char		*caddr_t;
struct ucred;
struct ifmediareq;
struct timeval { long tv_sec, tv_usec; };

/* sys/errno.h additions */
#define ENOBUFS		55
#define ENODEV		19

/* net/ethernet.h */
#define ETHER_ADDR_LEN	6
#define ETHER_HDR_LEN	14
#define ETHER_CRC_LEN	4
#define ETHER_MAX_LEN	1518

/* sys/mbuf.h: one mbuf per packet, its data in the DMA arena (a cluster: M_EXT, freed by ext_free) */
#define MCLBYTES	2048
#define M_EXT		0x0001
#define M_PKTHDR	0x0002
#define MT_DATA		1
struct pkthdr { struct ifnet *rcvif; int len; };
struct m_ext {
	caddr_t	ext_buf;
	void	(*ext_free)(void *);
	u_int	ext_size;
	void	(*ext_ref)(void *);
	void	*ext_arg;
};
struct mbuf {
	struct mbuf	*m_next;
	struct mbuf	*m_nextpkt;
	char		*m_data;
	int		 m_len;
	int		 m_flags;
	int		 m_type;
	struct pkthdr	 m_pkthdr;
	struct m_ext	 m_ext;
	int		 shim_serial;	/* the n-th packet the test sent (for the trace); 0: kernel-allocated */
};
void	_m_freem(struct mbuf *, const char *name);
#define m_freem(m)	_m_freem(m, __func__)

/* net/if.h */
#define IFF_BROADCAST	0x2
#define IFF_RUNNING	0x40
#define IFF_PROMISC	0x100
#define IFF_ALLMULTI	0x200
#define IFF_SIMPLEX	0x800
#define IFF_MULTICAST	0x8000

/* net/ifq_var.h: the send subqueue (a FIFO of packets plus the prepended one) */
struct ifaltq_subque {
	struct spinlock	 ifsq_lock;
	struct ifnet	*ifsq_ifp;
	struct mbuf	*ifsq_prepended;
	struct mbuf	*shim_head, *shim_tail;
	int		 ifsq_len;
	int		 ifsq_hw_oactive;
	int		 shim_started;	/* if_start is running */
	int		 shim_sched;	/* ifsq_devstart_sched() pending */
};
struct ifaltq {
	struct ifaltq_subque altq_subq[1];
	int		 altq_maxlen;	/* ifq_set_maxlen */
	int		 altq_flags;	/* ALTQF_READY */
	int		 shim_cpuid;	/* ifq_set_cpuid */
};
#define ALTQ_SUBQ_INDEX_DEFAULT	0
typedef void	(*ifsq_watchdog_t)(struct ifaltq_subque *);
struct ifsubq_watchdog {
	int			 wd_timer;
	struct ifaltq_subque	*wd_subq;
	ifsq_watchdog_t		 wd_watchdog;
	int			 shim_running;
};

/* net/if_var.h */
struct ifdata_pcpu { u_long ifd_ipackets, ifd_ierrors, ifd_opackets, ifd_oerrors, ifd_iqdrops, ifd_oqdrops; };
struct pktinfo;
struct ifmultiaddr;
TAILQ_HEAD(ifmultihead, ifmultiaddr);
enum ifnet_serialize { IFNET_SERIALIZE_ALL };
struct ifnet {
	void		*if_softc;
	char		 if_xname[16];
	const char	*if_dname;
	int		 if_dunit;
	int		 if_flags;
	u_char		 if_type, if_addrlen, if_hdrlen;
	u_long		 if_mtu;
	int		 if_capabilities, if_capenable;
	struct ifmultihead if_multiaddrs;
	struct ifaltq	 if_snd;
	void		*if_bpf;
	struct ifdata_pcpu if_data_pcpu[1];
	void		(*if_start)(struct ifnet *, struct ifaltq_subque *);
	void		(*if_input)(struct ifnet *, struct mbuf *, const struct pktinfo *, int);
	int		(*if_ioctl)(struct ifnet *, u_long, caddr_t, struct ucred *);
	void		(*if_init)(void *);
	void		(*if_serialize)(struct ifnet *, enum ifnet_serialize);
	void		(*if_deserialize)(struct ifnet *, enum ifnet_serialize);
	int		(*if_tryserialize)(struct ifnet *, enum ifnet_serialize);
	void		(*if_serialize_assert)(struct ifnet *, enum ifnet_serialize, int);
	struct lwkt_serialize *if_serializer;
	int		 shim_attached;	/* between ether_ifattach and ether_ifdetach */
};
#define mycpuid		0
#define IFNET_STAT_INC(ifp, name, v) \
do { \
	(ifp)->if_data_pcpu[mycpuid].ifd_##name += (v); \
} while (0)
struct arpcom { struct ifnet ac_if; uint8_t ac_enaddr[ETHER_ADDR_LEN]; };
/* net/if_media.h */
typedef int	(*ifm_change_cb_t)(struct ifnet *);
typedef void	(*ifm_stat_cb_t)(struct ifnet *, struct ifmediareq *);
struct ifmedia_entry {
	LIST_ENTRY(ifmedia_entry) ifm_list;
	int	ifm_media;
	int	ifm_data;
	void	*ifm_aux;
};
struct ifmedia {
	int	ifm_mask;
	int	ifm_media;
	struct ifmedia_entry *ifm_cur;
	LIST_HEAD(, ifmedia_entry) ifm_list;
	ifm_change_cb_t	ifm_change;
	ifm_stat_cb_t	ifm_status;
};

struct mbuf *ifsq_dequeue(struct ifaltq_subque *);
void	ifsq_prepend(struct ifaltq_subque *, struct mbuf *);
void	ifsq_devstart_sched(struct ifaltq_subque *);
void	ifsq_watchdog_init(struct ifsubq_watchdog *, struct ifaltq_subque *, ifsq_watchdog_t);
void	ifsq_watchdog_start(struct ifsubq_watchdog *);
void	ifsq_watchdog_stop(struct ifsubq_watchdog *);

static __inline void
ifsq_set_oactive(struct ifaltq_subque *_ifsq)
{
	_ifsq->ifsq_hw_oactive = 1;
}

static __inline void
ifsq_clr_oactive(struct ifaltq_subque *_ifsq)
{
	_ifsq->ifsq_hw_oactive = 0;
}

static __inline int
ifsq_is_oactive(const struct ifaltq_subque *_ifsq)
{
	return _ifsq->ifsq_hw_oactive;
}

static __inline int
ifsq_is_empty(const struct ifaltq_subque *_ifsq)
{
	return(_ifsq->ifsq_len == 0);
}

static __inline struct ifnet *
ifsq_get_ifp(const struct ifaltq_subque *_ifsq)
{
	return _ifsq->ifsq_ifp;
}

static __inline struct ifaltq_subque *
ifq_get_subq_default(const struct ifaltq *_ifq)
{
	return __DECONST(struct ifaltq_subque *, &_ifq->altq_subq[ALTQ_SUBQ_INDEX_DEFAULT]);
}

/* net/bpf.h: the macro's shape (no listener in the tests: if_bpf stays NULL) */
void	bpf_gettoken(void);
void	bpf_reltoken(void);
void	bpf_mtap(void *, struct mbuf *);
#define	BPF_MTAP(_ifp,_m) do {						\
	if ((_ifp)->if_bpf) {						\
		bpf_gettoken();						\
		if ((_ifp)->if_bpf)					\
			bpf_mtap((_ifp)->if_bpf, (_m));			\
		bpf_reltoken();						\
	}								\
} while (0)

/* sys/bus_dma.h: an mbuf chain's data as segments (split at the tag's maxsegsz) */
int	bus_dmamap_load_mbuf_defrag(bus_dma_tag_t dmat, bus_dmamap_t map, struct mbuf **mbuf,
	    bus_dma_segment_t *segs, int maxsegs, int *nsegs, int flags);

/* For the fixture: a packet from the test, and the scheduled start / watchdog tick. */
struct mbuf *shim_mbuf_from(const void *data, int len);
void	 shim_ifsq_enqueue(struct ifaltq_subque *, struct mbuf *);
int	 shim_ifsq_run_sched(struct ifaltq_subque *);
void	 shim_ifsq_watchdog_tick(struct ifsubq_watchdog *);

/* The rest of the stack, for the whole driver (its shims are in drivers/net-kern.c). */
#include "dfly-net-whole.h"

#endif
