/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printer for text and JSON output (after iproute2's print_*()).
 *
 * Every show prints through these functions once; each call names the
 * JSON member (@key) and gives the text form (@fmt, a printf format for
 * the one value). In JSON mode @fmt is ignored; in text mode @key is, and
 * a NULL @fmt prints nothing, for members that only JSON carries.
 */
#ifndef MPTCPSECCTL_PRINT_H
#define MPTCPSECCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

void print_init(FILE *out, bool json, bool pretty);
bool print_is_json(void);

/* Containers exist only in JSON; in text mode they print nothing. */
void print_open_array(const char *key);
void print_close_array(void);
void print_open_object(const char *key);
void print_close_object(void);

/* A NULL @val is JSON null and prints nothing in text mode. */
void print_string(const char *key, const char *fmt, const char *val);
void print_uint(const char *key, const char *fmt, uint64_t val);
/*
 * A fixed-point number (@whole.@frac, @frac in @digits digits): a JSON
 * number; in text mode @fmt gets it as a string.
 */
void print_decimal(const char *key, const char *fmt, uint64_t whole, uint32_t frac,
		   int digits);
/* JSON true/false; in text mode @text is printed when @val is true. */
void print_bool(const char *key, const char *text, bool val);
/* An MPTCP token: 8 lowercase hex digits, or null when @present is false. */
void print_token(const char *key, const char *fmt, bool present, uint32_t val);

/* Text mode only. */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* End of one command's output: JSON gets its final newline; flushed. */
void print_done(void);

#endif
