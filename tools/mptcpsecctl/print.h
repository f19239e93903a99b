/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printer for text and JSON: every show calls the same functions, which
 * write "key value" text or JSON members depending on the mode (like
 * iproute2's print_*()).
 */
#ifndef MPTCPSECCTL_PRINT_H
#define MPTCPSECCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>

void out_init(bool json, bool pretty);
bool out_is_json(void);
void out_array_begin(const char *key);
void out_array_end(void);
void out_object_begin(const char *key);
void out_object_end(void);
/* @fmt is the text form, e.g. "mode %s "; NULL prints nothing in text mode. */
void out_str(const char *key, const char *fmt, const char *val);
void out_u64(const char *key, const char *fmt, uint64_t val);
void out_bool(const char *key, const char *text_if_true, bool val);
void out_text(const char *fmt, ...);
void out_finish(void);

#endif
