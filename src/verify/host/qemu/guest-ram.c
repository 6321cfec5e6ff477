/*
 * DMA memory for the QEMU backend: the guest's RAM itself, a file in /dev/shm
 * that QEMU maps too (-object memory-backend-file,share=on), so a bus address
 * is the file offset and the device sees the driver's stores with no copying.
 * The allocator hands out [ARENA_LO, ARENA_HI) first fit and accounts every
 * byte, so memory a driver does not give back shows after a detach; the RAM
 * above ARENA_HI is the balloon's page pool (QEMU discards ballooned pages).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arena.h"
#include "guest-ram.h"
#include "harness-api.h"
#include "qemu-api.h"

#define ARENA_LO	(2u << 20)	/* above the 640 KiB - 1 MiB ROM hole */
#define ARENA_HI	(48u << 20)
#define MAXBLOCKS	8192

static unsigned char *ram;
static size_t ram_size;

/* Allocated blocks sorted by offset; the gaps between them are free. */
static struct block { size_t off, len; } blocks[MAXBLOCKS];
static size_t nblocks, live_bytes;
/* > 0: the allocation that brings it to 0 fails, as a fragmented guest's would */
static long fail_countdown;
/* set: no contiguous run above FRAGMENT_MAX is free at once; the kernel would have to wait for one */
static int fragmented;
#define FRAGMENT_MAX	(64u << 10)

void
guest_ram_fail_after(long n)
{
	fail_countdown = n;
}

void
guest_ram_fragment(int on)
{
	fragmented = on;
}

int
arena_nowait_ok(size_t size)
{
	return !fragmented || size <= FRAGMENT_MAX;
}

void
guest_ram_map(const char *path, size_t size)
{
	int fd = open(path, O_RDWR);

	if (fd < 0 || (ram = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)
		harness_panic(__FILE__, __LINE__, "cannot map guest RAM %s", path);
	close(fd);
	ram_size = size;
	if (ram_size < ARENA_HI)
		harness_panic(__FILE__, __LINE__, "guest RAM of %zu bytes is smaller than the arena", size);
}

void
arena_init(void)
{
}

uint64_t
arena_base(void)
{
	return ARENA_LO;
}

size_t
arena_size(void)
{
	return ARENA_HI - ARENA_LO;
}

void *
arena_alloc(size_t size, size_t align, uint64_t *busaddr)
{
	size_t i, start = ARENA_LO;

	if (align < 16)
		align = 16;
	if (size == 0 || nblocks == MAXBLOCKS)
		return NULL;
	if (fail_countdown > 0 && --fail_countdown == 0)
		return NULL;
	for (i = 0; i <= nblocks; i++) {
		size_t off = (start + align - 1) & ~(align - 1);
		size_t end = i < nblocks ? blocks[i].off : ARENA_HI;

		if (off + size <= end) {
			memmove(&blocks[i + 1], &blocks[i], (nblocks - i) * sizeof(blocks[0]));
			blocks[i].off = off;
			blocks[i].len = size;
			nblocks++;
			live_bytes += size;
			/* fresh memory reads as zeroes, as the kernel's zeroing allocators give it */
			memset(ram + off, 0, size);
			if (busaddr)
				*busaddr = off;
			return ram + off;
		}
		if (i < nblocks)
			start = blocks[i].off + blocks[i].len;
	}
	return NULL;
}

void
arena_free(void *p)
{
	size_t off = (size_t)((unsigned char *)p - ram), lo = 0, hi = nblocks;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (blocks[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == nblocks || blocks[lo].off != off)
		harness_panic(__FILE__, __LINE__, "DMA memory %p freed but not allocated (double free?)", p);
	live_bytes -= blocks[lo].len;
	nblocks--;
	memmove(&blocks[lo], &blocks[lo + 1], (nblocks - lo) * sizeof(blocks[0]));
}

size_t
arena_live_bytes(void)
{
	return live_bytes;
}

size_t
arena_live_blocks(void)
{
	return nblocks;
}

uint64_t
arena_busaddr(const void *ptr)
{
	const unsigned char *c = ptr;

	if (c < ram + ARENA_LO || c >= ram + ARENA_HI)
		harness_panic(__FILE__, __LINE__, "address %p is not DMA memory", ptr);
	return (uint64_t)(c - ram);
}

void *
arena_ptr(uint64_t bus, size_t len)
{
	if (bus < ARENA_LO || bus + len > ARENA_HI)
		return NULL;
	return ram + bus;
}

void *
arena_kva(uint64_t bus)
{
	void *p = arena_ptr(bus, 1);

	if (p == NULL)
		harness_panic(__FILE__, __LINE__, "bus address %#llx is not DMA memory", (unsigned long long)bus);
	return p;
}
