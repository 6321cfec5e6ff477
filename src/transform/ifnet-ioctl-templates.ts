/**
 * New DragonFly glue for net/ifnet-ioctl (named templates: the report counts their lines as
 * "from template"). style(9).
 */
export interface IoctlNames {
  driver: string;
  softc: string;
  init: string;
  stop: string;
}

export function etherIoctlTemplate(n: IoctlNames): string {
  return `/*
 * NetBSD's ether_ioctl() brought the interface up or down on SIOCSIFFLAGS
 * and answered SIOCADDMULTI/SIOCDELMULTI with ENETRESET once the list had
 * changed; ${n.driver}_ioctl() reprograms the rx filter from those answers.
 * DragonFly's ether_ioctl() does neither (the stack has already updated
 * if_multiaddrs), so this keeps NetBSD's answers, adds the media requests
 * and leaves the rest to ether_ioctl().  Called serialized, like if_ioctl.
 */
static int
${n.driver}_ether_ioctl(struct ifnet *ifp, u_long cmd, caddr_t data)
{
	struct ${n.softc} *sc = ifp->if_softc;
	int error = 0;

	switch (cmd) {
	case SIOCSIFFLAGS:
		switch (ifp->if_flags & (IFF_UP | IFF_RUNNING)) {
		case IFF_RUNNING:	/* marked down: stop it */
			${n.stop}(ifp, 1);
			break;
		case IFF_UP:		/* marked up: start it */
			${n.init}(sc);
			break;
		}
		break;
	case SIOCADDMULTI:
	case SIOCDELMULTI:
		error = ENETRESET;
		break;
	case SIOCGIFMEDIA:
	case SIOCSIFMEDIA:
		error = ifmedia_ioctl(ifp, (struct ifreq *)data, &sc->sc_media,
		    cmd);
		break;
	default:
		error = ether_ioctl(ifp, cmd, data);
		break;
	}
	return(error);
}`;
}

export function mediaTemplates(n: IoctlNames): { prototypes: string; functions: string } {
  return {
    prototypes: `static int\t${n.driver}_media_change(struct ifnet *);
static void\t${n.driver}_media_status(struct ifnet *, struct ifmediareq *);`,
    functions: `/*
 * A virtio link has no media to choose: one automatic Ethernet entry.  It
 * is up unless the device offers VIRTIO_NET_F_STATUS and says otherwise.
 */
static int
${n.driver}_media_change(struct ifnet *ifp)
{
	struct ${n.softc} *sc = ifp->if_softc;

	if (IFM_TYPE(sc->sc_media.ifm_media) != IFM_ETHER)
		return(EINVAL);
	return(0);
}

static void
${n.driver}_media_status(struct ifnet *ifp, struct ifmediareq *ifmr)
{
	struct ${n.softc} *sc = ifp->if_softc;
	struct virtio_softc *vsc = sc->sc_virtio;

	ifmr->ifm_status = IFM_AVALID;
	ifmr->ifm_active = IFM_ETHER | IFM_AUTO;
	if (!(vsc->sc_features & VIRTIO_NET_F_STATUS) ||
	    (virtio_read_device_config_2(vsc, VIRTIO_NET_CONFIG_STATUS) &
	    VIRTIO_NET_S_LINK_UP))
		ifmr->ifm_status |= IFM_ACTIVE;
}`,
  };
}
