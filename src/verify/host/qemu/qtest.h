/* libc-side qtest client (qtest.c); the kernel side sees qemu-api.h only. */
#ifndef QEMU_QTEST_H
#define QEMU_QTEST_H

#include <stdint.h>

/* Listens on path before QEMU starts; QEMU (-qtest unix:PATH) connects. */
void	 qt_listen(const char *path);
void	 qt_accept(int timeout_ms);
uint64_t qt_cmd(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Enumerates the PCI bus and sets the virtio functions up (firmware.c). */
void	 firmware_init(void);

#endif
