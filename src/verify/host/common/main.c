/*
 * The harness process: reads one JSON command per line on stdin, runs it
 * against the code under test, streams the events it causes and ends with one
 * reply line {"ok":1,...}.  See src/verify/README.md for the protocol.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "events.h"
#include "harness-api.h"
#include "json.h"
#include "reply.h"

#ifndef HARNESS_FLAVOUR
#define HARNESS_FLAVOUR "unknown"
#endif

void *
harness_zalloc(size_t n)
{
	return calloc(1, n);
}

void
harness_free(void *p)
{
	free(p);
}

/* Commands that need no flavour knowledge: the test client's buffers. */
static int
common_command(const char *cmd, const jnode *args)
{
	static unsigned char buf[1 << 20];

	if (strcmp(cmd, "alloc_buf") == 0) {
		uint64_t bus;

		if (arena_alloc((size_t)j_need(args, "len"), (size_t)j_int(j_get(args, "align"), 16), &bus) == NULL)
			harness_panic(__FILE__, __LINE__, "arena exhausted");
		out_int("addr", (long long)bus);
		return 1;
	}
	if (strcmp(cmd, "write_buf") == 0) {
		size_t n = j_hex(j_get(args, "hex"), buf, sizeof(buf));
		void *p = arena_ptr((uint64_t)j_need(args, "addr"), n);

		if (p == NULL)
			harness_panic(__FILE__, __LINE__, "write_buf outside the arena");
		memcpy(p, buf, n);
		return 1;
	}
	if (strcmp(cmd, "read_buf") == 0) {
		size_t n = (size_t)j_need(args, "len");
		void *p = arena_ptr((uint64_t)j_need(args, "addr"), n);

		if (p == NULL)
			harness_panic(__FILE__, __LINE__, "read_buf outside the arena");
		out_hex("hex", p, n);
		return 1;
	}
	return strcmp(cmd, "settle") == 0;
}

int
main(void)
{
	char *line = NULL;
	size_t cap = 0;

	arena_init();
	printf("{\"ready\":1,\"flavour\":\"%s\",\"arena\":%llu,\"size\":%zu}\n", HARNESS_FLAVOUR,
	    (unsigned long long)arena_base(), arena_size());
	fflush(stdout);
	while (getline(&line, &cap, stdin) >= 0) {
		const jnode *args;
		const char *cmd;

		j_release(0);
		if ((args = j_parse(line)) == NULL || (cmd = j_str(j_get(args, "cmd"))) == NULL) {
			fprintf(stderr, "harness: bad command: %s\n", line);
			return 2;
		}
		apply_device_writes(j_get(args, "dw"), 1);
		reply_reset();
		call_begin((int)j_int(j_get(args, "inj"), 0));
		if (!common_command(cmd, args) && !adapter_command(cmd, args)) {
			fprintf(stderr, "harness: unknown command '%s'\n", cmd);
			return 2;
		}
		call_end();
		adapter_rings();
		printf("{\"ok\":1%s}\n", reply_text());
		fflush(stdout);
	}
	return 0;
}
