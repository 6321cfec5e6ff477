/*
 * NetBSD flavour of the harness: attaches the original virtio parent through
 * its cfattach, with a test child that config_found() finds the way it finds
 * ld_virtio, and delivers interrupts through pci_intr_establish()'s handler.
 */
#include "flavour-adapter.h"
#include "nbsd-shim.h"
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
	ev_callback("config_change", 0, (long)virtio_read_device_config_4(vsc, 0));
	return 1;
}

static int
tc_match(device_t parent, cfdata_t match, void *aux)
{
	(void)parent; (void)match; (void)aux;
	return tc_config.enabled;
}

/* A child's attach as ld_virtio_attach() does it; failure is the (void *)1 sentinel. */
static void
tc_attach(device_t parent, device_t self, void *aux)
{
	struct tc_softc *sc = device_private(self);
	struct virtio_softc *vsc = device_private(parent);
	int i;

	(void)aux;
	sc->tc.vsc = vsc;
	vsc->sc_child = self;
	vsc->sc_ipl = IPL_BIO;
	vsc->sc_vqs = sc->tc.vqs;
	vsc->sc_config_change = tc_config_change;
	vsc->sc_intrhand = virtio_vq_intr;
	(void)virtio_negotiate_features(vsc, tc_config.features);
	for (i = 0; i < tc_config.nvqs; i++) {
		if (virtio_alloc_vq(vsc, &sc->tc.vqs[i], i, tc_config.maxsegsize[i], tc_config.maxnsegs[i], "test") != 0) {
			vsc->sc_child = (void *)1;
			return;
		}
		sc->tc.vqs[i].vq_done = tc_vq_done;
		sc->tc.nvqs = i + 1;
	}
	vsc->sc_nvqs = sc->tc.nvqs;
	tc_current = &sc->tc;
}

CFATTACH_DECL_NEW(testchild, sizeof(struct tc_softc), tc_match, tc_attach, NULL, NULL);

static void
attach_command(const jnode *args)
{
	const jnode *vqs = j_get(args, "vqs");
	struct cfattach *ca = shim_cfattach_named("virtio");
	struct cfdata cf = { "virtio", 0 };
	int i, r;

	tc_config.enabled = 1;
	tc_config.features = (uint32_t)j_need(args, "features");
	tc_config.nvqs = j_len(vqs);
	if (tc_config.nvqs > TC_MAXVQS || ca == NULL)
		harness_panic(__FILE__, __LINE__, "bad attach");
	for (i = 0; i < tc_config.nvqs; i++) {
		tc_config.maxsegsize[i] = (int)j_int(j_at(j_at(vqs, i), 0), 0);
		tc_config.maxnsegs[i] = (int)j_int(j_at(j_at(vqs, i), 1), 0);
	}
	shim_pa.pa_id = (pcireg_t)(0x1000 + j_need(args, "deviceid") - 1) << 16 | 0x1af4;
	shim_pa.pa_class = (pcireg_t)j_int(j_get(args, "revision"), 0);
	shim_subsys_id = (pcireg_t)j_need(args, "deviceid") << 16 | 0x1af4;
	r = ca->ca_match(NULL, &cf, &shim_pa) ? 0 : ENXIO;
	if (r == 0)
		(void)shim_config_attach(NULL, ca, &shim_pa);
	/* NetBSD's attach returns nothing; DragonFly's result is 0 when the device attached */
	out_int("r", r);
	out_int("child", tc_current != NULL);
	if (tc_current != NULL) {
		out_int("features", tc_current->vsc->sc_features);
		out_int("indirect", tc_current->vsc->sc_indirect);
	}
}

static void
intr_command(void)
{
	if (!shim_intr.established) {
		out_int("delivered", 0);
		return;
	}
	(void)shim_intr.handler(shim_intr.arg);
	out_int("delivered", 1);
}

void
adapter_rings(void)
{
	vq_rings(tc_current);
}

int
adapter_command(const char *cmd, const jnode *args)
{
	if (strcmp(cmd, "attach") == 0)
		attach_command(args);
	else if (strcmp(cmd, "intr") == 0)
		intr_command();
	else
		return vq_command(tc_current, cmd, args);
	return 1;
}
