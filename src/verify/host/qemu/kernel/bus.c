/*
 * Host shim for DragonFly on QEMU's devices: sys/bus.h resources, bus_space
 * and bus/pci/pcivar.h, where every register access is a port access on the
 * real device (a qtest round trip) and interrupts are QEMU's INTx lines.
 * Replaces dragonfly/bus.c, which answers from the device model instead.
 */
#include "dfly-kernel.h"
#include "dfly-shim.h"
#include "qemu-api.h"
#include "qemu-kern.h"

#define MAXDEV		4
#define MAXINTR		4
#define IRQ_STORM	1000	/* a level-triggered line that stays raised through this many handler runs */

static struct qemu_dev {
	device_t	dev;
	struct resource	io, irq;
} devs[MAXDEV];

static struct qemu_intr {
	struct resource	*res;
	driver_intr_t	*handler;
	void		*arg;
	lwkt_serialize_t serializer;
	int		established;
} intrs[MAXINTR];

static const struct qemu_pci_fn *
pci_fn(device_t dev)
{
	if (dev->shim_pci == NULL)
		panic("device %s has no PCI function behind it", dev->nameunit);
	return dev->shim_pci;
}

static struct qemu_dev *
dev_slot(device_t dev)
{
	int i, free = -1;

	for (i = 0; i < MAXDEV; i++) {
		if (devs[i].dev == dev)
			return &devs[i];
		if (devs[i].dev == NULL && free < 0)
			free = i;
	}
	if (free < 0)
		panic("too many devices with resources");
	devs[free].dev = dev;
	return &devs[free];
}

/* The I/O resource whose handle this is: an access outside it panics, as a stray port write would be a bug. */
static void
check_access(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, int w, const char *file, int line)
{
	int i;

	for (i = 0; i < MAXDEV; i++)
		if (devs[i].io.shim_allocated && t == devs[i].io.r_bustag && h == devs[i].io.r_bushandle &&
		    o + (bus_size_t)w <= rman_get_size(&devs[i].io))
			return;
	harness_panic(file, line, "bus_space access outside an allocated I/O BAR (tag %#lx handle %#lx offset %#lx)",
	    (unsigned long)t, (unsigned long)h, (unsigned long)o);
}

uint32_t
shim_bus_read(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, int w, const char *file, int line)
{
	check_access(t, h, o, w, file, line);
	return qemu_io_read(w, (uint16_t)(h + o));
}

#define LEGACY_QUEUE_NOTIFY	16	/* virtio_pci legacy header: the queue-notify register */
static int notifies[8];

void
shim_bus_write(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, int w, uint32_t v, const char *file, int line)
{
	check_access(t, h, o, w, file, line);
	if (o == LEGACY_QUEUE_NOTIFY && w == 2 && v < 8)
		notifies[v]++;
	qemu_io_write(w, (uint16_t)(h + o), v);
}

/* Kicks of queue q so far: what the device was told, whatever it then did. */
int
qemu_notify_count(int q)
{
	return q >= 0 && q < 8 ? notifies[q] : 0;
}

int qemu_fail_irq;

struct resource *
bus_alloc_resource_any(device_t dev, int type, int *rid, u_int flags)
{
	const struct qemu_pci_fn *f = pci_fn(dev);
	struct qemu_dev *d = dev_slot(dev);
	struct resource *r = type == SYS_RES_IOPORT ? &d->io : type == SYS_RES_IRQ ? &d->irq : NULL;

	if (type == SYS_RES_IRQ && qemu_fail_irq) {
		qemu_fail_irq = 0;	/* an injected failure: the interrupt cannot be had */
		return NULL;
	}
	if (r == NULL || !(flags & RF_ACTIVE) || (type == SYS_RES_IOPORT && *rid != PCIR_BAR(0)) ||
	    (type == SYS_RES_IRQ && f->irq < 0) || r->shim_allocated)
		return NULL;
	r->r_type = type;
	r->r_rid = *rid;
	r->shim_allocated = 1;
	r->r_bustag = 0;	/* X86_64_BUS_SPACE_IO */
	r->r_bushandle = type == SYS_RES_IOPORT ? f->iobase : 0;
	r->r_start = type == SYS_RES_IOPORT ? f->iobase : (u_long)f->irq;
	r->r_end = type == SYS_RES_IOPORT ? (u_long)f->iobase + f->iosize - 1 : (u_long)f->irq;
	return r;
}

int
bus_release_resource(device_t dev, int type, int rid, struct resource *r)
{
	struct qemu_dev *d = dev_slot(dev);

	if (r == NULL || r->r_type != type || r->r_rid != rid || !r->shim_allocated)
		panic("bus_release_resource of a resource not allocated");
	r->shim_allocated = 0;
	if (!d->io.shim_allocated && !d->irq.shim_allocated)
		d->dev = NULL;	/* the device_t may be freed and its address reused */
	return 0;
}

int
bus_setup_intr(device_t dev, struct resource *r, int flags, driver_intr_t handler, void *arg,
    void **cookiep, lwkt_serialize_t serializer)
{
	int i;

	(void)dev; (void)flags;
	if (r == NULL || r->r_type != SYS_RES_IRQ || !r->shim_allocated)
		panic("bus_setup_intr on an irq resource not allocated");
	for (i = 0; i < MAXINTR; i++)
		if (!intrs[i].established) {
			intrs[i] = (struct qemu_intr){ r, handler, arg, serializer, 1 };
			*cookiep = &intrs[i];
			return 0;
		}
	panic("too many interrupt handlers");
}

int
bus_teardown_intr(device_t dev, struct resource *r, void *cookie)
{
	struct qemu_intr *in = cookie;

	(void)dev;
	if (in == NULL || !in->established || in->res != r)
		panic("bus_teardown_intr of an interrupt not set up");
	/* as the kernel's: a handler running on another CPU finishes first; here nothing runs concurrently */
	in->established = 0;
	return 0;
}

/*
 * The interrupt thread's work: every handler whose line QEMU holds raised
 * runs, inside its serializer, as DragonFly's ithread runs it.  A handler
 * whose serializer is held (the driver sleeps in it, or a fixture call holds
 * it) waits, as the ithread would block on it.  Returns the handlers run.
 */
int
qemu_deliver_interrupts(void)
{
	int i, ran = 0, rounds;

	for (rounds = 0; rounds < IRQ_STORM; rounds++) {
		int any = 0;

		for (i = 0; i < MAXINTR; i++) {
			struct qemu_intr *in = &intrs[i];

			if (!in->established || !qemu_irq_level((int)in->res->r_start))
				continue;
			if (in->serializer != NULL) {
				if (in->serializer->entered)
					continue;
				in->serializer->entered = 1;
			}
			in->handler(in->arg);
			if (in->serializer != NULL)
				in->serializer->entered = 0;
			any = 1;
			ran++;
		}
		if (!any)
			return ran;
	}
	panic("interrupt storm: a line stays raised after %d handler runs (the handler does not acknowledge it)", IRQ_STORM);
}

/* Waits up to ms of real time for an interrupt, then delivers what is raised. */
int
qemu_wait_interrupts(int ms)
{
	if (!qemu_irq_wait(ms))
		return 0;
	return qemu_deliver_interrupts();
}

uint16_t pci_get_vendor(device_t dev) { return (uint16_t)pci_read_config(dev, PCIR_DEVVENDOR, 2); }
uint16_t pci_get_device(device_t dev) { return (uint16_t)pci_read_config(dev, 0x02, 2); }
uint16_t pci_get_subvendor(device_t dev) { return (uint16_t)pci_read_config(dev, PCIR_SUBVEND_0, 2); }
uint16_t pci_get_subdevice(device_t dev) { return (uint16_t)pci_read_config(dev, PCIR_SUBDEV_0, 2); }
uint8_t pci_get_revid(device_t dev) { return (uint8_t)pci_read_config(dev, 0x08, 1); }

uint32_t
pci_read_config(device_t dev, int reg, int width)
{
	return qemu_pci_cfg_read(pci_fn(dev)->slot, reg, width);
}

int
pci_enable_busmaster(device_t dev)
{
	int slot = pci_fn(dev)->slot;

	qemu_pci_cfg_write(slot, 0x04, 2, qemu_pci_cfg_read(slot, 0x04, 2) | 0x4);
	return 0;
}

int
pci_alloc_1intr(device_t dev, int msi_enable, int *rid, u_int *flags)
{
	(void)dev;
	if (msi_enable)
		panic("MSI is not set up by this firmware (the legacy config offset assumes INTx)");
	*rid = 0;
	*flags = RF_ACTIVE | RF_SHAREABLE;
	return 0;	/* PCI_INTR_TYPE_LEGACY */
}
