/* libc-side JSON helpers (the shim side sees only harness-api.h). */
#ifndef HARNESS_JSON_H
#define HARNESS_JSON_H

#include <stddef.h>
#include "harness-api.h"

const jnode	*j_parse(char *line);
int		 j_mark(void);
void		 j_release(int mark);
const char	*j_str(const jnode *);
size_t		 j_hex(const jnode *, unsigned char *buf, size_t max);
void		 j_print_string(const char *s);

#endif
