/*
 * Host shim for NetBSD: autoconf reduced to what a parent and its child need
 * (cfattach registrations, softcs of ca_devsize, config_found() trying the
 * registered children), kmem, mutexes, console output.
 */
#include "nbsd-kernel.h"
#include "nbsd-shim.h"

static struct cfattach *attachments[8];
static int nattachments;

void
shim_cfattach(struct cfattach *ca)
{
	if (nattachments == (int)(sizeof(attachments) / sizeof(attachments[0])))
		harness_panic(__FILE__, __LINE__, "too many cfattach");
	attachments[nattachments++] = ca;
}

struct cfattach *
shim_cfattach_named(const char *name)
{
	int i;

	for (i = 0; i < nattachments; i++)
		if (strcmp(attachments[i]->ca_name, name) == 0)
			return attachments[i];
	return NULL;
}

device_t
shim_config_attach(device_t parent, struct cfattach *ca, void *aux)
{
	device_t dev = harness_zalloc(sizeof(*dev));

	dev->ca = ca;
	dev->xname = ca->ca_name;
	dev->cfdata.cf_name = ca->ca_name;
	dev->parent = parent;
	dev->priv = harness_zalloc(ca->ca_devsize);
	ca->ca_attach(parent, dev, aux);
	return dev;
}

/* The children of a bus are the other registered attachments whose match accepts aux. */
device_t
config_found(device_t parent, void *aux, int (*print)(void *, const char *))
{
	int i;

	(void)print;
	for (i = 0; i < nattachments; i++) {
		struct cfdata cf = { attachments[i]->ca_name, 0 };

		if (attachments[i] == parent->ca || attachments[i]->ca_match(parent, &cf, aux) <= 0)
			continue;
		return shim_config_attach(parent, attachments[i], aux);
	}
	return NULL;
}

int
config_detach(device_t dev, int flags)
{
	int r = dev->ca->ca_detach ? dev->ca->ca_detach(dev, flags) : EBUSY;

	if (r == 0) {
		harness_free(dev->priv);
		harness_free(dev);
	}
	return r;
}

void *device_private(device_t dev) { return dev->priv; }
const char *device_xname(device_t dev) { return dev->xname; }
cfdata_t device_cfdata(device_t dev) { return &dev->cfdata; }

#define LOGGER(name, where)						\
void									\
name(const char *fmt, ...)						\
{									\
	va_list ap;							\
									\
	va_start(ap, fmt);						\
	ev_log(where, 0, fmt, ap);					\
	va_end(ap);							\
}
LOGGER(aprint_normal, "aprint_normal")
LOGGER(aprint_naive, "aprint_naive")
LOGGER(aprint_error, "aprint_error")

#define DEV_LOGGER(name)						\
void									\
name(device_t dev, const char *fmt, ...)				\
{									\
	va_list ap;							\
									\
	va_start(ap, fmt);						\
	ev_log(dev->xname, 0, fmt, ap);					\
	va_end(ap);							\
}
DEV_LOGGER(aprint_normal_dev)
DEV_LOGGER(aprint_error_dev)
DEV_LOGGER(aprint_verbose_dev)

int
printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ev_log("printf", 0, fmt, ap);
	va_end(ap);
	return 0;
}

void *
kmem_zalloc(size_t size, int flags)
{
	if (flags != KM_SLEEP && flags != KM_NOSLEEP)
		harness_panic(__FILE__, __LINE__, "kmem_zalloc: bad flags %d", flags);
	return harness_zalloc(size);
}

void
kmem_free(void *p, size_t size)
{
	(void)size;
	harness_free(p);
}

void
shim_mutex_op(kmutex_t *m, int op, int arg, const char *file, int line)
{
	static const char *names[] = { "mutex_init", "mutex_enter", "mutex_exit", "mutex_destroy" };

	if (op == 0) {
		m->held = 0;
		m->type = arg;
	} else if ((op == 1 && m->held) || (op == 2 && !m->held) || (op == 3 && m->held))
		harness_panic(file, line, "%s: mutex is %s", names[op], m->held ? "held" : "not held");
	else
		m->held = op == 1;
	ev_note(names[op], file, line, 0);
}
