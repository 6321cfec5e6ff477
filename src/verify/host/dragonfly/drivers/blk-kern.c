/*
 * Host shim for the block driver's kernel interfaces (include/dfly-blk.h):
 * zsleep on the deterministic scheduler (common/kthread-sched.c; the main
 * thread's sleep delivers the interrupts the kernel would; serializers are
 * serializer.c's), the disk layer's raw device and open count,
 * devstat accounting and biodone (bioqdisksort is in blk-bioq.c).  What the
 * driver does to the outside world is reported as callbacks: biodone N,
 * devstat_start/devstat_end N, disk_create, disk_destroy.
 */
#include "dfly-blk.h"
#include "dfly-shim.h"
#include "kthread-sched.h"

/* Set by the fixture: what teardown has done so far, reported with devstat_remove and disk_destroy. */
int (*shim_teardown_probe)(void);

static long
teardown_state(void)
{
	return shim_teardown_probe != NULL ? shim_teardown_probe() : -1;
}

int
device_get_unit(device_t dev)
{
	(void)dev;
	return 0;
}

void
DELAY(int usec)
{
	ev_note("DELAY", __FILE__, __LINE__, usec);
}

/*
 * A sleep that keeps timing out with nothing left to wake it (no kthread, the
 * device holds no request) would loop for ever in simulated time: after this
 * many timeouts in a row the harness stops, naming the sleep.
 */
#define ZSLEEP_MAX_TIMEOUTS	60

/* Releases the serializer while asleep and holds it again on return, as zsleep(9) does. */
int
zsleep(const volatile void *chan, struct lwkt_serialize *slz, int flags, const char *wmesg, int timo)
{
	static int timeouts;
	int timedout;

	(void)flags;
	if (timo < 0)
		panic("zsleep: negative timeout %d", timo);
	if (!slz->entered)
		panic("zsleep: serializer not held");
	ev_callback("zsleep", timo, 0);
	slz->entered = 0;
	timedout = ksched_sleep(chan, wmesg, timo);
	if (slz->entered)
		panic("zsleep: serializer held by someone else on wakeup");
	slz->entered = 1;
	timeouts = timedout ? timeouts + 1 : 0;
	if (timeouts >= ZSLEEP_MAX_TIMEOUTS)
		panic("zsleep(\"%s\"): %d timeouts in a row and no wakeup: nothing will ever wake it", wmesg, timeouts);
	return timedout ? EAGAIN : 0;
}

int
physread(struct dev_read_args *ap)
{
	(void)ap;
	panic("physread: the harness issues bios through d_strategy");
}

int
physwrite(struct dev_write_args *ap)
{
	(void)ap;
	panic("physwrite: the harness issues bios through d_strategy");
}

void
biodone(struct bio *bio)
{
	if (bio->shim_done)
		panic("biodone: bio %d completed twice", bio->shim_id);
	bio->shim_done = 1;
	ev_callback("biodone", bio->shim_id, bio->bio_buf->b_error);
}

/* The raw disk device: its ops are the driver's (d_rawdev), as disk_create() sets them up. */
cdev_t
disk_create(int unit, struct disk *disk, struct dev_ops *raw_ops)
{
	cdev_t dev = harness_zalloc(sizeof(*dev));

	dev->si_ops = raw_ops;
	dev->si_disk = disk;
	disk->d_dev_ops = raw_ops;
	disk->d_rawdev = dev;
	disk->d_opencount = 0;
	ev_callback("disk_create", unit, 0);
	return dev;
}

/* The disk layer's open/close of the raw device: the driver's d_open/d_close, then its own count. */
int
shim_disk_open_close(cdev_t dev, int open)
{
	int r;

	if (open) {
		struct dev_open_args a = { .a_head = { .a_dev = dev } };

		if ((r = dev->si_ops->d_open(&a)) == 0)
			dev->si_disk->d_opencount++;
	} else {
		struct dev_close_args a = { .a_head = { .a_dev = dev } };

		if ((r = dev->si_ops->d_close(&a)) == 0 && dev->si_disk->d_opencount > 0)
			dev->si_disk->d_opencount--;
	}
	return r;
}

void
disk_setdiskinfo(struct disk *disk, struct disk_info *info)
{
	disk->d_info = *info;
	ev_callback("disk_setdiskinfo", (long)info->d_media_blocks, info->d_media_blksize);
}

int
disk_getopencount(struct disk *disk)
{
	return disk->d_opencount;
}

void
disk_destroy(struct disk *disk)
{
	if (disk->d_rawdev == NULL)
		panic("disk_destroy: no disk");
	harness_free(disk->d_rawdev);
	disk->d_rawdev = NULL;
	ev_callback("disk_destroy", teardown_state(), 0);
}

void
devstat_add_entry(struct devstat *ds, const char *dev_name, int unit_number, u_int32_t block_size,
    devstat_support_flags flags, devstat_type_flags device_type, devstat_priority priority)
{
	(void)dev_name; (void)flags; (void)device_type; (void)priority;
	ds->shim_added = 1;
	ev_callback("devstat_add", unit_number, block_size);
}

void
devstat_remove_entry(struct devstat *ds)
{
	if (!ds->shim_added)
		panic("devstat_remove_entry: no entry");
	if (ds->busy_count != 0)
		panic("devstat_remove_entry: %d transactions open", ds->busy_count);
	ds->shim_added = 0;
	ev_callback("devstat_remove", teardown_state(), 0);
}

void
devstat_start_transaction(struct devstat *ds)
{
	if (!ds->shim_added)
		panic("devstat_start_transaction: no entry");
	ds->busy_count++;
	ev_callback("devstat_start", ds->busy_count, 0);
}

void
devstat_end_transaction_buf(struct devstat *ds, struct buf *bp)
{
	if (ds->busy_count <= 0)
		panic("devstat_end_transaction_buf: no transaction open");
	ds->busy_count--;
	ds->transfers++;
	ev_callback("devstat_end", ds->busy_count, bp->b_error);
}
