/*
 * Host shim, continued: sys/bus_dma.h, sys/bus.h, sys/rman.h, bus/pci/pcivar.h
 * (see dfly-kernel.h).
 */
#ifndef DFLY_SHIM_BUS_H
#define DFLY_SHIM_BUS_H

/* sys/bus_dma.h */
#define BUS_DMA_WAITOK		0x0000
#define BUS_DMA_NOWAIT		0x0001
#define BUS_DMA_ALLOCNOW	0x0002
#define BUS_DMA_ZERO		0x0008
#define BUS_DMASYNC_PREREAD	0x01
#define BUS_DMASYNC_POSTREAD	0x02
#define BUS_DMASYNC_PREWRITE	0x04
#define BUS_DMASYNC_POSTWRITE	0x08
typedef int bus_dmasync_op_t;
typedef struct bus_dma_tag	*bus_dma_tag_t;
typedef struct bus_dmamap	*bus_dmamap_t;
typedef struct bus_dma_segment {
	bus_addr_t	ds_addr;
	bus_size_t	ds_len;
} bus_dma_segment_t;
typedef struct bus_dmamem {
	bus_dma_tag_t	dmem_tag;
	bus_dmamap_t	dmem_map;
	void		*dmem_addr;
	bus_addr_t	dmem_busaddr;
} bus_dmamem_t;
typedef int bus_dma_filter_t(void *, bus_addr_t);
typedef void bus_dmamap_callback_t(void *, bus_dma_segment_t *, int, int);
int	bus_dma_tag_create(bus_dma_tag_t parent, bus_size_t alignment, bus_size_t boundary,
	    bus_addr_t lowaddr, bus_addr_t highaddr, bus_dma_filter_t *filtfunc, void *filtfuncarg,
	    bus_size_t maxsize, int nsegments, bus_size_t maxsegsz, int flags, bus_dma_tag_t *dmat);
int	bus_dmamap_create(bus_dma_tag_t, int flags, bus_dmamap_t *mapp);
int	bus_dmamap_destroy(bus_dma_tag_t, bus_dmamap_t);
/* Loads arena memory (the only DMA-able memory here): segments split at maxsegsz and boundary. */
int	bus_dmamap_load(bus_dma_tag_t, bus_dmamap_t, void *buf, bus_size_t buflen,
	    bus_dmamap_callback_t *callback, void *callback_arg, int flags);
int	bus_dmamem_coherent(bus_dma_tag_t parent, bus_size_t alignment, bus_size_t boundary,
	    bus_addr_t lowaddr, bus_addr_t highaddr, bus_size_t maxsize, int flags, bus_dmamem_t *dmem);
void	bus_dmamem_free(bus_dma_tag_t, void *vaddr, bus_dmamap_t);
int	bus_dma_tag_destroy(bus_dma_tag_t);
/* Coherent memory is never bounced: DragonFly's _bus_dmamap_sync() then neither copies nor fences. */
void	shim_bus_dmamap_sync(bus_dma_tag_t, bus_dmamap_t, bus_dmasync_op_t, const char *, int);
void	shim_bus_dmamap_unload(bus_dma_tag_t, bus_dmamap_t, const char *, int);
/* The same bare-if shape as sys/bus_dma.h:317 (a dangling else would bind the same way). */
#define bus_dmamap_sync(dmat, dmamap, op)			\
	if ((dmamap) != NULL && (dmamap) != (void *)-1)		\
		shim_bus_dmamap_sync(dmat, dmamap, op, __FILE__, __LINE__)
#define bus_dmamap_unload(dmat, dmamap)				\
	if ((dmamap) != NULL && (dmamap) != (void *)-1)		\
		shim_bus_dmamap_unload(dmat, dmamap, __FILE__, __LINE__)

/* sys/bus.h: newbus */
typedef struct shim_device	*device_t;
typedef struct shim_devclass	*devclass_t;
typedef int (*devop_t)(void);
struct kobjop_desc { const char *name; };
typedef struct kobj_method {
	struct kobjop_desc	*desc;
	devop_t			func;
} device_method_t;
typedef struct kobj_class {
	const char		*name;
	device_method_t		*methods;
	size_t			size;
} driver_t;
extern struct kobjop_desc device_probe_desc, device_attach_desc, device_detach_desc,
	device_shutdown_desc, device_suspend_desc, device_resume_desc,
	bus_print_child_desc, bus_driver_added_desc, bus_child_detached_desc;
#define DEVMETHOD(NAME, FUNC)	{ &NAME##_desc, (devop_t)(FUNC) }
#define DEVMETHOD_END		{ NULL, NULL }
void	shim_driver_module(const char *name, const char *bus, driver_t *);
#define DRIVER_MODULE(name, busname, driver, devclass, evh, arg)		\
	static void __attribute__((constructor))				\
	name##_##busname##_shim_register(void)					\
	{ (void)&(devclass); shim_driver_module(#name, #busname, &(driver)); }	\
	struct __hack
#define MODULE_VERSION(name, ver)	struct __hack
#define MODULE_DEPEND(name, dep, a, b, c) struct __hack
#define BUS_PROBE_DEFAULT	0
typedef void driver_intr_t(void *);
#define INTR_MPSAFE		0x0001

void	*device_get_softc(device_t);
void	*device_get_ivars(device_t);
void	 device_set_ivars(device_t, void *);
device_t device_get_parent(device_t);
const char *device_get_nameunit(device_t);
u_int32_t device_get_flags(device_t);
void	 device_set_desc(device_t, const char *);
int	 device_printf(device_t, const char *, ...) __printflike(2, 3);
device_t device_add_child(device_t, const char *name, int unit);
int	 device_delete_child(device_t, device_t child);
int	 bus_generic_attach(device_t);
int	 bus_generic_detach(device_t);
int	 bus_generic_shutdown(device_t);
int	 bus_generic_print_child(device_t, device_t child);
void	 bus_generic_driver_added(device_t, driver_t *);
bus_dma_tag_t bus_get_dma_tag(device_t);

/* sys/rman.h, sys/bus_resource.h */
struct resource {
	bus_space_tag_t		r_bustag;
	bus_space_handle_t	r_bushandle;
	u_long			r_start;
	u_long			r_end;
	int			r_type;
	int			r_rid;
	int			shim_allocated;
};
#define rman_get_size(r)	((r)->r_end - (r)->r_start + 1)
#define rman_get_bustag(r)	((r)->r_bustag)
#define rman_get_bushandle(r)	((r)->r_bushandle)
#define SYS_RES_IRQ	1
#define SYS_RES_MEMORY	3
#define SYS_RES_IOPORT	4
#define RF_ACTIVE	0x0002
#define RF_SHAREABLE	0x0004
struct resource *bus_alloc_resource_any(device_t, int type, int *rid, u_int flags);
int	bus_release_resource(device_t, int type, int rid, struct resource *);
int	bus_setup_intr(device_t, struct resource *, int flags, driver_intr_t handler, void *arg,
	    void **cookiep, lwkt_serialize_t serializer);
int	bus_teardown_intr(device_t, struct resource *, void *cookie);

/* bus/pci/pcireg.h, bus/pci/pcivar.h */
#define PCIR_DEVVENDOR	0x00
#define PCIR_REVID	0x08
#define PCIR_BARS	0x10
#define PCIR_BAR(x)	(PCIR_BARS + (x) * 4)
#define PCIR_SUBVEND_0	0x2c
#define PCIR_SUBDEV_0	0x2e
uint16_t pci_get_vendor(device_t);
uint16_t pci_get_device(device_t);
uint16_t pci_get_subvendor(device_t);
uint16_t pci_get_subdevice(device_t);
uint8_t	 pci_get_revid(device_t);
uint32_t pci_read_config(device_t, int reg, int width);
int	 pci_enable_busmaster(device_t);
int	 pci_alloc_1intr(device_t, int msi_enable, int *rid, u_int *flags);

#endif
