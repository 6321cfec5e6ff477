/**
 * New DragonFly glue with no NetBSD source (named templates: every line they produce is counted as
 * "from template" in the report). Written in style(9).
 */
export const CHILD_FINISH_PROLOGUE = `/*
 * The part of NetBSD's virtio_attach() that ran after config_found().  A newbus
 * child may attach long after its parent (kldload), so the child calls this at
 * the end of its attach, once its virtqueues exist.  The interrupt handler then
 * runs under the child's serializer (sc_child_slz).
 */
int
virtio_child_attach_finish(struct virtio_softc *sc)
{
	device_t self = sc->sc_dev;
	int irq_flags;

	/* Legacy INTx only: the device-config offset assumes MSI-X is off. */
	sc->sc_irq_rid = 0;
	sc->sc_irq_type = pci_alloc_1intr(self, 0, &sc->sc_irq_rid, &irq_flags);
	sc->sc_irq_res = bus_alloc_resource_any(self, SYS_RES_IRQ,
	    &sc->sc_irq_rid, irq_flags);
	if (sc->sc_irq_res == NULL) {
		device_printf(self, "couldn't map interrupt\\n");
		virtio_set_status(sc, VIRTIO_CONFIG_DEVICE_STATUS_FAILED);
		return(ENXIO);
	}
	if (bus_setup_intr(self, sc->sc_irq_res, INTR_MPSAFE,
	    virtio_intr_thread, sc, &sc->sc_ih, sc->sc_child_slz) != 0) {
		device_printf(self, "couldn't establish interrupt\\n");
		bus_release_resource(self, SYS_RES_IRQ, sc->sc_irq_rid,
		    sc->sc_irq_res);
		sc->sc_irq_res = NULL;
		virtio_set_status(sc, VIRTIO_CONFIG_DEVICE_STATUS_FAILED);
		return(ENXIO);
	}

	`;

export const CHILD_FINISH_EPILOGUE = `
	return(0);
}`;

export const CHILD_DETACH = `/*
 * Called by a child's detach before its softc goes away: stop the device, take
 * the interrupt (and with it the child's serializer) away, and leave the
 * parent ready for a later child.
 */
void
virtio_child_detach(struct virtio_softc *sc)
{

	virtio_device_reset(sc);
	if (sc->sc_ih != NULL) {
		bus_teardown_intr(sc->sc_dev, sc->sc_irq_res, sc->sc_ih);
		sc->sc_ih = NULL;
	}
	if (sc->sc_irq_res != NULL) {
		bus_release_resource(sc->sc_dev, SYS_RES_IRQ, sc->sc_irq_rid,
		    sc->sc_irq_res);
		sc->sc_irq_res = NULL;
	}
	sc->sc_child = NULL;
	sc->sc_child_slz = NULL;
	sc->sc_vqs = NULL;
	sc->sc_nvqs = 0;
	sc->sc_intrhand = NULL;
	sc->sc_config_change = NULL;
	virtio_set_status(sc, VIRTIO_CONFIG_DEVICE_STATUS_ACK);
	virtio_set_status(sc, VIRTIO_CONFIG_DEVICE_STATUS_DRIVER);
}`;

export const SHUTDOWN_PROTOTYPE = `
static int	virtio_shutdown(device_t);`;

/*
 * NetBSD's CFATTACH_DECL3_NEW(..., DVF_DETACH_SHUTDOWN) ran virtio_detach() at shutdown, and a
 * newbus table mapping device_shutdown to it would detach the child at reboot: ether_ifdetach,
 * disk_destroy, a balloon deflate that may wait seconds, the BAR released under a live kernel.
 * A shutdown method only has to stop the device's DMA (as DragonFly's own virtio_pci does).
 */
export const SHUTDOWN = `/*
 * Shutdown (reboot, halt): reset the device, so it stops all DMA into guest
 * memory.  Nothing is detached or released: the kernel is going away.  (No
 * child driver has a shutdown method of its own to run first.)
 */
static int
virtio_shutdown(device_t self)
{
	struct virtio_softc *sc = device_get_softc(self);

	virtio_device_reset(sc);
	return(0);
}`;

export const INTR_THREAD = `/*
 * DragonFly interrupt handlers return nothing; NetBSD's int result (claimed or
 * not) has no consumer, so the NetBSD handler is kept and its result dropped.
 */
static void
virtio_intr_thread(void *arg)
{

	(void)virtio_intr(arg);
}`;

export const VIO_DMAMAP_SHIM = `/*
 * DragonFly's bus_dmamap_t is opaque and hands the segments of a load to a
 * callback.  The virtqueue code reads NetBSD's dm_nsegs/dm_segs, so a child
 * passes this shim, filled by its load callback, to virtio_enqueue().
 */
#define VIO_MAXSEGS	(MAXPHYS / PAGE_SIZE + 2)
struct vio_dmamap {
	bus_dma_tag_t		tag;
	bus_dmamap_t		map;
	int			dm_nsegs;
	bus_size_t		dm_mapsize;
	bus_dma_segment_t	dm_segs[VIO_MAXSEGS];
};
typedef struct vio_dmamap *vio_dmamap_t;
`;

export const PARENT_PROTOTYPES = `/* newbus: a child finishes its attach and detaches through the parent */
int virtio_child_attach_finish(struct virtio_softc *);
void virtio_child_detach(struct virtio_softc *);
`;
