/*
 * The QEMU backend's interface between the kernel side (the code under test,
 * the DragonFly shim and the fixtures, built with -nostdlibinc) and the libc
 * side that speaks QEMU's qtest protocol and maps the guest's RAM.
 * Freestanding on purpose: only the compiler's own headers.
 */
#ifndef QEMU_API_H
#define QEMU_API_H

#include <stddef.h>
#include <stdint.h>

/* A PCI function the firmware (firmware.c) found, sized and enabled. */
struct qemu_pci_fn {
	int		slot;
	uint16_t	vendor, device, subvendor, subdevice;
	uint8_t		revid;
	uint16_t	iobase, iosize;	/* BAR 0, I/O space */
	int		irq;		/* the ISA IRQ its INTA# is routed to (PIIX3 PIRQ) */
};
int	 qemu_pci_count(void);
const struct qemu_pci_fn *qemu_pci_get(int i);
uint32_t qemu_pci_cfg_read(int slot, int reg, int width);
void	 qemu_pci_cfg_write(int slot, int reg, int width, uint32_t val);

/* Set: the next bus_alloc_resource_any(SYS_RES_IRQ) fails (kernel/bus.c clears it). */
extern int qemu_fail_irq;

/* Port I/O on the device, one qtest round trip each. */
uint32_t qemu_io_read(int width, uint16_t port);
void	 qemu_io_write(int width, uint16_t port, uint32_t val);

/* The level of an interrupt line as QEMU last reported it (IRQ raise/lower). */
int	 qemu_irq_level(int irq);
/* Waits up to timeout_ms of real time until some line is raised; 1 if one is. */
int	 qemu_irq_wait(int timeout_ms);

/* Guest RAM in use by the code under test: bytes and blocks allocated, not yet freed. */
size_t	 arena_live_bytes(void);
size_t	 arena_live_blocks(void);
/* kmalloc'd bytes not yet freed (harness_zalloc). */
size_t	 heap_live_bytes(void);

/* Real time in milliseconds (for timeouts and the scenario's timings). */
long	 qemu_now_ms(void);

#endif
