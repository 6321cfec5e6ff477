/* Host shim for NetBSD, continued: bus_space(9), bus_dma(9), autoconf(9), pci(9). */
#ifndef NBSD_SHIM_BUS_H
#define NBSD_SHIM_BUS_H

/* bus_space(9) */
typedef uint64_t bus_addr_t;
typedef uint64_t bus_size_t;
typedef const struct bus_space_tag *bus_space_tag_t;
typedef uint64_t bus_space_handle_t;
uint32_t shim_bus_read(bus_space_tag_t, bus_space_handle_t, bus_size_t, int, const char *, int);
void	 shim_bus_write(bus_space_tag_t, bus_space_handle_t, bus_size_t, int, uint32_t, const char *, int);
#define bus_space_read_1(t, h, o)	((uint8_t)shim_bus_read((t), (h), (o), 1, __FILE__, __LINE__))
#define bus_space_read_2(t, h, o)	((uint16_t)shim_bus_read((t), (h), (o), 2, __FILE__, __LINE__))
#define bus_space_read_4(t, h, o)	((uint32_t)shim_bus_read((t), (h), (o), 4, __FILE__, __LINE__))
#define bus_space_write_1(t, h, o, v)	shim_bus_write((t), (h), (o), 1, (uint8_t)(v), __FILE__, __LINE__)
#define bus_space_write_2(t, h, o, v)	shim_bus_write((t), (h), (o), 2, (uint16_t)(v), __FILE__, __LINE__)
#define bus_space_write_4(t, h, o, v)	shim_bus_write((t), (h), (o), 4, (uint32_t)(v), __FILE__, __LINE__)
void	bus_space_unmap(bus_space_tag_t, bus_space_handle_t, bus_size_t);

/* bus_dma(9) */
#define BUS_DMA_WAITOK		0x000
#define BUS_DMA_NOWAIT		0x001
#define BUS_DMA_COHERENT	0x004
#define BUS_DMASYNC_PREREAD	0x01
#define BUS_DMASYNC_POSTREAD	0x02
#define BUS_DMASYNC_PREWRITE	0x04
#define BUS_DMASYNC_POSTWRITE	0x08
typedef const struct bus_dma_tag *bus_dma_tag_t;
typedef struct bus_dma_segment {
	bus_addr_t	ds_addr;
	bus_size_t	ds_len;
} bus_dma_segment_t;
#define SHIM_NBSD_MAXSEGS	64
struct bus_dmamap {
	bus_size_t		dm_maxsegsz;
	bus_size_t		dm_mapsize;
	int			dm_nsegs;
	bus_dma_segment_t	dm_segs[SHIM_NBSD_MAXSEGS];
	bus_size_t		shim_size;
};
typedef struct bus_dmamap *bus_dmamap_t;
struct proc;
int	bus_dmamem_alloc(bus_dma_tag_t, bus_size_t size, bus_size_t align, bus_size_t boundary,
	    bus_dma_segment_t *segs, int nsegs, int *rsegs, int flags);
int	bus_dmamem_map(bus_dma_tag_t, bus_dma_segment_t *segs, int nsegs, size_t size, void **kvap, int flags);
void	bus_dmamem_unmap(bus_dma_tag_t, void *kva, size_t size);
void	bus_dmamem_free(bus_dma_tag_t, bus_dma_segment_t *segs, int nsegs);
int	bus_dmamap_create(bus_dma_tag_t, bus_size_t size, int nsegments, bus_size_t maxsegsz,
	    bus_size_t boundary, int flags, bus_dmamap_t *dmamp);
void	bus_dmamap_destroy(bus_dma_tag_t, bus_dmamap_t);
int	bus_dmamap_load(bus_dma_tag_t, bus_dmamap_t, void *buf, bus_size_t buflen, struct proc *, int flags);
void	bus_dmamap_unload(bus_dma_tag_t, bus_dmamap_t);
/* Ranged: PREWRITE publishes [offset, offset+len) of the map, POSTREAD makes device stores there visible. */
void	shim_bus_dmamap_sync(bus_dma_tag_t, bus_dmamap_t, bus_addr_t offset, bus_size_t len, int ops,
	    const char *, int);
#define bus_dmamap_sync(t, m, o, l, ops)	shim_bus_dmamap_sync((t), (m), (o), (l), (ops), __FILE__, __LINE__)

/* autoconf(9) */
typedef struct device *device_t;
struct cfdata { const char *cf_name; int cf_flags; };
typedef struct cfdata *cfdata_t;
struct cfattach {
	const char	*ca_name;
	size_t		ca_devsize;
	int		(*ca_match)(device_t, cfdata_t, void *);
	void		(*ca_attach)(device_t, device_t, void *);
	int		(*ca_detach)(device_t, int);
};
void	shim_cfattach(struct cfattach *);
#define CFATTACH_DECL3_NEW(name, ddsize, matfn, attfn, detfn, actfn, rescanfn, chdetfn, devflags) \
	struct cfattach name##_ca = { #name, ddsize, matfn, attfn, detfn };			\
	static void __attribute__((constructor)) name##_shim_register(void) { shim_cfattach(&name##_ca); } \
	struct __hack
#define CFATTACH_DECL_NEW(name, ddsize, matfn, attfn, detfn, actfn) \
	CFATTACH_DECL3_NEW(name, ddsize, matfn, attfn, detfn, actfn, NULL, NULL, 0)
#define DVF_DETACH_SHUTDOWN	0x0002
#define DETACH_FORCE		0x01
void	*device_private(device_t);
const char *device_xname(device_t);
cfdata_t device_cfdata(device_t);
device_t config_found(device_t parent, void *aux, int (*print)(void *, const char *));
int	config_detach(device_t, int flags);
void	aprint_normal(const char *, ...);
void	aprint_naive(const char *, ...);
void	aprint_error(const char *, ...);
void	aprint_normal_dev(device_t, const char *, ...);
void	aprint_error_dev(device_t, const char *, ...);
void	aprint_verbose_dev(device_t, const char *, ...);

/* pci(9), dev/pci/pcireg.h, dev/pci/pcidevs.h */
typedef uint32_t pcireg_t;
typedef const struct pci_chipset *pci_chipset_tag_t;
typedef uint64_t pcitag_t;
typedef uint64_t pci_intr_handle_t;
struct pci_attach_args {
	bus_space_tag_t		pa_iot;
	bus_space_tag_t		pa_memt;
	bus_dma_tag_t		pa_dmat;
	pci_chipset_tag_t	pa_pc;
	pcitag_t		pa_tag;
	pcireg_t		pa_id;
	pcireg_t		pa_class;
};
#define PCI_VENDOR(id)		((id) & 0xffff)
#define PCI_PRODUCT(id)		(((id) >> 16) & 0xffff)
#define PCI_REVISION(c)		((c) & 0xff)
#define PCI_SUBSYS_ID_REG	0x2c
#define PCI_MAPREG_START	0x10
#define PCI_MAPREG_TYPE_IO	0x00000001
#define PCI_VENDOR_QUMRANET	0x1af4
#define PCI_PRODUCT_QUMRANET_VIRTIO_1000	0x1000
#define PCI_PRODUCT_QUMRANET_VIRTIO_103F	0x103f
pcireg_t pci_conf_read(pci_chipset_tag_t, pcitag_t, int reg);
int	pci_mapreg_map(const struct pci_attach_args *, int reg, pcireg_t type, int busflags,
	    bus_space_tag_t *tagp, bus_space_handle_t *handlep, bus_addr_t *basep, bus_size_t *sizep);
int	pci_intr_map(const struct pci_attach_args *, pci_intr_handle_t *);
const char *pci_intr_string(pci_chipset_tag_t, pci_intr_handle_t);
void	*pci_intr_establish(pci_chipset_tag_t, pci_intr_handle_t, int level, int (*)(void *), void *);
void	pci_intr_disestablish(pci_chipset_tag_t, void *);

#endif
