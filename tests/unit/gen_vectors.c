// SPDX-License-Identifier: GPL-2.0
/*
 * Prints the test vectors of docs/PROTOCOL.md section 11 from fixed inputs,
 * using the module's own key schedule and AEAD.
 *
 *   make -C tests/unit gen_vectors && tests/unit/gen_vectors
 */
#include <stdio.h>
#include <stdlib.h>

#include "keysched.h"
#include "hkdf.h"
#include "aead.h"
#include "vectors.h"

static void hex(const char *name, const u8 *p, unsigned int len)
{
	unsigned int i;

	printf("%-13s", name);
	for (i = 0; i < len; i++) {
		if (i && i % 32 == 0)
			printf("\n%-13s", "");
		printf("%02x", p[i]);
	}
	printf("\n");
}

static void vector(const char *title, const u8 *psk, unsigned int psk_len,
		   u8 k_ab_out[32])
{
	static const u8 eno[3] = { 0x45, 0x03, 0x5a };
	u8 priv_a[32], priv_b[32], pub_a[32], pub_b[32], es[32], es_b[32];
	u8 share_syn[SHARE_LEN], share_synack[SHARE_LEN];
	u8 th[32], secret[32], master[32], k_ab[32], k_ba[32];
	static const u8 zero[32];
	struct mptcpsec_transcript t = {
		.eno_syn = eno, .eno_syn_len = sizeof(eno),
		.share_syn = share_syn, .share_syn_len = SHARE_LEN,
		.mpc_syn = { 0x01, 0x01 },
		.eno_synack = eno, .eno_synack_len = sizeof(eno),
		.share_synack = share_synack, .share_synack_len = SHARE_LEN,
		.mpc_synack = { 0x01, 0x01 },
	};
	struct mptcpsec_conn_crypto cc;
	u8 flags = psk ? 0x01 : 0x00;
	int i;

	for (i = 0; i < 32; i++) {
		priv_a[i] = (u8)i;
		priv_b[i] = (u8)(0x20 + i);
	}
	if (!curve25519_generate_public(pub_a, priv_a) ||
	    !curve25519_generate_public(pub_b, priv_b))
		exit(1);
	build_share(share_syn, 1, flags, 0xa0, pub_a);
	build_share(share_synack, 2, flags, 0xb0, pub_b);
	if (!mptcpsec_x25519_shared(es, priv_a, pub_b) ||
	    !mptcpsec_x25519_shared(es_b, priv_b, pub_a) ||
	    memcmp(es, es_b, 32)) {
		fprintf(stderr, "X25519 disagrees\n");
		exit(1);
	}
	mptcpsec_transcript_hash(&t, th);
	mptcpsec_keysched(es, psk, psk_len, th, &cc);
	mptcpsec_traffic_key_initial(cc.conn_key, true, k_ab);
	mptcpsec_traffic_key_initial(cc.conn_key, false, k_ba);
	/* the intermediate values, recomputed here since keysched wipes them */
	if (psk)
		mptcpsec_hkdf_extract(psk, psk_len, es, 32, secret);
	else
		mptcpsec_hkdf_extract(zero, 32, es, 32, secret);
	mptcpsec_hkdf_expand_label(secret, "mptcpsec1 master", th, 32,
				   master, 32);

	printf("== %s ==\n", title);
	hex("A priv", priv_a, 32);
	hex("B priv", priv_b, 32);
	if (psk)
		hex("PSK", psk, psk_len);
	hex("share_syn", share_syn, SHARE_LEN);
	hex("share_synack", share_synack, SHARE_LEN);
	hex("A pub", pub_a, 32);
	hex("B pub", pub_b, 32);
	hex("ES", es, 32);
	hex("TH", th, 32);
	hex("secret", secret, 32);
	hex("master", master, 32);
	hex("session_id", cc.session_id, 16);
	hex("pad_a", cc.pad_a, 8);
	hex("pad_b", cc.pad_b, 8);
	hex("join_key", cc.join_key, 32);
	hex("conn_key", cc.conn_key, 32);
	hex("K_ab", k_ab, 32);
	hex("K_ba", k_ba, 32);
	if (k_ab_out) {
		static const u8 r_i[4] = { 1, 2, 3, 4 }, r_r[4] = { 5, 6, 7, 8 };
		u8 k[32];

		memcpy(k_ab_out, k_ab, 32);
		/* join and key update, from this vector's conn_key and K_ab */
		hex("R_i", r_i, 4);
		hex("R_r", r_r, 4);
		mptcpsec_traffic_key_join(cc.conn_key, true, r_i, r_r, k);
		hex("K_ir", k, 32);
		mptcpsec_traffic_key_join(cc.conn_key, false, r_i, r_r, k);
		hex("K_ri", k, 32);
		mptcpsec_key_update(k_ab, k);
		hex("K_ab'", k, 32);
	}
}

int main(void)
{
	static const char text[] =
		"mptcpsec test vector: 48 bytes of payload data!!";
	u8 psk[32], k_ab[32], ad1[20], ad2[8], data[48], tag[8];
	struct mptcpsec_buf ad[2] = { { ad1, 20 }, { ad2, 8 } };
	struct mptcpsec_aead_key ak;
	int i;

	if (sizeof(text) - 1 != sizeof(data))
		return 1;
	for (i = 0; i < 32; i++)
		psk[i] = (u8)(0x50 + i);
	vector("key exchange, no PSK", NULL, 0, k_ab);
	printf("\n");
	vector("key exchange, PSK", psk, sizeof(psk), NULL);

	memset(ad1, 0x11, sizeof(ad1));
	memset(ad2, 0x22, sizeof(ad2));
	memcpy(data, text, sizeof(data));
	mptcpsec_aead_setkey(&ak, k_ab);
	mptcpsec_aead_seal(&ak, 5, ad, 2, data, sizeof(data), tag);
	printf("\n== AEAD ==\n");
	hex("key (K_ab)", k_ab, 32);
	printf("%-13s%d\n", "PN", 5);
	hex("AD", ad1, 20);
	hex("", ad2, 8);
	hex("plaintext", (const u8 *)text, 48);
	hex("ciphertext", data, 48);
	hex("tag", tag, 8);
	return 0;
}
