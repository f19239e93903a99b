// SPDX-License-Identifier: GPL-2.0
/*
 * HMAC-SHA256 (RFC 2104) and HKDF-SHA256 (RFC 5869).
 *
 * No allocation, no sleeping: callable from softirq. Every intermediate
 * value derived from a key is wiped before returning.
 */
#include "hkdf.h"

static void hmac_xor_key(u8 k0[SHA256_BLOCK_SIZE], u8 pad)
{
	unsigned int i;

	for (i = 0; i < SHA256_BLOCK_SIZE; i++)
		k0[i] ^= pad;
}

/* Start a hash of (K0 ^ @pad) || ..., K0 left unchanged. */
static void hmac_start(struct mptcpsec_hmac *h, u8 pad)
{
	sha256_init(&h->sha);
	hmac_xor_key(h->k0, pad);
	sha256_update(&h->sha, h->k0, SHA256_BLOCK_SIZE);
	hmac_xor_key(h->k0, pad);
}

/**
 * mptcpsec_hmac_init() - start an HMAC-SHA256 computation
 * @h: the context
 * @key: the key, any length (keys longer than 64 bytes are hashed first)
 * @key_len: length of @key in bytes
 *
 * @key may be NULL when @key_len is 0; it may overlap the output buffer of
 * the computation, since it is copied here.
 */
void mptcpsec_hmac_init(struct mptcpsec_hmac *h, const u8 *key,
			unsigned int key_len)
{
	memset(h->k0, 0, sizeof(h->k0));
	if (key_len > SHA256_BLOCK_SIZE)
		sha256(key, key_len, h->k0);
	else if (key_len)
		memcpy(h->k0, key, key_len);
	hmac_start(h, 0x36);
}

/**
 * mptcpsec_hmac_update() - feed message bytes to an HMAC computation
 * @h: the context, from mptcpsec_hmac_init()
 * @data: the bytes (may be NULL when @len is 0)
 * @len: number of bytes
 */
void mptcpsec_hmac_update(struct mptcpsec_hmac *h, const u8 *data,
			  unsigned int len)
{
	if (len)
		sha256_update(&h->sha, data, len);
}

/**
 * mptcpsec_hmac_final() - finish an HMAC computation
 * @h: the context; wiped on return
 * @out: the 32-byte MAC
 */
void mptcpsec_hmac_final(struct mptcpsec_hmac *h, u8 out[MPTCPSEC_HASH_LEN])
{
	u8 inner[MPTCPSEC_HASH_LEN];

	sha256_final(&h->sha, inner);
	hmac_start(h, 0x5c);
	sha256_update(&h->sha, inner, sizeof(inner));
	sha256_final(&h->sha, out);
	memzero_explicit(inner, sizeof(inner));
	memzero_explicit(h, sizeof(*h));
}

/**
 * mptcpsec_hmac_sha256() - HMAC-SHA256 of one buffer
 * @key: the key, any length
 * @key_len: length of @key
 * @data: the message (may be NULL when @len is 0)
 * @len: length of @data
 * @out: the 32-byte MAC; may overlap @key or @data
 */
void mptcpsec_hmac_sha256(const u8 *key, unsigned int key_len,
			  const u8 *data, unsigned int len,
			  u8 out[MPTCPSEC_HASH_LEN])
{
	struct mptcpsec_hmac h;

	mptcpsec_hmac_init(&h, key, key_len);
	mptcpsec_hmac_update(&h, data, len);
	mptcpsec_hmac_final(&h, out);
}

/**
 * mptcpsec_hkdf_extract() - HKDF-Extract with SHA-256 (RFC 5869 2.2)
 * @salt: the salt (may be NULL when @salt_len is 0, which is the same as
 *        32 zero bytes)
 * @salt_len: length of @salt
 * @ikm: input keying material
 * @ikm_len: length of @ikm
 * @prk: the 32-byte pseudorandom key; may overlap @salt or @ikm
 */
void mptcpsec_hkdf_extract(const u8 *salt, unsigned int salt_len,
			   const u8 *ikm, unsigned int ikm_len,
			   u8 prk[MPTCPSEC_HASH_LEN])
{
	mptcpsec_hmac_sha256(salt, salt_len, ikm, ikm_len, prk);
}

/*
 * HKDF-Expand with info = @info1 || @info2. The key is copied into @h
 * before anything is written to @out, so @out may overlap @prk.
 */
static int hkdf_expand2(const u8 prk[MPTCPSEC_HASH_LEN],
			const u8 *info1, unsigned int len1,
			const u8 *info2, unsigned int len2,
			u8 *out, unsigned int out_len)
{
	struct mptcpsec_hmac h;
	u8 key[MPTCPSEC_HASH_LEN];
	u8 t[MPTCPSEC_HASH_LEN];
	unsigned int n, done = 0;
	u8 ctr = 0;

	if (out_len > MPTCPSEC_HKDF_MAX_OUT)
		return -EINVAL;
	memcpy(key, prk, sizeof(key));
	while (done < out_len) {
		ctr++;
		mptcpsec_hmac_init(&h, key, sizeof(key));
		if (ctr > 1)
			mptcpsec_hmac_update(&h, t, sizeof(t));
		mptcpsec_hmac_update(&h, info1, len1);
		mptcpsec_hmac_update(&h, info2, len2);
		mptcpsec_hmac_update(&h, &ctr, 1);
		mptcpsec_hmac_final(&h, t);
		n = out_len - done;
		if (n > sizeof(t))
			n = sizeof(t);
		memcpy(out + done, t, n);
		done += n;
	}
	memzero_explicit(t, sizeof(t));
	memzero_explicit(key, sizeof(key));
	return 0;
}

/**
 * mptcpsec_hkdf_expand() - HKDF-Expand with SHA-256 (RFC 5869 2.3)
 * @prk: the 32-byte pseudorandom key
 * @info: context information (may be NULL when @info_len is 0)
 * @info_len: length of @info
 * @out: the output keying material; may overlap @prk
 * @out_len: bytes wanted, at most 255 * 32
 *
 * Return: 0, or -EINVAL (and @out untouched) when @out_len is too large.
 */
int mptcpsec_hkdf_expand(const u8 prk[MPTCPSEC_HASH_LEN], const u8 *info,
			 unsigned int info_len, u8 *out, unsigned int out_len)
{
	return hkdf_expand2(prk, info, info_len, NULL, 0, out, out_len);
}

/**
 * mptcpsec_hkdf_expand_label() - HKDF-Expand with info = label || context
 * @prk: the 32-byte pseudorandom key
 * @label: NUL-terminated ASCII label; its terminating NUL is not used
 * @ctx: bytes appended to the label (may be NULL when @ctx_len is 0)
 * @ctx_len: length of @ctx
 * @out: the output keying material; may overlap @prk
 * @out_len: bytes wanted, at most 255 * 32
 *
 * The same as mptcpsec_hkdf_expand() on the concatenation, without a
 * buffer for it.
 *
 * Return: 0, or -EINVAL (and @out untouched) when @out_len is too large.
 */
int mptcpsec_hkdf_expand_label(const u8 prk[MPTCPSEC_HASH_LEN],
			       const char *label, const u8 *ctx,
			       unsigned int ctx_len, u8 *out,
			       unsigned int out_len)
{
	return hkdf_expand2(prk, (const u8 *)label, strlen(label), ctx,
			    ctx_len, out, out_len);
}
