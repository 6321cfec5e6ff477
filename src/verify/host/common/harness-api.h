/*
 * The harness core's interface to the kernel shims and flavour adapters.
 *
 * The shims (dragonfly/, netbsd/) and the code under test are compiled with
 * -nostdlibinc against the shim headers only, so this header uses nothing but
 * the compiler's freestanding headers.  Everything here is implemented on the
 * libc side (the .c files in common/).
 */
#ifndef HARNESS_API_H
#define HARNESS_API_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- memory ------------------------------------------------------------ */
void	*harness_zalloc(size_t);
void	 harness_free(void *);
/* DMA-able memory from the arena: deterministic fake bus addresses. */
void	*arena_alloc(size_t size, size_t align, uint64_t *busaddr);
uint64_t arena_busaddr(const void *);
void	*arena_kva(uint64_t busaddr);
/* Gives DMA memory back (a no-op where the arena never reuses memory, as in the lockstep harness). */
void	 arena_free(void *);
/* Whether a BUS_DMA_NOWAIT allocation of size bytes can be had at once (a fragmented guest's cannot). */
int	 arena_nowait_ok(size_t size);

/* ---- recorded events (file/line are the call site in the code under test) */
/* Driver stores in [lo, hi) become visible to the device; hi == 0: all memory. */
void	 ev_release(const char *what, const char *file, int line, uint64_t lo, uint64_t hi);
/* Device stores in [lo, hi) become visible to the driver; hi == 0: all memory. */
void	 ev_acquire(const char *what, const char *file, int line, uint64_t lo, uint64_t hi);
/* An event without a memory effect (compiler barrier, lock, a sync on coherent memory). */
void	 ev_note(const char *what, const char *file, int line, long arg);
uint32_t ev_io_read(int width, uint64_t off, const char *file, int line);
void	 ev_io_write(int width, uint64_t off, uint32_t val, const char *file, int line);
/* The code under test called back into the test child (vq_done, config_change, ...). */
void	 ev_callback(const char *fn, long arg, long value);
void	 ev_log(const char *file, int line, const char *fmt, va_list ap);
_Noreturn void harness_panic(const char *file, int line, const char *fmt, ...);
_Noreturn void harness_panicv(const char *file, int line, const char *fmt, va_list ap);

/* ---- commands ---------------------------------------------------------- */
typedef struct jnode jnode;
const jnode *j_get(const jnode *obj, const char *key);
long long j_int(const jnode *, long long dflt);
int	 j_len(const jnode *arr);
const jnode *j_at(const jnode *arr, int i);
/* Required integer argument: a missing one is a protocol error (exit 2). */
long long j_need(const jnode *obj, const char *key);

/* Fields of the command's reply object. */
void	 out_int(const char *key, long long v);
void	 out_hex(const char *key, const void *p, size_t n);
/* The bytes of p[0..n) that changed since *last (reallocated to n), as "key":[n,[[off,"hex"],...]]. */
void	 out_delta(const char *key, const void *p, size_t n, unsigned char **last, size_t *lastn);

/* Implemented by each flavour's adapter: the rings' changes, appended to every reply. */
void	 adapter_rings(void);

/* Implemented by each flavour's adapter: 1 if it knew the command. */
int	 adapter_command(const char *cmd, const jnode *args);

#endif
