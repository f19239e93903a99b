// SPDX-License-Identifier: GPL-2.0
/*
 * The key schedule (module/keysched.c): RFC 7748 X25519 vectors,
 * small-order points, the vectors of docs/PROTOCOL.md section 11 byte by
 * byte, and the binding of every output to the PSK and to every byte of
 * the transcript.
 */
#include <stdlib.h>

#include "tap.h"
#include "keysched.h"
#include "hkdf.h"
#include "vectors.h"

static int is_hex(const u8 *got, const char *want_hex, const char *desc)
{
	u8 want[64];
	unsigned int n = unhex(want_hex, want);

	return is_mem(got, want, n, desc);
}

static void test_rfc7748(void)
{
	u8 a_priv[32], b_priv[32], a_pub[32], b_pub[32], k1[32], k2[32];
	u8 scalar[32], u[32];

	unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	      a_priv);
	unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	      b_priv);
	ok(curve25519_generate_public(a_pub, a_priv), "Alice's public key");
	is_hex(a_pub,
	       "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
	       "RFC 7748 6.1 Alice's public key");
	ok(curve25519_generate_public(b_pub, b_priv), "Bob's public key");
	is_hex(b_pub,
	       "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
	       "RFC 7748 6.1 Bob's public key");
	ok(mptcpsec_x25519_shared(k1, a_priv, b_pub) &&
	   mptcpsec_x25519_shared(k2, b_priv, a_pub), "both sides derive");
	is_hex(k1,
	       "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
	       "RFC 7748 6.1 shared secret (Alice)");
	is_mem(k2, k1, 32, "RFC 7748 6.1 shared secret (Bob)");

	unhex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
	      scalar);
	unhex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
	      u);
	ok(mptcpsec_x25519_shared(k1, scalar, u), "RFC 7748 5.2 derives");
	is_hex(k1,
	       "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
	       "RFC 7748 5.2 first vector");
}

static void test_small_order(void)
{
	static const char * const points[] = {
		/* 0, 1, the two points of order 8, p - 1, p, p + 1 */
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0100000000000000000000000000000000000000000000000000000000000000",
		"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
		"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		/* 0 and 1 with the ignored top bit set */
		"0000000000000000000000000000000000000000000000000000000000000080",
		"0100000000000000000000000000000000000000000000000000000000000080",
	};
	static const u8 zero[32];
	unsigned int i, accepted = 0, nonzero = 0, k;
	u8 priv[32], pt[32], es[32];

	srand(7748);
	for (k = 0; k < 4; k++) {
		for (i = 0; i < 32; i++)
			priv[i] = (u8)rand();
		for (i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
			unhex(points[i], pt);
			memset(es, 0x55, sizeof(es));
			accepted += mptcpsec_x25519_shared(es, priv, pt);
			nonzero += !!memcmp(es, zero, 32);
		}
	}
	is_int(accepted, 0, "small-order public keys are rejected");
	is_int(nonzero, 0, "and leave an all-zero ES");
}

/* ---- docs/PROTOCOL.md section 11 -------------------------------------- */

struct vec {
	const char *pub_a, *pub_b, *es, *th, *secret, *master, *session_id,
		   *pad_a, *pad_b, *join_key, *conn_key, *k_ab, *k_ba;
};

static const struct vec vec_nopsk = {
	.pub_a = "8f40c5adb68f25624ae5b214ea767a6ec94d829d3d7b5e1ad1ba6f3e2138285f",
	.pub_b = "358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254",
	.es = "9663aa1da97e848a914a436d04163dfbb89178f107f1b5b77ed3854203382854",
	.th = "b4d546fa7fe99a24647c7f2d5bc497e4d3f44dd2f75a4a7fe83a3f531bc81262",
	.secret = "7e7b144533a125d6203e1c4146ffd8c8325d7f5e78343b6ed1ad30191b03a536",
	.master = "4e395edc87fd2caa07ed0713a795888ba1fc8f6d2c23a7d5141ef278a0f78131",
	.session_id = "a4bcc64d7e031c4606eeeff55b3ec3e3",
	.pad_a = "3096419c7fbe3be6",
	.pad_b = "71c8bc44fe7bc224",
	.join_key = "ac05bfee9c1c0daf505cae7837d37b20a797ae1cc38832285e1a9b3297c1e3c7",
	.conn_key = "2a8514a2e0177b5accf1d46507d967ad889f241d293ff9d6b72ddba50a505b17",
	.k_ab = "32e262d26c31308c8d1c39bd8b6f42b4a6d70408b4a298044b54d60acbcac3ec",
	.k_ba = "409bd29a2509a474c087beb221d6cb9c82c6023d7586ce6d7aabd31402eb5a1c",
};

static const struct vec vec_psk = {
	.pub_a = "8f40c5adb68f25624ae5b214ea767a6ec94d829d3d7b5e1ad1ba6f3e2138285f",
	.pub_b = "358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254",
	.es = "9663aa1da97e848a914a436d04163dfbb89178f107f1b5b77ed3854203382854",
	.th = "a792848c6a44983b36a075e3bd18f0106b1130ddb8f70e5ea1deda09d0a7a15a",
	.secret = "e8e08094349e2a86ae19e60e36e56d09b2f930506ddc2ec54a5e9a81f507a9c3",
	.master = "fec34aedcda26b1fb57d8e107dabc5de4a2a0dd902d0ffbb358f588b09f70c9b",
	.session_id = "c303affd9666a71f6c66d18ba41d5994",
	.pad_a = "339f89429fcc34ed",
	.pad_b = "452a87e6bb64e2c0",
	.join_key = "3519ed201cb84ef457fda33489e10c655c0b79df4fa3ce4931ff4554129e12ef",
	.conn_key = "8ec1a935577fa25c3f053a02975ea69b4650b6b162491431b25205efcc798f6d",
	.k_ab = "acb7a1e566fd4343aeeef632605bb6e759d9d015ece0ad30dc40daa5beb76f79",
	.k_ba = "814cdb3006328902206754f96ddac8f9ff12900a3d50c4cf1cb0e72576d3bf9c",
};

static const char *k_ir_hex =
	"b3e1958e9f00f15c6fe7d48e98fcd7d9416e1f250eb672ca4e5276bfd49e8619";
static const char *k_ri_hex =
	"066eed93a11310be2f7b803674fe5cace2dc75196e9ff78a9f052846aca2435d";
static const char *k_ab_next_hex =
	"63813f3b44f3f1426889fdfe60961289185a58d7790c55a09fb0f558c599f635";

static const u8 eno[3] = { 0x45, 0x03, 0x5a };

struct handshake {
	u8 priv_a[32], priv_b[32], pub_a[32], pub_b[32];
	u8 eno_syn[3], eno_synack[3];
	u8 share_syn[SHARE_LEN], share_synack[SHARE_LEN];
	struct mptcpsec_transcript t;
};

/* The inputs of section 11: flags 0x01 when a PSK is used. */
static void handshake_init(struct handshake *h, u8 flags)
{
	unsigned int i;

	for (i = 0; i < 32; i++) {
		h->priv_a[i] = (u8)i;
		h->priv_b[i] = (u8)(0x20 + i);
	}
	if (!curve25519_generate_public(h->pub_a, h->priv_a) ||
	    !curve25519_generate_public(h->pub_b, h->priv_b))
		exit(2);
	memcpy(h->eno_syn, eno, 3);
	memcpy(h->eno_synack, eno, 3);
	build_share(h->share_syn, 1, flags, 0xa0, h->pub_a);
	build_share(h->share_synack, 2, flags, 0xb0, h->pub_b);
	h->t = (struct mptcpsec_transcript){
		.eno_syn = h->eno_syn, .eno_syn_len = 3,
		.share_syn = h->share_syn, .share_syn_len = SHARE_LEN,
		.mpc_syn = { 0x01, 0x01 },
		.eno_synack = h->eno_synack, .eno_synack_len = 3,
		.share_synack = h->share_synack, .share_synack_len = SHARE_LEN,
		.mpc_synack = { 0x01, 0x01 },
	};
}

static void check_vector(const char *name, const struct vec *v,
			 const u8 *psk, unsigned int psk_len)
{
	static const u8 zero[32];
	struct handshake h;
	struct mptcpsec_conn_crypto cc;
	u8 es[32], es_b[32], th[32], secret[32], master[32], k[32];
	char d[100];

#define CHECK(got, field) do {						\
	snprintf(d, sizeof(d), "%s: %s", name, #field);			\
	is_hex(got, v->field, d);					\
} while (0)

	handshake_init(&h, psk ? 0x01 : 0x00);
	CHECK(h.pub_a, pub_a);
	CHECK(h.pub_b, pub_b);
	ok(mptcpsec_x25519_shared(es, h.priv_a, h.pub_b) &&
	   mptcpsec_x25519_shared(es_b, h.priv_b, h.pub_a) &&
	   !memcmp(es, es_b, 32), "A and B derive the same ES");
	CHECK(es, es);
	mptcpsec_transcript_hash(&h.t, th);
	CHECK(th, th);
	mptcpsec_hkdf_extract(psk ? psk : zero, psk ? psk_len : 32, es, 32,
			      secret);
	CHECK(secret, secret);
	mptcpsec_hkdf_expand_label(secret, "mptcpsec1 master", th, 32, master,
				   32);
	CHECK(master, master);
	memset(&cc, 0xee, sizeof(cc));
	mptcpsec_keysched(es, psk, psk_len, th, &cc);
	CHECK(cc.session_id, session_id);
	CHECK(cc.pad_a, pad_a);
	CHECK(cc.pad_b, pad_b);
	CHECK(cc.join_key, join_key);
	CHECK(cc.conn_key, conn_key);
	mptcpsec_traffic_key_initial(cc.conn_key, true, k);
	CHECK(k, k_ab);
	mptcpsec_traffic_key_initial(cc.conn_key, false, k);
	CHECK(k, k_ba);
#undef CHECK

	if (!psk) {
		static const u8 r_i[4] = { 1, 2, 3, 4 };
		static const u8 r_r[4] = { 5, 6, 7, 8 };
		u8 kab[32], kir[32];

		mptcpsec_traffic_key_join(cc.conn_key, true, r_i, r_r, kir);
		is_hex(kir, k_ir_hex, "join vector: K_ir");
		mptcpsec_traffic_key_join(cc.conn_key, false, r_i, r_r, k);
		is_hex(k, k_ri_hex, "join vector: K_ri");
		mptcpsec_traffic_key_join(cc.conn_key, true, r_r, r_i, kab);
		ok(memcmp(kab, kir, 32) && memcmp(kab, k, 32),
		   "swapping R_i and R_r changes the join key");
		mptcpsec_traffic_key_initial(cc.conn_key, true, kab);
		mptcpsec_key_update(kab, k);
		is_hex(k, k_ab_next_hex, "key update vector: K_ab'");
		mptcpsec_key_update(kab, kab);
		is_mem(kab, k, 32, "key update in place");
	}

	/* a NULL PSK and a zero-length PSK both mean "no PSK" */
	if (!psk) {
		struct mptcpsec_conn_crypto c2;
		u8 dummy = 0x42;

		mptcpsec_keysched(es, &dummy, 0, th, &c2);
		is_mem(&c2, &cc, sizeof(cc), "a PSK of length 0 is no PSK");
		mptcpsec_keysched(es, zero, 32, th, &c2);
		is_mem(&c2, &cc, sizeof(cc),
		       "no PSK is the same as a salt of 32 zero bytes");
	}
}

/* Number of fields (of 7: the conn_crypto fields and K_ab, K_ba) equal. */
static int same_fields(const struct mptcpsec_conn_crypto *a,
		       const struct mptcpsec_conn_crypto *b)
{
	u8 ka[32], kb[32];
	int n = 0;

	n += !memcmp(a->session_id, b->session_id, sizeof(a->session_id));
	n += !memcmp(a->pad_a, b->pad_a, sizeof(a->pad_a));
	n += !memcmp(a->pad_b, b->pad_b, sizeof(a->pad_b));
	n += !memcmp(a->join_key, b->join_key, sizeof(a->join_key));
	n += !memcmp(a->conn_key, b->conn_key, sizeof(a->conn_key));
	mptcpsec_traffic_key_initial(a->conn_key, true, ka);
	mptcpsec_traffic_key_initial(b->conn_key, true, kb);
	n += !memcmp(ka, kb, 32);
	mptcpsec_traffic_key_initial(a->conn_key, false, ka);
	mptcpsec_traffic_key_initial(b->conn_key, false, kb);
	n += !memcmp(ka, kb, 32);
	return n;
}

static void test_psk_binding(void)
{
	struct mptcpsec_conn_crypto base, c;
	struct handshake h;
	u8 es[32], th[32], psk[64];
	unsigned int i, hits = 0;

	handshake_init(&h, 0);
	if (!mptcpsec_x25519_shared(es, h.priv_a, h.pub_b))
		exit(2);
	mptcpsec_transcript_hash(&h.t, th);
	for (i = 0; i < sizeof(psk); i++)
		psk[i] = (u8)(0x50 + i);

	mptcpsec_keysched(es, psk, 32, th, &base);
	mptcpsec_keysched(es, NULL, 0, th, &c);
	is_int(same_fields(&base, &c), 0,
	       "with the same TH, a PSK changes every output");
	mptcpsec_keysched(es, psk, 16, th, &c);
	is_int(same_fields(&base, &c), 0, "a shorter PSK changes every output");
	for (i = 0; i < 32 * 8; i++) {
		psk[i / 8] ^= 1 << (i % 8);
		mptcpsec_keysched(es, psk, 32, th, &c);
		psk[i / 8] ^= 1 << (i % 8);
		hits += same_fields(&base, &c);
	}
	is_int(hits, 0, "every single-bit change of the PSK changes every output");
	es[5] ^= 0x10;
	mptcpsec_keysched(es, psk, 32, th, &c);
	is_int(same_fields(&base, &c), 0, "a different ES changes every output");
}

static void rand_key(u8 k[32])
{
	unsigned int i;

	for (i = 0; i < 32; i++)
		k[i] = (u8)rand();
}

/*
 * auth pinned (PROTOCOL.md 4.2): A and B derive the same IKM from their
 * own private keys; a host that lacks one of the static private keys
 * (a man in the middle with its own identity) cannot; ES alone differs
 * from the pinned IKM; a small-order static key fails.
 */
static void test_pinned(void)
{
	u8 ea[32], Ea[32], sa[32], Sa[32], eb[32], Eb[32], sb[32], Sb[32], sm[32], Sm[32];
	u8 es_a[32], es_b[32], ikm_a[96], ikm_b[96], ikm_m[96];
	struct mptcpsec_conn_crypto ca, cb, c0;
	static const u8 zero[32];
	u8 th[32];

	srand(42);
	rand_key(ea);
	rand_key(sa);
	rand_key(eb);
	rand_key(sb);
	rand_key(sm);
	rand_key(th);
	curve25519_generate_public(Ea, ea);
	curve25519_generate_public(Sa, sa);
	curve25519_generate_public(Eb, eb);
	curve25519_generate_public(Sb, sb);
	curve25519_generate_public(Sm, sm);
	if (!mptcpsec_x25519_shared(es_a, ea, Eb) || !mptcpsec_x25519_shared(es_b, eb, Ea))
		exit(2);

	ok(mptcpsec_pinned_ikm(ikm_a, es_a, ea, sa, Eb, Sb, true) &&
	   mptcpsec_pinned_ikm(ikm_b, es_b, eb, sb, Ea, Sa, false),
	   "pinned: both sides compute an IKM");
	is_mem(ikm_a, ikm_b, 96, "pinned: A's and B's IKM are equal");
	is_mem(ikm_a, es_a, 32, "pinned: the IKM starts with ES");
	mptcpsec_keysched_ikm(ikm_a, 96, NULL, 0, th, &ca);
	mptcpsec_keysched_ikm(ikm_b, 96, NULL, 0, th, &cb);
	mptcpsec_keysched(es_a, NULL, 0, th, &c0);
	is_mem(ca.conn_key, cb.conn_key, 32, "pinned: both derive the same connection key");
	is_int(same_fields(&ca, &c0), 0, "pinned: every output differs from auth none's");

	/* B answered with the attacker's identity: A pinned Sb, M holds sm. */
	ok(mptcpsec_pinned_ikm(ikm_m, es_b, eb, sm, Ea, Sa, false),
	   "pinned MitM: the attacker computes an IKM with its own key");
	ok(memcmp(ikm_a, ikm_m, 96) != 0, "pinned MitM: it differs from A's");
	mptcpsec_keysched_ikm(ikm_m, 96, NULL, 0, th, &cb);
	is_int(same_fields(&ca, &cb), 0, "pinned MitM: every output differs");
	/* A pinned a wrong key for B. */
	ok(mptcpsec_pinned_ikm(ikm_m, es_a, ea, sa, Eb, Sm, true) &&
	   memcmp(ikm_m, ikm_b, 96) != 0, "pinned: a wrong pin gives another IKM than B's");

	ok(!mptcpsec_pinned_ikm(ikm_m, es_a, ea, sa, Eb, zero, true),
	   "pinned: a small-order pinned key fails");
	is_mem(ikm_m, ((u8[96]){ 0 }), 96, "  ... and the IKM is wiped");
}

static void test_transcript_binding(void)
{
	struct mptcpsec_conn_crypto base, c;
	struct handshake h;
	u8 es[32], th0[32], th[32];
	u8 *bytes[6];
	unsigned int lens[6], f, i, positions = 0, th_same = 0, out_same = 0;
	u8 longer[SHARE_LEN + 1], shortened[2];

	handshake_init(&h, 0);
	if (!mptcpsec_x25519_shared(es, h.priv_a, h.pub_b))
		exit(2);
	mptcpsec_transcript_hash(&h.t, th0);
	mptcpsec_keysched(es, NULL, 0, th0, &base);

	bytes[0] = h.eno_syn;
	lens[0] = 3;
	bytes[1] = h.share_syn;
	lens[1] = SHARE_LEN;
	bytes[2] = h.t.mpc_syn;
	lens[2] = 2;
	bytes[3] = h.eno_synack;
	lens[3] = 3;
	bytes[4] = h.share_synack;
	lens[4] = SHARE_LEN;
	bytes[5] = h.t.mpc_synack;
	lens[5] = 2;
	for (f = 0; f < 6; f++) {
		for (i = 0; i < lens[f]; i++) {
			bytes[f][i] ^= 0x01;
			mptcpsec_transcript_hash(&h.t, th);
			mptcpsec_keysched(es, NULL, 0, th, &c);
			bytes[f][i] ^= 0x01;
			positions++;
			th_same += !memcmp(th, th0, 32);
			out_same += same_fields(&base, &c);
		}
	}
	is_int(positions, 3 + 70 + 2 + 3 + 70 + 2, "every transcript byte");
	is_int(th_same, 0, "any transcript byte change changes TH");
	is_int(out_same, 0, "any transcript byte change changes every output");

	/* lengths are bound too: an extra byte, and a moved boundary */
	memcpy(longer, h.share_syn, SHARE_LEN);
	longer[SHARE_LEN] = 0;
	h.t.share_syn = longer;
	h.t.share_syn_len = SHARE_LEN + 1;
	mptcpsec_transcript_hash(&h.t, th);
	ok(memcmp(th, th0, 32), "a longer share changes TH");
	h.t.share_syn = h.share_syn;
	h.t.share_syn_len = SHARE_LEN;

	/* the ENO option one byte shorter, the rest unchanged */
	memcpy(shortened, h.eno_syn, 2);
	h.t.eno_syn = shortened;
	h.t.eno_syn_len = 2;
	mptcpsec_transcript_hash(&h.t, th);
	ok(memcmp(th, th0, 32), "a shorter ENO option changes TH");
	h.t.eno_syn = h.eno_syn;
	h.t.eno_syn_len = 3;

	/* the two halves are not interchangeable */
	h.t.share_syn = h.share_synack;
	h.t.share_synack = h.share_syn;
	mptcpsec_transcript_hash(&h.t, th);
	ok(memcmp(th, th0, 32), "swapping the two shares changes TH");
	h.t.share_syn = h.share_syn;
	h.t.share_synack = h.share_synack;
	mptcpsec_transcript_hash(&h.t, th);
	is_mem(th, th0, 32, "restored transcript gives the same TH");
}

static void test_distinct(void)
{
	static const u8 r_i[4] = { 9, 9, 9, 9 }, r_r[4] = { 1, 1, 1, 1 };
	u8 conn[32], k[6][32];
	unsigned int i, j, same = 0;

	for (i = 0; i < 32; i++)
		conn[i] = (u8)(i * 3);
	mptcpsec_traffic_key_initial(conn, true, k[0]);
	mptcpsec_traffic_key_initial(conn, false, k[1]);
	mptcpsec_traffic_key_join(conn, true, r_i, r_r, k[2]);
	mptcpsec_traffic_key_join(conn, false, r_i, r_r, k[3]);
	mptcpsec_key_update(k[0], k[4]);
	mptcpsec_key_update(k[1], k[5]);
	for (i = 0; i < 6; i++)
		for (j = i + 1; j < 6; j++)
			same += !memcmp(k[i], k[j], 32);
	is_int(same, 0, "traffic keys of both directions, joins and phases differ");
}

int main(void)
{
	u8 psk[32];
	unsigned int i;

	test_rfc7748();
	test_small_order();
	check_vector("no-PSK vector", &vec_nopsk, NULL, 0);
	for (i = 0; i < 32; i++)
		psk[i] = (u8)(0x50 + i);
	check_vector("PSK vector", &vec_psk, psk, sizeof(psk));
	test_psk_binding();
	test_pinned();
	test_transcript_binding();
	test_distinct();
	return tap_done();
}
