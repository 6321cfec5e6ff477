/*
 * Host shim for the kernel interfaces the block driver (ld_virtio, translated
 * from ld(4) to disk(9)) adds to the parent's: serializers that know they are
 * held, sleep/wakeup, struct buf/bio and the bio queue, the raw device's
 * dev_ops, disk(9) and devstat(9), with DragonFly's signatures and shapes
 * (cited per section from ../shared/corpus/dragonfly/sys).  Implemented in
 * ../drivers/blk-kern.c; no driver logic: queue order, counts and errors are
 * the driver's (or, for bioqdisksort, the kernel's own algorithm).
 */
#ifndef DFLY_SHIM_BLK_H
#define DFLY_SHIM_BLK_H

#include "dfly-kernel.h"
#include "dfly-serialize.h"
#include <sys/queue.h>

/* sys/limits.h, sys/param.h */
#ifndef INT_MAX
#define INT_MAX		0x7fffffff
#endif
#ifndef MIN
#define MIN(a,b)	(((a)<(b))?(a):(b))
#endif
#ifndef MAX
#define MAX(a,b)	(((a)>(b))?(a):(b))
#endif
typedef uintptr_t	vm_offset_t;
typedef char		*caddr_t;

/* sys/bus.h: the shim's newbus numbers no units (each driver attaches once: unit 0) */
int	device_get_unit(device_t);

/* sys/systm.h; the serializers and sleep are dfly-serialize.h's */
void	DELAY(int usec);

/* sys/buf.h: the fields the driver and the disk layer use */
typedef enum buf_cmd {
	BUF_CMD_DONE = 0,
	BUF_CMD_READ,
	BUF_CMD_WRITE,
	BUF_CMD_FREEBLKS,
	BUF_CMD_FORMAT,
	BUF_CMD_FLUSH
} buf_cmd_t;
#define B_ERROR		0x00000800	/* I/O error occurred. */
struct buf {
	buf_cmd_t	b_cmd;
	int		b_flags;
	int		b_error;
	int		b_bcount;
	int		b_resid;
	caddr_t		b_data;
};

/* sys/bio.h; shim_id names the bio in the harness's callbacks */
struct bio {
	TAILQ_ENTRY(bio) bio_act;
	struct buf	*bio_buf;
	off_t		bio_offset;
	int		shim_id;
	int		shim_done;
};
struct bio_queue_head {
	TAILQ_HEAD(bio_queue, bio) queue;
	off_t	off_unused;
	int	reorder;
	struct	bio *transition;
	struct	bio *bio_unused;
};
void	biodone(struct bio *);

/* sys/buf2.h, verbatim bodies */
static __inline void
bioq_init(struct bio_queue_head *bioq)
{
	TAILQ_INIT(&bioq->queue);
	bioq->off_unused = 0;
	bioq->reorder = 0;
	bioq->transition = NULL;
	bioq->bio_unused = NULL;
}

static __inline void
bioq_insert_tail(struct bio_queue_head *bioq, struct bio *bio)
{
	bioq->transition = NULL;
	TAILQ_INSERT_TAIL(&bioq->queue, bio, bio_act);
}

static __inline void
bioq_remove(struct bio_queue_head *bioq, struct bio *bio)
{
	if (bio == bioq->transition)
		bioq->transition = TAILQ_NEXT(bio, bio_act);
	TAILQ_REMOVE(&bioq->queue, bio, bio_act);
}

static __inline struct bio *
bioq_first(struct bio_queue_head *bioq)
{
	return (TAILQ_FIRST(&bioq->queue));
}

static __inline struct bio *
bioq_takefirst(struct bio_queue_head *bioq)
{
	struct bio *bp;

	bp = TAILQ_FIRST(&bioq->queue);
	if (bp != NULL)
		bioq_remove(bioq, bp);
	return (bp);
}

/* sys/device.h, sys/conf.h */
struct cdev {
	void		*si_drv1;
	int		si_iosize_max;
	struct dev_ops	*si_ops;
	struct disk	*si_disk;
};
typedef struct cdev *cdev_t;
struct dev_generic_args {
	struct syslink_desc *a_desc;
	struct cdev *a_dev;
};
struct dev_open_args {
	struct dev_generic_args a_head;
	int		a_oflags;
	int		a_devtype;
	struct ucred	*a_cred;
	struct file	*a_fp;
};
struct dev_close_args {
	struct dev_generic_args a_head;
	int		a_fflag;
	int		a_devtype;
	struct file	*a_fp;
};
struct dev_strategy_args {
	struct dev_generic_args a_head;
	struct bio	*a_bio;
};
struct dev_dump_args {
	struct dev_generic_args a_head;
	u_int64_t	a_count;
	u_int64_t	a_blkno;
	u_int		a_secsize;
	void		*a_virtual;
	vm_offset_t	a_physical;
	off_t		a_offset;
	size_t		a_length;
};
struct dev_read_args;
struct dev_write_args;
typedef int d_open_t (struct dev_open_args *ap);
typedef int d_close_t (struct dev_close_args *ap);
typedef int d_read_t (struct dev_read_args *ap);
typedef int d_write_t (struct dev_write_args *ap);
typedef int d_strategy_t (struct dev_strategy_args *ap);
typedef int d_dump_t (struct dev_dump_args *ap);
struct dev_ops {
	struct {
		const char	*name;
		int		 maj;
		u_int		 flags;
		void		*data;
		int		 refs;
		int		 id;
	} head;
	d_open_t	*d_open;
	d_close_t	*d_close;
	d_read_t	*d_read;
	d_write_t	*d_write;
	d_strategy_t	*d_strategy;
	d_dump_t	*d_dump;
};
#define D_DISK		0x0002
#define D_MPSAFE	0x00400000
int	physread(struct dev_read_args *);
int	physwrite(struct dev_write_args *);

/* sys/disk.h, sys/diskslice.h */
struct disk_info {
	u_int64_t	d_media_size;
	u_int64_t	d_media_blocks;
	int		d_media_blksize;
	u_int		d_dsflags;
	u_int		d_type;
	u_int		d_nheads;
	u_int		d_ncylinders;
	u_int		d_secpertrack;
	u_int		d_secpercyl;
	char		*d_serialno;
};
struct disk {
	struct dev_ops	*d_dev_ops;
	struct disk_info d_info;
	cdev_t		d_rawdev;
	int		d_opencount;	/* the disk layer's opens (slices, the raw device) */
};
cdev_t	disk_create(int unit, struct disk *disk, struct dev_ops *raw_ops);
void	disk_destroy(struct disk *disk);
void	disk_setdiskinfo(struct disk *disk, struct disk_info *info);
int	disk_getopencount(struct disk *disk);
void	bioqdisksort(struct bio_queue_head *ap, struct bio *bio);

/* sys/devicestat.h */
typedef enum { DEVSTAT_ALL_SUPPORTED = 0x00 } devstat_support_flags;
typedef enum { DEVSTAT_PRIORITY_DISK = 0x110 } devstat_priority;
typedef enum { DEVSTAT_TYPE_DIRECT = 0x000, DEVSTAT_TYPE_IF_OTHER = 0x030 } devstat_type_flags;
struct devstat {
	int		shim_added;
	int		busy_count;
	u_int64_t	transfers;
};
void	devstat_add_entry(struct devstat *ds, const char *dev_name, int unit_number, u_int32_t block_size,
	    devstat_support_flags flags, devstat_type_flags device_type, devstat_priority priority);
void	devstat_remove_entry(struct devstat *ds);
void	devstat_start_transaction(struct devstat *ds);
void	devstat_end_transaction_buf(struct devstat *ds, struct buf *);

/* The shim's side, for the fixture */
extern int	shim_dma_live;
/* The disk layer's open (1) or close (0) of the raw device: d_open/d_close, then the open count. */
int	shim_disk_open_close(cdev_t, int open);
extern int	(*shim_teardown_probe)(void);

#endif
