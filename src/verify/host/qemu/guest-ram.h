/* libc side of the guest's RAM (guest-ram.c). */
#ifndef QEMU_GUEST_RAM_H
#define QEMU_GUEST_RAM_H

#include <stddef.h>
#include <stdint.h>

void	 guest_ram_map(const char *path, size_t size);
/* The n-th DMA allocation from now fails (0: none does). */
void	 guest_ram_fail_after(long n);
/* On: BUS_DMA_NOWAIT allocations above 64 KiB fail (memory fragmented); waiting ones still succeed. */
void	 guest_ram_fragment(int on);

#endif
