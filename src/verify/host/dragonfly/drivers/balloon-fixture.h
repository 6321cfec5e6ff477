/*
 * Harness fixture for the translated balloon driver, included after viomb.c
 * in one unit (the balloon plugin writes it, scenarios/viomb-plugin.ts), so the
 * driver is compiled unmodified and its static softc is visible to the
 * fixture's read-outs.  viomb is attached by the parent through newbus and
 * driven by kernel events, not driver calls: attach, let the kernel threads
 * run for some ticks, detach.  Interrupts stay the adapter's "intr".
 * A header by name only so the harness cache hashes it.
 */

#include "dfly-shim.h"
#include "json.h"
#include "kthread-sched.h"

static device_t vio_dev;		/* the virtio parent */
static struct viomb_softc *viomb;	/* the attached balloon, NULL when none */
/* its rings, kept after detach (arena memory is never reused) so detach's last requests show */
static struct { void *va; size_t n; } rings[2];

static int
balloon_pages(void)
{
	struct vm_page *m;
	int n = 0;

	TAILQ_FOREACH(m, &viomb->sc_balloon_pages, pageq)
		n++;
	return n;
}

/* What the driver's state looks like from outside: its sysctls, its page lists, its thread. */
static void
report(void)
{
	const char *wmesg;
	long left;

	out_int("t", ksched_now());
	out_int("free", shim_vm_pool_free());
	out_int("kt", ksched_state(&wmesg, &left));
	out_int("left", left);
	if (viomb == NULL)
		return;
	out_int("npages", viomb->sc_npages);
	out_int("actual", viomb->sc_actual);
	out_int("inflight", viomb->sc_inflight);
	out_int("balloon", balloon_pages());
}

static void
attach_balloon(const jnode *args)
{
	struct virtio_softc *vsc;
	int r;

	shim_vm_pool_init((int)j_need(args, "pool"), (uint64_t)j_need(args, "pfn"));
	vio_dev = device_add_child(shim_root_device(), NULL, 0);
	vio_dev->vendor = vio_dev->subvendor = 0x1af4;
	vio_dev->device = (uint16_t)(0x1000 + j_need(args, "deviceid") - 1);
	vio_dev->subdevice = (uint16_t)j_need(args, "deviceid");
	r = shim_probe_attach(vio_dev, "pci");
	vsc = device_get_softc(vio_dev);
	if (r == 0 && vsc->sc_child != NULL && vsc->sc_child != (void *)1) {
		viomb = device_get_softc(vsc->sc_child);
		rings[0].va = viomb->sc_vq[0].vq_vaddr;
		rings[0].n = viomb->sc_vq[0].vq_bytesize;
		rings[1].va = viomb->sc_vq[1].vq_vaddr;
		rings[1].n = viomb->sc_vq[1].vq_bytesize;
	}
	out_int("r", r);
	out_int("child", viomb != NULL);
}

int
driver_command(const char *cmd, const jnode *args)
{
	if (strcmp(cmd, "driver") != 0)
		return 0;
	cmd = j_str(j_get(args, "call"));
	args = j_get(args, "args");
	if (cmd != NULL && strcmp(cmd, "viomb_attach") == 0)
		attach_balloon(args);
	else if (cmd != NULL && strcmp(cmd, "sched") == 0)
		ksched_run((long)j_need(args, "ticks"));
	else if (cmd != NULL && strcmp(cmd, "viomb_detach") == 0) {
		struct virtio_softc *vsc = device_get_softc(vio_dev);
		device_t child = vsc->sc_child;
		int r;

		if (viomb == NULL)
			panic("viomb_detach: no balloon attached");
		r = device_delete_child(vio_dev, child);
		out_int("r", r);
		if (r == 0)
			viomb = NULL;
	} else
		panic("unknown driver call '%s'", cmd != NULL ? cmd : "(none)");
	report();
	return 1;
}

/* The balloon's two virtqueues, as changes since the previous reply. */
void
driver_end_of_command(void)
{
	static unsigned char *last[2];
	static size_t lastn[2];
	static const char *key[2] = { "vq0", "vq1" };
	int i;

	for (i = 0; i < 2; i++)
		if (rings[i].va != NULL)
			out_delta(key[i], rings[i].va, rings[i].n, &last[i], &lastn[i]);
}

/* A detach that sleeps waits for interrupts the kernel would deliver meanwhile. */
__attribute__((constructor)) static void
balloon_fixture_init(void)
{
	ksched_idle = shim_deliver_idle;
}
