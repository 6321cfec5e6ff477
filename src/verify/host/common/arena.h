/* libc-side view of the DMA arena (see arena.c). */
#ifndef HARNESS_ARENA_H
#define HARNESS_ARENA_H

#include <stddef.h>
#include <stdint.h>

/* Fake bus address of the arena's first byte; the TypeScript model uses the same (dma-arena.ts). */
#define ARENA_BUS_BASE	0x10000000ull

void	 arena_init(void);
uint64_t arena_base(void);
size_t	 arena_size(void);
void	*arena_ptr(uint64_t bus, size_t len);
void	 arena_publish(uint64_t lo, uint64_t hi, void (*emit)(uint64_t, const unsigned char *, size_t));
void	 arena_device_write(uint64_t bus, const unsigned char *data, size_t len, int now);
void	 arena_acquire(uint64_t lo, uint64_t hi);

#endif
