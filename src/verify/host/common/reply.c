/*
 * The reply line of a harness command: fields added by out_int/out_hex/
 * out_delta (harness-api.h) while the command runs, printed once it ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness-api.h"
#include "reply.h"

static char reply[1 << 22];
static size_t nreply;

void
reply_reset(void)
{
	nreply = 0;
}

const char *
reply_text(void)
{
	reply[nreply] = '\0';
	return reply;
}

static void
reply_add(const char *fmt, const char *key, const char *val)
{
	int n = snprintf(reply + nreply, sizeof(reply) - nreply, fmt, key, val);

	if (n < 0 || (size_t)n >= sizeof(reply) - nreply) {
		fprintf(stderr, "harness: reply too long\n");
		exit(2);
	}
	nreply += (size_t)n;
}

void
out_int(const char *key, long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", v);
	reply_add(",\"%s\":%s", key, num);
}

void
out_hex(const char *key, const void *ptr, size_t n)
{
	const unsigned char *b = ptr;
	size_t i;

	if (nreply + 2 * n + 64 > sizeof(reply)) {
		fprintf(stderr, "harness: reply too long\n");
		exit(2);
	}
	nreply += (size_t)sprintf(reply + nreply, ",\"%s\":\"", key);
	for (i = 0; i < n; i++)
		nreply += (size_t)sprintf(reply + nreply, "%02x", b[i]);
	reply[nreply++] = '"';
}

void
out_delta(const char *key, const void *ptr, size_t n, unsigned char **last, size_t *lastn)
{
	const unsigned char *b = ptr;
	size_t i, start, end;
	int first = 1;

	if (*lastn != n) {
		*last = realloc(*last, n);
		memset(*last, 0, n);
		*lastn = n;
	}
	if (nreply + 3 * n + 64 > sizeof(reply)) {
		fprintf(stderr, "harness: reply too long\n");
		exit(2);
	}
	nreply += (size_t)sprintf(reply + nreply, ",\"%s\":[%zu,[", key, n);
	for (i = 0; i < n;) {
		if (b[i] == (*last)[i]) {
			i++;
			continue;
		}
		/* a run ends after 8 unchanged bytes */
		for (start = end = i; i < n && i - end < 8; i++)
			if (b[i] != (*last)[i])
				end = i;
		nreply += (size_t)sprintf(reply + nreply, "%s[%zu,\"", first ? "" : ",", start);
		first = 0;
		for (i = start; i <= end; i++)
			nreply += (size_t)sprintf(reply + nreply, "%02x", b[i]);
		nreply += (size_t)sprintf(reply + nreply, "\"]");
		memcpy(*last + start, b + start, end + 1 - start);
		i = end + 1;
	}
	nreply += (size_t)sprintf(reply + nreply, "]]");
}
