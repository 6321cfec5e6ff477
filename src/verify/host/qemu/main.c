/*
 * The QEMU backend's harness process: `harness QTEST_SOCKET RAM_FILE RAM_SIZE`.
 * It listens on the qtest socket (QEMU, started next, connects), plays the
 * firmware, maps the guest's RAM, then reads one JSON command per line on
 * stdin and answers each with one line: {"ok":1,...} or {"panic":...,"at":...}.
 * The fixture linked in (fixtures/, one per driver) takes the driver commands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "guest-ram.h"
#include "harness-api.h"
#include "json.h"
#include "qemu-api.h"
#include "qtest.h"
#include "reply.h"

/* The fixture's commands (fixtures/<driver>.h); 1 if it knew cmd. */
int	driver_command(const char *cmd, const jnode *args);

static size_t heap_live;

/* kmalloc's memory: counted, so a detach that leaks shows. */
void *
harness_zalloc(size_t n)
{
	size_t *p = calloc(1, n + 16);

	if (p == NULL)
		return NULL;
	*p = n;
	heap_live += n;
	return (char *)p + 16;
}

void
harness_free(void *v)
{
	size_t *p;

	if (v == NULL)
		return;
	p = (size_t *)((char *)v - 16);
	heap_live -= *p;
	free(p);
}

size_t
heap_live_bytes(void)
{
	return heap_live;
}

static int
common_command(const char *cmd, const jnode *args)
{
	if (strcmp(cmd, "buf_alloc") == 0) {
		uint64_t bus;

		if (arena_alloc((size_t)j_need(args, "len"), (size_t)j_int(j_get(args, "align"), 16), &bus) == NULL)
			harness_panic(__FILE__, __LINE__, "guest RAM arena exhausted");
		out_int("addr", (long long)bus);
	} else if (strcmp(cmd, "buf_free") == 0) {
		void *p = arena_ptr((uint64_t)j_need(args, "addr"), 1);

		if (p == NULL)
			harness_panic(__FILE__, __LINE__, "buf_free outside the arena");
		arena_free(p);
	} else if (strcmp(cmd, "reg_read") == 0)
		out_int("v", qemu_io_read((int)j_need(args, "width"), (uint16_t)j_need(args, "port")));
	else if (strcmp(cmd, "reg_write") == 0)
		qemu_io_write((int)j_need(args, "width"), (uint16_t)j_need(args, "port"), (uint32_t)j_need(args, "v"));
	else if (strcmp(cmd, "fail_dma") == 0)
		guest_ram_fail_after((long)j_need(args, "nth"));
	else if (strcmp(cmd, "fragment") == 0)
		guest_ram_fragment((int)j_need(args, "on"));
	else if (strcmp(cmd, "fail_irq") == 0)
		qemu_fail_irq = 1;
	else if (strcmp(cmd, "live") == 0) {
		out_int("dma_bytes", (long long)arena_live_bytes());
		out_int("dma_blocks", (long long)arena_live_blocks());
		out_int("heap_bytes", (long long)heap_live_bytes());
	} else
		return 0;
	return 1;
}

int
main(int argc, char **argv)
{
	char *line = NULL;
	size_t cap = 0;
	int i;

	if (argc != 4) {
		fprintf(stderr, "usage: harness QTEST_SOCKET RAM_FILE RAM_SIZE\n");
		return 2;
	}
	qt_listen(argv[1]);
	printf("{\"listening\":1}\n");
	fflush(stdout);
	qt_accept(30000);
	firmware_init();	/* its first reply also means QEMU has created the RAM file */
	guest_ram_map(argv[2], strtoull(argv[3], NULL, 0));
	printf("{\"ready\":1,\"devices\":[");
	for (i = 0; i < qemu_pci_count(); i++) {
		const struct qemu_pci_fn *f = qemu_pci_get(i);

		printf("%s{\"slot\":%d,\"device\":%d,\"subdevice\":%d,\"iobase\":%d,\"irq\":%d}", i ? "," : "",
		    f->slot, f->device, f->subdevice, f->iobase, f->irq);
	}
	printf("],\"arena\":[%llu,%zu]}\n", (unsigned long long)arena_base(), arena_size());
	fflush(stdout);
	while (getline(&line, &cap, stdin) >= 0) {
		const jnode *args;
		const char *cmd;

		j_release(0);
		if ((args = j_parse(line)) == NULL || (cmd = j_str(j_get(args, "cmd"))) == NULL) {
			fprintf(stderr, "harness: bad command: %s\n", line);
			return 2;
		}
		reply_reset();
		if (!common_command(cmd, args) && !driver_command(cmd, args)) {
			fprintf(stderr, "harness: unknown command '%s'\n", cmd);
			return 2;
		}
		printf("{\"ok\":1%s}\n", reply_text());
		fflush(stdout);
	}
	return 0;
}
