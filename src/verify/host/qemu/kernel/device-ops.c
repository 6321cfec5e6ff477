/*
 * What the kernel does to a device when modules come and go, for the
 * fixtures: the PCI bus attaching virtio's parent driver on QEMU's function
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

device_t
qemu_attach_parent(int *error)
{
	device_t dev;

	if (pci_bus == NULL)
		pci_bus = shim_root_device();
	if (qemu_pci_count() < 1)
		panic("QEMU has no virtio PCI function");
	dev = device_add_child(pci_bus, NULL, 0);
	dev->shim_pci = qemu_pci_get(0);
	*error = shim_probe_attach(dev, "pci");
	return dev;
}

int
qemu_detach_parent(device_t dev)
{
	return device_delete_child(pci_bus, dev);
}

device_t
qemu_child(device_t parent)
{
	return parent->nchildren > 0 ? parent->children[0] : NULL;
}

/* device_detach(9): the driver's detach; on success the device stays, driverless, its softc freed. */
int
qemu_detach_child(device_t parent)
{
	device_t child = qemu_child(parent);
	int (*detach)(device_t);
	int r;

	if (child == NULL || !child->attached)
		panic("no attached child to detach");
	detach = (int (*)(device_t))shim_method(child->driver, &device_detach_desc);
	if (detach != NULL && (r = detach(child)) != 0)
		return r;
	child->attached = 0;
	child->driver = NULL;
	harness_free(child->softc);
	child->softc = NULL;
	return 0;
}

/* The child driver is loaded again: the parent's driverless child is probed and attached. */
int
qemu_attach_child(device_t parent)
{
	device_t child = qemu_child(parent);

	if (child == NULL)
		return ENXIO;
	if (child->attached)
		panic("the child is attached already");
	return shim_probe_attach(child, parent->driver->name);
}

/* device_shutdown(9) of the parent at reboot; 0 when it has no shutdown method. */
int
qemu_shutdown(device_t dev)
{
	int (*shutdown)(device_t) = (int (*)(device_t))shim_method(dev->driver, &device_shutdown_desc);

	return shutdown != NULL ? shutdown(dev) : 0;
}

void
qemu_report_live(void)
{
	extern int shim_dma_live;

	out_int("dma_bytes", (long long)arena_live_bytes());
	out_int("dma_objects", shim_dma_live);
	out_int("heap_bytes", (long long)heap_live_bytes());
}
