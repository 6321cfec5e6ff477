/*
 * Host shim for DragonFly: bus_space on the one I/O BAR, the interrupt
 * resource, PCI identity.
 */
#include "dfly-kernel.h"
#include "dfly-shim.h"

/* The legacy virtio header is 20 bytes, device config follows: 64 bytes of BAR 0. */
#define SHIM_IO_TAG	0x0	/* X86_64_BUS_SPACE_IO */
#define SHIM_IO_BASE	0xc000
#define SHIM_IO_SIZE	0x40
#define SHIM_IRQ	11

static struct resource io_res, irq_res;
struct shim_intr shim_intr;

static void
check_handle(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, int w, const char *file, int line)
{
	if (t != SHIM_IO_TAG || h != SHIM_IO_BASE || o + (bus_size_t)w > SHIM_IO_SIZE || !io_res.shim_allocated)
		harness_panic(file, line, "bus_space access outside BAR 0 (tag %#lx handle %#lx offset %#lx)",
		    (unsigned long)t, (unsigned long)h, (unsigned long)o);
}

uint32_t
shim_bus_read(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, int w, const char *file, int line)
{
	check_handle(t, h, o, w, file, line);
	return ev_io_read(w, o, file, line);
}

void
shim_bus_write(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, int w, uint32_t v, const char *file, int line)
{
	check_handle(t, h, o, w, file, line);
	ev_io_write(w, o, v, file, line);
}

struct resource *
bus_alloc_resource_any(device_t dev, int type, int *rid, u_int flags)
{
	struct resource *r = type == SYS_RES_IOPORT ? &io_res : type == SYS_RES_IRQ ? &irq_res : NULL;

	(void)dev;
	if (r == NULL || !(flags & RF_ACTIVE) || (type == SYS_RES_IOPORT && *rid != PCIR_BAR(0)) || r->shim_allocated)
		return NULL;
	r->r_type = type;
	r->r_rid = *rid;
	r->shim_allocated = 1;
	r->r_bustag = SHIM_IO_TAG;
	r->r_bushandle = type == SYS_RES_IOPORT ? SHIM_IO_BASE : 0;
	r->r_start = type == SYS_RES_IOPORT ? SHIM_IO_BASE : SHIM_IRQ;
	r->r_end = type == SYS_RES_IOPORT ? SHIM_IO_BASE + SHIM_IO_SIZE - 1 : SHIM_IRQ;
	return r;
}

int
bus_release_resource(device_t dev, int type, int rid, struct resource *r)
{
	(void)dev;
	if (r == NULL || r->r_type != type || r->r_rid != rid || !r->shim_allocated)
		harness_panic(__FILE__, __LINE__, "bus_release_resource of a resource not allocated");
	r->shim_allocated = 0;
	return 0;
}

int
bus_setup_intr(device_t dev, struct resource *r, int flags, driver_intr_t handler, void *arg,
    void **cookiep, lwkt_serialize_t serializer)
{
	(void)dev; (void)flags;
	if (r != &irq_res || !irq_res.shim_allocated || shim_intr.established)
		harness_panic(__FILE__, __LINE__, "bus_setup_intr on a bad or busy irq resource");
	shim_intr.handler = handler;
	shim_intr.arg = arg;
	shim_intr.serializer = serializer;
	shim_intr.established = 1;
	*cookiep = &shim_intr;
	return 0;
}

/* The kernel runs the handler the parent set up inside its serializer; 0 when none is set up. */
int
shim_deliver_interrupt(void)
{
	if (!shim_intr.established)
		return 0;
	if (shim_intr.serializer != NULL) {
		if (shim_intr.serializer->entered)
			panic("interrupt while the serializer is held");
		shim_intr.serializer->entered = 1;
	}
	shim_intr.handler(shim_intr.arg);
	if (shim_intr.serializer != NULL)
		shim_intr.serializer->entered = 0;
	return 1;
}

/* ksched_idle's shape: a sleeping main thread lets the pending interrupt in. */
void
shim_deliver_idle(void)
{
	(void)shim_deliver_interrupt();
}

int
bus_teardown_intr(device_t dev, struct resource *r, void *cookie)
{
	(void)dev; (void)r;
	if (cookie != &shim_intr || !shim_intr.established)
		harness_panic(__FILE__, __LINE__, "bus_teardown_intr of an interrupt not set up");
	shim_intr.established = 0;
	return 0;
}

uint16_t pci_get_vendor(device_t dev) { return dev->vendor; }
uint16_t pci_get_device(device_t dev) { return dev->device; }
uint16_t pci_get_subvendor(device_t dev) { return dev->subvendor; }
uint16_t pci_get_subdevice(device_t dev) { return dev->subdevice; }
uint8_t pci_get_revid(device_t dev) { return dev->revid; }
int pci_enable_busmaster(device_t dev) { (void)dev; return 0; }

uint32_t
pci_read_config(device_t dev, int reg, int width)
{
	if (reg == PCIR_SUBVEND_0 && width == 4)
		return (uint32_t)dev->subdevice << 16 | dev->subvendor;
	if (reg == PCIR_SUBDEV_0 && width == 2)
		return dev->subdevice;
	if (reg == PCIR_DEVVENDOR && width == 4)
		return (uint32_t)dev->device << 16 | dev->vendor;
	harness_panic(__FILE__, __LINE__, "pci_read_config(%#x, %d) not modelled", reg, width);
}

int
pci_alloc_1intr(device_t dev, int msi_enable, int *rid, u_int *flags)
{
	(void)dev;
	if (msi_enable)
		harness_panic(__FILE__, __LINE__, "MSI is not modelled (the legacy config offset assumes INTx)");
	*rid = 0;
	*flags = RF_ACTIVE | RF_SHAREABLE;
	return 0;	/* PCI_INTR_TYPE_LEGACY */
}
