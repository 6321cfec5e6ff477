/*
 * The harness events (harness-api.h) on a real device: barriers are the
 * machine's own, register accesses go to QEMU (kernel/bus.c calls qtest
 * directly), kernel messages go to stderr, where the scenario runner keeps
 * the last ones for a failure's report, and a panic ends the process with
 * one located line on stdout.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness-api.h"
#include "json.h"

static const char *
base(const char *file)
{
	const char *s = strrchr(file, '/');

	return s ? s + 1 : file;
}

/* x86 orders stores with stores and loads with loads; only mfence orders a store before a later load. */
void
ev_release(const char *what, const char *file, int line, uint64_t lo, uint64_t hi)
{
	(void)file; (void)line; (void)lo; (void)hi;
	if (strcmp(what, "cpu_mfence") == 0)
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	else
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

void
ev_acquire(const char *what, const char *file, int line, uint64_t lo, uint64_t hi)
{
	(void)what; (void)file; (void)line; (void)lo; (void)hi;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/* DELAY(9) spins for real: a driver polling the device waits for QEMU, whose device may answer a notify later. */
void
ev_note(const char *what, const char *file, int line, long arg)
{
	struct timespec start, now;

	(void)file; (void)line;
	if (strcmp(what, "DELAY") != 0 || arg <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do
		clock_gettime(CLOCK_MONOTONIC, &now);
	while ((now.tv_sec - start.tv_sec) * 1000000L + (now.tv_nsec - start.tv_nsec) / 1000 < arg);
}

uint32_t
ev_io_read(int width, uint64_t off, const char *file, int line)
{
	(void)width; (void)off;
	harness_panic(file, line, "register access without a device (the QEMU backend's bus.c maps them)");
}

void
ev_io_write(int width, uint64_t off, uint32_t val, const char *file, int line)
{
	(void)width; (void)off; (void)val;
	harness_panic(file, line, "register access without a device (the QEMU backend's bus.c maps them)");
}

void
ev_callback(const char *fn, long arg, long value)
{
	if (getenv("PORT_VIRTIO_QEMU_TRACE") != NULL)
		fprintf(stderr, "cb %s %ld %ld\n", fn, arg, value);
}

void
ev_log(const char *file, int line, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s:%d: ", base(file), line);
	vfprintf(stderr, fmt, ap);
	if (fmt[0] == '\0' || fmt[strlen(fmt) - 1] != '\n')
		fputc('\n', stderr);
}

_Noreturn void
harness_panicv(const char *file, int line, const char *fmt, va_list ap)
{
	char msg[512], at[256];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	snprintf(at, sizeof(at), "%s:%d", base(file), line);
	printf("{\"panic\":");
	j_print_string(msg);
	printf(",\"at\":");
	j_print_string(at);
	printf("}\n");
	fflush(stdout);
	fprintf(stderr, "panic at %s: %s\n", at, msg);
	exit(3);
}

_Noreturn void
harness_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	harness_panicv(file, line, fmt, ap);
}
