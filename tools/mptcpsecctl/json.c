// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming JSON writer (RFC 8259). Output is plain ASCII: control
 * characters, quotes and backslashes are escaped, UTF-8 sequences become
 * \u escapes of their code points (surrogate pairs above U+FFFF), and a
 * byte that is not part of well-formed UTF-8 becomes U+FFFD, so the
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

/*
 * Length of the well-formed UTF-8 sequence at @s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF) and its code point in
 * @cp, or 0 when @s does not start one.
 */
static int utf8_decode(const unsigned char *s, unsigned int *cp)
{
	unsigned int c = s[0], min, n, i;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static void put_u(struct json_writer *w, unsigned int u)
{
	fprintf(w->out, "\\u%04x", u);
}

static void put_string(struct json_writer *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned int cp;
	int n;

	fputc('"', w->out);
	while (*s) {
		unsigned char c = *s;

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
			if (c >= 0x20 && c <= 0x7e) {
				fputc(c, w->out);
			} else if (c < 0x80) {
				put_u(w, c);
			} else {
				n = utf8_decode(s, &cp);
				if (!n) {
					/* not UTF-8: the replacement character */
					put_u(w, 0xfffd);
				} else if (cp < 0x10000) {
					put_u(w, cp);
					s += n - 1;
				} else {
					cp -= 0x10000;
					put_u(w, 0xd800 | (cp >> 10));
					put_u(w, 0xdc00 | (cp & 0x3ff));
					s += n - 1;
				}
			}
		}
		s++;
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
