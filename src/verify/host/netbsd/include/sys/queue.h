/*
 * host shim: NetBSD 6's SIMPLEQ (sys/sys/queue.h, not in the corpus), the only
 * list the virtqueue code uses; the same definitions, so the free-list order
 * matches the kernel's.
 */
#ifndef NBSD_SHIM_QUEUE_H
#define NBSD_SHIM_QUEUE_H

#include "nbsd-kernel.h"

#define SIMPLEQ_HEAD(name, type)					\
struct name {								\
	struct type *sqh_first;	/* first element */			\
	struct type **sqh_last;	/* addr of last next element */		\
}
#define SIMPLEQ_ENTRY(type)						\
struct {								\
	struct type *sqe_next;	/* next element */			\
}
#define SIMPLEQ_FIRST(head)		((head)->sqh_first)
#define SIMPLEQ_EMPTY(head)		((head)->sqh_first == NULL)
#define SIMPLEQ_NEXT(elm, field)	((elm)->field.sqe_next)
#define SIMPLEQ_FOREACH(var, head, field)				\
	for ((var) = ((head)->sqh_first);				\
	    (var);							\
	    (var) = ((var)->field.sqe_next))
#define SIMPLEQ_INIT(head) do {						\
	(head)->sqh_first = NULL;					\
	(head)->sqh_last = &(head)->sqh_first;				\
} while (/*CONSTCOND*/0)
#define SIMPLEQ_INSERT_TAIL(head, elm, field) do {			\
	(elm)->field.sqe_next = NULL;					\
	*(head)->sqh_last = (elm);					\
	(head)->sqh_last = &(elm)->field.sqe_next;			\
} while (/*CONSTCOND*/0)
#define SIMPLEQ_REMOVE_HEAD(head, field) do {				\
	if (((head)->sqh_first = (head)->sqh_first->field.sqe_next) == NULL) \
		(head)->sqh_last = &(head)->sqh_first;			\
} while (/*CONSTCOND*/0)

#endif
