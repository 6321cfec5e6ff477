/*
 * host shim: the list macros are DragonFly's own, included from the corpus
 * (the build passes -DDFLY_CORPUS_QUEUE_H="<corpus>/sys/sys/queue.h"), so the
 * free-list order the virtqueue code sees is the real one.
 */
#include "dfly-kernel.h"
#include DFLY_CORPUS_QUEUE_H
