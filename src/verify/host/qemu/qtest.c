/*
 * QEMU's qtest protocol (docs/devel/qtest.rst): one text command per line,
 * answered by "OK [value]" or "FAIL ...".  QEMU connects to the socket we
 * listen on.  With `irq_intercept_in ioapic` it also sends "IRQ raise N" and
 * "IRQ lower N" lines whenever an interrupt line changes, between replies.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "harness-api.h"
#include "qemu-api.h"
#include "qtest.h"

#define NIRQ	24

static int listen_fd = -1, fd = -1;
static char rbuf[1 << 16];
static size_t rlen;
static int irq_level[NIRQ];

long
qemu_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void
qt_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (strlen(path) >= sizeof(sa.sun_path))
		harness_panic(__FILE__, __LINE__, "qtest socket path too long: %s", path);
	strcpy(sa.sun_path, path);
	if ((listen_fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(listen_fd, 1) != 0)
		harness_panic(__FILE__, __LINE__, "qtest socket %s: %s", path, strerror(errno));
}

void
qt_accept(int timeout_ms)
{
	struct pollfd p = { .fd = listen_fd, .events = POLLIN };

	if (poll(&p, 1, timeout_ms) != 1 || (fd = accept(listen_fd, NULL, NULL)) < 0)
		harness_panic(__FILE__, __LINE__, "QEMU did not connect to the qtest socket within %d ms", timeout_ms);
	close(listen_fd);
	listen_fd = -1;
}

/* Reads what QEMU sent, waiting up to timeout_ms (-1: no limit); 0 on timeout. */
static int
fill(int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, timeout_ms) == 0)
		return 0;
	if (rlen == sizeof(rbuf))
		harness_panic(__FILE__, __LINE__, "qtest: line too long");
	n = read(fd, rbuf + rlen, sizeof(rbuf) - rlen);
	if (n <= 0)
		harness_panic(__FILE__, __LINE__, "qtest: QEMU closed the connection (it exited or crashed)");
	rlen += (size_t)n;
	return 1;
}

/* An "IRQ raise|lower N" line updates the line's level; 1 if it was one. */
static int
irq_line(const char *line)
{
	int irq;

	if (sscanf(line, "IRQ raise %d", &irq) == 1 && irq >= 0 && irq < NIRQ)
		irq_level[irq] = 1;
	else if (sscanf(line, "IRQ lower %d", &irq) == 1 && irq >= 0 && irq < NIRQ)
		irq_level[irq] = 0;
	else
		return strncmp(line, "IRQ ", 4) == 0;
	return 1;
}

/* Takes the next complete line out of the buffer into out; 0 if there is none yet. */
static int
take_line(char *out, size_t max)
{
	char *nl = memchr(rbuf, '\n', rlen);
	size_t n;

	if (nl == NULL)
		return 0;
	n = (size_t)(nl - rbuf);
	if (n >= max)
		n = max - 1;
	memcpy(out, rbuf, n);
	out[n] = '\0';
	rlen -= (size_t)(nl - rbuf) + 1;
	memmove(rbuf, nl + 1, rlen);
	return 1;
}

/* Sends one command and returns its reply's value ("OK 0x1f" -> 0x1f). */
uint64_t
qt_cmd(const char *fmt, ...)
{
	char line[256], reply[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	if (write(fd, line, (size_t)n) != n)
		harness_panic(__FILE__, __LINE__, "qtest: write failed: %s", strerror(errno));
	for (;;) {
		while (!take_line(reply, sizeof(reply)))
			(void)fill(-1);
		if (irq_line(reply))
			continue;
		if (strncmp(reply, "OK", 2) != 0) {
			line[n - 1] = '\0';
			harness_panic(__FILE__, __LINE__, "qtest: '%s' answered '%s'", line, reply);
		}
		return reply[2] == ' ' ? strtoull(reply + 3, NULL, 0) : 0;
	}
}

int
qemu_irq_level(int irq)
{
	return irq >= 0 && irq < NIRQ ? irq_level[irq] : 0;
}

static int
any_raised(void)
{
	int i;

	/* IRQ 0 is the PIT's; the halted CPU never programs it */
	for (i = 1; i < NIRQ; i++)
		if (irq_level[i])
			return 1;
	return 0;
}

int
qemu_irq_wait(int timeout_ms)
{
	long deadline = qemu_now_ms() + timeout_ms;
	char line[256];

	for (;;) {
		while (take_line(line, sizeof(line)))
			if (!irq_line(line))
				harness_panic(__FILE__, __LINE__, "qtest: unexpected line '%s'", line);
		if (any_raised())
			return 1;
		long left = deadline - qemu_now_ms();
		if (left <= 0 || !fill((int)left))
			return any_raised();
	}
}

uint32_t
qemu_io_read(int width, uint16_t port)
{
	return (uint32_t)qt_cmd("in%c 0x%x", width == 1 ? 'b' : width == 2 ? 'w' : 'l', port);
}

void
qemu_io_write(int width, uint16_t port, uint32_t val)
{
	(void)qt_cmd("out%c 0x%x 0x%x", width == 1 ? 'b' : width == 2 ? 'w' : 'l', port, val);
}
