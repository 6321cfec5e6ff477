/*
 * DragonFly flavour of the harness: attaches the translated virtio parent
 * through its newbus method table, with a test child registered on its bus
 * (DRIVER_MODULE(..., virtiobus, ...)) the way a ported child driver is, and
 * delivers interrupts through the handler the parent gave bus_setup_intr().
 */
#include "flavour-adapter.h"
#include "dfly-shim.h"
#include "vq-commands.h"

static struct {
	int		enabled;
	uint32_t	features;
	int		nvqs;
	int		maxsegsize[TC_MAXVQS];
	int		maxnsegs[TC_MAXVQS];
} tc_config;

struct tc_softc {
	struct test_child	tc;
	struct lwkt_serialize	slz;
};

static struct test_child *tc_current;

static int
tc_vq_done(struct virtqueue *vq)
{
	ev_callback("vq_done", vq->vq_index, 0);
	return 1;
}

static int
tc_config_change(struct virtio_softc *vsc)
{
	ev_callback("config_change", 0, (long)nbsd_virtio_read_device_config_4(vsc, 0));
	return 1;
}

static int
tc_probe(device_t self)
{
	(void)self;
	return tc_config.enabled ? BUS_PROBE_DEFAULT : ENXIO;
}

/* A child's attach as the parent's contract asks (see virtio_child_attach_finish). */
static int
tc_attach(device_t self)
{
	struct tc_softc *sc = device_get_softc(self);
	struct virtio_softc *vsc = device_get_ivars(self);
	int i;

	sc->tc.vsc = vsc;
	lwkt_serialize_init(&sc->slz);
	vsc->sc_child = self;
	vsc->sc_child_slz = &sc->slz;
	vsc->sc_vqs = sc->tc.vqs;
	vsc->sc_config_change = tc_config_change;
	vsc->sc_intrhand = nbsd_virtio_vq_intr;
	(void)nbsd_virtio_negotiate_features(vsc, tc_config.features);
	for (i = 0; i < tc_config.nvqs; i++) {
		if (nbsd_virtio_alloc_vq(vsc, &sc->tc.vqs[i], i, tc_config.maxsegsize[i], tc_config.maxnsegs[i], "test") != 0)
			return ENXIO;
		sc->tc.vqs[i].vq_done = tc_vq_done;
		sc->tc.nvqs = i + 1;
	}
	vsc->sc_nvqs = sc->tc.nvqs;
	if (nbsd_virtio_child_attach_finish(vsc) != 0)
		return ENXIO;
	tc_current = &sc->tc;
	return 0;
}

static device_method_t tc_methods[] = {
	DEVMETHOD(device_probe,		tc_probe),
	DEVMETHOD(device_attach,	tc_attach),
	DEVMETHOD_END
};
static driver_t tc_driver = { "testchild", tc_methods, sizeof(struct tc_softc) };
static devclass_t tc_devclass;
DRIVER_MODULE(testchild, virtiobus, tc_driver, tc_devclass, NULL, NULL);

static void
attach_command(const jnode *args)
{
	const jnode *vqs = j_get(args, "vqs");
	device_t dev;
	int i, r;

	tc_config.enabled = 1;
	tc_config.features = (uint32_t)j_need(args, "features");
	tc_config.nvqs = j_len(vqs);
	if (tc_config.nvqs > TC_MAXVQS)
		harness_panic(__FILE__, __LINE__, "too many virtqueues");
	for (i = 0; i < tc_config.nvqs; i++) {
		tc_config.maxsegsize[i] = (int)j_int(j_at(j_at(vqs, i), 0), 0);
		tc_config.maxnsegs[i] = (int)j_int(j_at(j_at(vqs, i), 1), 0);
	}
	dev = device_add_child(shim_root_device(), NULL, 0);
	dev->vendor = 0x1af4;
	dev->device = (uint16_t)(0x1000 + j_need(args, "deviceid") - 1);
	dev->subvendor = 0x1af4;
	dev->subdevice = (uint16_t)j_need(args, "deviceid");
	dev->revid = (uint8_t)j_int(j_get(args, "revision"), 0);
	r = shim_probe_attach(dev, "pci");
	out_int("r", r);
	out_int("child", tc_current != NULL);
	if (tc_current != NULL) {
		out_int("features", tc_current->vsc->sc_features);
		out_int("indirect", tc_current->vsc->sc_indirect);
	}
}


/*
 * A child driver's fixture linked into the harness (drivers/, see
 * src/verify/scenarios/registry.ts) takes its own commands first and reports
 * its rings itself; without one these stay NULL.
 */
int	driver_command(const char *cmd, const jnode *args) __attribute__((weak));
void	driver_end_of_command(void) __attribute__((weak));

void
adapter_rings(void)
{
	if (driver_end_of_command != NULL)
		driver_end_of_command();
	else
		vq_rings(tc_current);
}

int
adapter_command(const char *cmd, const jnode *args)
{
	if (driver_command != NULL && driver_command(cmd, args))
		return 1;
	if (strcmp(cmd, "attach") == 0)
		attach_command(args);
	else if (strcmp(cmd, "intr") == 0)
		out_int("delivered", shim_deliver_interrupt());
	else
		return vq_command(tc_current, cmd, args);
	return 1;
}
