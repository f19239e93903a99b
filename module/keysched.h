/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPTCPsec key schedule (docs/PROTOCOL.md section 4): transcript hash,
 * X25519 shared secret, connection secrets and traffic keys. Pure: builds
 * in the kernel and in the unit tests.
 */
#ifndef _MPTCPSEC_KEYSCHED_H
#define _MPTCPSEC_KEYSCHED_H

#include "crypto_lib.h"

#define MPTCPSEC_KEY_LEN	32
#define MPTCPSEC_SESSION_ID_LEN	16
#define MPTCPSEC_PAD_LEN	8

/**
 * struct mptcpsec_transcript - the handshake fields the keys are bound to
 * @eno_syn: the whole ENO option of the SYN (kind and length included)
 * @eno_syn_len: its length
 * @share_syn: the whole key-share payload of the SYN
 * @share_syn_len: its length
 * @mpc_syn: bytes 2 and 3 (subtype/version, flags) of the SYN's MP_CAPABLE
 * @eno_synack: the whole ENO option of the SYN-ACK
 * @eno_synack_len: its length
 * @share_synack: the whole key-share payload of the SYN-ACK
 * @share_synack_len: its length
 * @mpc_synack: bytes 2 and 3 of the SYN-ACK's MP_CAPABLE
 */
struct mptcpsec_transcript {
	const u8 *eno_syn;
	u8 eno_syn_len;
	const u8 *share_syn;
	u16 share_syn_len;
	u8 mpc_syn[2];
	const u8 *eno_synack;
	u8 eno_synack_len;
	const u8 *share_synack;
	u16 share_synack_len;
	u8 mpc_synack[2];
};

/**
 * struct mptcpsec_conn_crypto - per-connection secrets (section 4)
 * @session_id: shown to users for out-of-band comparison
 * @pad_a: XORed onto A's MPTCP key on the wire
 * @pad_b: XORed onto B's MPTCP key on the wire
 * @join_key: authenticates MP_JOIN SYNs
 * @conn_key: the traffic keys of every subflow derive from it
 *
 * Key material: wipe with memzero_explicit() when done.
 */
struct mptcpsec_conn_crypto {
	u8 session_id[MPTCPSEC_SESSION_ID_LEN];
	u8 pad_a[MPTCPSEC_PAD_LEN];
	u8 pad_b[MPTCPSEC_PAD_LEN];
	u8 join_key[MPTCPSEC_KEY_LEN];
	u8 conn_key[MPTCPSEC_KEY_LEN];
};

void mptcpsec_transcript_hash(const struct mptcpsec_transcript *t,
			      u8 th[SHA256_DIGEST_SIZE]);
bool mptcpsec_x25519_shared(u8 es[CURVE25519_KEY_SIZE],
			    const u8 priv[CURVE25519_KEY_SIZE],
			    const u8 peer_pub[CURVE25519_KEY_SIZE]);
/* ES || DH(e_A, S_B) || DH(s_A, E_B) of auth pinned */
#define MPTCPSEC_PINNED_IKM_LEN	(3 * CURVE25519_KEY_SIZE)

bool mptcpsec_pinned_ikm(u8 ikm[MPTCPSEC_PINNED_IKM_LEN],
			 const u8 es[CURVE25519_KEY_SIZE],
			 const u8 e_priv[CURVE25519_KEY_SIZE],
			 const u8 s_priv[CURVE25519_KEY_SIZE],
			 const u8 peer_e_pub[CURVE25519_KEY_SIZE],
			 const u8 peer_s_pub[CURVE25519_KEY_SIZE], bool a_side);
void mptcpsec_keysched_ikm(const u8 *ikm, unsigned int ikm_len, const u8 *psk,
			   unsigned int psk_len, const u8 th[SHA256_DIGEST_SIZE],
			   struct mptcpsec_conn_crypto *out);
void mptcpsec_keysched(const u8 es[CURVE25519_KEY_SIZE], const u8 *psk,
		       unsigned int psk_len, const u8 th[SHA256_DIGEST_SIZE],
		       struct mptcpsec_conn_crypto *out);
void mptcpsec_traffic_key_initial(const u8 conn_key[MPTCPSEC_KEY_LEN],
				  bool a_to_b, u8 key[MPTCPSEC_KEY_LEN]);
void mptcpsec_traffic_key_join(const u8 conn_key[MPTCPSEC_KEY_LEN],
			       bool i_to_r, const u8 r_i[4], const u8 r_r[4],
			       u8 key[MPTCPSEC_KEY_LEN]);
void mptcpsec_key_update(const u8 key[MPTCPSEC_KEY_LEN],
			 u8 next[MPTCPSEC_KEY_LEN]);

#endif /* _MPTCPSEC_KEYSCHED_H */
