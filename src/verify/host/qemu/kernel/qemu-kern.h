/* What the QEMU fixtures call on the kernel side (kernel/bus.c, kernel/device-ops.c). */
#ifndef QEMU_KERN_H
#define QEMU_KERN_H

/* Runs the handlers of the raised lines, each inside its serializer; returns how many ran. */
int	qemu_deliver_interrupts(void);
/* Waits up to ms of real time for a raised line, then delivers. */
int	qemu_wait_interrupts(int ms);

/* Notifies (kicks) of virtqueue q the driver wrote so far. */
int	qemu_notify_count(int q);

/* The parent attached on QEMU's first virtio function; *error is its probe/attach result. */
device_t qemu_attach_parent(int *error);
int	 qemu_detach_parent(device_t);
device_t qemu_child(device_t parent);
int	 qemu_detach_child(device_t parent);
int	 qemu_attach_child(device_t parent);
int	 qemu_shutdown(device_t);
/* Adds dma_bytes, dma_objects (tags, maps, coherent blocks) and heap_bytes to the reply. */
void	 qemu_report_live(void);

#endif
