/*
 * What common/vq-commands.c needs from the NetBSD flavour: the original
 * virtiovar.h and the loaded bus_dmamap_t that virtio_enqueue() takes.
 */
#ifndef FLAVOUR_ADAPTER_H
#define FLAVOUR_ADAPTER_H

#include "nbsd-kernel.h"
#include <dev/pci/virtiovar.h>

#define FLAVOUR_MAXSEGS	SHIM_NBSD_MAXSEGS
typedef struct bus_dmamap flavour_map_t;
#define FLAVOUR_MAP_ARG(m)	(m)

static inline void
flavour_map_init(flavour_map_t *m, int nsegs)
{
	memset(m, 0, sizeof(*m));
	m->dm_nsegs = nsegs;
}

static inline void
flavour_map_seg(flavour_map_t *m, int i, bus_addr_t addr, bus_size_t len)
{
	m->dm_segs[i].ds_addr = addr;
	m->dm_segs[i].ds_len = len;
	m->dm_mapsize += len;
	m->shim_size += len;
}

#endif
