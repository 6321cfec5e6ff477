/* Shim-internal declarations shared by kern.c, bus.c and the adapter. */
#ifndef DFLY_SHIM_INTERNAL_H
#define DFLY_SHIM_INTERNAL_H

#include "dfly-kernel.h"

#define SHIM_MAXCHILDREN	4

struct shim_device {
	device_t	parent;
	driver_t	*driver;
	const char	*nameunit;
	void		*softc;
	void		*ivars;
	u_int32_t	flags;
	int		attached;
	device_t	children[SHIM_MAXCHILDREN];
	int		nchildren;
	/* PCI identity, for the parent (set by the adapter's attach command) */
	uint16_t	vendor, device, subvendor, subdevice;
	uint8_t		revid;
	/* the QEMU backend's PCI function behind this device (qemu/kernel/bus.c) */
	const struct qemu_pci_fn *shim_pci;
};

/* The interrupt established with bus_setup_intr(), delivered by the adapter. */
struct shim_intr {
	driver_intr_t	*handler;
	void		*arg;
	lwkt_serialize_t serializer;
	int		established;
};
extern struct shim_intr shim_intr;
/* Runs that handler inside its serializer (1), or nothing when none is set up (0). */
int	 shim_deliver_interrupt(void);
void	 shim_deliver_idle(void);

devop_t	 shim_method(driver_t *, struct kobjop_desc *);
int	 shim_probe_attach(device_t, const char *bus);
device_t shim_root_device(void);
int	 strcmp(const char *, const char *);

#endif
