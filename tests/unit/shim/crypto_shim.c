// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace implementations of the kernel crypto library calls declared in
 * crypto_shim.h: SHA-256 (FIPS 180-4), ChaCha20 and Poly1305 (RFC 8439)
 * in portable C, X25519 (RFC 7748) through OpenSSL's libcrypto.
 */
#include "crypto_shim.h"

#include <openssl/evp.h>

int crypto_memneq(const void *a, const void *b, size_t size)
{
	const volatile u8 *x = a, *y = b;
	u8 diff = 0;
	size_t i;

	for (i = 0; i < size; i++)
		diff |= x[i] ^ y[i];
	return diff != 0;
}

/* ---- SHA-256 ---------------------------------------------------------- */

static const u32 sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline u32 ror32(u32 v, unsigned int n)
{
	return (v >> n) | (v << (32 - n));
}

static inline u32 rol32(u32 v, unsigned int n)
{
	return (v << n) | (v >> (32 - n));
}

static u32 load_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static void sha256_compress(u32 st[8], const u8 block[64])
{
	u32 w[64], v[8], t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = load_be32(block + 4 * i);
	for (i = 16; i < 64; i++) {
		u32 s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
			 (w[i - 15] >> 3);
		u32 s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
			 (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, st, sizeof(v));
	for (i = 0; i < 64; i++) {
		/* v[0..7] = a b c d e f g h */
		t1 = v[7] + (ror32(v[4], 6) ^ ror32(v[4], 11) ^ ror32(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha256_k[i] + w[i];
		t2 = (ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		v[7] = v[6];
		v[6] = v[5];
		v[5] = v[4];
		v[4] = v[3] + t1;
		v[3] = v[2];
		v[2] = v[1];
		v[1] = v[0];
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		st[i] += v[i];
	memzero_explicit(w, sizeof(w));
	memzero_explicit(v, sizeof(v));
}

void sha256_init(struct sha256_state *sctx)
{
	static const u32 iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(sctx->state, iv, sizeof(iv));
	sctx->count = 0;
}

void sha256_update(struct sha256_state *sctx, const u8 *data,
		   unsigned int len)
{
	unsigned int used = sctx->count % SHA256_BLOCK_SIZE;

	sctx->count += len;
	if (used) {
		unsigned int n = SHA256_BLOCK_SIZE - used;

		if (n > len)
			n = len;
		memcpy(sctx->buf + used, data, n);
		data += n;
		len -= n;
		used += n;
		if (used < SHA256_BLOCK_SIZE)
			return;
		sha256_compress(sctx->state, sctx->buf);
	}
	while (len >= SHA256_BLOCK_SIZE) {
		sha256_compress(sctx->state, data);
		data += SHA256_BLOCK_SIZE;
		len -= SHA256_BLOCK_SIZE;
	}
	if (len)
		memcpy(sctx->buf, data, len);
}

void sha256_final(struct sha256_state *sctx, u8 *out)
{
	unsigned int used = sctx->count % SHA256_BLOCK_SIZE;
	u64 bits = sctx->count * 8;
	int i;

	sctx->buf[used++] = 0x80;
	if (used > SHA256_BLOCK_SIZE - 8) {
		memset(sctx->buf + used, 0, SHA256_BLOCK_SIZE - used);
		sha256_compress(sctx->state, sctx->buf);
		used = 0;
	}
	memset(sctx->buf + used, 0, SHA256_BLOCK_SIZE - 8 - used);
	put_unaligned_be64(bits, sctx->buf + SHA256_BLOCK_SIZE - 8);
	sha256_compress(sctx->state, sctx->buf);
	for (i = 0; i < 8; i++)
		put_unaligned_be32(sctx->state[i], out + 4 * i);
	memzero_explicit(sctx, sizeof(*sctx));
}

void sha256(const u8 *data, unsigned int len, u8 *out)
{
	struct sha256_state s;

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, out);
}

/* ---- ChaCha20 --------------------------------------------------------- */

void chacha_init(u32 *state, const u32 *key, const u8 *iv)
{
	int i;

	/* "expand 32-byte k" */
	state[0] = 0x61707865;
	state[1] = 0x3320646e;
	state[2] = 0x79622d32;
	state[3] = 0x6b206574;
	for (i = 0; i < 8; i++)
		state[4 + i] = key[i];
	for (i = 0; i < 4; i++)
		state[12 + i] = get_unaligned_le32(iv + 4 * i);
}

#define QR(x, a, b, c, d) do {						\
	x[a] += x[b]; x[d] = rol32(x[d] ^ x[a], 16);			\
	x[c] += x[d]; x[b] = rol32(x[b] ^ x[c], 12);			\
	x[a] += x[b]; x[d] = rol32(x[d] ^ x[a], 8);			\
	x[c] += x[d]; x[b] = rol32(x[b] ^ x[c], 7);			\
} while (0)

void chacha_block_generic(u32 *state, u8 *stream, int nrounds)
{
	u32 x[16];
	int i;

	memcpy(x, state, sizeof(x));
	for (i = 0; i < nrounds; i += 2) {
		QR(x, 0, 4, 8, 12);
		QR(x, 1, 5, 9, 13);
		QR(x, 2, 6, 10, 14);
		QR(x, 3, 7, 11, 15);
		QR(x, 0, 5, 10, 15);
		QR(x, 1, 6, 11, 12);
		QR(x, 2, 7, 8, 13);
		QR(x, 3, 4, 9, 14);
	}
	for (i = 0; i < 16; i++)
		put_unaligned_le32(x[i] + state[i], stream + 4 * i);
	state[12]++;
	memzero_explicit(x, sizeof(x));
}

void chacha_crypt(u32 *state, u8 *dst, const u8 *src, unsigned int bytes,
		  int nrounds)
{
	u8 ks[CHACHA_BLOCK_SIZE];
	unsigned int i, n;

	while (bytes) {
		n = bytes < CHACHA_BLOCK_SIZE ? bytes : CHACHA_BLOCK_SIZE;
		chacha_block_generic(state, ks, nrounds);
		for (i = 0; i < n; i++)
			dst[i] = src[i] ^ ks[i];
		dst += n;
		src += n;
		bytes -= n;
	}
	memzero_explicit(ks, sizeof(ks));
}

/* ---- Poly1305 --------------------------------------------------------- */

#define M26 0x3ffffffu

void poly1305_init(struct poly1305_desc_ctx *desc, const u8 *key)
{
	/* r is clamped as RFC 8439 section 2.5 requires, then split in 26 bits */
	desc->r[0] = get_unaligned_le32(key + 0) & 0x3ffffff;
	desc->r[1] = (get_unaligned_le32(key + 3) >> 2) & 0x3ffff03;
	desc->r[2] = (get_unaligned_le32(key + 6) >> 4) & 0x3ffc0ff;
	desc->r[3] = (get_unaligned_le32(key + 9) >> 6) & 0x3f03fff;
	desc->r[4] = (get_unaligned_le32(key + 12) >> 8) & 0x00fffff;
	memset(desc->h, 0, sizeof(desc->h));
	desc->s[0] = get_unaligned_le32(key + 16);
	desc->s[1] = get_unaligned_le32(key + 20);
	desc->s[2] = get_unaligned_le32(key + 24);
	desc->s[3] = get_unaligned_le32(key + 28);
	desc->buflen = 0;
}

/* h = (h + m) * r mod 2^130 - 5; @hibit is 2^128 in limb 4 (or 0). */
static void poly1305_block(struct poly1305_desc_ctx *d, const u8 *m,
			   u32 hibit)
{
	u64 r0 = d->r[0], r1 = d->r[1], r2 = d->r[2], r3 = d->r[3],
	    r4 = d->r[4];
	u64 s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
	u64 h0, h1, h2, h3, h4, t0, t1, t2, t3, t4, c;

	h0 = d->h[0] + (get_unaligned_le32(m + 0) & M26);
	h1 = d->h[1] + ((get_unaligned_le32(m + 3) >> 2) & M26);
	h2 = d->h[2] + ((get_unaligned_le32(m + 6) >> 4) & M26);
	h3 = d->h[3] + ((get_unaligned_le32(m + 9) >> 6) & M26);
	h4 = d->h[4] + ((get_unaligned_le32(m + 12) >> 8) | hibit);

	t0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
	t1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
	t2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
	t3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
	t4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

	c = t0 >> 26;
	t1 += c;
	c = t1 >> 26;
	t2 += c;
	c = t2 >> 26;
	t3 += c;
	c = t3 >> 26;
	t4 += c;
	c = t4 >> 26;
	h0 = (t0 & M26) + c * 5;
	h1 = (t1 & M26) + (h0 >> 26);
	d->h[0] = (u32)(h0 & M26);
	d->h[1] = (u32)h1;
	d->h[2] = (u32)(t2 & M26);
	d->h[3] = (u32)(t3 & M26);
	d->h[4] = (u32)(t4 & M26);
}

void poly1305_update(struct poly1305_desc_ctx *desc, const u8 *src,
		     unsigned int nbytes)
{
	unsigned int n;

	if (desc->buflen) {
		n = POLY1305_BLOCK_SIZE - desc->buflen;
		if (n > nbytes)
			n = nbytes;
		memcpy(desc->buf + desc->buflen, src, n);
		desc->buflen += n;
		src += n;
		nbytes -= n;
		if (desc->buflen < POLY1305_BLOCK_SIZE)
			return;
		poly1305_block(desc, desc->buf, 1u << 24);
		desc->buflen = 0;
	}
	while (nbytes >= POLY1305_BLOCK_SIZE) {
		poly1305_block(desc, src, 1u << 24);
		src += POLY1305_BLOCK_SIZE;
		nbytes -= POLY1305_BLOCK_SIZE;
	}
	if (nbytes) {
		memcpy(desc->buf, src, nbytes);
		desc->buflen = nbytes;
	}
}

void poly1305_final(struct poly1305_desc_ctx *desc, u8 *digest)
{
	u32 h0, h1, h2, h3, h4, g0, g1, g2, g3, g4, c, mask;
	u64 f;

	if (desc->buflen) {
		/* the final partial block: a 1 byte, then zeros, no 2^128 */
		desc->buf[desc->buflen] = 1;
		memset(desc->buf + desc->buflen + 1, 0,
		       POLY1305_BLOCK_SIZE - desc->buflen - 1);
		poly1305_block(desc, desc->buf, 0);
	}

	/* carry fully */
	h0 = desc->h[0];
	h1 = desc->h[1];
	h2 = desc->h[2];
	h3 = desc->h[3];
	h4 = desc->h[4];
	c = h1 >> 26;
	h1 &= M26;
	h2 += c;
	c = h2 >> 26;
	h2 &= M26;
	h3 += c;
	c = h3 >> 26;
	h3 &= M26;
	h4 += c;
	c = h4 >> 26;
	h4 &= M26;
	h0 += c * 5;
	c = h0 >> 26;
	h0 &= M26;
	h1 += c;

	/* g = h + 5 - 2^130; take g when it does not borrow (h >= p) */
	g0 = h0 + 5;
	c = g0 >> 26;
	g0 &= M26;
	g1 = h1 + c;
	c = g1 >> 26;
	g1 &= M26;
	g2 = h2 + c;
	c = g2 >> 26;
	g2 &= M26;
	g3 = h3 + c;
	c = g3 >> 26;
	g3 &= M26;
	g4 = h4 + c - (1u << 26);

	mask = (g4 >> 31) - 1;	/* all ones when g4 did not go negative */
	h0 = (h0 & ~mask) | (g0 & mask);
	h1 = (h1 & ~mask) | (g1 & mask);
	h2 = (h2 & ~mask) | (g2 & mask);
	h3 = (h3 & ~mask) | (g3 & mask);
	h4 = (h4 & ~mask) | (g4 & mask);

	/* h mod 2^128, plus s */
	h0 = h0 | (h1 << 26);
	h1 = (h1 >> 6) | (h2 << 20);
	h2 = (h2 >> 12) | (h3 << 14);
	h3 = (h3 >> 18) | (h4 << 8);

	f = (u64)h0 + desc->s[0];
	put_unaligned_le32((u32)f, digest + 0);
	f = (u64)h1 + desc->s[1] + (f >> 32);
	put_unaligned_le32((u32)f, digest + 4);
	f = (u64)h2 + desc->s[2] + (f >> 32);
	put_unaligned_le32((u32)f, digest + 8);
	f = (u64)h3 + desc->s[3] + (f >> 32);
	put_unaligned_le32((u32)f, digest + 12);

	memzero_explicit(desc, sizeof(*desc));
}

/* ---- X25519 ----------------------------------------------------------- */

const u8 curve25519_null_point[CURVE25519_KEY_SIZE];
const u8 curve25519_base_point[CURVE25519_KEY_SIZE] = { 9 };

bool curve25519(u8 mypublic[CURVE25519_KEY_SIZE],
		const u8 secret[CURVE25519_KEY_SIZE],
		const u8 basepoint[CURVE25519_KEY_SIZE])
{
	EVP_PKEY *priv, *peer;
	EVP_PKEY_CTX *ctx = NULL;
	size_t len = CURVE25519_KEY_SIZE;
	bool done = false;

	priv = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, secret,
					    CURVE25519_KEY_SIZE);
	peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, basepoint,
					   CURVE25519_KEY_SIZE);
	if (priv && peer)
		ctx = EVP_PKEY_CTX_new(priv, NULL);
	/*
	 * OpenSSL refuses to derive an all-zero value; the kernel returns it
	 * with false, which is what the caller sees here too.
	 */
	if (ctx && EVP_PKEY_derive_init(ctx) == 1 &&
	    EVP_PKEY_derive_set_peer_ex(ctx, peer, 0) == 1 &&
	    EVP_PKEY_derive(ctx, mypublic, &len) == 1 &&
	    len == CURVE25519_KEY_SIZE)
		done = true;
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(peer);
	EVP_PKEY_free(priv);
	if (!done)
		memset(mypublic, 0, CURVE25519_KEY_SIZE);
	return crypto_memneq(mypublic, curve25519_null_point,
			     CURVE25519_KEY_SIZE);
}

bool curve25519_generate_public(u8 pub[CURVE25519_KEY_SIZE],
				const u8 secret[CURVE25519_KEY_SIZE])
{
	EVP_PKEY *priv;
	size_t len = CURVE25519_KEY_SIZE;
	bool done;

	if (!crypto_memneq(secret, curve25519_null_point, CURVE25519_KEY_SIZE))
		return false;
	priv = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, secret,
					    CURVE25519_KEY_SIZE);
	done = priv && EVP_PKEY_get_raw_public_key(priv, pub, &len) == 1 &&
	       len == CURVE25519_KEY_SIZE;
	EVP_PKEY_free(priv);
	if (!done)
		memset(pub, 0, CURVE25519_KEY_SIZE);
	return crypto_memneq(pub, curve25519_null_point, CURVE25519_KEY_SIZE);
}
