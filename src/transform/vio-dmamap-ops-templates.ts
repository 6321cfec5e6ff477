/**
 * The parent's DMA-map service for its children (netbsd-to-dragonfly.md §3.4), new glue in
 * style(9). NetBSD children create maps on the parent's tag with a shape of their own and read
 * dm_nsegs/dm_segs after a load; these functions give them the same on DragonFly's opaque maps.
 */
export const VIO_DMAMAP_OPS = `/*
 * DMA maps for children, derived from the parent's tag.  NetBSD's
 * bus_dmamap_create() gave each map its own shape (size, segments, segment
 * size, boundary); DragonFly keeps a shape in a tag, so each shim gets a tag of
 * that shape under the parent's one, and one map of it.
 */
int
vio_dmamap_create(bus_dma_tag_t parent, bus_size_t size, int nsegs,
    bus_size_t maxsegsz, bus_size_t boundary, int flags, vio_dmamap_t *vmp)
{
	vio_dmamap_t vm;
	int error;

	if (nsegs < 1 || nsegs > VIO_MAXSEGS)
		return(EINVAL);
	vm = kmalloc(sizeof(*vm), M_DEVBUF,
	    ((flags & BUS_DMA_NOWAIT) ? M_NOWAIT : M_WAITOK) | M_ZERO);
	if (vm == NULL)
		return(ENOMEM);
	error = bus_dma_tag_create(parent, 1, boundary, BUS_SPACE_MAXADDR,
	    BUS_SPACE_MAXADDR, NULL, NULL, size, nsegs, maxsegsz,
	    flags & BUS_DMA_ALLOCNOW, &vm->tag);
	if (error != 0) {
		kfree(vm, M_DEVBUF);
		return(error);
	}
	error = bus_dmamap_create(vm->tag, flags & BUS_DMA_NOWAIT, &vm->map);
	if (error != 0) {
		bus_dma_tag_destroy(vm->tag);
		kfree(vm, M_DEVBUF);
		return(error);
	}
	*vmp = vm;
	return(0);
}

void
vio_dmamap_destroy(vio_dmamap_t vm)
{

	vio_dmamap_unload(vm);
	bus_dmamap_destroy(vm->tag, vm->map);
	bus_dma_tag_destroy(vm->tag);
	kfree(vm, M_DEVBUF);
}

/* The load callback: NetBSD's map fields, filled from DragonFly's segments. */
static void
vio_dmamap_load_cb(void *arg, bus_dma_segment_t *segs, int nsegs, int error)
{
	vio_dmamap_t vm = arg;
	int i;

	vm->dm_nsegs = 0;
	vm->dm_mapsize = 0;
	if (error != 0)
		return;
	for (i = 0; i < nsegs; i++) {
		vm->dm_segs[i] = segs[i];
		vm->dm_mapsize += segs[i].ds_len;
	}
	vm->dm_nsegs = nsegs;
}

/*
 * A NOWAIT load runs the callback before it returns, so dm_segs is ready
 * here; a callback that saw an error leaves no segments.
 */
int
vio_dmamap_load(vio_dmamap_t vm, void *buf, bus_size_t len, int flags)
{
	int error;

	error = bus_dmamap_load(vm->tag, vm->map, buf, len, vio_dmamap_load_cb,
	    vm, flags | BUS_DMA_NOWAIT);
	if (error == 0 && vm->dm_nsegs == 0)
		error = EFBIG;
	return(error);
}

void
vio_dmamap_unload(vio_dmamap_t vm)
{

	if (vm->dm_nsegs > 0) {
		bus_dmamap_unload(vm->tag, vm->map);
	}
	vm->dm_nsegs = 0;
	vm->dm_mapsize = 0;
}

/* DragonFly syncs whole maps: NetBSD's offset and length are dropped. */
void
vio_dmamap_sync(vio_dmamap_t vm, int ops)
{

	bus_dmamap_sync(vm->tag, vm->map, ops);
}`;

export const VIO_DMAMAP_PROTOTYPES = `/* DMA maps for children (the vio_dmamap shim), see virtio.c */
int vio_dmamap_create(bus_dma_tag_t, bus_size_t, int, bus_size_t, bus_size_t,
    int, vio_dmamap_t *);
void vio_dmamap_destroy(vio_dmamap_t);
int vio_dmamap_load(vio_dmamap_t, void *, bus_size_t, int);
void vio_dmamap_unload(vio_dmamap_t);
void vio_dmamap_sync(vio_dmamap_t, int);
`;
