/*
 * Harness fixture for the WHOLE translated net driver, included after
 * if_vioif.c in one unit (scenarios/vioif-whole-plugin.ts writes it), so the
 * driver is compiled unmodified and its static softc and functions are
 * visible here.  It plays the kernel around the driver, through the driver's
 * own registrations: newbus attaches and detaches it (vioif_attach through
 * DRIVER_MODULE), the stack hands it packets (ifq_dispatch -> if_start),
 * changes its flags (ifioctl SIOCSIFFLAGS -> if_ioctl, serialized) and its
 * multicast list (if_addmulti -> SIOCADDMULTI), receives its frames
 * (if_input -> shim_ether_input_hook), ticks its watchdog and callouts; the
 * interrupt runs the handler the parent set up, inside its serializer.
 * A header by name only so the harness cache hashes it.
 *
 * Commands: {"cmd":"driver","call":C,"args":{...}} with C one of
 *   vioif_attach {deviceid}   vioif_send {frames:[hex...]}   vioif_flags {flags}
 *   vioif_addmulti {mac:hex}  vioif_delmulti {mac:hex}      vioif_intr
 *   vioif_tick {ticks}        vioif_media (SIOCGIFMEDIA)      vioif_detach
 *   vioif_mclfail {n}         (the next n M_NOWAIT cluster allocations fail)
 * each answering the interface's state (report()).
 */

#include "dfly-net.h"
#include "dfly-shim.h"
#include "json.h"
#include "kthread-sched.h"

void	call_begin(int inject);	/* common/events.c: a driver entry the fixture starts itself */
void	call_end(void);
extern int shim_dma_live;	/* dma.c: tags and maps not yet destroyed */

static device_t vio_dev;		/* the virtio parent */
static struct vioif_softc *vioif;	/* the attached interface, NULL when none */

/* A received frame reaches the stack: reported with its length and an FNV-1a digest, then freed. */
static void
fixture_ether_input(struct ifnet *ifp, struct mbuf *m)
{
	uint32_t h = 2166136261u;
	int i;

	(void)ifp;
	for (i = 0; i < m->m_len; i++)
		h = (h ^ (uint8_t)m->m_data[i]) * 16777619u;
	ev_callback("rx", m->m_pkthdr.len, (long)h);
	m_freem(m);
}

static void
report(void)
{
	struct ifnet *ifp;
	struct ifaltq_subque *ifsq;

	out_int("attached", vioif != NULL);
	out_int("rx_frames", shim_ether_input_count);
	out_int("clusters", shim_mcl_live);
	out_int("dma_live", shim_dma_live);
	out_int("t", ksched_now());
	if (vioif == NULL)
		return;
	ifp = &vioif->sc_arpcom.ac_if;
	ifsq = ifq_get_subq_default(&ifp->if_snd);
	out_int("flags", ifp->if_flags);
	out_int("nvqs", vioif->sc_virtio->sc_nvqs);
	out_int("oactive", ifsq_is_oactive(ifsq));
	out_int("qlen", ifsq->ifsq_len);
	out_int("timer", vioif->sc_tx_wdog.wd_timer);
	out_int("ipackets", (long long)ifp->if_data_pcpu[0].ifd_ipackets);
	out_int("opackets", (long long)ifp->if_data_pcpu[0].ifd_opackets);
	out_int("oerrors", (long long)ifp->if_data_pcpu[0].ifd_oerrors);
	out_hex("mac", vioif->sc_arpcom.ac_enaddr, ETHER_ADDR_LEN);
}

static void
attach(const jnode *args)
{
	struct virtio_softc *vsc;
	int r;

	vio_dev = device_add_child(shim_root_device(), NULL, 0);
	vio_dev->vendor = vio_dev->subvendor = 0x1af4;
	vio_dev->device = (uint16_t)(0x1000 + j_need(args, "deviceid") - 1);
	vio_dev->subdevice = (uint16_t)j_need(args, "deviceid");
	r = shim_probe_attach(vio_dev, "pci");
	vsc = device_get_softc(vio_dev);
	if (r == 0 && vsc->sc_child != NULL && vsc->sc_child != (void *)1)
		vioif = device_get_softc(vsc->sc_child);
	out_int("r", r);
	if (vioif != NULL)
		out_int("features", vioif->sc_virtio->sc_features);
}

/* An AF_LINK group address, as the stack hands it to if_addmulti/if_delmulti. */
static int
multi(const jnode *args, int add)
{
	struct sockaddr_dl sdl;

	memset(&sdl, 0, sizeof(sdl));
	sdl.sdl_len = sizeof(sdl);
	sdl.sdl_family = AF_LINK;
	sdl.sdl_alen = ETHER_ADDR_LEN;
	if (j_hex(j_get(args, "mac"), (unsigned char *)LLADDR(&sdl), ETHER_ADDR_LEN) != ETHER_ADDR_LEN)
		panic("vioif_%smulti: mac must be 6 bytes", add ? "add" : "del");
	return add ? if_addmulti(&vioif->sc_arpcom.ac_if, (struct sockaddr *)&sdl, NULL) :
	    if_delmulti(&vioif->sc_arpcom.ac_if, (struct sockaddr *)&sdl);
}

static void
send(const jnode *args)
{
	static unsigned char buf[ETHER_MAX_LEN];
	const jnode *frames = j_get(args, "frames");
	int i, r = 0;

	for (i = 0; i < j_len(frames); i++) {
		size_t n = j_hex(j_at(frames, i), buf, sizeof(buf));

		r |= shim_ifq_handoff(&vioif->sc_arpcom.ac_if, shim_mbuf_from(buf, (int)n));
	}
	out_int("r", r);
}

/* ifioctl(SIOCGIFMEDIA): the driver's if_ioctl under the ifnet serializer, its answer reported. */
static void
get_media(void)
{
	struct ifnet *ifp = &vioif->sc_arpcom.ac_if;
	struct ifmediareq ifmr;
	int words[4], r;

	memset(&ifmr, 0, sizeof(ifmr));
	ifmr.ifm_count = 4;
	ifmr.ifm_ulist = words;
	ifnet_serialize_all(ifp);
	r = ifp->if_ioctl(ifp, SIOCGIFMEDIA, (caddr_t)&ifmr, NULL);
	ifnet_deserialize_all(ifp);
	out_int("r", r);
	out_int("current", ifmr.ifm_current);
	out_int("active", ifmr.ifm_active);
	out_int("status", ifmr.ifm_status);
	out_int("count", ifmr.ifm_count);
}

/* `ticks' of simulated time: the subqueue watchdog's seconds (under the serializer, as its callout), then due callouts. */
static void
tick(const jnode *args)
{
	struct ifnet *ifp = &vioif->sc_arpcom.ac_if;
	long ticks = j_int(j_get(args, "ticks"), hz), t;

	for (t = 0; t < ticks; t++) {
		ksched_run(1);
		if (ksched_now() % hz == 0) {
			ifnet_serialize_all(ifp);
			shim_ifsq_watchdog_tick(&vioif->sc_tx_wdog);
			ifnet_deserialize_all(ifp);
		}
		(void)shim_callout_run();
	}
}

int
driver_command(const char *cmd, const jnode *args)
{
	if (strcmp(cmd, "driver") != 0)
		return 0;
	cmd = j_str(j_get(args, "call"));
	args = j_get(args, "args");
	if (cmd == NULL)
		panic("driver command without a call");
	if (strcmp(cmd, "vioif_attach") == 0)
		attach(args);
	else if (vioif == NULL)
		panic("%s: no interface attached", cmd);
	else if (strcmp(cmd, "vioif_send") == 0)
		send(args);
	else if (strcmp(cmd, "vioif_flags") == 0)
		out_int("r", shim_ifioctl_setflags(&vioif->sc_arpcom.ac_if, (int)j_need(args, "flags")));
	else if (strcmp(cmd, "vioif_addmulti") == 0 || strcmp(cmd, "vioif_delmulti") == 0)
		out_int("r", multi(args, strcmp(cmd, "vioif_addmulti") == 0));
	else if (strcmp(cmd, "vioif_intr") == 0)
		shim_deliver_interrupt();
	else if (strcmp(cmd, "vioif_tick") == 0)
		tick(args);
	else if (strcmp(cmd, "vioif_media") == 0)
		get_media();
	else if (strcmp(cmd, "vioif_mclfail") == 0)
		shim_mclget_fail = (int)j_need(args, "n");
	else if (strcmp(cmd, "vioif_detach") == 0) {
		struct virtio_softc *vsc = device_get_softc(vio_dev);
		int r = device_delete_child(vio_dev, vsc->sc_child);

		out_int("r", r);
		if (r == 0)
			vioif = NULL;
	} else
		panic("unknown driver call '%s'", cmd);
	report();
	return 1;
}

/* After every command: a start the driver scheduled runs now (bounded), then the rings' changes. */
void
driver_end_of_command(void)
{
	static unsigned char *last[3];
	static size_t lastn[3];
	char key[4] = "vq0";
	int i;

	for (i = 0; vioif != NULL && i < 4 && ifq_get_subq_default(&vioif->sc_arpcom.ac_if.if_snd)->shim_sched; i++) {
		call_begin(0);
		(void)shim_ifq_run_devstart(&vioif->sc_arpcom.ac_if);
		call_end();
	}
	for (i = 0; vioif != NULL && i < vioif->sc_virtio->sc_nvqs; i++) {
		key[2] = (char)('0' + i);
		out_delta(key, vioif->sc_vq[i].vq_vaddr, vioif->sc_vq[i].vq_bytesize, &last[i], &lastn[i]);
	}
}

__attribute__((constructor)) static void
vioif_whole_fixture_init(void)
{
	ksched_idle = shim_deliver_idle;
	shim_ether_input_hook = fixture_ether_input;
}
