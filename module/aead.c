// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20-Poly1305 for MPTCPsec segments, docs/PROTOCOL.md section 6.3.
 *
 * Built from the ChaCha20 and Poly1305 library calls rather than the
 * kernel's chacha20poly1305_encrypt(): the associated data comes in
 * several pieces and the tag is truncated to 8 bytes.
 *
 * No allocation, no sleeping, no large stack buffers: callable from
 * softirq. Key stream and MAC state are wiped before returning.
 */
#include "aead.h"

static const u8 aead_zero_pad[POLY1305_BLOCK_SIZE];

/**
 * mptcpsec_aead_setkey() - prepare a traffic key for sealing and opening
 * @ak: the prepared key
 * @key: the 32-byte traffic key
 */
void mptcpsec_aead_setkey(struct mptcpsec_aead_key *ak,
			  const u8 key[MPTCPSEC_AEAD_KEY_LEN])
{
	unsigned int i;

	for (i = 0; i < CHACHA_KEY_SIZE / sizeof(u32); i++)
		ak->k[i] = get_unaligned_le32(key + 4 * i);
}

/*
 * Set up ChaCha20 with nonce 00000000 || be64(@pn), take the Poly1305 key
 * from block 0 and leave @state at block 1 for the payload.
 */
static void aead_start(const struct mptcpsec_aead_key *k, u64 pn,
		       u32 state[CHACHA_STATE_WORDS],
		       struct poly1305_desc_ctx *mac)
{
	u8 block[CHACHA_BLOCK_SIZE];
	u8 iv[CHACHA_IV_SIZE];

	/* block counter 0, then the 96-bit nonce */
	memset(iv, 0, 8);
	put_unaligned_be64(pn, iv + 8);
	chacha_init(state, k->k, iv);
	chacha20_block(state, block);
	poly1305_init(mac, block);
	memzero_explicit(block, sizeof(block));
}

static void mac_padded(struct poly1305_desc_ctx *mac, const u8 *p,
		       unsigned int len)
{
	if (len)
		poly1305_update(mac, p, len);
	if (len % POLY1305_BLOCK_SIZE)
		poly1305_update(mac, aead_zero_pad,
				POLY1305_BLOCK_SIZE - len % POLY1305_BLOCK_SIZE);
}

static u64 mac_ad(struct poly1305_desc_ctx *mac,
		  const struct mptcpsec_buf *ad, unsigned int nad)
{
	u64 total = 0;
	unsigned int i;

	for (i = 0; i < nad; i++) {
		if (ad[i].len)
			poly1305_update(mac, ad[i].p, ad[i].len);
		total += ad[i].len;
	}
	if (total % POLY1305_BLOCK_SIZE)
		poly1305_update(mac, aead_zero_pad,
				POLY1305_BLOCK_SIZE - total % POLY1305_BLOCK_SIZE);
	return total;
}

/* MAC the ciphertext and both lengths, write the full 16-byte tag. */
static void mac_finish(struct poly1305_desc_ctx *mac, u64 ad_len,
		       const u8 *ct, unsigned int len,
		       u8 full[POLY1305_DIGEST_SIZE])
{
	u8 lens[16];

	mac_padded(mac, ct, len);
	put_unaligned_le64(ad_len, lens);
	put_unaligned_le64(len, lens + 8);
	poly1305_update(mac, lens, sizeof(lens));
	poly1305_final(mac, full);
}

/**
 * mptcpsec_aead_seal_to() - encrypt and authenticate, plaintext elsewhere
 * @k: the traffic key
 * @pn: the packet number (the nonce is 00000000 || PN, big-endian)
 * @ad: the associated data pieces; the AD is their concatenation
 * @nad: number of pieces
 * @dst: receives the ciphertext
 * @src: the plaintext, read once; @src == @dst encrypts in place, any
 *	other overlap is not allowed
 * @len: its length (may be 0)
 * @tag: the first 8 bytes of the RFC 8439 tag
 *
 * One pass over the payload where a copy and an in-place seal would take
 * two: the egress path reads a payload still shared with TCP's
 * retransmit queue and writes the ciphertext into the segment's own
 * buffer.
 */
void mptcpsec_aead_seal_to(const struct mptcpsec_aead_key *k, u64 pn,
			   const struct mptcpsec_buf *ad, unsigned int nad,
			   u8 *dst, const u8 *src, unsigned int len,
			   u8 tag[MPTCPSEC_AEAD_TAG_LEN])
{
	u32 state[CHACHA_STATE_WORDS];
	struct poly1305_desc_ctx mac;
	u8 full[POLY1305_DIGEST_SIZE];
	u64 ad_len;

	aead_start(k, pn, state, &mac);
	ad_len = mac_ad(&mac, ad, nad);
	if (len)
		chacha_crypt(state, dst, src, len, 20);
	mac_finish(&mac, ad_len, dst, len, full);
	memcpy(tag, full, MPTCPSEC_AEAD_TAG_LEN);
	memzero_explicit(full, sizeof(full));
	memzero_explicit(state, sizeof(state));
	memzero_explicit(&mac, sizeof(mac));
}

/**
 * mptcpsec_aead_seal() - encrypt and authenticate a segment
 * @k: the traffic key
 * @pn: the packet number (the nonce is 00000000 || PN, big-endian)
 * @ad: the associated data pieces; the AD is their concatenation
 * @nad: number of pieces
 * @data: the plaintext, replaced in place by the ciphertext
 * @len: its length (may be 0)
 * @tag: the first 8 bytes of the RFC 8439 tag
 */
void mptcpsec_aead_seal(const struct mptcpsec_aead_key *k, u64 pn,
			const struct mptcpsec_buf *ad, unsigned int nad,
			u8 *data, unsigned int len,
			u8 tag[MPTCPSEC_AEAD_TAG_LEN])
{
	mptcpsec_aead_seal_to(k, pn, ad, nad, data, data, len, tag);
}

/**
 * mptcpsec_aead_open() - authenticate and decrypt a segment
 * @k: the traffic key
 * @pn: the packet number the segment was sealed with
 * @ad: the associated data pieces; the AD is their concatenation
 * @nad: number of pieces
 * @data: the ciphertext, replaced in place by the plaintext on success
 * @len: its length (may be 0)
 * @tag: the 8-byte tag received
 *
 * The tag is checked, in constant time, before anything is decrypted.
 *
 * Return: true when the tag is valid (and @data now holds the plaintext),
 * false otherwise, with @data left untouched.
 */
bool mptcpsec_aead_open(const struct mptcpsec_aead_key *k, u64 pn,
			const struct mptcpsec_buf *ad, unsigned int nad,
			u8 *data, unsigned int len,
			const u8 tag[MPTCPSEC_AEAD_TAG_LEN])
{
	u32 state[CHACHA_STATE_WORDS];
	struct poly1305_desc_ctx mac;
	u8 full[POLY1305_DIGEST_SIZE];
	bool valid;

	aead_start(k, pn, state, &mac);
	mac_finish(&mac, mac_ad(&mac, ad, nad), data, len, full);
	valid = !crypto_memneq(full, tag, MPTCPSEC_AEAD_TAG_LEN);
	if (valid && len)
		chacha_crypt(state, data, data, len, 20);
	memzero_explicit(full, sizeof(full));
	memzero_explicit(state, sizeof(state));
	memzero_explicit(&mac, sizeof(mac));
	return valid;
}
