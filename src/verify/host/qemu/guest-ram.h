/* libc side of the guest's RAM (guest-ram.c). */
#ifndef QEMU_GUEST_RAM_H
#define QEMU_GUEST_RAM_H

#include <stddef.h>
#include <stdint.h>

void	 guest_ram_map(const char *path, size_t size);
/* Any guest-physical range (not only the arena): the balloon's pages. */
void	*guest_ram_ptr(uint64_t phys, size_t len);

#endif
