/*
 * Events of the code under test, written as JSON lines to stdout.  Register
 * accesses and the injection point wait for the TypeScript side's reply (the
 * device model answers reads and may act); everything else is streamed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "events.h"
#include "harness-api.h"
#include "json.h"

static int inject_pending;	/* the device acts at the first event of this call */

static const char *
base(const char *file)
{
	const char *s = strrchr(file, '/');

	return s ? s + 1 : file;
}

static int first_run;

static void
emit_run(uint64_t bus, const unsigned char *p, size_t n)
{
	size_t i;

	printf("%s[%llu,\"", first_run ? "" : ",", (unsigned long long)bus);
	first_run = 0;
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\"]");
}

/* Device stores in a reply's "dw": pending inside a call, applied at once between calls. */
void
apply_device_writes(const jnode *dw, int now)
{
	static unsigned char buf[1 << 20];
	int i;

	for (i = 0; i < j_len(dw); i++) {
		const jnode *w = j_at(dw, i);
		size_t n = j_hex(j_at(w, 1), buf, sizeof(buf));

		arena_device_write((uint64_t)j_int(j_at(w, 0), 0), buf, n, now);
	}
}

/* Reads the reply to the event just written; returns its "v". */
static long long
await_reply(void)
{
	static char *line;
	static size_t cap;
	int mark = j_mark();
	const jnode *r;
	long long v;

	fflush(stdout);
	if (getline(&line, &cap, stdin) < 0)
		exit(0);
	if ((r = j_parse(line)) == NULL) {
		fprintf(stderr, "harness: bad reply: %s\n", line);
		exit(2);
	}
	apply_device_writes(j_get(r, "dw"), 0);
	v = j_int(j_get(r, "v"), 0);
	j_release(mark);
	return v;
}

static void
maybe_inject(const char *file, int line)
{
	if (!inject_pending)
		return;
	inject_pending = 0;
	printf("{\"ev\":\"inject\",\"at\":\"%s:%d\"}\n", base(file), line);
	(void)await_reply();
}

void
call_begin(int inject)
{
	inject_pending = inject;
}

/* End of a driver call: an injection that found no event runs now; then all stores settle. */
void
call_end(void)
{
	maybe_inject("end-of-call", 0);
	ev_release("settle", "end-of-call", 0, 0, 0);
	arena_acquire(0, 0);
}

void
ev_release(const char *what, const char *file, int line, uint64_t lo, uint64_t hi)
{
	maybe_inject(file, line);
	printf("{\"ev\":\"rel\",\"what\":\"%s\",\"at\":\"%s:%d\",\"diff\":[", what, base(file), line);
	first_run = 1;
	arena_publish(lo, hi, emit_run);
	printf("]}\n");
}

void
ev_acquire(const char *what, const char *file, int line, uint64_t lo, uint64_t hi)
{
	maybe_inject(file, line);
	printf("{\"ev\":\"acq\",\"what\":\"%s\",\"at\":\"%s:%d\"}\n", what, base(file), line);
	arena_acquire(lo, hi);
}

void
ev_note(const char *what, const char *file, int line, long arg)
{
	maybe_inject(file, line);
	printf("{\"ev\":\"note\",\"what\":\"%s\",\"arg\":%ld,\"at\":\"%s:%d\"}\n", what, arg, base(file), line);
}

uint32_t
ev_io_read(int width, uint64_t off, const char *file, int line)
{
	maybe_inject(file, line);
	printf("{\"ev\":\"io\",\"rw\":\"r\",\"w\":%d,\"off\":%llu,\"at\":\"%s:%d\"}\n", width, (unsigned long long)off, base(file), line);
	return (uint32_t)await_reply();
}

void
ev_io_write(int width, uint64_t off, uint32_t val, const char *file, int line)
{
	maybe_inject(file, line);
	printf("{\"ev\":\"io\",\"rw\":\"w\",\"w\":%d,\"off\":%llu,\"v\":%u,\"at\":\"%s:%d\"}\n", width, (unsigned long long)off, val, base(file), line);
	(void)await_reply();
}

void
ev_callback(const char *fn, long arg, long value)
{
	printf("{\"ev\":\"cb\",\"fn\":\"%s\",\"arg\":%ld,\"v\":%ld}\n", fn, arg, value);
}

void
ev_log(const char *file, int line, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	printf("{\"ev\":\"log\",\"at\":\"%s:%d\",\"msg\":", base(file), line);
	j_print_string(msg);
	printf("}\n");
}

_Noreturn void
harness_panicv(const char *file, int line, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	printf("{\"ev\":\"panic\",\"at\":\"%s:%d\",\"msg\":", base(file), line);
	j_print_string(msg);
	printf("}\n");
	fflush(stdout);
	exit(3);
}

_Noreturn void
harness_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	harness_panicv(file, line, fmt, ap);
}
