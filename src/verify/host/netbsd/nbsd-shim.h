/* Shim-internal declarations shared by kern.c, bus.c and the adapter. */
#ifndef NBSD_SHIM_INTERNAL_H
#define NBSD_SHIM_INTERNAL_H

#include "nbsd-kernel.h"

struct device {
	struct cfattach	*ca;
	struct cfdata	cfdata;
	const char	*xname;
	void		*priv;
	device_t	parent;
};

/* The interrupt established with pci_intr_establish(), delivered by the adapter. */
struct shim_intr {
	int		(*handler)(void *);
	void		*arg;
	int		established;
};
extern struct shim_intr shim_intr;

device_t shim_config_attach(device_t parent, struct cfattach *, void *aux);
struct cfattach *shim_cfattach_named(const char *);
extern struct pci_attach_args shim_pa;
extern pcireg_t shim_subsys_id;

#endif
