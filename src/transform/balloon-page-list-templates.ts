/**
 * New DragonFly glue for the balloon's page lists (template 'balloon-page-list'), written in
 * style(9). `PREFIX` is the driver name (viomb).
 */
export const PAGE_LIST_HELPERS = `/*
 * uvm_pglistfree() replacement: every page of the list goes back to the VM
 * system.
 */
static void
PREFIX_pglistfree(struct pglist *list)
{
	struct vm_page *m;

	while ((m = TAILQ_FIRST(list)) != NULL) {
		TAILQ_REMOVE(list, m, pageq);
		vm_page_free(m);
	}
}

/*
 * uvm_pglistalloc() replacement.  A balloon needs no contiguity and no
 * address range, only 4 KiB frame numbers that fit the 32-bit bl_pages[]
 * entries.  Pages are taken one at a time without sleeping; on failure the
 * ones taken so far are given back and the caller retries later.
 */
static int
PREFIX_pglistalloc(struct pglist *list, uint64_t npages)
{
	struct vm_page *m;
	uint64_t i;

	TAILQ_INIT(list);
	for (i = 0; i < npages; i++) {
		m = vm_page_alloc(NULL, 0, VM_ALLOC_NORMAL);
		if (m != NULL &&
		    VM_PAGE_TO_PHYS(m) / VIRTIO_PAGE_SIZE > UINT32_MAX) {
			vm_page_free(m);
			m = NULL;
		}
		if (m == NULL) {
			PREFIX_pglistfree(list);
			return(ENOMEM);
		}
		TAILQ_INSERT_TAIL(list, m, pageq);
	}
	return(0);
}

`;
