/**
 * vioif's detach and the inverse of vioif_alloc_mems (templates vioif-detach, vioif-free-mems),
 * style(9). The member names are vioif's softc's: these are templates for that driver.
 */
export interface DetachNames {
  driver: string;
  detach: string;
  softc: string;
  stop: string;
  arpcom: string;
  freeMems: string;
}

export function freeMemsTemplate(n: DetachNames): string {
  return `/*
 * Releases what ${n.freeMems.replace('free', 'alloc')}() set up, in the order of its error path
 * (NetBSD never needed this: ${n.driver} could not detach).  The control maps
 * exist only with a control virtqueue, and then all of them.
 */
static void
${n.freeMems}(struct ${n.softc} *sc)
{
	int rxqsize = sc->sc_vq[0].vq_num;
	int txqsize = sc->sc_vq[1].vq_num;
	int i;

	if (sc->sc_ctrl_cmd_dmamap != NULL) {
		vio_dmamap_destroy(sc->sc_ctrl_tbl_mc_dmamap);
		vio_dmamap_destroy(sc->sc_ctrl_tbl_uc_dmamap);
		vio_dmamap_destroy(sc->sc_ctrl_rx_dmamap);
		vio_dmamap_destroy(sc->sc_ctrl_status_dmamap);
		vio_dmamap_destroy(sc->sc_ctrl_cmd_dmamap);
	}
	for (i = 0; i < txqsize; i++) {
		vio_dmamap_destroy(sc->sc_tx_dmamaps[i]);
		vio_dmamap_destroy(sc->sc_txhdr_dmamaps[i]);
	}
	for (i = 0; i < rxqsize; i++) {
		vio_dmamap_destroy(sc->sc_rx_dmamaps[i]);
		vio_dmamap_destroy(sc->sc_rxhdr_dmamaps[i]);
	}
	kfree(sc->sc_arrays, M_DEVBUF);
	sc->sc_arrays = NULL;
	bus_dmamap_unload(sc->sc_hdr_dmem.dmem_tag, sc->sc_hdr_dmem.dmem_map);
	bus_dmamem_free(sc->sc_hdr_dmem.dmem_tag, sc->sc_hdr_dmem.dmem_addr,
	    sc->sc_hdr_dmem.dmem_map);
	bus_dma_tag_destroy(sc->sc_hdr_dmem.dmem_tag);
}`;
}

export function detachTemplate(n: DetachNames): string {
  return `/*
 * NetBSD's ${n.driver} cannot detach; newbus needs a detach for the module to
 * unload.  The interface stops under its serializer and leaves the stack;
 * then the parent resets the device (no DMA in flight any more) and takes
 * the interrupt and our serializer back.  Nothing can arm the rx refill
 * callout any more (no ioctl, no interrupt); once it has finished, the
 * memory can go.
 */
static int
${n.detach}(device_t self)
{
	struct ${n.softc} *sc = device_get_softc(self);
	struct virtio_softc *vsc = sc->sc_virtio;
	struct ifnet *ifp = &sc->${n.arpcom}.ac_if;
	int nvqs = vsc->sc_nvqs;

	ifnet_serialize_all(ifp);
	${n.stop}(ifp, 1);
	ifnet_deserialize_all(ifp);
	ether_ifdetach(ifp);
	ifmedia_removeall(&sc->sc_media);
	virtio_child_detach(vsc);
	callout_stop(&sc->sc_rx_refill);	/* waits for a handler that runs */
	${n.freeMems}(sc);
	while (nvqs > 0)
		virtio_free_vq(vsc, &sc->sc_vq[--nvqs]);
	return(0);
}`;
}
