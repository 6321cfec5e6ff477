/*
 * What common/vq-commands.c needs from the DragonFly flavour: the translated
 * virtiovar.h and the map type virtio_enqueue() takes (the vio_dmamap shim the
 * translation introduced, filled the way a child's load callback fills it).
 */
#ifndef FLAVOUR_ADAPTER_H
#define FLAVOUR_ADAPTER_H

#include "dfly-kernel.h"
#include "virtiovar.h"

#define FLAVOUR_MAXSEGS	VIO_MAXSEGS
typedef struct vio_dmamap flavour_map_t;
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
}

#endif
