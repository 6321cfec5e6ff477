/*
 * What the kernel does to a device when modules come and go, for the
 * fixtures' commands attach, detach_parent, detach_child, attach_child and
 * shutdown: the PCI bus attaching virtio's parent driver on QEMU's function
 * (boot or kldload virtio.ko), kldunload/kldload of a child driver
 * (device_detach of its device, then a probe of the childless device when
 * the driver comes back, as bus_generic_driver_added does) and kldunload of
 * the parent (the PCI device's driver detached, its children deleted).
 */
#include "dfly-kernel.h"
#include "dfly-shim.h"
#include "qemu-api.h"
#include "qemu-kern.h"

extern struct kobjop_desc device_detach_desc, device_shutdown_desc;

static device_t pci_bus;
static device_t vio_dev;	/* virtio's device on the PCI bus, NULL while its driver is unloaded */

/* The PCI bus exists before any driver loads: its device_t is not a driver's allocation. */
__attribute__((constructor)) static void
pci_bus_init(void)
{
	pci_bus = shim_root_device();
}

/* kldload virtio.ko: the PCI bus attaches virtio's driver on QEMU's function (and it its child). */
static int
attach_parent(void)
{
	int r;

	if (vio_dev != NULL)
		panic("attach: the parent is attached");
	if (qemu_pci_count() < 1)
		panic("QEMU has no virtio PCI function");
	vio_dev = device_add_child(pci_bus, NULL, 0);
	vio_dev->shim_pci = qemu_pci_get(0);
	r = shim_probe_attach(vio_dev, "pci");
	return r;
}

device_t
qemu_parent(void)
{
	return vio_dev;
}

static device_t
child(void)
{
	return vio_dev != NULL && vio_dev->nchildren > 0 ? vio_dev->children[0] : NULL;
}

void *
qemu_child_softc(void)
{
	device_t c = child();

	return c != NULL && c->attached ? c->softc : NULL;
}

/* device_detach(9): the driver's detach; on success the device stays, driverless, its softc freed. */
static int
detach_child(void)
{
	device_t c = child();
	int (*detach)(device_t);
	int r;

	if (c == NULL || !c->attached)
		panic("no attached child to detach");
	detach = (int (*)(device_t))shim_method(c->driver, &device_detach_desc);
	if (detach != NULL && (r = detach(c)) != 0)
		return r;
	c->attached = 0;
	c->driver = NULL;
	harness_free(c->softc);
	c->softc = NULL;
	return 0;
}

/* The child driver is loaded again: the parent's driverless child is probed and attached. */
static int
attach_child(void)
{
	device_t c = child();

	if (c == NULL)
		return ENXIO;
	if (c->attached)
		panic("the child is attached already");
	return shim_probe_attach(c, vio_dev->driver->name);
}

/* device_shutdown(9) of the parent at reboot; 0 when it has no shutdown method. */
static int
shutdown(void)
{
	int (*fn)(device_t) = (int (*)(device_t))shim_method(vio_dev->driver, &device_shutdown_desc);

	return fn != NULL ? fn(vio_dev) : 0;
}

int
qemu_device_command(const char *cmd)
{
	int r;

	if (strcmp(cmd, "attach") == 0)
		r = attach_parent();
	else if (vio_dev == NULL)
		return 0;
	else if (strcmp(cmd, "detach_parent") == 0) {
		if ((r = device_delete_child(pci_bus, vio_dev)) == 0)
			vio_dev = NULL;
	} else if (strcmp(cmd, "detach_child") == 0)
		r = detach_child();
	else if (strcmp(cmd, "attach_child") == 0)
		r = attach_child();
	else if (strcmp(cmd, "shutdown") == 0)
		r = shutdown();
	else
		return 0;
	out_int("r", r);
	return 1;
}

void
qemu_report_live(void)
{
	extern int shim_dma_live;

	out_int("dma_bytes", (long long)arena_live_bytes());
	out_int("dma_objects", shim_dma_live);
	out_int("heap_bytes", (long long)heap_live_bytes());
}
