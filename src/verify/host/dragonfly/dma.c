/*
 * Host shim for DragonFly: bus_dma.  The only DMA-able memory is the harness
 * arena (fake bus addresses the device model also uses); coherent memory is
 * never bounced, so a sync has no memory effect (recorded only).
 */
#include "dfly-kernel.h"
#include "dfly-shim.h"

struct bus_dma_tag {
	bus_size_t	alignment, boundary, maxsize, maxsegsz;
	int		nsegments;
};
struct bus_dmamap { int loaded; };

/* Tags and maps not yet destroyed: a driver fixture's leak check after detach. */
int shim_dma_live;

int
bus_dmamem_coherent(bus_dma_tag_t parent, bus_size_t alignment, bus_size_t boundary,
    bus_addr_t lowaddr, bus_addr_t highaddr, bus_size_t maxsize, int flags, bus_dmamem_t *dmem)
{
	uint64_t bus;
	void *va;

	(void)parent; (void)boundary; (void)lowaddr; (void)highaddr;
	if ((flags & BUS_DMA_NOWAIT) && !arena_nowait_ok(maxsize))
		return ENOMEM;
	va = arena_alloc(maxsize, alignment ? alignment : 1, &bus);
	if (va == NULL)
		return ENOMEM;
	/* as bus_dmamem_coherent() does: a tag of the block's shape and a map, both the caller's */
	dmem->dmem_tag = harness_zalloc(sizeof(*dmem->dmem_tag));
	dmem->dmem_map = harness_zalloc(sizeof(*dmem->dmem_map));
	dmem->dmem_tag->maxsize = dmem->dmem_tag->maxsegsz = maxsize;
	dmem->dmem_tag->nsegments = 1;
	dmem->dmem_map->loaded = 1;
	shim_dma_live += 2;
	dmem->dmem_addr = va;
	dmem->dmem_busaddr = bus;
	return 0;
}

void
shim_bus_dmamap_sync(bus_dma_tag_t tag, bus_dmamap_t map, bus_dmasync_op_t op, const char *file, int line)
{
	(void)tag; (void)map;
	ev_note("bus_dmamap_sync", file, line, op);
}

void
shim_bus_dmamap_unload(bus_dma_tag_t tag, bus_dmamap_t map, const char *file, int line)
{
	(void)tag;
	map->loaded = 0;
	ev_note("bus_dmamap_unload", file, line, 0);
}

void
bus_dmamem_free(bus_dma_tag_t tag, void *vaddr, bus_dmamap_t map)
{
	(void)tag;
	arena_free(vaddr);
	harness_free(map);
	shim_dma_live--;
	ev_note("bus_dmamem_free", "bus.c", 0, 0);
}

int
bus_dma_tag_destroy(bus_dma_tag_t tag)
{
	harness_free(tag);
	shim_dma_live--;
	return 0;
}

int
bus_dma_tag_create(bus_dma_tag_t parent, bus_size_t alignment, bus_size_t boundary, bus_addr_t lowaddr,
    bus_addr_t highaddr, bus_dma_filter_t *filtfunc, void *filtfuncarg, bus_size_t maxsize, int nsegments,
    bus_size_t maxsegsz, int flags, bus_dma_tag_t *dmat)
{
	bus_dma_tag_t t;

	(void)parent; (void)lowaddr; (void)highaddr; (void)filtfuncarg; (void)flags;
	if (filtfunc != NULL || nsegments < 1 || (t = harness_zalloc(sizeof(*t))) == NULL)
		return EINVAL;
	t->alignment = alignment;
	t->boundary = boundary;
	t->maxsize = maxsize;
	t->nsegments = nsegments;
	t->maxsegsz = maxsegsz;
	*dmat = t;
	shim_dma_live++;
	return 0;
}

int
bus_dmamap_create(bus_dma_tag_t tag, int flags, bus_dmamap_t *mapp)
{
	(void)tag; (void)flags;
	*mapp = harness_zalloc(sizeof(**mapp));
	shim_dma_live += *mapp != NULL;
	return *mapp == NULL ? ENOMEM : 0;
}

int
bus_dmamap_destroy(bus_dma_tag_t tag, bus_dmamap_t map)
{
	(void)tag;
	if (map->loaded)
		harness_panic(__FILE__, __LINE__, "bus_dmamap_destroy of a loaded map");
	harness_free(map);
	shim_dma_live--;
	return 0;
}

int
bus_dmamap_load(bus_dma_tag_t tag, bus_dmamap_t map, void *buf, bus_size_t buflen,
    bus_dmamap_callback_t *callback, void *callback_arg, int flags)
{
	bus_dma_segment_t segs[64];
	bus_addr_t addr = arena_busaddr(buf);
	int n = 0, error = 0;

	(void)flags;
	if (buflen > tag->maxsize)
		error = EFBIG;
	while (error == 0 && buflen > 0) {
		bus_size_t len = buflen < tag->maxsegsz ? buflen : tag->maxsegsz;

		if (tag->boundary && (addr & ~(tag->boundary - 1)) != ((addr + len - 1) & ~(tag->boundary - 1)))
			len = tag->boundary - (addr & (tag->boundary - 1));
		if (n == tag->nsegments || n == (int)(sizeof(segs) / sizeof(segs[0]))) {
			error = EFBIG;
			break;
		}
		segs[n].ds_addr = addr;
		segs[n].ds_len = len;
		n++;
		addr += len;
		buflen -= len;
	}
	map->loaded = error == 0;
	callback(callback_arg, segs, error ? 0 : n, error);
	return 0;
}

