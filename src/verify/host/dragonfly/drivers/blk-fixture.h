/*
 * Harness fixture for the translated block driver, included after
 * ld_virtio.c in one unit (the blk plugin writes it, scenarios/blk-plugin.ts)
 * so the driver is compiled unmodified and its static softc and dev_ops are
 * visible here.  It plays the kernel above the driver: newbus attaches and
 * detaches it (device_delete_child), the disk layer opens and closes the raw
 * device and hands it bios through the dev_ops it was given (disk_create),
 * a detach that sleeps gets the interrupts the kernel would deliver.
 * A header by name only so the harness cache hashes it.
 */

#include "dfly-blk.h"
#include "dfly-shim.h"
#include "arena.h"
#include "json.h"
#include "kthread-sched.h"

#define BLK_MAXBIOS	256

static device_t vio_dev;		/* the virtio parent */
static struct ld_virtio_softc *ld;	/* the attached disk, NULL when none */
static struct { void *va; size_t n; } ring;	/* kept after detach: its last changes show */
static struct bio bios[BLK_MAXBIOS];
static struct buf bufs[BLK_MAXBIOS];

/* Teardown so far: 1 parent let go of the child, 2 virtqueue freed, 4 no DMA tag or map left, 8 bio queue empty. */
static int
teardown_probe(void)
{
	struct virtio_softc *vsc = device_get_softc(vio_dev);

	return (vsc->sc_child == NULL) | (ld->sc_vq[0].vq_entries == NULL) << 1 |
	    (shim_dma_live == 0) << 2 | (bioq_first(&ld->sc_bioq) == NULL) << 3;
}

static void
report(void)
{
	struct bio *bio;
	int n = 0;

	out_int("attached", ld != NULL);
	out_int("live", shim_dma_live);
	if (ld == NULL)
		return;
	TAILQ_FOREACH(bio, &ld->sc_bioq.queue, bio_act)
		n++;
	out_int("inflight", ld->sc_inflight);
	out_int("queued", n);
	out_int("opencnt", ld->sc_opencnt);
	out_int("detaching", ld->sc_detaching);
	out_int("cdev", ld->sc_cdev != NULL);
}

static void
attach_disk(const jnode *args)
{
	struct virtio_softc *vsc;
	int r;

	vio_dev = device_add_child(shim_root_device(), NULL, 0);
	vio_dev->vendor = vio_dev->subvendor = 0x1af4;
	vio_dev->device = (uint16_t)(0x1000 + j_need(args, "deviceid") - 1);
	vio_dev->subdevice = (uint16_t)j_need(args, "deviceid");
	r = shim_probe_attach(vio_dev, "pci");
	vsc = device_get_softc(vio_dev);
	if (r == 0 && vsc->sc_child != NULL && vsc->sc_child != (void *)1) {
		ld = device_get_softc(vsc->sc_child);
		ring.va = ld->sc_vq[0].vq_vaddr;
		ring.n = ld->sc_vq[0].vq_bytesize;
	}
	out_int("r", r);
	if (ld != NULL) {
		out_int("blocks", (long long)ld->sc_info.d_media_blocks);
		out_int("iosize", ld->sc_iosize_max);
		out_int("maxinflight", ld->sc_maxinflight);
	}
}

/* A bio on the raw device (bio_offset absolute, as the disk layer hands it on), its data in the arena. */
static int
strategy(const jnode *args)
{
	int id = (int)j_need(args, "id");
	struct dev_strategy_args a;
	struct bio *bio;
	struct buf *bp;

	if (id < 0 || id >= BLK_MAXBIOS || bios[id].bio_buf != NULL)
		panic("bio id %d out of range or reused", id);
	bio = &bios[id];
	bp = &bufs[id];
	bp->b_cmd = (buf_cmd_t)j_need(args, "cmd");
	bp->b_bcount = (int)j_need(args, "len");
	bp->b_data = bp->b_bcount > 0 ? arena_ptr((uint64_t)j_need(args, "addr"), (size_t)bp->b_bcount) : NULL;
	if (bp->b_bcount > 0 && bp->b_data == NULL)
		panic("bio %d: data outside the arena", id);
	bio->bio_buf = bp;
	bio->bio_offset = (off_t)j_need(args, "offset");
	bio->shim_id = id;
	a.a_head.a_dev = ld->sc_cdev;
	a.a_bio = bio;
	return ld->sc_cdev->si_ops->d_strategy(&a);
}

static void
bio_state(const jnode *args)
{
	int id = (int)j_need(args, "id");

	if (id < 0 || id >= BLK_MAXBIOS || bios[id].bio_buf == NULL)
		panic("no bio %d", id);
	out_int("done", bios[id].shim_done);
	out_int("error", bufs[id].b_error);
	out_int("berror", (bufs[id].b_flags & B_ERROR) != 0);
	out_int("resid", bufs[id].b_resid);
}

int
driver_command(const char *cmd, const jnode *args)
{
	if (strcmp(cmd, "driver") != 0)
		return 0;
	cmd = j_str(j_get(args, "call"));
	args = j_get(args, "args");
	if (cmd == NULL)
		panic("driver command without a call");
	if (strcmp(cmd, "ld_attach") == 0)
		attach_disk(args);
	else if (strcmp(cmd, "ld_bio") == 0)
		bio_state(args);		/* the fixture's bios outlive the disk */
	else if (ld == NULL)
		panic("%s: no disk attached", cmd);
	else if (strcmp(cmd, "ld_open") == 0 || strcmp(cmd, "ld_close") == 0)
		out_int("r", shim_disk_open_close(ld->sc_cdev, strcmp(cmd, "ld_open") == 0));
	else if (strcmp(cmd, "ld_strategy") == 0)
		out_int("r", strategy(args));
	else if (strcmp(cmd, "ld_detach") == 0) {
		struct virtio_softc *vsc = device_get_softc(vio_dev);
		int r = device_delete_child(vio_dev, vsc->sc_child);

		out_int("r", r);
		if (r == 0)
			ld = NULL;
	} else
		panic("unknown driver call '%s'", cmd);
	report();
	return 1;
}

/* The disk's virtqueue, as changes since the previous reply. */
void
driver_end_of_command(void)
{
	static unsigned char *last;
	static size_t lastn;

	if (ring.va != NULL)
		out_delta("vq0", ring.va, ring.n, &last, &lastn);
}

__attribute__((constructor)) static void
blk_fixture_init(void)
{
	ksched_idle = shim_deliver_idle;
	shim_teardown_probe = teardown_probe;
}
