/*
 * Host shim for DragonFly: newbus reduced to what a parent and its child need:
 * drivers registered by DRIVER_MODULE, softcs sized from driver_t, ivars, and
 * bus_generic_attach() probing the drivers registered on the parent's bus
 * name -- the test child, or a ported child driver.
 */
#include "dfly-kernel.h"
#include "dfly-shim.h"

struct kobjop_desc device_probe_desc = { "device_probe" }, device_attach_desc = { "device_attach" },
	device_detach_desc = { "device_detach" }, device_shutdown_desc = { "device_shutdown" },
	device_suspend_desc = { "device_suspend" }, device_resume_desc = { "device_resume" },
	bus_print_child_desc = { "bus_print_child" }, bus_driver_added_desc = { "bus_driver_added" },
	bus_child_detached_desc = { "bus_child_detached" };

static struct { const char *name, *bus; driver_t *driver; } drivers[8];
static int ndrivers;

void
shim_driver_module(const char *name, const char *bus, driver_t *driver)
{
	if (ndrivers == (int)(sizeof(drivers) / sizeof(drivers[0])))
		harness_panic(__FILE__, __LINE__, "too many drivers");
	drivers[ndrivers].name = name;
	drivers[ndrivers].bus = bus;
	drivers[ndrivers].driver = driver;
	ndrivers++;
}

devop_t
shim_method(driver_t *driver, struct kobjop_desc *desc)
{
	device_method_t *m;

	for (m = driver->methods; m->desc != NULL; m++)
		if (m->desc == desc)
			return m->func;
	return NULL;
}

static device_t
new_device(device_t parent, driver_t *driver, const char *name)
{
	device_t dev = harness_zalloc(sizeof(*dev));

	dev->parent = parent;
	dev->driver = driver;
	dev->nameunit = name;
	if (driver != NULL)
		dev->softc = harness_zalloc(driver->size);
	return dev;
}

/* Probes and attaches the first driver registered on `bus` whose probe accepts dev. */
int
shim_probe_attach(device_t dev, const char *bus)
{
	int i;

	for (i = 0; i < ndrivers; i++) {
		int (*probe)(device_t), (*attach)(device_t);

		if (strcmp(drivers[i].bus, bus) != 0)
			continue;
		probe = (int (*)(device_t))shim_method(drivers[i].driver, &device_probe_desc);
		attach = (int (*)(device_t))shim_method(drivers[i].driver, &device_attach_desc);
		dev->driver = drivers[i].driver;
		harness_free(dev->softc);
		dev->softc = harness_zalloc(drivers[i].driver->size);
		dev->nameunit = drivers[i].driver->name;
		if (probe == NULL || probe(dev) > 0)
			continue;
		dev->attached = attach != NULL && attach(dev) == 0;
		return dev->attached ? 0 : ENXIO;
	}
	dev->driver = NULL;
	return ENXIO;
}

device_t
shim_root_device(void)
{
	return new_device(NULL, NULL, "pci0");
}

void *device_get_softc(device_t dev) { return dev->softc; }
void *device_get_ivars(device_t dev) { return dev->ivars; }
void device_set_ivars(device_t dev, void *ivars) { dev->ivars = ivars; }
device_t device_get_parent(device_t dev) { return dev->parent; }
const char *device_get_nameunit(device_t dev) { return dev->nameunit; }
u_int32_t device_get_flags(device_t dev) { return dev->flags; }
void device_set_desc(device_t dev, const char *desc) { (void)dev; (void)desc; }
bus_dma_tag_t bus_get_dma_tag(device_t dev) { (void)dev; return NULL; }
int bus_generic_print_child(device_t dev, device_t child) { (void)dev; (void)child; return 0; }
void bus_generic_driver_added(device_t dev, driver_t *driver) { (void)dev; (void)driver; }

device_t
device_add_child(device_t parent, const char *name, int unit)
{
	device_t child;

	(void)unit;
	if (parent->nchildren == SHIM_MAXCHILDREN)
		return NULL;
	child = new_device(parent, NULL, name);
	parent->children[parent->nchildren++] = child;
	return child;
}

int
bus_generic_attach(device_t dev)
{
	int i;

	for (i = 0; i < dev->nchildren; i++)
		if (!dev->children[i]->attached)
			(void)shim_probe_attach(dev->children[i], dev->driver->name);
	return 0;
}

int
device_delete_child(device_t dev, device_t child)
{
	int (*detach)(device_t);
	int i, r;

	if (child->attached && child->driver != NULL) {
		detach = (int (*)(device_t))shim_method(child->driver, &device_detach_desc);
		if (detach != NULL && (r = detach(child)) != 0)
			return r;
	}
	for (i = 0; i < dev->nchildren; i++)
		if (dev->children[i] == child)
			dev->children[i] = dev->children[--dev->nchildren];
	harness_free(child->softc);
	harness_free(child);
	return 0;
}

int
bus_generic_detach(device_t dev)
{
	int i, r;

	for (i = 0; i < dev->nchildren; i++) {
		int (*detach)(device_t) = (int (*)(device_t))shim_method(dev->children[i]->driver, &device_detach_desc);

		if (dev->children[i]->attached && detach != NULL && (r = detach(dev->children[i])) != 0)
			return r;
	}
	return 0;
}


/* kern/subr_bus.c: a parent's shutdown runs each attached child's shutdown method. */
int
bus_generic_shutdown(device_t dev)
{
	int i;

	for (i = 0; i < dev->nchildren; i++) {
		int (*shutdown)(device_t) = (int (*)(device_t))shim_method(dev->children[i]->driver, &device_shutdown_desc);

		if (dev->children[i]->attached && shutdown != NULL)
			(void)shutdown(dev->children[i]);
	}
	return 0;
}
