import { adjq, done, dump, strategyStart } from './ld-to-disk-io-templates.js';

/**
 * New glue for disk/ld-to-disk (style(9)): what NetBSD's ld.c did for an ld attachment, written
 * against DragonFly's disk layer (netbsd-to-dragonfly.md §2.9b, §3.7). Every line is counted as
 * "from template" in the report.
 */
export interface DiskGlue {
  /** `ld_virtio`: prefix of every generated name. */
  prefix: string;
  /** `ld_virtio_softc` */
  softc: string;
  /** dev_ops and devstat name: the disk appears as /dev/<name><unit>. */
  name: string;
  /** The attachment's sc_start / sc_dump / sc_flush callbacks. */
  start: string;
  dump?: string;
  flush?: string;
  /** Completions arrive with sc_slz held (it is the interrupt's serializer). */
  serialized: boolean;
  /** The attachment calls ldadjqparam(). */
  adjqparam: boolean;
  /** The softc has no device_t sc_dev of its own (ld.c's sc_dv becomes one). */
  addDev: boolean;
}

/** Tabs that put a member name at column 32, as NetBSD's softc declarations do. */
function member(type: string, name: string): string {
  const tabs = Math.max(1, Math.ceil((32 - 8 - type.length) / 8));
  return `\t${type}${'\t'.repeat(tabs)}${name};\n`;
}

/** Replaces `struct ld_softc sc_ld;` (the leading tab of its line stays). */
export function diskMembers(g: DiskGlue): string {
  const lines = [
    member('struct disk', 'sc_disk'),
    member('cdev_t', 'sc_cdev'),
    member('struct disk_info', 'sc_info'),
    member('struct devstat', 'sc_stats'),
    member('struct bio_queue_head', 'sc_bioq'),
    member('struct lwkt_serialize', 'sc_slz'),
    member('int', 'sc_iosize_max'),
    member('int', 'sc_inflight'),
    member('int', 'sc_maxinflight'),
    member('int', 'sc_opencnt'),
    member('int', 'sc_enabled'),
    member('int', 'sc_detaching'),
    member('int', 'sc_queueflush'),
  ];
  if (g.addDev) lines.unshift(member('device_t', 'sc_dev'));
  return `/* ld(4)'s struct ld_softc, as disk(9) state */\n${lines.join('')}`.replace(/\n$/, '');
}

/** Prototypes and the dev_ops table, after the softc declaration. */
export function diskDeclarations(g: DiskGlue): string {
  const p = g.prefix;
  const s = `struct ${g.softc} *`;
  const lines = [
    `static d_open_t\t\t${p}_disk_open;`,
    `static d_close_t\t${p}_disk_close;`,
    `static d_strategy_t\t${p}_disk_strategy;`,
    ...(g.dump ? [`static d_dump_t\t\t${p}_disk_dump;`] : []),
    `static void\t${p}_disk_attach(${s});`,
    `static int\t${p}_disk_begindetach(${s});`,
    `static void\t${p}_disk_enddetach(${s});`,
    `static void\t${p}_disk_done(${s}, struct bio *);`,
    `static void\t${p}_disk_start(${s});`,
    `static void\t${p}_disk_fail(struct buf *, int);`,
    ...(g.adjqparam ? [`static int\t${p}_disk_adjqparam(${s}, int);`] : []),
  ];
  const ops = [
    `\t{ "${g.name}", 0, D_DISK | D_MPSAFE },`,
    `\t.d_open =\t${p}_disk_open,`,
    `\t.d_close =\t${p}_disk_close,`,
    `\t.d_read =\tphysread,`,
    `\t.d_write =\tphyswrite,`,
    `\t.d_strategy =\t${p}_disk_strategy,`,
    ...(g.dump ? [`\t.d_dump =\t${p}_disk_dump,`] : []),
  ];
  return `
/*
 * ld(4) -> disk(9): what NetBSD's ld.c did for this driver, on DragonFly's disk
 * layer.  disk_create() supplies labels, slices and partition bounds; the
 * driver keeps the bio queue, devstat accounting, and the open count that makes
 * detach fail with EBUSY while the disk is in use (a mounted file system).
 */
${lines.join('\n')}

static struct dev_ops ${p}_disk_ops = {
${ops.join('\n')}
};
`;
}

/** The ld.c services, at the end of the file (after the driver's callbacks). */
export function diskFunctions(g: DiskGlue): string {
  const p = g.prefix;
  const s = `struct ${g.softc}`;
  return [attachDetach(g, p, s), openClose(p, s), strategyStart(g, p, s), done(g, p, s), ...(g.dump ? [dump(g, p, s)] : []), ...(g.adjqparam ? [adjq(p, s)] : [])].join('\n\n');
}

function attachDetach(g: DiskGlue, p: string, s: string): string {
  return `/*
 * ld(4)'s ldattach(): register the raw device and its media with the disk layer.
 */
static void
${p}_disk_attach(${s} *sc)
{
	struct disk_info *info = &sc->sc_info;

	if (!sc->sc_enabled) {
		device_printf(sc->sc_dev, "disabled\\n");
		return;
	}
	if (sc->sc_iosize_max > MAXPHYS)
		sc->sc_iosize_max = MAXPHYS;
	info->d_secpercyl = info->d_nheads * info->d_secpertrack;
	device_printf(sc->sc_dev, "%juMB, %ju sectors of %d bytes\\n",
	    (uintmax_t)(info->d_media_blocks * info->d_media_blksize >> 20),
	    (uintmax_t)info->d_media_blocks, info->d_media_blksize);
	devstat_add_entry(&sc->sc_stats, "${g.name}", device_get_unit(sc->sc_dev),
	    info->d_media_blksize, DEVSTAT_ALL_SUPPORTED,
	    DEVSTAT_TYPE_DIRECT | DEVSTAT_TYPE_IF_OTHER, DEVSTAT_PRIORITY_DISK);
	sc->sc_cdev = disk_create(device_get_unit(sc->sc_dev), &sc->sc_disk,
	    &${p}_disk_ops);
	sc->sc_cdev->si_drv1 = sc;
	sc->sc_cdev->si_iosize_max = sc->sc_iosize_max;
	/* This starts the label probe: reads follow right away. */
	disk_setdiskinfo(&sc->sc_disk, info);
}

/*
 * ld(4)'s ldbegindetach(): refuse while the disk is open (a mounted file
 * system keeps it open) and change nothing; otherwise stop new I/O and wait
 * for the requests the device still holds.
 */
static int
${p}_disk_begindetach(${s} *sc)
{

	lwkt_serialize_enter(&sc->sc_slz);
	if (sc->sc_opencnt > 0 ||
	    (sc->sc_cdev != NULL && disk_getopencount(&sc->sc_disk) > 0)) {
		lwkt_serialize_exit(&sc->sc_slz);
		return(EBUSY);
	}
	sc->sc_detaching = 1;
	while (sc->sc_inflight > 0)
		zsleep(&sc->sc_inflight, &sc->sc_slz, 0, "lddrain", hz);
	lwkt_serialize_exit(&sc->sc_slz);
	return(0);
}

/*
 * ld(4)'s ldenddetach(): fail the bios that never reached the device, then
 * take the disk and its slices away.
 */
static void
${p}_disk_enddetach(${s} *sc)
{
	struct bio *bio;

	lwkt_serialize_enter(&sc->sc_slz);
	while ((bio = bioq_takefirst(&sc->sc_bioq)) != NULL) {
		${p}_disk_fail(bio->bio_buf, ENXIO);
		devstat_end_transaction_buf(&sc->sc_stats, bio->bio_buf);
		lwkt_serialize_exit(&sc->sc_slz);
		biodone(bio);
		lwkt_serialize_enter(&sc->sc_slz);
	}
	lwkt_serialize_exit(&sc->sc_slz);
	if (sc->sc_cdev != NULL) {
		devstat_remove_entry(&sc->sc_stats);
		disk_destroy(&sc->sc_disk);
		sc->sc_cdev = NULL;
	}
}`;
}

function openClose(p: string, s: string): string {
  return `static int
${p}_disk_open(struct dev_open_args *ap)
{
	${s} *sc = ap->a_head.a_dev->si_drv1;
	int error;

	if (sc == NULL)
		return(ENXIO);
	lwkt_serialize_enter(&sc->sc_slz);
	if (sc->sc_detaching) {
		error = ENXIO;
	} else {
		sc->sc_opencnt++;
		error = 0;
	}
	lwkt_serialize_exit(&sc->sc_slz);
	return(error);
}

static int
${p}_disk_close(struct dev_close_args *ap)
{
	${s} *sc = ap->a_head.a_dev->si_drv1;

	if (sc == NULL)
		return(ENXIO);
	lwkt_serialize_enter(&sc->sc_slz);
	if (sc->sc_opencnt > 0)
		sc->sc_opencnt--;
	lwkt_serialize_exit(&sc->sc_slz);
	return(0);
}`;
}
