// SPDX-License-Identifier: GPL-2.0
/*
 * Text/JSON printer. JSON strings are escaped per RFC 8259.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "print.h"

#define MAX_DEPTH 8

static bool json, pretty;
static int depth;
static bool first[MAX_DEPTH];

void out_init(bool j, bool p)
{
	json = j;
	pretty = p;
	depth = 0;
	first[0] = true;
}

bool out_is_json(void)
{
	return json;
}

static void indent(void)
{
	int i;

	if (!pretty)
		return;
	putchar('\n');
	for (i = 0; i < depth; i++)
		fputs("    ", stdout);
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void member(const char *key)
{
	if (depth > 0 && !first[depth])
		putchar(',');
	first[depth] = false;
	if (depth > 0)
		indent();
	if (key) {
		json_string(key);
		fputs(pretty ? ": " : ":", stdout);
	}
}

static void open_(const char *key, char c)
{
	member(key);
	putchar(c);
	if (depth + 1 < MAX_DEPTH)
		depth++;
	first[depth] = true;
}

static void close_(char c)
{
	bool empty = first[depth];

	if (depth > 0)
		depth--;
	if (!empty)
		indent();
	putchar(c);
}

void out_array_begin(const char *key)
{
	if (json)
		open_(key, '[');
}

void out_array_end(void)
{
	if (json)
		close_(']');
}

void out_object_begin(const char *key)
{
	if (json)
		open_(key, '{');
}

void out_object_end(void)
{
	if (json)
		close_('}');
}

void out_str(const char *key, const char *fmt, const char *val)
{
	if (json) {
		member(key);
		json_string(val);
	} else if (fmt) {
		printf(fmt, val);
	}
}

void out_u64(const char *key, const char *fmt, uint64_t val)
{
	if (json) {
		member(key);
		printf("%llu", (unsigned long long)val);
	} else if (fmt) {
		printf(fmt, (unsigned long long)val);
	}
}

void out_bool(const char *key, const char *text_if_true, bool val)
{
	if (json) {
		member(key);
		fputs(val ? "true" : "false", stdout);
	} else if (val && text_if_true) {
		fputs(text_if_true, stdout);
	}
}

void out_text(const char *fmt, ...)
{
	va_list ap;

	if (json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void out_finish(void)
{
	if (json)
		putchar('\n');
	fflush(stdout);
}
