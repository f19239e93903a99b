// SPDX-License-Identifier: GPL-2.0
/*
 * HMAC-SHA256 and HKDF-SHA256 (module/hkdf.c) against RFC 4231 and
 * RFC 5869, the userspace SHA-256 against OpenSSL, and random inputs
 * against OpenSSL's HMAC.
 */
#include <stdlib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "tap.h"
#include "hkdf.h"

static void fill(u8 *p, unsigned int len, u8 first)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(first + i);
}

static void test_sha256(void)
{
	static u8 buf[1000];
	u8 a[32], b[32];
	unsigned int len, bad = 0, cut;
	struct sha256_state s;

	for (len = 0; len < sizeof(buf); len++)
		buf[len] = (u8)(len * 7 + 3);
	for (len = 0; len <= 300; len++) {
		sha256(buf, len, a);
		EVP_Digest(buf, len, b, NULL, EVP_sha256(), NULL);
		if (memcmp(a, b, 32))
			bad++;
		/* streaming, split at an arbitrary point, in two updates */
		cut = len ? (len * 13) % len : 0;
		sha256_init(&s);
		sha256_update(&s, buf, cut);
		sha256_update(&s, buf + cut, len - cut);
		sha256_final(&s, a);
		if (memcmp(a, b, 32))
			bad++;
	}
	/* byte by byte */
	sha256_init(&s);
	for (len = 0; len < sizeof(buf); len++)
		sha256_update(&s, buf + len, 1);
	sha256_final(&s, a);
	EVP_Digest(buf, sizeof(buf), b, NULL, EVP_sha256(), NULL);
	if (memcmp(a, b, 32))
		bad++;
	is_int(bad, 0, "SHA-256 shim equals OpenSSL, lengths 0..300 and 1000");
}

struct hmac_case {
	const char *name;
	const char *key_hex;	/* or NULL: key is key_len bytes key_byte */
	unsigned int key_len;
	u8 key_byte;
	const char *data;	/* text, or NULL: data_len bytes data_byte */
	unsigned int data_len;
	u8 data_byte;
	const char *mac;
};

static const struct hmac_case rfc4231[] = {
	{ "RFC 4231 case 1", NULL, 20, 0x0b, "Hi There", 0, 0,
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ "RFC 4231 case 2", "4a656665", 0, 0,
	  "what do ya want for nothing?", 0, 0,
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ "RFC 4231 case 3", NULL, 20, 0xaa, NULL, 50, 0xdd,
	  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
	{ "RFC 4231 case 4",
	  "0102030405060708090a0b0c0d0e0f10111213141516171819", 0, 0,
	  NULL, 50, 0xcd,
	  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
	{ "RFC 4231 case 6", NULL, 131, 0xaa,
	  "Test Using Larger Than Block-Size Key - Hash Key First", 0, 0,
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
	{ "RFC 4231 case 7", NULL, 131, 0xaa,
	  "This is a test using a larger than block-size key and a larger "
	  "than block-size data. The key needs to be hashed before being "
	  "used by the HMAC algorithm.", 0, 0,
	  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
};

static void test_rfc4231(void)
{
	u8 key[200], data[200], want[32], got[32];
	unsigned int i, klen, dlen;
	struct mptcpsec_hmac h;
	char desc[80];

	for (i = 0; i < sizeof(rfc4231) / sizeof(rfc4231[0]); i++) {
		const struct hmac_case *c = &rfc4231[i];

		if (c->key_hex) {
			klen = unhex(c->key_hex, key);
		} else {
			klen = c->key_len;
			memset(key, c->key_byte, klen);
		}
		if (c->data) {
			dlen = strlen(c->data);
			memcpy(data, c->data, dlen);
		} else {
			dlen = c->data_len;
			memset(data, c->data_byte, dlen);
		}
		unhex(c->mac, want);
		mptcpsec_hmac_sha256(key, klen, data, dlen, got);
		snprintf(desc, sizeof(desc), "%s", c->name);
		is_mem(got, want, 32, desc);

		/* the same through init/update/final, one byte at a time */
		mptcpsec_hmac_init(&h, key, klen);
		for (dlen = 0; dlen < (c->data ? strlen(c->data) :
				       c->data_len); dlen++)
			mptcpsec_hmac_update(&h, data + dlen, 1);
		mptcpsec_hmac_final(&h, got);
		snprintf(desc, sizeof(desc), "%s, streamed", c->name);
		is_mem(got, want, 32, desc);
	}
}

static void test_hmac_random(void)
{
	u8 key[200], data[300], got[32], want[32];
	unsigned int i, bad = 0, klen, dlen, wlen;

	srand(4231);
	for (i = 0; i < 2000; i++) {
		klen = rand() % sizeof(key);
		dlen = rand() % sizeof(data);
		for (wlen = 0; wlen < klen; wlen++)
			key[wlen] = (u8)rand();
		for (wlen = 0; wlen < dlen; wlen++)
			data[wlen] = (u8)rand();
		mptcpsec_hmac_sha256(key, klen, data, dlen, got);
		HMAC(EVP_sha256(), key, klen, data, dlen, want, &wlen);
		if (memcmp(got, want, 32))
			bad++;
	}
	is_int(bad, 0, "HMAC-SHA256 equals OpenSSL, 2000 random key/data");
	mptcpsec_hmac_sha256(NULL, 0, NULL, 0, got);
	HMAC(EVP_sha256(), "", 0, (const u8 *)"", 0, want, &wlen);
	is_mem(got, want, 32, "HMAC with empty key and empty message");
}

struct hkdf_case {
	const char *name;
	unsigned int ikm_len, salt_len, info_len;
	u8 ikm_first, salt_first, info_first;
	bool ikm_const;		/* ikm is ikm_len bytes ikm_first */
	unsigned int l;
	const char *prk, *okm;
};

static const struct hkdf_case rfc5869[] = {
	{ "RFC 5869 case 1", 22, 13, 10, 0x0b, 0x00, 0xf0, true, 42,
	  "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
	  "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
	  "34007208d5b887185865" },
	{ "RFC 5869 case 2", 80, 80, 80, 0x00, 0x60, 0xb0, false, 82,
	  "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
	  "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
	  "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
	  "cc30c58179ec3e87c14c01d5c1f3434f1d87" },
	{ "RFC 5869 case 3", 22, 0, 0, 0x0b, 0, 0, true, 42,
	  "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
	  "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
	  "9d201395faa4b61a96c8" },
};

static void test_rfc5869(void)
{
	u8 ikm[80], salt[80], info[80], prk[32], okm[100], want[100];
	char label[81];
	unsigned int i, n;
	char desc[80];

	for (i = 0; i < sizeof(rfc5869) / sizeof(rfc5869[0]); i++) {
		const struct hkdf_case *c = &rfc5869[i];

		if (c->ikm_const)
			memset(ikm, c->ikm_first, c->ikm_len);
		else
			fill(ikm, c->ikm_len, c->ikm_first);
		fill(salt, c->salt_len, c->salt_first);
		fill(info, c->info_len, c->info_first);

		mptcpsec_hkdf_extract(c->salt_len ? salt : NULL, c->salt_len,
				      ikm, c->ikm_len, prk);
		unhex(c->prk, want);
		snprintf(desc, sizeof(desc), "%s: PRK", c->name);
		is_mem(prk, want, 32, desc);

		n = unhex(c->okm, want);
		memset(okm, 0, sizeof(okm));
		is_int(mptcpsec_hkdf_expand(prk, c->info_len ? info : NULL,
					    c->info_len, okm, c->l), 0,
		       "expand succeeds");
		snprintf(desc, sizeof(desc), "%s: OKM", c->name);
		ok(n == c->l && !memcmp(okm, want, n), desc);

		/* label = info without its last 3 bytes, ctx = those 3 */
		if (c->info_len >= 3) {
			unsigned int ll = c->info_len - 3;

			memcpy(label, info, ll);
			label[ll] = 0;
			if (memchr(info, 0, ll))
				continue;
			memset(okm, 0, sizeof(okm));
			mptcpsec_hkdf_expand_label(prk, label, info + ll, 3,
						   okm, c->l);
			snprintf(desc, sizeof(desc),
				 "%s: OKM via expand_label", c->name);
			is_mem(okm, want, n, desc);
		}
	}
}

static void test_expand_misc(void)
{
	static u8 big[MPTCPSEC_HKDF_MAX_OUT + 1];
	static u8 big2[MPTCPSEC_HKDF_MAX_OUT];
	u8 prk[32], k[32], out[32], ctx[5] = { 1, 2, 3, 4, 5 };
	u8 info[40];

	fill(prk, 32, 0x40);
	memset(big, 0x77, sizeof(big));
	is_int(mptcpsec_hkdf_expand(prk, NULL, 0, big, sizeof(big)), -EINVAL,
	       "expand refuses more than 255 * 32 bytes");
	ok(big[0] == 0x77 && big[sizeof(big) - 1] == 0x77,
	   "and leaves the output untouched");
	is_int(mptcpsec_hkdf_expand(prk, NULL, 0, big, MPTCPSEC_HKDF_MAX_OUT),
	       0, "expand gives 255 * 32 bytes");
	mptcpsec_hkdf_expand(prk, NULL, 0, big2, 100);
	is_mem(big, big2, 100, "a shorter output is a prefix of a longer one");

	/* expand_label(prk, "label", ctx) == expand(prk, "label" || ctx) */
	memcpy(info, "mptcpsec1 test", 14);
	memcpy(info + 14, ctx, sizeof(ctx));
	mptcpsec_hkdf_expand(prk, info, 14 + sizeof(ctx), k, 32);
	mptcpsec_hkdf_expand_label(prk, "mptcpsec1 test", ctx, sizeof(ctx),
				   out, 32);
	is_mem(out, k, 32, "expand_label is expand of label || context");

	/* output over the key */
	memcpy(out, prk, 32);
	mptcpsec_hkdf_expand_label(out, "mptcpsec1 test", ctx, sizeof(ctx),
				   out, 32);
	is_mem(out, k, 32, "expand with output aliasing the key");
}

int main(void)
{
	test_sha256();
	test_rfc4231();
	test_hmac_random();
	test_rfc5869();
	test_expand_misc();
	return tap_done();
}
