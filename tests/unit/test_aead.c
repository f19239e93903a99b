// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20-Poly1305 with the MPTCPsec nonce and 8-byte tag (module/aead.c):
 * RFC 8439 vectors for the userspace ChaCha20 and Poly1305, cross-checks
 * against OpenSSL, forgery rejection, and the vector of docs/PROTOCOL.md
 * section 11.
 */
#include <stdlib.h>
#include <openssl/evp.h>

#include "tap.h"
#include "aead.h"

static void rnd(u8 *p, unsigned int len)
{
	while (len--)
		*p++ = (u8)rand();
}

static void fill(u8 *p, unsigned int len, u8 first)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(first + i);
}

/* OpenSSL ChaCha20-Poly1305 (16-byte tag) with an arbitrary 12-byte nonce */
static void ossl_seal(const u8 key[32], const u8 nonce[12], const u8 *ad,
		      unsigned int adlen, const u8 *in, unsigned int len,
		      u8 *out, u8 tag[16])
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;

	if (!c ||
	    EVP_EncryptInit_ex(c, EVP_chacha20_poly1305(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) != 1 ||
	    EVP_EncryptInit_ex(c, NULL, NULL, key, nonce) != 1 ||
	    (adlen && EVP_EncryptUpdate(c, NULL, &n, ad, adlen) != 1) ||
	    (len && EVP_EncryptUpdate(c, out, &n, in, len) != 1) ||
	    EVP_EncryptFinal_ex(c, out + len, &n) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, tag) != 1) {
		fprintf(stderr, "OpenSSL ChaCha20-Poly1305 failed\n");
		exit(2);
	}
	EVP_CIPHER_CTX_free(c);
}

static void pn_nonce(u64 pn, u8 nonce[12])
{
	memset(nonce, 0, 4);
	put_unaligned_be64(pn, nonce + 4);
}

static void test_chacha(void)
{
	static const char *want_hex =
		"10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
		"d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e";
	static const u8 nonce[12] = { 0, 0, 0, 0x09, 0, 0, 0, 0x4a, 0, 0, 0, 0 };
	u8 key[32], iv[16], block[64], want[64];
	static u8 in[2000], a[2000], b[2000];
	struct mptcpsec_aead_key ak;
	EVP_CIPHER_CTX *c;
	u32 st[16];
	unsigned int off, n;
	int outl;

	fill(key, 32, 0);
	mptcpsec_aead_setkey(&ak, key);
	put_unaligned_le32(1, iv);
	memcpy(iv + 4, nonce, 12);
	chacha_init(st, ak.k, iv);
	chacha20_block(st, block);
	unhex(want_hex, want);
	is_mem(block, want, 64, "RFC 8439 2.3.2 ChaCha20 block");
	is_int(st[12], 2, "chacha20_block advances the block counter");

	/* chacha_crypt: one call, 64-byte multiples then a tail, OpenSSL */
	rnd(in, sizeof(in));
	chacha_init(st, ak.k, iv);
	chacha_crypt(st, a, in, sizeof(in), 20);
	is_int(st[12], 1 + (sizeof(in) + 63) / 64,
	       "chacha_crypt advances the counter per block, tail included");
	chacha_init(st, ak.k, iv);
	for (off = 0; off < sizeof(in); off += n) {
		n = sizeof(in) - off > 192 ? 192 : sizeof(in) - off;
		chacha_crypt(st, b + off, in + off, n, 20);
	}
	is_mem(a, b, sizeof(in), "chacha_crypt streams across calls");
	c = EVP_CIPHER_CTX_new();
	EVP_EncryptInit_ex(c, EVP_chacha20(), NULL, key, iv);
	EVP_EncryptUpdate(c, b, &outl, in, sizeof(in));
	EVP_CIPHER_CTX_free(c);
	is_mem(a, b, sizeof(in), "chacha_crypt equals OpenSSL ChaCha20");
}

static void ossl_poly(const u8 key[32], const u8 *m, unsigned int len,
		      u8 out[16])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "POLY1305", NULL);
	EVP_MAC_CTX *c = mac ? EVP_MAC_CTX_new(mac) : NULL;
	size_t outl;

	if (!c || EVP_MAC_init(c, key, 32, NULL) != 1 ||
	    EVP_MAC_update(c, m, len) != 1 ||
	    EVP_MAC_final(c, out, &outl, 16) != 1) {
		fprintf(stderr, "OpenSSL Poly1305 failed\n");
		exit(2);
	}
	EVP_MAC_CTX_free(c);
	EVP_MAC_free(mac);
}

static void test_poly1305(void)
{
	static const char *msg = "Cryptographic Forum Research Group";
	u8 key[32], tag[16], want[16];
	static u8 m[600];
	struct poly1305_desc_ctx d;
	unsigned int i, len, cut, bad = 0;

	unhex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b",
	      key);
	unhex("a8061dc1305136c6c22b8baf0c0127a9", want);
	poly1305_init(&d, key);
	poly1305_update(&d, (const u8 *)msg, strlen(msg));
	poly1305_final(&d, tag);
	is_mem(tag, want, 16, "RFC 8439 2.5.2 Poly1305");

	srand(8439);
	for (i = 0; i < 3000; i++) {
		len = rand() % sizeof(m);
		switch (i % 4) {
		case 0:		/* extreme values stress the carries */
			memset(key, 0xff, 32);
			memset(m, 0xff, len);
			break;
		case 1:
			memset(key, 0xff, 16);
			rnd(key + 16, 16);
			rnd(m, len);
			break;
		default:
			rnd(key, 32);
			rnd(m, len);
		}
		cut = len ? rand() % (len + 1) : 0;
		poly1305_init(&d, key);
		poly1305_update(&d, m, cut);
		poly1305_update(&d, m + cut, len - cut);
		poly1305_final(&d, tag);
		ossl_poly(key, m, len, want);
		if (memcmp(tag, want, 16))
			bad++;
	}
	is_int(bad, 0, "Poly1305 equals OpenSSL, 3000 random and extreme inputs");
}

static const char rfc_pt[] =
	"Ladies and Gentlemen of the class of '99: If I could offer you only "
	"one tip for the future, sunscreen would be it.";
static const char *rfc_ct_hex =
	"d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
	"3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
	"92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
	"3ff4def08e4b7a9de576d26586cec64b6116";
static const char *rfc_tag_hex = "1ae10b594f09e26a7e902ecbd0600691";

/* RFC 8439 2.8 built here from the shim's primitives, any nonce */
static void ref_seal(const u8 key[32], const u8 nonce[12], const u8 *ad,
		     unsigned int adlen, u8 *data, unsigned int len,
		     u8 tag[16])
{
	static const u8 zero[16];
	struct mptcpsec_aead_key ak;
	struct poly1305_desc_ctx d;
	u8 iv[16], block[64], lens[16];
	u32 st[16];

	mptcpsec_aead_setkey(&ak, key);
	memset(iv, 0, 4);
	memcpy(iv + 4, nonce, 12);
	chacha_init(st, ak.k, iv);
	chacha20_block(st, block);
	chacha_crypt(st, data, data, len, 20);
	poly1305_init(&d, block);
	poly1305_update(&d, ad, adlen);
	poly1305_update(&d, zero, (16 - adlen % 16) % 16);
	poly1305_update(&d, data, len);
	poly1305_update(&d, zero, (16 - len % 16) % 16);
	put_unaligned_le64(adlen, lens);
	put_unaligned_le64(len, lens + 8);
	poly1305_update(&d, lens, 16);
	poly1305_final(&d, tag);
}

static void test_rfc8439_aead(void)
{
	u8 key[32], nonce[12], ad[12], ct[114], want_ct[114];
	u8 tag[16], want_tag[16], out[130], tag8[8];
	struct mptcpsec_aead_key ak;
	struct mptcpsec_buf adb = { ad, sizeof(ad) };
	u64 pn = 0x4041424344454647ull;

	fill(key, 32, 0x80);
	unhex("070000004041424344454647", nonce);
	unhex("50515253c0c1c2c3c4c5c6c7", ad);
	unhex(rfc_ct_hex, want_ct);
	unhex(rfc_tag_hex, want_tag);

	ossl_seal(key, nonce, ad, sizeof(ad), (const u8 *)rfc_pt, 114, out,
		  tag);
	ok(!memcmp(out, want_ct, 114) && !memcmp(tag, want_tag, 16),
	   "RFC 8439 2.8.2 through OpenSSL (the reference used below)");

	memcpy(ct, rfc_pt, 114);
	ref_seal(key, nonce, ad, sizeof(ad), ct, 114, tag);
	ok(!memcmp(ct, want_ct, 114) && !memcmp(tag, want_tag, 16),
	   "RFC 8439 2.8.2 through the shim's ChaCha20 and Poly1305");

	/* the same key, AD and plaintext with nonce 00000000 || PN */
	mptcpsec_aead_setkey(&ak, key);
	memcpy(ct, rfc_pt, 114);
	mptcpsec_aead_seal(&ak, pn, &adb, 1, ct, 114, tag8);
	pn_nonce(pn, nonce);
	ossl_seal(key, nonce, ad, sizeof(ad), (const u8 *)rfc_pt, 114, out,
		  tag);
	ok(!memcmp(ct, out, 114) && !memcmp(tag8, tag, 8),
	   "RFC 8439 2.8.2 inputs, PN 4041424344454647: seal equals OpenSSL");
	ok(mptcpsec_aead_open(&ak, pn, &adb, 1, ct, 114, tag8) &&
	   !memcmp(ct, rfc_pt, 114), "and opens");
}

static void test_random(void)
{
	static u8 pt[2000], ct[2000 + 16], data[2000], out[2001];
	static const unsigned int lens[] = { 0, 1, 15, 16, 17, 63, 64, 65,
					     127, 128, 129, 1000, 1460, 2000 };
	u8 key[32], ad[100], nonce[12], tag[16], tag8[8];
	struct mptcpsec_buf adb[4];
	struct mptcpsec_aead_key ak;
	unsigned int i, j, len, adlen, nad, off, bad_seal = 0, bad_open = 0;
	unsigned int bad_to = 0;
	u64 pn;

	srand(6);
	for (i = 0; i < 1500; i++) {
		rnd(key, 32);
		rnd((u8 *)&pn, sizeof(pn));
		if (i % 7 == 0)
			pn = i % 14 ? ~0ull : 0;
		len = i < sizeof(lens) / sizeof(lens[0]) ? lens[i] :
		      (unsigned int)rand() % 2001;
		adlen = rand() % (sizeof(ad) + 1);
		rnd(pt, len);
		rnd(ad, adlen);
		/* split the AD in 0..4 pieces at random points */
		nad = adlen ? 1 + rand() % 4 : rand() % 2;
		for (j = 0, off = 0; j < nad; j++) {
			unsigned int n = j == nad - 1 ? adlen - off :
					 (unsigned int)rand() % (adlen - off + 1);

			adb[j].p = ad + off;
			adb[j].len = n;
			off += n;
		}

		mptcpsec_aead_setkey(&ak, key);
		memcpy(data, pt, len);
		mptcpsec_aead_seal(&ak, pn, adb, nad, data, len, tag8);
		pn_nonce(pn, nonce);
		ossl_seal(key, nonce, ad, adlen, pt, len, ct, tag);
		if (memcmp(data, ct, len) || memcmp(tag8, tag, 8))
			bad_seal++;
		if (!mptcpsec_aead_open(&ak, pn, adb, nad, data, len, tag8) ||
		    memcmp(data, pt, len))
			bad_open++;
		/* the same seal from a separate plaintext, left unchanged */
		memcpy(data, pt, len);
		memset(out, 0xa5, sizeof(out));
		mptcpsec_aead_seal_to(&ak, pn, adb, nad, out, data, len, tag8);
		if (memcmp(out, ct, len) || memcmp(tag8, tag, 8) ||
		    memcmp(data, pt, len) || out[len] != 0xa5)
			bad_to++;
	}
	is_int(bad_seal, 0,
	       "seal equals OpenSSL (first 8 tag bytes), 1500 random cases");
	is_int(bad_open, 0, "open recovers the plaintext in all of them");
	is_int(bad_to, 0,
	       "seal_to from a separate plaintext: same ciphertext and tag, plaintext and the byte after untouched");
}

static void test_forgery(void)
{
	u8 key[32], ad1[20], ad2[8], pt[100], ct[100], data[100], tag[8];
	u8 t2[8];
	struct mptcpsec_buf adb[2] = { { ad1, 20 }, { ad2, 8 } };
	struct mptcpsec_buf one;
	struct mptcpsec_aead_key ak, other;
	unsigned int bit, accepted = 0, touched = 0, total = 0;
	u8 flat[28];
	u64 pn = 77;

	srand(1);
	rnd(key, 32);
	rnd(ad1, 20);
	rnd(ad2, 8);
	rnd(pt, 100);
	mptcpsec_aead_setkey(&ak, key);
	memcpy(ct, pt, 100);
	mptcpsec_aead_seal(&ak, pn, adb, 2, ct, 100, tag);

	for (bit = 0; bit < 64; bit++, total++) {
		memcpy(data, ct, 100);
		tag[bit / 8] ^= 1 << (bit % 8);
		accepted += mptcpsec_aead_open(&ak, pn, adb, 2, data, 100, tag);
		tag[bit / 8] ^= 1 << (bit % 8);
		touched += !!memcmp(data, ct, 100);
	}
	for (bit = 0; bit < 28 * 8; bit++, total++) {
		u8 *p = bit < 160 ? ad1 + bit / 8 : ad2 + (bit - 160) / 8;

		memcpy(data, ct, 100);
		*p ^= 1 << (bit % 8);
		accepted += mptcpsec_aead_open(&ak, pn, adb, 2, data, 100, tag);
		*p ^= 1 << (bit % 8);
		touched += !!memcmp(data, ct, 100);
	}
	for (bit = 0; bit < 100 * 8; bit++, total++) {
		memcpy(data, ct, 100);
		data[bit / 8] ^= 1 << (bit % 8);
		accepted += mptcpsec_aead_open(&ak, pn, adb, 2, data, 100, tag);
		data[bit / 8] ^= 1 << (bit % 8);
		touched += !!memcmp(data, ct, 100);
	}
	is_int(total, 64 + 224 + 800, "every bit of tag, AD and ciphertext");
	is_int(accepted, 0, "no single-bit flip is accepted");
	is_int(touched, 0, "a rejected segment is left untouched");

	memcpy(data, ct, 100);
	ok(!mptcpsec_aead_open(&ak, pn + 1, adb, 2, data, 100, tag) &&
	   !memcmp(data, ct, 100), "another PN is rejected");
	ok(!mptcpsec_aead_open(&ak, pn ^ (1ull << 63), adb, 2, data, 100, tag),
	   "a PN differing in its top bit is rejected");
	key[31] ^= 0x80;
	mptcpsec_aead_setkey(&other, key);
	key[31] ^= 0x80;
	ok(!mptcpsec_aead_open(&other, pn, adb, 2, data, 100, tag),
	   "another key is rejected");
	ok(!mptcpsec_aead_open(&ak, pn, adb, 1, data, 100, tag),
	   "a missing AD piece is rejected");
	ok(!mptcpsec_aead_open(&ak, pn, adb, 2, data, 99, tag),
	   "a truncated ciphertext is rejected");
	ok(!mptcpsec_aead_open(&ak, pn, adb, 2, data + 1, 99, tag),
	   "a ciphertext without its first byte is rejected");

	/* the AD is the concatenation: any split of it is the same AD */
	memcpy(flat, ad1, 20);
	memcpy(flat + 20, ad2, 8);
	one.p = flat;
	one.len = 28;
	ok(mptcpsec_aead_open(&ak, pn, &one, 1, data, 100, tag) &&
	   !memcmp(data, pt, 100), "the same AD in one piece opens");

	/* an empty payload is authenticated too */
	mptcpsec_aead_seal(&ak, 0, adb, 2, NULL, 0, t2);
	ok(mptcpsec_aead_open(&ak, 0, adb, 2, NULL, 0, t2),
	   "an empty payload seals and opens");
	ad2[7] ^= 1;
	ok(!mptcpsec_aead_open(&ak, 0, adb, 2, NULL, 0, t2),
	   "an empty payload with changed AD is rejected");
	ad2[7] ^= 1;
}

/* docs/PROTOCOL.md section 11, AEAD vector (K_ab of the no-PSK vector) */
static void test_protocol_vector(void)
{
	static const char text[] =
		"mptcpsec test vector: 48 bytes of payload data!!";
	u8 key[32], ad1[20], ad2[8], data[48], want[48], tag[8], want_tag[8];
	struct mptcpsec_buf adb[2] = { { ad1, 20 }, { ad2, 8 } };
	struct mptcpsec_aead_key ak;

	unhex("32e262d26c31308c8d1c39bd8b6f42b4"
	      "a6d70408b4a298044b54d60acbcac3ec", key);
	unhex("b31b785f2e2380538abf66a8331b271c51ee2d062a0c3921372582227f7f9c58"
	      "aea3be0bad1210e5014b71b7e396c6be", want);
	unhex("3ffc8cabd45b207d", want_tag);
	memset(ad1, 0x11, sizeof(ad1));
	memset(ad2, 0x22, sizeof(ad2));
	is_int(sizeof(text) - 1, 48, "the vector's plaintext is 48 bytes");
	memcpy(data, text, 48);
	mptcpsec_aead_setkey(&ak, key);
	mptcpsec_aead_seal(&ak, 5, adb, 2, data, 48, tag);
	is_mem(data, want, 48, "PROTOCOL.md AEAD vector: ciphertext");
	is_mem(tag, want_tag, 8, "PROTOCOL.md AEAD vector: tag");
	ok(mptcpsec_aead_open(&ak, 5, adb, 2, data, 48, tag) &&
	   !memcmp(data, text, 48), "PROTOCOL.md AEAD vector: opens");
}

int main(void)
{
	test_chacha();
	test_poly1305();
	test_rfc8439_aead();
	test_random();
	test_forgery();
	test_protocol_vector();
	return tap_done();
}
