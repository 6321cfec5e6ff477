/*
 * The firmware's share of PCI set-up, since no BIOS runs in the halted VM:
 * find the virtio functions on bus 0 through configuration mechanism #1
 * (ports 0xcf8/0xcfc), size and assign each one's I/O BAR, enable I/O space
 * and bus mastering, and route INTx through the PIIX3's PIRQ registers, as
 * SeaBIOS does on QEMU's pc machine.
 */
#include <stdio.h>

#include "harness-api.h"
#include "qemu-api.h"
#include "qtest.h"

#define MAXFN		8
#define PIIX3_SLOT	1
#define PIIX3_PIRQRC	0x60		/* PIRQA..D route control, one byte each */
#define PIRQ_ROUTE	0x0b0a0b0au	/* PIRQA -> IRQ 10, B -> 11, C -> 10, D -> 11 */
#define IO_WINDOW	0xc000		/* first port handed out */
#define VIRTIO_VENDOR	0x1af4

static struct qemu_pci_fn fns[MAXFN];
static int nfns;

static uint32_t
cfg_addr(int slot, int reg)
{
	return 0x80000000u | (uint32_t)slot << 11 | ((uint32_t)reg & 0xfc);
}

uint32_t
qemu_pci_cfg_read(int slot, int reg, int width)
{
	int port = 0xcfc + (reg & 3);

	(void)qt_cmd("outl 0xcf8 0x%x", cfg_addr(slot, reg));
	return (uint32_t)qt_cmd("in%c 0x%x", width == 1 ? 'b' : width == 2 ? 'w' : 'l', port);
}

void
qemu_pci_cfg_write(int slot, int reg, int width, uint32_t val)
{
	int port = 0xcfc + (reg & 3);

	(void)qt_cmd("outl 0xcf8 0x%x", cfg_addr(slot, reg));
	(void)qt_cmd("out%c 0x%x 0x%x", width == 1 ? 'b' : width == 2 ? 'w' : 'l', port, val);
}

/* Enumerates bus 0 and sets up every virtio function found. */
void
firmware_init(void)
{
	uint16_t next = IO_WINDOW;
	int slot;

	(void)qt_cmd("irq_intercept_in ioapic");
	qemu_pci_cfg_write(PIIX3_SLOT, PIIX3_PIRQRC, 4, PIRQ_ROUTE);
	for (slot = 0; slot < 32 && nfns < MAXFN; slot++) {
		uint32_t id = qemu_pci_cfg_read(slot, 0x00, 4), size;
		struct qemu_pci_fn *f;
		int pin, pirq;

		if ((id & 0xffff) != VIRTIO_VENDOR)
			continue;
		f = &fns[nfns++];
		f->slot = slot;
		f->vendor = (uint16_t)id;
		f->device = (uint16_t)(id >> 16);
		f->revid = (uint8_t)qemu_pci_cfg_read(slot, 0x08, 1);
		f->subvendor = (uint16_t)qemu_pci_cfg_read(slot, 0x2c, 2);
		f->subdevice = (uint16_t)qemu_pci_cfg_read(slot, 0x2e, 2);
		/* the BAR's size: write all ones, read back the writable bits */
		qemu_pci_cfg_write(slot, 0x10, 4, 0xffffffffu);
		size = (qemu_pci_cfg_read(slot, 0x10, 4) & ~3u);
		size = (~size + 1) & 0xffff;
		if (size == 0 || !(qemu_pci_cfg_read(slot, 0x10, 4) & 1))
			harness_panic(__FILE__, __LINE__, "slot %d: BAR 0 is not an I/O BAR", slot);
		next = (uint16_t)((next + size - 1) & ~(size - 1));
		f->iobase = next;
		f->iosize = (uint16_t)size;
		next = (uint16_t)(next + (size < 0x100 ? 0x100 : size));
		qemu_pci_cfg_write(slot, 0x10, 4, f->iobase | 1u);
		qemu_pci_cfg_write(slot, 0x04, 2, qemu_pci_cfg_read(slot, 0x04, 2) | 0x5);	/* I/O space, bus master */
		/* i440fx: INTx of slot s goes to PIRQ (pin - 1 + s - 1) mod 4 */
		pin = (int)qemu_pci_cfg_read(slot, 0x3d, 1);
		pirq = (pin - 1 + slot - 1) & 3;
		f->irq = pin == 0 ? -1 : (int)(PIRQ_ROUTE >> (8 * pirq) & 0xff);
		if (f->irq >= 0)
			qemu_pci_cfg_write(slot, 0x3c, 1, (uint32_t)f->irq);
	}
}

int
qemu_pci_count(void)
{
	return nfns;
}

const struct qemu_pci_fn *
qemu_pci_get(int i)
{
	return i >= 0 && i < nfns ? &fns[i] : NULL;
}
