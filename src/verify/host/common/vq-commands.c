/*
 * Harness commands that call the virtqueue API of the code under test, one
 * call per command.  Compiled once per flavour (flavour-adapter.h supplies the
 * flavour's virtiovar.h and dmamap type).  No virtqueue logic lives here: the
 * arguments are passed through and the results reported.
 */
#include "flavour-adapter.h"
#include "vq-commands.h"

static struct virtqueue *
vq_arg(struct test_child *tc, const jnode *args)
{
	long long i = j_need(args, "vq");

	if (tc == NULL || tc->vsc == NULL || i < 0 || i >= tc->nvqs)
		harness_panic(__FILE__, __LINE__, "no virtqueue %lld", i);
	return &tc->vqs[i];
}

static void
fill_map(flavour_map_t *m, const jnode *segs)
{
	int i, n = j_len(segs);

	if (n < 1 || n > FLAVOUR_MAXSEGS)
		harness_panic(__FILE__, __LINE__, "bad segment count %d", n);
	flavour_map_init(m, n);
	for (i = 0; i < n; i++)
		flavour_map_seg(m, i, (bus_addr_t)j_int(j_at(j_at(segs, i), 0), 0), (bus_size_t)j_int(j_at(j_at(segs, i), 1), 0));
}

/* Each virtqueue's DMA block as the driver sees it, as changes since the previous reply. */
void
vq_rings(struct test_child *tc)
{
	static unsigned char *last[TC_MAXVQS];
	static size_t lastn[TC_MAXVQS];
	char key[4] = "vq0";
	int i;

	for (i = 0; tc != NULL && i < tc->nvqs; i++) {
		key[2] = (char)('0' + i);
		if (tc->vqs[i].vq_vaddr != NULL)
			out_delta(key, tc->vqs[i].vq_vaddr, tc->vqs[i].vq_bytesize, &last[i], &lastn[i]);
	}
}

int
vq_command(struct test_child *tc, const char *cmd, const jnode *args)
{
	static flavour_map_t map;
	struct virtio_softc *vsc = tc ? tc->vsc : NULL;
	int slot = -1, len = -1, r;

	if (strcmp(cmd, "prep") == 0) {
		r = virtio_enqueue_prep(vsc, vq_arg(tc, args), &slot);
		out_int("r", r);
		out_int("slot", slot);
	} else if (strcmp(cmd, "reserve") == 0)
		out_int("r", virtio_enqueue_reserve(vsc, vq_arg(tc, args), (int)j_need(args, "slot"), (int)j_need(args, "nsegs")));
	else if (strcmp(cmd, "enqueue") == 0) {
		fill_map(&map, j_get(args, "segs"));
		out_int("r", virtio_enqueue(vsc, vq_arg(tc, args), (int)j_need(args, "slot"), FLAVOUR_MAP_ARG(&map), j_need(args, "write") != 0));
	} else if (strcmp(cmd, "enqueue_p") == 0) {
		fill_map(&map, j_get(args, "segs"));
		out_int("r", virtio_enqueue_p(vsc, vq_arg(tc, args), (int)j_need(args, "slot"), FLAVOUR_MAP_ARG(&map),
		    (bus_addr_t)j_need(args, "start"), (bus_size_t)j_need(args, "len"), j_need(args, "write") != 0));
	} else if (strcmp(cmd, "commit") == 0)
		out_int("r", virtio_enqueue_commit(vsc, vq_arg(tc, args), (int)j_need(args, "slot"), j_need(args, "notify") != 0));
	else if (strcmp(cmd, "abort") == 0)
		out_int("r", virtio_enqueue_abort(vsc, vq_arg(tc, args), (int)j_need(args, "slot")));
	else if (strcmp(cmd, "dequeue") == 0) {
		r = virtio_dequeue(vsc, vq_arg(tc, args), &slot, &len);
		out_int("r", r);
		out_int("slot", slot);
		out_int("len", len);
	} else if (strcmp(cmd, "dequeue_commit") == 0)
		out_int("r", virtio_dequeue_commit(vsc, vq_arg(tc, args), (int)j_need(args, "slot")));
	else if (strcmp(cmd, "stop_intr") == 0)
		virtio_stop_vq_intr(vsc, vq_arg(tc, args));
	else if (strcmp(cmd, "start_intr") == 0)
		virtio_start_vq_intr(vsc, vq_arg(tc, args));
	else if (strcmp(cmd, "vq_intr") == 0)
		out_int("r", virtio_vq_intr(vsc));
	else if (strcmp(cmd, "read_config") == 0) {
		int index = (int)j_need(args, "index");

		switch (j_need(args, "width")) {
		case 1: out_int("v", virtio_read_device_config_1(vsc, index)); break;
		case 2: out_int("v", virtio_read_device_config_2(vsc, index)); break;
		case 4: out_int("v", virtio_read_device_config_4(vsc, index)); break;
		default: out_int("v", (long long)virtio_read_device_config_8(vsc, index)); break;
		}
	} else if (strcmp(cmd, "write_config") == 0) {
		int index = (int)j_need(args, "index");
		long long v = j_need(args, "value");

		switch (j_need(args, "width")) {
		case 1: virtio_write_device_config_1(vsc, index, (uint8_t)v); break;
		case 2: virtio_write_device_config_2(vsc, index, (uint16_t)v); break;
		case 4: virtio_write_device_config_4(vsc, index, (uint32_t)v); break;
		default: virtio_write_device_config_8(vsc, index, (uint64_t)v); break;
		}
	} else if (strcmp(cmd, "set_idx") == 0) {
		/* Test set-up, not an API call: start both free-running indices near the wrap. */
		struct virtqueue *vq = vq_arg(tc, args);

		vq->vq_avail_idx = vq->vq_used_idx = (uint16_t)j_need(args, "idx");
		vq->vq_avail->idx = vq->vq_avail_idx;
	} else
		return 0;
	return 1;
}
