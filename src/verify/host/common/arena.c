/*
 * DMA memory and what the device can see of it.
 *
 * The driver's stores go to the arena (H).  The device model (in TypeScript)
 * works on its own copy, which this file updates only at a release: the bytes
 * that differ from the last published copy (P) are sent as an event.  Device
 * stores arrive as pending writes and reach H only at an acquire.  Between two
 * driver calls everything is published both ways (time passes; stores become
 * visible), so only the barriers *inside* a call decide what the device and the
 * driver see while it runs -- exactly what a missing or weakened barrier changes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "harness-api.h"

#define ARENA_SIZE	(8u << 20)

static unsigned char *heap;		/* H: what the driver reads and writes */
static unsigned char *published;	/* P: what the device has been shown */
static size_t brk;

struct pending {
	size_t		off;
	size_t		len;
	unsigned char	*data;
};
static struct pending *pend;
static size_t npend, maxpend;

void
arena_init(void)
{
	heap = aligned_alloc(4096, ARENA_SIZE);
	published = calloc(1, ARENA_SIZE);
	if (heap == NULL || published == NULL) {
		fprintf(stderr, "harness: out of memory\n");
		exit(2);
	}
	memset(heap, 0, ARENA_SIZE);
}

uint64_t
arena_base(void)
{
	return ARENA_BUS_BASE;
}

size_t
arena_size(void)
{
	return ARENA_SIZE;
}

void *
arena_alloc(size_t size, size_t align, uint64_t *busaddr)
{
	size_t off = (brk + align - 1) & ~(align - 1);

	if (size == 0 || off + size > ARENA_SIZE)
		return NULL;
	brk = off + size;
	if (busaddr)
		*busaddr = ARENA_BUS_BASE + off;
	return heap + off;
}

/* Never reused: a stale pointer into freed ring memory stays harmless and its last changes still show. */
void
arena_free(void *p)
{
	(void)p;
}

/* The lockstep arena is never fragmented. */
int
arena_nowait_ok(size_t size)
{
	(void)size;
	return 1;
}

uint64_t
arena_busaddr(const void *ptr)
{
	const unsigned char *c = ptr;

	if (c < heap || c >= heap + ARENA_SIZE)
		harness_panic(__FILE__, __LINE__, "address %p is not DMA memory", ptr);
	return ARENA_BUS_BASE + (uint64_t)(c - heap);
}

void *
arena_kva(uint64_t bus)
{
	void *p = arena_ptr(bus, 1);

	if (p == NULL)
		harness_panic(__FILE__, __LINE__, "bus address %#llx is not DMA memory", (unsigned long long)bus);
	return p;
}

void *
arena_ptr(uint64_t bus, size_t len)
{
	if (bus < ARENA_BUS_BASE || bus - ARENA_BUS_BASE + len > ARENA_SIZE)
		return NULL;
	return heap + (bus - ARENA_BUS_BASE);
}

static void
clamp(uint64_t lo, uint64_t hi, size_t *from, size_t *to)
{
	*from = 0;
	*to = brk;
	if (hi == 0)
		return;
	if (lo > ARENA_BUS_BASE)
		*from = lo - ARENA_BUS_BASE;
	if (hi - ARENA_BUS_BASE < *to)
		*to = hi - ARENA_BUS_BASE;
	if (*from > *to)
		*from = *to;
}

/* Calls emit() for each run of bytes in [lo, hi) that H changed since P, then publishes them. */
void
arena_publish(uint64_t lo, uint64_t hi, void (*emit)(uint64_t bus, const unsigned char *p, size_t n))
{
	size_t i, from, to, start;

	clamp(lo, hi, &from, &to);
	for (i = from; i < to;) {
		if (heap[i] == published[i]) {
			i++;
			continue;
		}
		start = i;
		/* a run ends after 8 equal bytes, so near-by changes travel together */
		while (i < to && (heap[i] != published[i] ||
		    (i + 8 < to && memcmp(heap + i, published + i, 8) != 0)))
			i++;
		memcpy(published + start, heap + start, i - start);
		emit(ARENA_BUS_BASE + start, heap + start, i - start);
	}
}

/* A device store: applied now (between calls) or at the driver's next acquire. */
void
arena_device_write(uint64_t bus, const unsigned char *data, size_t len, int now)
{
	size_t off = bus - ARENA_BUS_BASE;

	if (bus < ARENA_BUS_BASE || off + len > ARENA_SIZE) {
		fprintf(stderr, "harness: device write outside the arena\n");
		exit(2);
	}
	if (now) {
		memcpy(heap + off, data, len);
		memcpy(published + off, data, len);
		return;
	}
	if (npend == maxpend) {
		maxpend = maxpend ? 2 * maxpend : 64;
		pend = realloc(pend, maxpend * sizeof(*pend));
	}
	pend[npend].off = off;
	pend[npend].len = len;
	pend[npend].data = malloc(len);
	memcpy(pend[npend].data, data, len);
	npend++;
}

/* Applies the pending device stores that start in [lo, hi) (hi == 0: all), in arrival order. */
void
arena_acquire(uint64_t lo, uint64_t hi)
{
	size_t i, j, from, to;

	clamp(lo, hi, &from, &to);
	if (hi == 0)
		to = ARENA_SIZE;
	for (i = j = 0; i < npend; i++) {
		if (pend[i].off >= from && pend[i].off < to) {
			memcpy(heap + pend[i].off, pend[i].data, pend[i].len);
			memcpy(published + pend[i].off, pend[i].data, pend[i].len);
			free(pend[i].data);
		} else
			pend[j++] = pend[i];
	}
	npend = j;
}
