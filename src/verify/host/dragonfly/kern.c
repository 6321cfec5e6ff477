/*
 * Host shim for DragonFly: console output, kmalloc, spinlocks, serializers
 * (declared in include/dfly-kernel.h).
 */
#include "dfly-kernel.h"
#include "dfly-shim.h"

int bootverbose = 1;
struct malloc_type M_DEVBUF[1] = { { "devbuf" } };

int
kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ev_log("kprintf", 0, fmt, ap);
	va_end(ap);
	return 0;
}

int
device_printf(device_t dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ev_log(dev->nameunit, 0, fmt, ap);
	va_end(ap);
	return 0;
}

void *
kmalloc(unsigned long size, struct malloc_type *type, int flags)
{
	(void)type;
	if ((flags & (M_WAITOK | M_NOWAIT)) == 0)
		harness_panic(__FILE__, __LINE__, "kmalloc without M_WAITOK or M_NOWAIT");
	/* zalloc either way: M_ZERO's absence cannot be observed without uninitialised reads */
	return harness_zalloc(size);
}

void
kfree(void *addr, struct malloc_type *type)
{
	(void)type;
	harness_free(addr);
}

void
shim_spin_init(struct spinlock *s, const char *descr, const char *file, int line)
{
	s->held = 0;
	s->descr = descr;
	ev_note("spin_init", file, line, 0);
}

void
shim_spin_op(struct spinlock *s, int op, const char *file, int line)
{
	static const char *names[] = { "spin_uninit", "spin_lock", "spin_unlock" };

	if ((op == 1 && s->held) || (op != 1 && op != 0 && !s->held) || (op == 0 && s->held))
		harness_panic(file, line, "%s: spinlock %s is %s", names[op], s->descr ? s->descr : "?",
		    s->held ? "held" : "not held");
	s->held = op == 1;
	ev_note(names[op], file, line, 0);
}

void
lwkt_serialize_init(lwkt_serialize_t s)
{
	s->entered = 0;
}
