/*
 * What common/vq-commands.c needs from the DragonFly flavour: the translated
 * virtiovar.h and the map type virtio_enqueue() takes (the vio_dmamap shim the
 * translation introduced, filled the way a child's load callback fills it).
 */
#ifndef FLAVOUR_ADAPTER_H
#define FLAVOUR_ADAPTER_H

#include "dfly-kernel.h"
#include "virtiovar.h"

/*
 * The translation prefixes every global symbol of the modules with nbsd_ (rule
 * link/module-symbol-prefix); vq-commands.c, shared with the NetBSD flavour,
 * calls the API by its NetBSD names.
 */
#define virtio_enqueue_prep		nbsd_virtio_enqueue_prep
#define virtio_enqueue_reserve		nbsd_virtio_enqueue_reserve
#define virtio_enqueue			nbsd_virtio_enqueue
#define virtio_enqueue_p		nbsd_virtio_enqueue_p
#define virtio_enqueue_commit		nbsd_virtio_enqueue_commit
#define virtio_enqueue_abort		nbsd_virtio_enqueue_abort
#define virtio_dequeue			nbsd_virtio_dequeue
#define virtio_dequeue_commit		nbsd_virtio_dequeue_commit
#define virtio_stop_vq_intr		nbsd_virtio_stop_vq_intr
#define virtio_start_vq_intr		nbsd_virtio_start_vq_intr
#define virtio_vq_intr			nbsd_virtio_vq_intr
#define virtio_read_device_config_1	nbsd_virtio_read_device_config_1
#define virtio_read_device_config_2	nbsd_virtio_read_device_config_2
#define virtio_read_device_config_4	nbsd_virtio_read_device_config_4
#define virtio_read_device_config_8	nbsd_virtio_read_device_config_8
#define virtio_write_device_config_1	nbsd_virtio_write_device_config_1
#define virtio_write_device_config_2	nbsd_virtio_write_device_config_2
#define virtio_write_device_config_4	nbsd_virtio_write_device_config_4
#define virtio_write_device_config_8	nbsd_virtio_write_device_config_8

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
