/* libc side of the guest's RAM (guest-ram.c). */
#ifndef QEMU_GUEST_RAM_H
#define QEMU_GUEST_RAM_H

#include <stddef.h>
#include <stdint.h>

void	 guest_ram_map(const char *path, size_t size);
/* The n-th DMA allocation from now fails (0: none does). */
void	 guest_ram_fail_after(long n);

#endif
