// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming JSON writer (RFC 8259). Output is plain ASCII: control
 * characters, quotes, backslashes and bytes above 0x7e are escaped, so the
 * document is valid whatever bytes a string holds.
 */
#include "json.h"

void json_init(struct json_writer *w, FILE *out, bool pretty)
{
	w->out = out;
	w->pretty = pretty;
	w->depth = 0;
	w->count[0] = 0;
}

static void newline(struct json_writer *w)
{
	int i;

	if (!w->pretty)
		return;
	fputc('\n', w->out);
	for (i = 0; i < w->depth; i++)
		fputs("    ", w->out);
}

static void put_string(struct json_writer *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	fputc('"', w->out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			fputs("\\\"", w->out);
			break;
		case '\\':
			fputs("\\\\", w->out);
			break;
		case '\n':
			fputs("\\n", w->out);
			break;
		case '\t':
			fputs("\\t", w->out);
			break;
		case '\r':
			fputs("\\r", w->out);
			break;
		default:
			if (c < 0x20 || c > 0x7e) {
				fputs("\\u00", w->out);
				fputc(hex[c >> 4], w->out);
				fputc(hex[c & 15], w->out);
			} else {
				fputc(c, w->out);
			}
		}
	}
	fputc('"', w->out);
}

/* Separator, indentation and "key": before any value. */
static void begin_value(struct json_writer *w, const char *key)
{
	if (w->count[w->depth]++)
		fputc(',', w->out);
	if (w->depth)
		newline(w);
	if (key) {
		put_string(w, key);
		fputs(w->pretty ? ": " : ":", w->out);
	}
}

static void open_container(struct json_writer *w, const char *key, char c)
{
	begin_value(w, key);
	fputc(c, w->out);
	if (w->depth < JSON_MAX_DEPTH)
		w->depth++;
	w->count[w->depth] = 0;
}

static void close_container(struct json_writer *w, char c)
{
	bool empty = !w->count[w->depth];

	if (w->depth)
		w->depth--;
	if (!empty)
		newline(w);
	fputc(c, w->out);
}

void json_begin_object(struct json_writer *w, const char *key)
{
	open_container(w, key, '{');
}

void json_end_object(struct json_writer *w)
{
	close_container(w, '}');
}

void json_begin_array(struct json_writer *w, const char *key)
{
	open_container(w, key, '[');
}

void json_end_array(struct json_writer *w)
{
	close_container(w, ']');
}

void json_string(struct json_writer *w, const char *key, const char *val)
{
	if (!val) {
		json_null(w, key);
		return;
	}
	begin_value(w, key);
	put_string(w, val);
}

void json_uint(struct json_writer *w, const char *key, uint64_t val)
{
	begin_value(w, key);
	fprintf(w->out, "%llu", (unsigned long long)val);
}

void json_decimal(struct json_writer *w, const char *key, uint64_t whole,
		  uint32_t frac, int digits)
{
	begin_value(w, key);
	fprintf(w->out, "%llu.%0*u", (unsigned long long)whole, digits, frac);
}

void json_bool(struct json_writer *w, const char *key, bool val)
{
	begin_value(w, key);
	fputs(val ? "true" : "false", w->out);
}

void json_null(struct json_writer *w, const char *key)
{
	begin_value(w, key);
	fputs("null", w->out);
}

/* End of a top-level document: a newline, and ready for the next one. */
void json_finish(struct json_writer *w)
{
	fputc('\n', w->out);
	w->depth = 0;
	w->count[0] = 0;
}
