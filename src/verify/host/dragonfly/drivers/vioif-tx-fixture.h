/*
 * Test fixture for vioif's transmit path, #included at the end of the unit
 * that src/verify/harness/vioif-extract.ts cuts out of the TRANSLATED
 * if_vioif.c (its header part and vioif_alloc_mems, vioif_start,
 * vioif_tx_vq_done, vioif_watchdog, unmodified), so it can hand the static
 * functions to the parent and the stack the way vioif_attach does.
 *
 * Its attach is vioif_attach's virtio half (the same calls in the same order,
 * without the MAC read and the control queue) and the ifnet fields the tx
 * path reads, then the end of vioif_init (IFF_RUNNING, oactive clear, the
 * watchdog started); rx buffers are not posted.  Its commands play the
 * network stack: queue packets and call if_start as ifq_dispatch does, tick
 * the subqueue watchdog, and run a scheduled start after each entry returns.
 */
#include "dfly-shim.h"

size_t	j_hex(const jnode *, unsigned char *buf, size_t max);
void	call_begin(int inject);
void	call_end(void);

#define VIOIF_TX_FEATURES	(VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS | VIRTIO_NET_F_CTRL_VQ | \
				 VIRTIO_NET_F_CTRL_RX | VIRTIO_F_NOTIFY_ON_EMPTY)

static int vioif_tx_enabled;
static struct vioif_softc *vioif_tx_sc;

static int
vioif_tx_fixture_rx_done(struct virtqueue *vq)
{
	ev_callback("vq_done", vq->vq_index, 0);
	return 1;
}

static int
vioif_tx_fixture_probe(device_t self)
{
	(void)self;
	return vioif_tx_enabled ? BUS_PROBE_DEFAULT : ENXIO;
}

static int
vioif_tx_fixture_attach(device_t self)
{
	struct vioif_softc *sc = device_get_softc(self);
	struct virtio_softc *vsc = device_get_softc(device_get_parent(self));
	struct ifnet *ifp = &sc->sc_arpcom.ac_if;
	struct ifaltq_subque *ifsq = ifq_get_subq_default(&ifp->if_snd);

	sc->sc_dev = self;
	sc->sc_virtio = vsc;
	vsc->sc_child = self;
	lwkt_serialize_init(&sc->sc_slz);
	vsc->sc_child_slz = &sc->sc_slz;
	vsc->sc_vqs = &sc->sc_vq[0];
	vsc->sc_config_change = 0;
	vsc->sc_intrhand = nbsd_virtio_vq_intr;
	sc->sc_features = nbsd_virtio_negotiate_features(vsc, VIOIF_TX_FEATURES);
	if (nbsd_virtio_alloc_vq(vsc, &sc->sc_vq[0], 0, MCLBYTES + sizeof(struct virtio_net_hdr), 2, "rx") != 0)
		return ENXIO;
	vsc->sc_nvqs = 1;
	sc->sc_vq[0].vq_done = vioif_tx_fixture_rx_done;
	if (nbsd_virtio_alloc_vq(vsc, &sc->sc_vq[1], 1, sizeof(struct virtio_net_hdr) + (ETHER_MAX_LEN - ETHER_HDR_LEN),
	    VIRTIO_NET_TX_MAXNSEGS + 1, "tx") != 0)
		return ENXIO;
	vsc->sc_nvqs = 2;
	sc->sc_vq[1].vq_done = vioif_tx_vq_done;
	nbsd_virtio_start_vq_intr(vsc, &sc->sc_vq[0]);
	nbsd_virtio_stop_vq_intr(vsc, &sc->sc_vq[1]);
	if (vioif_alloc_mems(sc) < 0)
		return ENXIO;
	if (nbsd_virtio_child_attach_finish(vsc) != 0)
		return ENXIO;

	ifp->if_softc = sc;
	ifp->if_flags = IFF_BROADCAST | IFF_SIMPLEX | IFF_MULTICAST;
	ifp->if_start = vioif_start;
	ifsq->ifsq_ifp = ifp;
	ifsq_watchdog_init(&sc->sc_tx_wdog, ifsq, vioif_watchdog);
	/* the end of vioif_init */
	ifp->if_flags |= IFF_RUNNING;
	ifsq_clr_oactive(ifq_get_subq_default(&ifp->if_snd));
	ifsq_watchdog_start(&sc->sc_tx_wdog);
	vioif_tx_sc = sc;
	return 0;
}

static device_method_t vioif_tx_fixture_methods[] = {
	DEVMETHOD(device_probe,		vioif_tx_fixture_probe),
	DEVMETHOD(device_attach,	vioif_tx_fixture_attach),
	DEVMETHOD_END
};
static driver_t vioif_tx_fixture_driver = { "vioif", vioif_tx_fixture_methods, sizeof(struct vioif_softc) };
static devclass_t vioif_tx_fixture_devclass;
DRIVER_MODULE(vioif_tx_fixture, virtiobus, vioif_tx_fixture_driver, vioif_tx_fixture_devclass, NULL, NULL);

static struct ifaltq_subque *
vioif_tx_ifsq(void)
{
	if (vioif_tx_sc == NULL)
		harness_panic(__FILE__, __LINE__, "net_attach first");
	return ifq_get_subq_default(&vioif_tx_sc->sc_arpcom.ac_if.if_snd);
}

/* What the stack can see after a call: output-active, queued packets, the watchdog timer, counters. */
static void
vioif_tx_state(void)
{
	struct ifnet *ifp = &vioif_tx_sc->sc_arpcom.ac_if;
	struct ifaltq_subque *ifsq = vioif_tx_ifsq();

	out_int("oactive", ifsq_is_oactive(ifsq));
	out_int("qlen", ifsq->ifsq_len);
	out_int("timer", vioif_tx_sc->sc_tx_wdog.wd_timer);
	out_int("opackets", (long long)ifp->if_data_pcpu[0].ifd_opackets);
	out_int("oerrors", (long long)ifp->if_data_pcpu[0].ifd_oerrors);
}

static void
vioif_tx_attach_command(const jnode *args)
{
	device_t dev = device_add_child(shim_root_device(), NULL, 0);
	int r;

	vioif_tx_enabled = 1;
	dev->vendor = 0x1af4;
	dev->device = (uint16_t)(0x1000 + j_need(args, "deviceid") - 1);
	dev->subvendor = 0x1af4;
	dev->subdevice = (uint16_t)j_need(args, "deviceid");
	r = shim_probe_attach(dev, "pci");
	out_int("r", r);
	out_int("child", vioif_tx_sc != NULL);
	if (vioif_tx_sc != NULL) {
		out_int("features", vioif_tx_sc->sc_virtio->sc_features);
		out_int("indirect", vioif_tx_sc->sc_virtio->sc_indirect);
	}
}

/* ifq_dispatch: the packets go on the subqueue; if_start runs unless output is active. */
static void
vioif_tx_send_command(const jnode *args)
{
	static unsigned char buf[ETHER_MAX_LEN];
	const jnode *frames = j_get(args, "frames");
	struct ifaltq_subque *ifsq = vioif_tx_ifsq();
	struct ifnet *ifp = ifsq_get_ifp(ifsq);
	int i;

	for (i = 0; i < j_len(frames); i++) {
		size_t n = j_hex(j_at(frames, i), buf, sizeof(buf));

		shim_ifsq_enqueue(ifsq, shim_mbuf_from(buf, (int)n));
	}
	if (!ifsq_is_oactive(ifsq)) {
		ev_callback("if_start", 0, 0);
		ifsq->shim_started = 1;
		ifp->if_start(ifp, ifsq);
		ifsq->shim_started = 0;
	}
	vioif_tx_state();
}

int
driver_command(const char *cmd, const jnode *args)
{
	if (strcmp(cmd, "net_attach") == 0)
		vioif_tx_attach_command(args);
	else if (strcmp(cmd, "net_send") == 0)
		vioif_tx_send_command(args);
	else if (strcmp(cmd, "net_tick") == 0) {
		shim_ifsq_watchdog_tick(&vioif_tx_sc->sc_tx_wdog);
		vioif_tx_state();
	} else
		return 0;
	return 1;
}

/* After every command: a start scheduled meanwhile runs now (a bounded number of times), then the rings. */
void
driver_end_of_command(void)
{
	static unsigned char *last[3];
	static size_t lastn[3];
	char key[4] = "vq0";
	int i;

	for (i = 0; vioif_tx_sc != NULL && i < 4 && vioif_tx_ifsq()->shim_sched; i++) {
		call_begin(0);
		(void)shim_ifsq_run_sched(vioif_tx_ifsq());
		call_end();
	}
	for (i = 0; vioif_tx_sc != NULL && i < vioif_tx_sc->sc_virtio->sc_nvqs; i++) {
		key[2] = (char)('0' + i);
		out_delta(key, vioif_tx_sc->sc_vq[i].vq_vaddr, vioif_tx_sc->sc_vq[i].vq_bytesize, &last[i], &lastn[i]);
	}
}
