/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ChaCha20-Poly1305 (RFC 8439 section 2.8) with the MPTCPsec nonce
 * 00 00 00 00 || PN and an 8-byte tag (docs/PROTOCOL.md section 6.3).
 * Pure: builds in the kernel and in the unit tests.
 */
#ifndef _MPTCPSEC_AEAD_H
#define _MPTCPSEC_AEAD_H

#include "crypto_lib.h"

#define MPTCPSEC_AEAD_KEY_LEN	CHACHA_KEY_SIZE
#define MPTCPSEC_AEAD_TAG_LEN	8

/**
 * struct mptcpsec_aead_key - a ChaCha20 key as little-endian words
 * @k: the key words, as chacha_init() takes them
 */
struct mptcpsec_aead_key {
	u32 k[CHACHA_KEY_SIZE / sizeof(u32)];
};

/**
 * struct mptcpsec_buf - one piece of associated data
 * @p: first byte (may be NULL when @len is 0)
 * @len: number of bytes
 */
struct mptcpsec_buf {
	const u8 *p;
	unsigned int len;
};

void mptcpsec_aead_setkey(struct mptcpsec_aead_key *ak,
			  const u8 key[MPTCPSEC_AEAD_KEY_LEN]);
void mptcpsec_aead_seal(const struct mptcpsec_aead_key *k, u64 pn,
			const struct mptcpsec_buf *ad, unsigned int nad,
			u8 *data, unsigned int len,
			u8 tag[MPTCPSEC_AEAD_TAG_LEN]);
void mptcpsec_aead_seal_to(const struct mptcpsec_aead_key *k, u64 pn,
			   const struct mptcpsec_buf *ad, unsigned int nad,
			   u8 *dst, const u8 *src, unsigned int len,
			   u8 tag[MPTCPSEC_AEAD_TAG_LEN]);
bool mptcpsec_aead_open(const struct mptcpsec_aead_key *k, u64 pn,
			const struct mptcpsec_buf *ad, unsigned int nad,
			u8 *data, unsigned int len,
			const u8 tag[MPTCPSEC_AEAD_TAG_LEN]);

#endif /* _MPTCPSEC_AEAD_H */
