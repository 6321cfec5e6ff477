/* What the QEMU fixtures call on the kernel side (kernel/bus.c, kernel/device-ops.c). */
#ifndef QEMU_KERN_H
#define QEMU_KERN_H

/* Runs the handlers of the raised lines, each inside its serializer; returns how many ran. */
int	qemu_deliver_interrupts(void);
/* Waits up to ms of real time for a raised line, then delivers. */
int	qemu_wait_interrupts(int ms);

/* Notifies (kicks) of virtqueue q the driver wrote so far. */
int	qemu_notify_count(int q);

/*
 * The kernel's module and device events (device-ops.c): attach, detach_parent,
 * detach_child, attach_child, shutdown.  1 if cmd was one (its "r" is replied).
 */
int	 qemu_device_command(const char *cmd);
/* virtio's device on the PCI bus (NULL while unloaded) and its child's softc (NULL unless attached). */
device_t qemu_parent(void);
void	*qemu_child_softc(void);
/* Adds dma_bytes, dma_objects (tags, maps, coherent blocks) and heap_bytes to the reply. */
void	 qemu_report_live(void);

#endif
