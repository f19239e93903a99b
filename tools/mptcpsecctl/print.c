// SPDX-License-Identifier: GPL-2.0
/*
 * Text/JSON printer: the text side is printf(), the JSON side is json.c.
 */
#include <stdarg.h>

#include "json.h"
#include "print.h"

static struct json_writer jw;
static FILE *out;
static bool json;

/**
 * print_init() - choose the output format
 * @o: the stream (stdout)
 * @j: JSON instead of text
 * @pretty: indented JSON
 */
void print_init(FILE *o, bool j, bool pretty)
{
	out = o;
	json = j;
	json_init(&jw, o, pretty);
}

bool print_is_json(void)
{
	return json;
}

void print_open_array(const char *key)
{
	if (json)
		json_begin_array(&jw, key);
}

void print_close_array(void)
{
	if (json)
		json_end_array(&jw);
}

void print_open_object(const char *key)
{
	if (json)
		json_begin_object(&jw, key);
}

void print_close_object(void)
{
	if (json)
		json_end_object(&jw);
}

/* The formats are the callers' literals; the warning cannot see through. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void print_string(const char *key, const char *fmt, const char *val)
{
	if (json)
		json_string(&jw, key, val);
	else if (fmt && val)
		fprintf(out, fmt, val);
}

void print_uint(const char *key, const char *fmt, uint64_t val)
{
	if (json)
		json_uint(&jw, key, val);
	else if (fmt)
		fprintf(out, fmt, (unsigned long long)val);
}

void print_decimal(const char *key, const char *fmt, uint64_t whole, uint32_t frac,
		   int digits)
{
	char buf[32];

	if (json) {
		json_decimal(&jw, key, whole, frac, digits);
	} else if (fmt) {
		snprintf(buf, sizeof(buf), "%llu.%0*u", (unsigned long long)whole, digits,
			 frac);
		fprintf(out, fmt, buf);
	}
}

#pragma GCC diagnostic pop

void print_bool(const char *key, const char *text, bool val)
{
	if (json)
		json_bool(&jw, key, val);
	else if (val && text)
		fputs(text, out);
}

void print_token(const char *key, const char *fmt, bool present, uint32_t val)
{
	char buf[9];

	snprintf(buf, sizeof(buf), "%08x", val);
	print_string(key, fmt, present ? buf : NULL);
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (json)
		return;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

void print_done(void)
{
	if (json)
		json_finish(&jw);
	fflush(out);
}
