/**
 * The balloon's detach (template 'balloon-detach'): new DragonFly code with no NetBSD source,
 * written in style(9) against the names viomb.c and the balloon rules define.
 */
export const DETACH_PROTOTYPES = `
static int	viomb_detach(device_t);
static int	viomb_deflate_all(struct viomb_softc *);`;

export const DETACH_FUNCTIONS = `
/*
 * Empty the balloon for detach, with the worker stopped and the serializer
 * held: finish what the host has in flight, then deflate() towards zero
 * pages, one batch at a time, through the driver's own deflate path so the
 * host is told exactly as at run time (deflate_done() frees the pages after
 * the host's answer with MUST_TELL_HOST, deflate() right away without it).
 * EBUSY when the host keeps a request for 10 seconds, when a batch cannot be
 * queued, or when \`actual' says the host holds no pages although the list
 * has some: the pages stay in the balloon, none is freed.
 */
static int
viomb_deflate_all(struct viomb_softc *sc)
{
	int timeouts = 0;

	for (;;) {
		if (sc->sc_inflate_done) {
			sc->sc_inflate_done = 0;
			inflate_done(sc);
		} else if (sc->sc_deflate_done) {
			sc->sc_deflate_done = 0;
			deflate_done(sc);
		} else if (sc->sc_inflight != 0) {
			if (zsleep(&sc->sc_wait, &sc->sc_waitlock, 0,
			    "viombd", hz) != 0 && ++timeouts >= 10)
				return(EBUSY);
		} else if (TAILQ_EMPTY(&sc->sc_balloon_pages)) {
			return(0);
		} else {
			/* one batch towards an empty balloon */
			sc->sc_npages = 0;
			if (sc->sc_actual == 0)
				return(EBUSY);
			deflate(sc);
			if (sc->sc_inflight == 0)
				return(EBUSY);
		}
	}
}

/*
 * NetBSD's viomb cannot detach; newbus needs a detach to unload the module.
 * Stop the worker, return every balloon page to the system, and only then
 * let the parent reset the device and take the interrupt away.  If pages
 * cannot be returned the detach is refused and the worker restarted.
 */
static int
viomb_detach(device_t self)
{
	struct viomb_softc *sc = device_get_softc(self);
	struct virtio_softc *vsc = sc->sc_virtio;
	struct balloon_req *b = &sc->sc_req;
	int error;

	lwkt_serialize_enter(&sc->sc_waitlock);
	sc->sc_dying = 1;
	wakeup(&sc->sc_wait);
	while (sc->sc_td != NULL)
		zsleep(&sc->sc_td, &sc->sc_waitlock, 0, "viombx", 0);
	error = viomb_deflate_all(sc);
	if (error != 0) {
		sc->sc_dying = 0;
		viomb_read_config(sc);	/* deflate_all moved the target */
		if (kthread_create(viomb_thread, sc, &sc->sc_td, "viomb") != 0)
			device_printf(self, "cannot restart kthread.\\n");
		lwkt_serialize_exit(&sc->sc_waitlock);
		device_printf(self, "the host still holds balloon pages.\\n");
		return(error);
	}
	lwkt_serialize_exit(&sc->sc_waitlock);

	sysctl_ctx_free(&sc->sc_sysctl_ctx);
	virtio_child_detach(vsc);	/* reset: no more interrupts or DMA */
	bus_dmamap_unload(b->bl_dmem.dmem_tag, b->bl_dmem.dmem_map);
	bus_dmamem_free(b->bl_dmem.dmem_tag, b->bl_dmem.dmem_addr,
	    b->bl_dmem.dmem_map);
	bus_dma_tag_destroy(b->bl_dmem.dmem_tag);
	virtio_free_vq(vsc, &sc->sc_vq[1]);
	virtio_free_vq(vsc, &sc->sc_vq[0]);
	balloon_initialized = 0;
	return(0);
}
`;

/** Functions and file-scope names of viomb.c the template calls or uses. */
export const DETACH_NEEDS = ['balloon_req', 'inflate_done', 'deflate_done', 'deflate', 'viomb_read_config', 'viomb_thread', 'balloon_initialized', 'viomb_softc'];
