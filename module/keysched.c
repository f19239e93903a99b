// SPDX-License-Identifier: GPL-2.0
/*
 * MPTCPsec key schedule, docs/PROTOCOL.md section 4.
 *
 * No allocation, no sleeping: callable from softirq. Intermediate secrets
 * (the HKDF secret and the master key) are wiped before returning.
 */
#include "keysched.h"
#include "hkdf.h"

#define LABEL_TRANSCRIPT	"mptcpsec1 transcript"
#define LABEL_MASTER		"mptcpsec1 master"
#define LABEL_SESSION_ID	"mptcpsec1 session id"
#define LABEL_PAD_A		"mptcpsec1 key pad a"
#define LABEL_PAD_B		"mptcpsec1 key pad b"
#define LABEL_JOIN		"mptcpsec1 join"
#define LABEL_CONN		"mptcpsec1 conn"
#define LABEL_AB_INITIAL	"mptcpsec1 traffic a>b initial"
#define LABEL_BA_INITIAL	"mptcpsec1 traffic b>a initial"
#define LABEL_IR_JOIN		"mptcpsec1 traffic i>r join"
#define LABEL_RI_JOIN		"mptcpsec1 traffic r>i join"
#define LABEL_KEY_UPDATE	"mptcpsec1 key update"

static void th_bytes(struct sha256_state *s, const u8 *p, unsigned int len)
{
	if (len)
		sha256_update(s, p, len);
}

static void th_u8_field(struct sha256_state *s, const u8 *p, u8 len)
{
	th_bytes(s, &len, 1);
	th_bytes(s, p, len);
}

static void th_u16_field(struct sha256_state *s, const u8 *p, u16 len)
{
	u8 be[2];

	put_unaligned_be16(len, be);
	th_bytes(s, be, sizeof(be));
	th_bytes(s, p, len);
}

/**
 * mptcpsec_transcript_hash() - TH = SHA-256(transcript), section 4.1
 * @t: the handshake fields
 * @th: the 32-byte hash
 */
void mptcpsec_transcript_hash(const struct mptcpsec_transcript *t,
			      u8 th[SHA256_DIGEST_SIZE])
{
	struct sha256_state s;

	sha256_init(&s);
	th_bytes(&s, (const u8 *)LABEL_TRANSCRIPT,
		 sizeof(LABEL_TRANSCRIPT) - 1);
	th_u8_field(&s, t->eno_syn, t->eno_syn_len);
	th_u16_field(&s, t->share_syn, t->share_syn_len);
	th_bytes(&s, t->mpc_syn, sizeof(t->mpc_syn));
	th_u8_field(&s, t->eno_synack, t->eno_synack_len);
	th_u16_field(&s, t->share_synack, t->share_synack_len);
	th_bytes(&s, t->mpc_synack, sizeof(t->mpc_synack));
	sha256_final(&s, th);
}

/**
 * mptcpsec_x25519_shared() - ES = X25519(own private key, peer public key)
 * @es: the 32-byte shared secret
 * @priv: own ephemeral private key (clamped by X25519 itself)
 * @peer_pub: the peer's public key from its share
 *
 * Return: false when the result is all zero (the peer sent a small-order
 * point); @es is then all zero and the handshake must fail.
 */
bool mptcpsec_x25519_shared(u8 es[CURVE25519_KEY_SIZE],
			    const u8 priv[CURVE25519_KEY_SIZE],
			    const u8 peer_pub[CURVE25519_KEY_SIZE])
{
	return curve25519(es, priv, peer_pub);
}

static void derive(const u8 prk[MPTCPSEC_HASH_LEN], const char *label,
		   const u8 *ctx, unsigned int ctx_len, u8 *out,
		   unsigned int out_len)
{
	/* Lengths here are constants far below the HKDF limit. */
	mptcpsec_hkdf_expand_label(prk, label, ctx, ctx_len, out, out_len);
}

/**
 * mptcpsec_pinned_ikm() - the input keying material of auth pinned, section 4.2
 * @ikm: out: ES || DH(e_A, S_B) || DH(s_A, E_B), MPTCPSEC_PINNED_IKM_LEN bytes
 * @es: ES, X25519 of the two ephemeral keys
 * @e_priv: own ephemeral private key
 * @s_priv: own static (identity) private key
 * @peer_e_pub: the peer's ephemeral public key (from its share)
 * @peer_s_pub: the peer's pinned static public key (from the policy)
 * @a_side: this host is A (sent the SYN)
 *
 * A computes DH(e_A, S_B) as X25519(e_priv, peer_s_pub) and DH(s_A, E_B)
 * as X25519(s_priv, peer_e_pub); B computes the same two values as
 * X25519(s_priv, peer_e_pub) and X25519(e_priv, peer_s_pub). Without one
 * of the two static private keys nobody can compute them.
 *
 * Return: false when either result is all zero (a small-order key); the
 * handshake must then fail. @ikm is wiped in that case.
 */
bool mptcpsec_pinned_ikm(u8 ikm[MPTCPSEC_PINNED_IKM_LEN],
			 const u8 es[CURVE25519_KEY_SIZE],
			 const u8 e_priv[CURVE25519_KEY_SIZE],
			 const u8 s_priv[CURVE25519_KEY_SIZE],
			 const u8 peer_e_pub[CURVE25519_KEY_SIZE],
			 const u8 peer_s_pub[CURVE25519_KEY_SIZE], bool a_side)
{
	u8 *es_s = ikm + CURVE25519_KEY_SIZE, *se = ikm + 2 * CURVE25519_KEY_SIZE;
	bool ok;

	memcpy(ikm, es, CURVE25519_KEY_SIZE);
	if (a_side)
		ok = curve25519(es_s, e_priv, peer_s_pub) &&
		     curve25519(se, s_priv, peer_e_pub);
	else
		ok = curve25519(es_s, s_priv, peer_e_pub) &&
		     curve25519(se, e_priv, peer_s_pub);
	if (!ok)
		memzero_explicit(ikm, MPTCPSEC_PINNED_IKM_LEN);
	return ok;
}

/**
 * mptcpsec_keysched_ikm() - derive the connection secrets, section 4
 * @ikm: input keying material: ES, or the ES || DH || DH of auth pinned
 * @ikm_len: its length
 * @psk: the pre-shared key, or NULL
 * @psk_len: its length (16-64 bytes by policy), 0 without a PSK
 * @th: the transcript hash
 * @out: the derived secrets
 *
 * salt = @psk, or 32 zero bytes without one; secret = HKDF-Extract(salt,
 * IKM); master = HKDF-Expand(secret, "mptcpsec1 master" || TH, 32); the
 * fields of @out are expanded from master with their labels.
 */
void mptcpsec_keysched_ikm(const u8 *ikm, unsigned int ikm_len, const u8 *psk,
			   unsigned int psk_len, const u8 th[SHA256_DIGEST_SIZE],
			   struct mptcpsec_conn_crypto *out)
{
	static const u8 zero_salt[MPTCPSEC_HASH_LEN];
	u8 secret[MPTCPSEC_HASH_LEN];
	u8 master[MPTCPSEC_HASH_LEN];

	if (psk && psk_len)
		mptcpsec_hkdf_extract(psk, psk_len, ikm, ikm_len, secret);
	else
		mptcpsec_hkdf_extract(zero_salt, sizeof(zero_salt), ikm,
				      ikm_len, secret);
	derive(secret, LABEL_MASTER, th, SHA256_DIGEST_SIZE, master,
	       sizeof(master));
	memzero_explicit(secret, sizeof(secret));

	derive(master, LABEL_SESSION_ID, NULL, 0, out->session_id,
	       sizeof(out->session_id));
	derive(master, LABEL_PAD_A, NULL, 0, out->pad_a, sizeof(out->pad_a));
	derive(master, LABEL_PAD_B, NULL, 0, out->pad_b, sizeof(out->pad_b));
	derive(master, LABEL_JOIN, NULL, 0, out->join_key,
	       sizeof(out->join_key));
	derive(master, LABEL_CONN, NULL, 0, out->conn_key,
	       sizeof(out->conn_key));
	memzero_explicit(master, sizeof(master));
}

/**
 * mptcpsec_keysched() - derive the connection secrets from ES alone
 * @es: the X25519 shared secret
 * @psk: the pre-shared key, or NULL
 * @psk_len: its length, 0 without a PSK
 * @th: the transcript hash
 * @out: the derived secrets
 *
 * mptcpsec_keysched_ikm() with IKM = ES (auth none and psk).
 */
void mptcpsec_keysched(const u8 es[CURVE25519_KEY_SIZE], const u8 *psk,
		       unsigned int psk_len, const u8 th[SHA256_DIGEST_SIZE],
		       struct mptcpsec_conn_crypto *out)
{
	mptcpsec_keysched_ikm(es, CURVE25519_KEY_SIZE, psk, psk_len, th, out);
}

/**
 * mptcpsec_traffic_key_initial() - traffic key of the initial subflow
 * @conn_key: the connection key
 * @a_to_b: true for K_ab (segments from A to B), false for K_ba
 * @key: the 32-byte traffic key; may overlap @conn_key
 */
void mptcpsec_traffic_key_initial(const u8 conn_key[MPTCPSEC_KEY_LEN],
				  bool a_to_b, u8 key[MPTCPSEC_KEY_LEN])
{
	derive(conn_key, a_to_b ? LABEL_AB_INITIAL : LABEL_BA_INITIAL,
	       NULL, 0, key, MPTCPSEC_KEY_LEN);
}

/**
 * mptcpsec_traffic_key_join() - traffic key of an MP_JOIN subflow
 * @conn_key: the connection key
 * @i_to_r: true for K_ir (from the host that sent the join SYN), false for
 *          K_ri
 * @r_i: the initiator's MP_JOIN random number, 4 bytes as on the wire
 * @r_r: the responder's MP_JOIN random number, 4 bytes as on the wire
 * @key: the 32-byte traffic key; may overlap @conn_key
 */
void mptcpsec_traffic_key_join(const u8 conn_key[MPTCPSEC_KEY_LEN],
			       bool i_to_r, const u8 r_i[4], const u8 r_r[4],
			       u8 key[MPTCPSEC_KEY_LEN])
{
	u8 ctx[8];

	memcpy(ctx, r_i, 4);
	memcpy(ctx + 4, r_r, 4);
	derive(conn_key, i_to_r ? LABEL_IR_JOIN : LABEL_RI_JOIN, ctx,
	       sizeof(ctx), key, MPTCPSEC_KEY_LEN);
}

/**
 * mptcpsec_key_update() - next key phase, K' = HKDF-Expand(K, label, 32)
 * @key: the current traffic key
 * @next: the next one; may be @key itself
 */
void mptcpsec_key_update(const u8 key[MPTCPSEC_KEY_LEN],
			 u8 next[MPTCPSEC_KEY_LEN])
{
	derive(key, LABEL_KEY_UPDATE, NULL, 0, next, MPTCPSEC_KEY_LEN);
}
