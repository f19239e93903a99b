/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key file decoding (pure): one key as base64 (what `mptcpsecctl key
 * generate` and `wg genpsk` print) or hexadecimal text.
 */
#ifndef MPTCPSECCTL_KEYFILE_H
#define MPTCPSECCTL_KEYFILE_H

#include <stddef.h>
#include <stdint.h>

#define CTL_KEY_MIN_LEN		16
#define CTL_KEY_MAX_LEN		64
/* Longest key file accepted, in bytes (whitespace included). */
#define CTL_KEYFILE_MAX		4096

enum ctl_key_err {
	CTL_KEY_OK = 0,
	CTL_KEY_EMPTY = -1,	/* nothing but whitespace */
	CTL_KEY_FORMAT = -2,	/* neither hex nor base64 */
	CTL_KEY_SHORT = -3,	/* decodes to fewer than CTL_KEY_MIN_LEN bytes */
	CTL_KEY_LONG = -4,	/* decodes to more than CTL_KEY_MAX_LEN bytes */
};

int ctl_key_decode(const char *text, size_t len, uint8_t out[CTL_KEY_MAX_LEN],
		   size_t *outlen);
const char *ctl_key_strerror(int err);
size_t ctl_base64_encode(const uint8_t *in, size_t len, char *out, size_t outsize);
void ctl_wipe(void *p, size_t n);

#endif
