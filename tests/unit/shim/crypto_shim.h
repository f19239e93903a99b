/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel crypto library interfaces the pure
 * crypto files use (see module/crypto_lib.h). Names, signatures and
 * semantics follow the kernel's <crypto/sha2.h>, <crypto/chacha.h>,
 * <crypto/poly1305.h>, <crypto/curve25519.h>, crypto_memneq() and
 * memzero_explicit(); the structures only keep the kernel's names.
 *
 * SHA-256, ChaCha20 and Poly1305 are implemented in crypto_shim.c;
 * X25519 uses OpenSSL's libcrypto (link with -lcrypto).
 */
#ifndef MPTCPSEC_CRYPTO_SHIM_H
#define MPTCPSEC_CRYPTO_SHIM_H

#include "pure.h"

#define SHA256_DIGEST_SIZE	32
#define SHA256_BLOCK_SIZE	64

#define CHACHA_IV_SIZE		16
#define CHACHA_KEY_SIZE		32
#define CHACHA_BLOCK_SIZE	64
#define CHACHAPOLY_IV_SIZE	12
#define CHACHA_STATE_WORDS	(CHACHA_BLOCK_SIZE / sizeof(u32))

#define POLY1305_BLOCK_SIZE	16
#define POLY1305_KEY_SIZE	32
#define POLY1305_DIGEST_SIZE	16

#define CURVE25519_KEY_SIZE	32

/* Unaligned little- and big-endian accessors, as <asm/unaligned.h>. */
static inline u32 get_unaligned_le32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] | ((u32)b[1] << 8) | ((u32)b[2] << 16) |
	       ((u32)b[3] << 24);
}

static inline void put_unaligned_le32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = (u8)v;
	b[1] = (u8)(v >> 8);
	b[2] = (u8)(v >> 16);
	b[3] = (u8)(v >> 24);
}

static inline void put_unaligned_le64(u64 v, void *p)
{
	put_unaligned_le32((u32)v, p);
	put_unaligned_le32((u32)(v >> 32), (u8 *)p + 4);
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = (u8)(v >> 8);
	b[1] = (u8)v;
}

static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = (u8)(v >> 24);
	b[1] = (u8)(v >> 16);
	b[2] = (u8)(v >> 8);
	b[3] = (u8)v;
}

static inline void put_unaligned_be64(u64 v, void *p)
{
	put_unaligned_be32((u32)(v >> 32), p);
	put_unaligned_be32((u32)v, (u8 *)p + 4);
}

/* memzero_explicit(): a memset the compiler may not elide. */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

/* crypto_memneq(): 0 when equal, non-zero otherwise, in constant time. */
int crypto_memneq(const void *a, const void *b, size_t size);

/* SHA-256 */
struct sha256_state {
	u32 state[SHA256_DIGEST_SIZE / 4];
	u64 count;
	u8 buf[SHA256_BLOCK_SIZE];
};

void sha256_init(struct sha256_state *sctx);
void sha256_update(struct sha256_state *sctx, const u8 *data,
		   unsigned int len);
void sha256_final(struct sha256_state *sctx, u8 *out);
void sha256(const u8 *data, unsigned int len, u8 *out);

/*
 * ChaCha20. state[12] is the block counter; chacha_crypt() and
 * chacha20_block() advance it by one per 64-byte block, a trailing partial
 * block included.
 */
void chacha_init(u32 *state, const u32 *key, const u8 *iv);
void chacha_block_generic(u32 *state, u8 *stream, int nrounds);
void chacha_crypt(u32 *state, u8 *dst, const u8 *src, unsigned int bytes,
		  int nrounds);

static inline void chacha20_block(u32 *state, u8 *stream)
{
	chacha_block_generic(state, stream, 20);
}

static inline void chacha20_crypt(u32 *state, u8 *dst, const u8 *src,
				  unsigned int bytes)
{
	chacha_crypt(state, dst, src, bytes, 20);
}

/* Poly1305 (26-bit limbs) */
struct poly1305_desc_ctx {
	u8 buf[POLY1305_BLOCK_SIZE];
	unsigned int buflen;
	u32 r[5];
	u32 h[5];
	u32 s[4];
};

void poly1305_init(struct poly1305_desc_ctx *desc, const u8 *key);
void poly1305_update(struct poly1305_desc_ctx *desc, const u8 *src,
		     unsigned int nbytes);
void poly1305_final(struct poly1305_desc_ctx *desc, u8 *digest);

/* X25519 (RFC 7748) */
extern const u8 curve25519_null_point[CURVE25519_KEY_SIZE];
extern const u8 curve25519_base_point[CURVE25519_KEY_SIZE];

/* Returns false (and a zero @mypublic) when the result is all zero. */
bool __attribute__((warn_unused_result))
curve25519(u8 mypublic[CURVE25519_KEY_SIZE],
	   const u8 secret[CURVE25519_KEY_SIZE],
	   const u8 basepoint[CURVE25519_KEY_SIZE]);

/* Returns false for an all-zero @secret or an all-zero result. */
bool __attribute__((warn_unused_result))
curve25519_generate_public(u8 pub[CURVE25519_KEY_SIZE],
			   const u8 secret[CURVE25519_KEY_SIZE]);

static inline void curve25519_clamp_secret(u8 secret[CURVE25519_KEY_SIZE])
{
	secret[0] &= 248;
	secret[31] = (secret[31] & 127) | 64;
}

#endif /* MPTCPSEC_CRYPTO_SHIM_H */
