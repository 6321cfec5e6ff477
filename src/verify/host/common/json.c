/*
 * Just enough JSON for the harness protocol: one command object per line,
 * holding integers, strings, booleans and arrays of those.  Nodes live in a
 * per-line pool, so nothing is freed one by one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness-api.h"
#include "json.h"

enum jtype { J_NULL, J_BOOL, J_INT, J_STR, J_ARR, J_OBJ };

struct jnode {
	enum jtype	type;
	long long	ival;
	char		*str;		/* J_STR value, or the key of an object member */
	const char	*key;
	struct jnode	*child;		/* first element / member */
	struct jnode	*next;		/* next sibling */
	int		count;
};

static struct jnode pool[1 << 16];
static int npool;
static const char *p;

static struct jnode *
node(enum jtype t)
{
	struct jnode *n;

	if (npool == (int)(sizeof(pool) / sizeof(pool[0])))
		return NULL;
	n = &pool[npool++];
	memset(n, 0, sizeof(*n));
	n->type = t;
	return n;
}

static void
ws(void)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
}

static char *
parse_string(void)
{
	char *out, *o;

	if (*p != '"')
		return NULL;
	out = o = (char *)p;		/* decode in place: never longer */
	p++;
	while (*p && *p != '"') {
		if (*p == '\\' && p[1]) {
			p++;
			*o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
			p++;
		} else
			*o++ = *p++;
	}
	if (*p != '"')
		return NULL;
	p++;
	*o = '\0';
	return out;
}

static struct jnode *parse_value(void);

static struct jnode *
parse_list(enum jtype t, char close)
{
	struct jnode *n = node(t), *last = NULL, *v;
	const char *key = NULL;

	if (n == NULL)
		return NULL;
	p++;
	ws();
	while (*p && *p != close) {
		if (t == J_OBJ) {
			if ((key = parse_string()) == NULL)
				return NULL;
			ws();
			if (*p++ != ':')
				return NULL;
		}
		if ((v = parse_value()) == NULL)
			return NULL;
		v->key = key;
		if (last)
			last->next = v;
		else
			n->child = v;
		last = v;
		n->count++;
		ws();
		if (*p == ',') {
			p++;
			ws();
		}
	}
	if (*p != close)
		return NULL;
	p++;
	return n;
}

static struct jnode *
parse_value(void)
{
	struct jnode *n;
	char *end;

	ws();
	if (*p == '{')
		return parse_list(J_OBJ, '}');
	if (*p == '[')
		return parse_list(J_ARR, ']');
	if (*p == '"') {
		if ((n = node(J_STR)) == NULL || (n->str = parse_string()) == NULL)
			return NULL;
		return n;
	}
	if (strncmp(p, "true", 4) == 0 || strncmp(p, "false", 5) == 0) {
		if ((n = node(J_BOOL)) == NULL)
			return NULL;
		n->ival = *p == 't';
		p += n->ival ? 4 : 5;
		return n;
	}
	if (strncmp(p, "null", 4) == 0) {
		p += 4;
		return node(J_NULL);
	}
	if ((n = node(J_INT)) == NULL)
		return NULL;
	n->ival = strtoll(p, &end, 10);
	if (end == p)
		return NULL;
	p = end;
	return n;
}

/* Parses one line above the pool mark; j_release(mark) frees what it used. */
const jnode *
j_parse(char *line)
{
	p = line;
	return parse_value();
}

int
j_mark(void)
{
	return npool;
}

void
j_release(int mark)
{
	npool = mark;
}

const jnode *
j_get(const jnode *obj, const char *key)
{
	const struct jnode *c;

	if (obj == NULL || obj->type != J_OBJ)
		return NULL;
	for (c = obj->child; c; c = c->next)
		if (strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

long long
j_int(const jnode *n, long long dflt)
{
	return n && (n->type == J_INT || n->type == J_BOOL) ? n->ival : dflt;
}

const char *
j_str(const jnode *n)
{
	return n && n->type == J_STR ? n->str : NULL;
}

int
j_len(const jnode *n)
{
	return n && n->type == J_ARR ? n->count : 0;
}

const jnode *
j_at(const jnode *arr, int i)
{
	const struct jnode *c;

	if (arr == NULL || arr->type != J_ARR)
		return NULL;
	for (c = arr->child; c && i > 0; c = c->next)
		i--;
	return c;
}

long long
j_need(const jnode *obj, const char *key)
{
	const jnode *n = j_get(obj, key);

	if (n == NULL || (n->type != J_INT && n->type != J_BOOL)) {
		fprintf(stderr, "harness: command needs integer '%s'\n", key);
		exit(2);
	}
	return n->ival;
}

/* Decodes a hex string into buf (at most max bytes); returns the byte count. */
size_t
j_hex(const jnode *n, unsigned char *buf, size_t max)
{
	const char *s = j_str(n);
	size_t i, len;

	if (s == NULL)
		return 0;
	len = strlen(s) / 2;
	for (i = 0; i < len && i < max; i++) {
		unsigned int b;

		sscanf(s + 2 * i, "%2x", &b);
		buf[i] = (unsigned char)b;
	}
	return i;
}

/* Prints s as a JSON string literal on stdout. */
void
j_print_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}
