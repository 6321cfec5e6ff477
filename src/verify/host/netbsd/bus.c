/*
 * Host shim for NetBSD: bus_space on the one I/O BAR, bus_dma memory from the
 * harness arena (one contiguous segment per allocation, as the vring needs),
 * ranged syncs, the PCI interrupt.
 */
#include "nbsd-kernel.h"
#include "nbsd-shim.h"

#define SHIM_IO_BASE	0xc000
#define SHIM_IO_SIZE	0x40

struct bus_space_tag { int unused; };
struct bus_dma_tag { int unused; };
struct pci_chipset { int unused; };
static const struct bus_space_tag io_tag;
static const struct bus_dma_tag dma_tag;
static const struct pci_chipset chipset;
static int io_mapped;
struct shim_intr shim_intr;
struct pci_attach_args shim_pa = { &io_tag, NULL, &dma_tag, &chipset, 0, 0, 0 };
pcireg_t shim_subsys_id;

static void
check_handle(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, int w, const char *file, int line)
{
	if (t != &io_tag || h != SHIM_IO_BASE || o + (bus_size_t)w > SHIM_IO_SIZE || !io_mapped)
		harness_panic(file, line, "bus_space access outside BAR 0 (offset %#lx)", (unsigned long)o);
}

uint32_t
shim_bus_read(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, int w, const char *file, int line)
{
	check_handle(t, h, o, w, file, line);
	return ev_io_read(w, o, file, line);
}

void
shim_bus_write(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, int w, uint32_t v, const char *file, int line)
{
	check_handle(t, h, o, w, file, line);
	ev_io_write(w, o, v, file, line);
}

void
bus_space_unmap(bus_space_tag_t t, bus_space_handle_t h, bus_size_t size)
{
	check_handle(t, h, 0, (int)size, __FILE__, __LINE__);
	io_mapped = 0;
}

int
bus_dmamem_alloc(bus_dma_tag_t t, bus_size_t size, bus_size_t align, bus_size_t boundary,
    bus_dma_segment_t *segs, int nsegs, int *rsegs, int flags)
{
	uint64_t bus;

	(void)t; (void)boundary; (void)flags;
	if (nsegs < 1 || arena_alloc(size, align ? align : 1, &bus) == NULL)
		return ENOMEM;
	segs[0].ds_addr = bus;
	segs[0].ds_len = size;
	*rsegs = 1;
	return 0;
}

/* The arena is identity-mapped: the KVA of a segment is where the arena holds it. */
int
bus_dmamem_map(bus_dma_tag_t t, bus_dma_segment_t *segs, int nsegs, size_t size, void **kvap, int flags)
{
	(void)t; (void)flags;
	if (nsegs != 1 || size > segs[0].ds_len)
		return EINVAL;
	*kvap = arena_kva(segs[0].ds_addr);
	return 0;
}

void bus_dmamem_unmap(bus_dma_tag_t t, void *kva, size_t size) { (void)t; (void)kva; (void)size; }
void bus_dmamem_free(bus_dma_tag_t t, bus_dma_segment_t *segs, int nsegs) { (void)t; (void)segs; (void)nsegs; }

int
bus_dmamap_create(bus_dma_tag_t t, bus_size_t size, int nsegments, bus_size_t maxsegsz,
    bus_size_t boundary, int flags, bus_dmamap_t *dmamp)
{
	bus_dmamap_t m;

	(void)t; (void)boundary; (void)flags;
	if (nsegments > SHIM_NBSD_MAXSEGS || (m = harness_zalloc(sizeof(*m))) == NULL)
		return ENOMEM;
	m->dm_maxsegsz = maxsegsz;
	m->shim_size = size;
	*dmamp = m;
	return 0;
}

void bus_dmamap_destroy(bus_dma_tag_t t, bus_dmamap_t m) { (void)t; harness_free(m); }

int
bus_dmamap_load(bus_dma_tag_t t, bus_dmamap_t m, void *buf, bus_size_t buflen, struct proc *p, int flags)
{
	(void)t; (void)p; (void)flags;
	if (buflen > m->shim_size)
		return EINVAL;
	m->dm_nsegs = 1;
	m->dm_segs[0].ds_addr = arena_busaddr(buf);
	m->dm_segs[0].ds_len = buflen;
	m->dm_mapsize = buflen;
	return 0;
}

void bus_dmamap_unload(bus_dma_tag_t t, bus_dmamap_t m) { (void)t; m->dm_nsegs = 0; m->dm_mapsize = 0; }

void
shim_bus_dmamap_sync(bus_dma_tag_t t, bus_dmamap_t m, bus_addr_t off, bus_size_t len, int ops,
    const char *file, int line)
{
	bus_addr_t lo;

	(void)t;
	if (m->dm_nsegs != 1 || off + len > m->dm_mapsize)
		harness_panic(file, line, "bus_dmamap_sync outside the loaded map");
	lo = m->dm_segs[0].ds_addr + off;
	if (ops & BUS_DMASYNC_PREWRITE)
		ev_release("bus_dmamap_sync PREWRITE", file, line, lo, lo + len);
	if (ops & BUS_DMASYNC_POSTREAD)
		ev_acquire("bus_dmamap_sync POSTREAD", file, line, lo, lo + len);
	if (ops & (BUS_DMASYNC_PREREAD | BUS_DMASYNC_POSTWRITE))
		ev_note("bus_dmamap_sync", file, line, ops);
}

pcireg_t
pci_conf_read(pci_chipset_tag_t pc, pcitag_t tag, int reg)
{
	(void)pc; (void)tag;
	if (reg == PCI_SUBSYS_ID_REG)
		return shim_subsys_id;
	harness_panic(__FILE__, __LINE__, "pci_conf_read(%#x) not modelled", reg);
}

int
pci_mapreg_map(const struct pci_attach_args *pa, int reg, pcireg_t type, int busflags,
    bus_space_tag_t *tagp, bus_space_handle_t *handlep, bus_addr_t *basep, bus_size_t *sizep)
{
	(void)busflags;
	if (pa != &shim_pa || reg != PCI_MAPREG_START || type != PCI_MAPREG_TYPE_IO || io_mapped)
		return 1;
	io_mapped = 1;
	*tagp = &io_tag;
	*handlep = SHIM_IO_BASE;
	if (basep)
		*basep = SHIM_IO_BASE;
	if (sizep)
		*sizep = SHIM_IO_SIZE;
	return 0;
}

int pci_intr_map(const struct pci_attach_args *pa, pci_intr_handle_t *ih) { (void)pa; *ih = 11; return 0; }
const char *pci_intr_string(pci_chipset_tag_t pc, pci_intr_handle_t ih) { (void)pc; (void)ih; return "irq 11"; }

void *
pci_intr_establish(pci_chipset_tag_t pc, pci_intr_handle_t ih, int level, int (*fn)(void *), void *arg)
{
	(void)pc; (void)ih; (void)level;
	if (shim_intr.established)
		return NULL;
	shim_intr.handler = fn;
	shim_intr.arg = arg;
	shim_intr.established = 1;
	return &shim_intr;
}

void
pci_intr_disestablish(pci_chipset_tag_t pc, void *cookie)
{
	(void)pc;
	if (cookie != &shim_intr)
		harness_panic(__FILE__, __LINE__, "pci_intr_disestablish of an unknown cookie");
	shim_intr.established = 0;
}
