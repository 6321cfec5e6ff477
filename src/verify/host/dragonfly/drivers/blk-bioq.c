/* bioqdisksort() for the block driver's shim (include/dfly-blk.h). */
#include "dfly-blk.h"

/*
 * bioqdisksort(), DragonFly's kern/subr_disk.c: reads go before the first
 * queued write (the transition point), writes are appended; every
 * bioq_reorder_minor_interval reads, linear writes worth up to
 * bioq_reorder_minor_bytes join the reads (bioqwritereorder; the burst
 * branch needs buf_runningbufspace_severe(), false here).  The corpus's
 * struct buf has no B_ORDERED, so there is no ordered branch.
 */
static const int bioq_reorder_minor_interval = 5;
static const int bioq_reorder_burst_interval = 60;
static const size_t bioq_reorder_minor_bytes = 262144;

static void
bioqwritereorder(struct bio_queue_head *bioq)
{
	struct bio *bio;
	off_t next_offset;
	size_t left = bioq_reorder_minor_bytes, n;

	next_offset = bioq->transition->bio_offset;
	while ((bio = bioq->transition) != NULL && next_offset == bio->bio_offset) {
		n = (size_t)bio->bio_buf->b_bcount;
		next_offset = bio->bio_offset + (off_t)n;
		bioq->transition = TAILQ_NEXT(bio, bio_act);
		if (left < n)
			break;
		left -= n;
	}
}

void
bioqdisksort(struct bio_queue_head *bioq, struct bio *bio)
{
	switch (bio->bio_buf->b_cmd) {
	case BUF_CMD_READ:
		if (bioq->transition) {
			TAILQ_INSERT_BEFORE(bioq->transition, bio, bio_act);
			++bioq->reorder;
			if (bioq->reorder % bioq_reorder_minor_interval == 0) {
				bioqwritereorder(bioq);
				if (bioq->reorder >= bioq_reorder_burst_interval)
					bioq->reorder = 0;
			}
		} else
			TAILQ_INSERT_TAIL(&bioq->queue, bio, bio_act);
		break;
	case BUF_CMD_WRITE:
		TAILQ_INSERT_TAIL(&bioq->queue, bio, bio_act);
		if (bioq->transition == NULL)
			bioq->transition = bio;
		break;
	default:
		bioq_insert_tail(bioq, bio);
		break;
	}
}
