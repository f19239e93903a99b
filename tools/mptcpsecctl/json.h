/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer: values are written as they come, with
 * commas, escaping and (optionally) indentation handled here.
 */
#ifndef MPTCPSECCTL_JSON_H
#define MPTCPSECCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

/**
 * struct json_writer - state of one JSON document being written
 * @out: where it goes
 * @pretty: indent by four spaces per level, one member per line
 * @depth: current nesting (0 at the top level)
 * @count: number of values written so far at each level
 */
struct json_writer {
	FILE *out;
	bool pretty;
	int depth;
	unsigned int count[JSON_MAX_DEPTH + 1];
};

void json_init(struct json_writer *w, FILE *out, bool pretty);
/* @key names the member inside an object; NULL inside an array or at the top. */
void json_begin_object(struct json_writer *w, const char *key);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, const char *key);
void json_end_array(struct json_writer *w);
void json_string(struct json_writer *w, const char *key, const char *val);
void json_uint(struct json_writer *w, const char *key, uint64_t val);
void json_bool(struct json_writer *w, const char *key, bool val);
/* A number with a fraction: @whole, ".", @frac in @digits digits (1..9). */
void json_decimal(struct json_writer *w, const char *key, uint64_t whole,
		  uint32_t frac, int digits);
void json_null(struct json_writer *w, const char *key);
void json_finish(struct json_writer *w);

#endif
