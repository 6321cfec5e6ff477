/* libc-side control of a driver call's events (see events.c). */
#ifndef HARNESS_EVENTS_H
#define HARNESS_EVENTS_H

#include "harness-api.h"

void	call_begin(int inject);
void	call_end(void);
void	apply_device_writes(const jnode *dw, int now);

#endif
