/* The reply being built for the current command (reply.c). */
#ifndef HARNESS_REPLY_H
#define HARNESS_REPLY_H

void	 reply_reset(void);
/* The fields so far, each as ",\"key\":value". */
const char *reply_text(void);

#endif
