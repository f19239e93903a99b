/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HMAC-SHA256 (RFC 2104) and HKDF-SHA256 (RFC 5869) over the kernel's
 * SHA-256 library. Pure: builds in the kernel and in the unit tests.
 */
#ifndef _MPTCPSEC_HKDF_H
#define _MPTCPSEC_HKDF_H

#include "crypto_lib.h"

#define MPTCPSEC_HASH_LEN	SHA256_DIGEST_SIZE
#define MPTCPSEC_HKDF_MAX_OUT	(255 * MPTCPSEC_HASH_LEN)

/**
 * struct mptcpsec_hmac - an HMAC-SHA256 computation in progress
 * @sha: the running hash (inner, then outer)
 * @k0: the key, hashed when longer than a block, zero-padded to a block
 *
 * Holds key material: mptcpsec_hmac_final() wipes it.
 */
struct mptcpsec_hmac {
	struct sha256_state sha;
	u8 k0[SHA256_BLOCK_SIZE];
};

void mptcpsec_hmac_init(struct mptcpsec_hmac *h, const u8 *key,
			unsigned int key_len);
void mptcpsec_hmac_update(struct mptcpsec_hmac *h, const u8 *data,
			  unsigned int len);
void mptcpsec_hmac_final(struct mptcpsec_hmac *h, u8 out[MPTCPSEC_HASH_LEN]);
void mptcpsec_hmac_sha256(const u8 *key, unsigned int key_len,
			  const u8 *data, unsigned int len,
			  u8 out[MPTCPSEC_HASH_LEN]);

void mptcpsec_hkdf_extract(const u8 *salt, unsigned int salt_len,
			   const u8 *ikm, unsigned int ikm_len,
			   u8 prk[MPTCPSEC_HASH_LEN]);
int mptcpsec_hkdf_expand(const u8 prk[MPTCPSEC_HASH_LEN], const u8 *info,
			 unsigned int info_len, u8 *out, unsigned int out_len);
int mptcpsec_hkdf_expand_label(const u8 prk[MPTCPSEC_HASH_LEN],
			       const char *label, const u8 *ctx,
			       unsigned int ctx_len, u8 *out,
			       unsigned int out_len);

#endif /* _MPTCPSEC_HKDF_H */
