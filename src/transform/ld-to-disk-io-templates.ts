import type { DiskGlue } from './ld-to-disk-templates.js';

/**
 * The I/O half of disk/ld-to-disk's glue (style(9)): ld.c's strategy/start/done path, the dump
 * entry point and ldadjqparam(), around the attachment's own sc_start/sc_dump/sc_flush hooks.
 * `p` is the driver prefix, `s` the softc's struct tag.
 */
export function strategyStart(g: DiskGlue, p: string, s: string): string {
  const flush = g.flush
    ? `\t\terror = ${g.flush}(sc, 0);\n\t\tif (error != 0)\n\t\t\t${p}_disk_fail(bp, error);\n\t\telse\n\t\t\tbp->b_resid = 0;\n`
    : `\t\tbp->b_resid = 0;\t/* no sc_flush: nothing is cached */\n`;
  return `/* A bio that ends without (or before) reaching the device. */
static void
${p}_disk_fail(struct buf *bp, int error)
{

	bp->b_error = error;
	bp->b_flags |= B_ERROR;
	bp->b_resid = bp->b_bcount;
}

/*
 * ld(4)'s ldstrategy(): the disk layer has checked the bounds and made
 * bio_offset absolute; reads and writes are queued for ${p}_disk_start().
 */
static int
${p}_disk_strategy(struct dev_strategy_args *ap)
{
	${s} *sc = ap->a_head.a_dev->si_drv1;
	struct bio *bio = ap->a_bio;
	struct buf *bp = bio->bio_buf;
${g.flush ? '\tint error;\n' : ''}
	if (sc == NULL) {
		${p}_disk_fail(bp, ENXIO);
		biodone(bio);
		return(0);
	}
	switch (bp->b_cmd) {
	case BUF_CMD_READ:
	case BUF_CMD_WRITE:
		break;
	case BUF_CMD_FLUSH:
		if (sc->sc_queueflush)
			break;		/* the device's cache: ${g.start}() sends it */
${flush}		biodone(bio);
		return(0);
	default:
		${p}_disk_fail(bp, EOPNOTSUPP);
		biodone(bio);
		return(0);
	}
	/* ld.c: nothing to transfer (a queued flush has no data either) */
	if (bp->b_bcount == 0 && bp->b_cmd != BUF_CMD_FLUSH) {
		bp->b_resid = 0;
		biodone(bio);
		return(0);
	}
	if (bp->b_bcount % sc->sc_info.d_media_blksize != 0) {
		${p}_disk_fail(bp, EINVAL);
		biodone(bio);
		return(0);
	}
	lwkt_serialize_enter(&sc->sc_slz);
	if (sc->sc_detaching) {
		lwkt_serialize_exit(&sc->sc_slz);
		${p}_disk_fail(bp, ENXIO);
		biodone(bio);
		return(0);
	}
	devstat_start_transaction(&sc->sc_stats);
	bioqdisksort(&sc->sc_bioq, bio);
	${p}_disk_start(sc);
	lwkt_serialize_exit(&sc->sc_slz);
	return(0);
}

/*
 * ld(4)'s ldstart(): hand queued bios to ${g.start}() while the device has
 * room.  EAGAIN means "out of resources": the bio waits for a completion.
 * Called with sc_slz held.
 */
static void
${p}_disk_start(${s} *sc)
{
	struct bio *bio;
	int error;

	ASSERT_SERIALIZED(&sc->sc_slz);
	while (!sc->sc_detaching && sc->sc_inflight < sc->sc_maxinflight &&
	    (bio = bioq_first(&sc->sc_bioq)) != NULL) {
		error = ${g.start}(sc, bio);
		if (error == EAGAIN)
			break;
		bioq_remove(&sc->sc_bioq, bio);
		if (error == 0) {
			sc->sc_inflight++;
			continue;
		}
		${p}_disk_fail(bio->bio_buf, error);
		devstat_end_transaction_buf(&sc->sc_stats, bio->bio_buf);
		lwkt_serialize_exit(&sc->sc_slz);
		biodone(bio);
		lwkt_serialize_enter(&sc->sc_slz);
	}
}`;
}

export function done(g: DiskGlue, p: string, s: string): string {
  const contract = g.serialized
    ? ' * Called with sc_slz held: the interrupt handler runs under it.'
    : ' * Takes sc_slz, as lddone() took the ld mutex.';
  return `/*
 * ld(4)'s lddone(): the driver finished a bio and set b_error and b_resid.
${contract}
 */
static void
${p}_disk_done(${s} *sc, struct bio *bio)
{
	struct buf *bp = bio->bio_buf;

${g.serialized ? '\tASSERT_SERIALIZED(&sc->sc_slz);' : '\tlwkt_serialize_enter(&sc->sc_slz);'}
	if (bp->b_error != 0)
		bp->b_flags |= B_ERROR;		/* DragonFly looks at B_ERROR */
	devstat_end_transaction_buf(&sc->sc_stats, bp);
	sc->sc_inflight--;
	if (sc->sc_detaching && sc->sc_inflight == 0)
		wakeup(&sc->sc_inflight);
	lwkt_serialize_exit(&sc->sc_slz);
	biodone(bio);			/* may call ${p}_disk_strategy() */
	lwkt_serialize_enter(&sc->sc_slz);
	${p}_disk_start(sc);
${g.serialized ? '' : '\tlwkt_serialize_exit(&sc->sc_slz);\n'}}`;
}

export function dump(g: DiskGlue, p: string, s: string): string {
  // With a serialized completion the serializer also keeps the interrupt handler off the queue.
  const lock = g.serialized
    ? `\theld = IS_SERIALIZED(&sc->sc_slz);\n\tif (!held && !lwkt_serialize_try(&sc->sc_slz))\n\t\treturn(EBUSY);\n`
    : '';
  const unlock = g.serialized ? `\tif (!held)\n\t\tlwkt_serialize_exit(&sc->sc_slz);\n` : '';
  return `/*
 * ld(4)'s lddump(): a kernel dump, polled.  DragonFly gives a byte offset on
 * the raw disk; ${g.dump}() takes blocks, at most sc_iosize_max bytes a call.
 */
static int
${p}_disk_dump(struct dev_dump_args *ap)
{
	${s} *sc = ap->a_head.a_dev->si_drv1;
	char *va = ap->a_virtual;
	int blksize, blkno, left, nblk, error${g.serialized ? ', held' : ''};

	if (sc == NULL)
		return(ENXIO);
	if (ap->a_length == 0)
		return(0);		/* the final call: nothing is cached */
	blksize = sc->sc_info.d_media_blksize;
	if (ap->a_offset % blksize != 0 || ap->a_length % blksize != 0)
		return(EINVAL);
	if (ap->a_offset / blksize + ap->a_length / blksize > INT_MAX)
		return(EFBIG);		/* ${g.dump}() takes int block numbers */
	blkno = ap->a_offset / blksize;
	left = ap->a_length / blksize;
${lock}	error = 0;
	while (left > 0 && error == 0) {
		nblk = MIN(left, MAX(sc->sc_iosize_max / blksize, 1));
		error = ${g.dump}(sc, va, blkno, nblk);
		va += nblk * blksize;
		blkno += nblk;
		left -= nblk;
	}
${unlock}	return(error);
}`;
}

export function adjq(p: string, s: string): string {
  return `/* ld(4)'s ldadjqparam(): the controller changed how many requests it takes. */
static int
${p}_disk_adjqparam(${s} *sc, int xmax)
{

	lwkt_serialize_enter(&sc->sc_slz);
	sc->sc_maxinflight = xmax;
	${p}_disk_start(sc);
	lwkt_serialize_exit(&sc->sc_slz);
	return(0);
}`;
}
