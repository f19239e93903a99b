/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key file decoding (pure): base64 (as `wg genpsk` prints) or hex text.
 */
#ifndef MPTCPSECCTL_KEYFILE_H
#define MPTCPSECCTL_KEYFILE_H

#include <stddef.h>
#include <stdint.h>

#define KEY_MIN_LEN	16
#define KEY_MAX_LEN	64

int ctl_key_decode(const char *text, size_t len, uint8_t *out, size_t *outlen);
size_t ctl_base64_encode(const uint8_t *in, size_t len, char *out, size_t outsize);

#endif
