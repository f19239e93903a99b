/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPTCPsec protection: handshake state, per-subflow keys and the
 * transforms the hooks apply to segments (docs/PROTOCOL.md).
 *
 * Locking: everything here is reached from a subflow found under RCU.
 * Handshake state and crypto state are published once under
 * mptcpsec_net.lock with rcu_assign_pointer() and are constant afterwards,
 * except for the fields whose comments say otherwise.
 */
#ifndef _MPTCPSEC_PROTECT_H
#define _MPTCPSEC_PROTECT_H

#include <linux/netfilter.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "aead.h"
#include "stats.h"
#include "keysched.h"
#include "pn.h"
#include "wire.h"

struct mptcpsec_net;
struct mptcpsec_pkt;
struct mptcpsec_subflow;
struct mptcpsec_tcpopts;
struct nf_hook_state;
struct sk_buff;

/**
 * struct mptcpsec_txkey - one generation of a subflow's sending key
 * @rcu: the replaced generation is wiped and freed after a grace period
 * @k: the key
 * @phase: generation number, 0 for the initial key; its low bit is the
 *	key phase bit on the wire (constant)
 */
struct mptcpsec_txkey {
	struct rcu_head rcu;
	struct mptcpsec_aead_key k;
	u32 phase;
};

/**
 * struct mptcpsec_sf_crypto - traffic keys and packet numbers of a subflow
 * @tx: current sending key (RCU; replaced under @tx_lock, readers hold
 *	rcu_read_lock, as the hooks do)
 * @tx_pn: next packet number to send (atomic; every segment takes one,
 *	across key phases)
 * @tx_bytes: payload bytes sent under @tx (atomic)
 * @tx_since: jiffies when @tx became current (@tx_lock; read locklessly)
 * @tx_ack_wait: sequence number the peer's acknowledgments must reach
 *	before the next key update: the end of the first segment sent under
 *	@tx (@tx_lock)
 * @tx_confirmed: the peer acknowledged data sent under @tx, so it holds
 *	that key (written under @tx_lock, read locklessly)
 * @tx_high: end sequence number of the newest data sent (written only for
 *	data segments, which the subflow socket's lock serialises)
 * @tx_high_set: @tx_high is valid (likewise)
 * @tx_lock: serialises key updates of the sending direction
 * @rx_lock: protects @replay and the receiving keys below
 * @replay: largest authenticated PN and the replay window (@rx_lock)
 * @rx: current receiving key (@rx_lock)
 * @rx_next: the next generation, precomputed (@rx_lock)
 * @rx_prev: the previous generation, for reordered segments, while
 *	@rx_has_prev (@rx_lock)
 * @rx_phase: generation number of @rx (@rx_lock)
 * @rx_phase_pn: first PN authenticated under @rx; older PNs of the other
 *	phase bit belong to @rx_prev (@rx_lock)
 * @rx_phase_segs: segments authenticated under @rx, up to
 *	%MPTCPSEC_REPLAY_WIN, after which @rx_prev is wiped (@rx_lock)
 * @rx_has_prev: @rx_prev holds a key (@rx_lock)
 */
struct mptcpsec_sf_crypto {
	struct mptcpsec_txkey __rcu *tx;
	atomic64_t tx_pn;
	atomic64_t tx_bytes;
	unsigned long tx_since;
	u32 tx_ack_wait;
	bool tx_confirmed;
	u32 tx_high;
	bool tx_high_set;
	spinlock_t tx_lock;	/* key updates of @tx */
	spinlock_t rx_lock;	/* replay window, receiving keys */
	struct mptcpsec_replay replay;
	struct mptcpsec_aead_key rx;
	struct mptcpsec_aead_key rx_next;
	struct mptcpsec_aead_key rx_prev;
	u32 rx_phase;
	u64 rx_phase_pn;
	u32 rx_phase_segs;
	bool rx_has_prev;
};

/**
 * struct mptcpsec_hs - handshake state of an MP_CAPABLE subflow
 * @rcu: deferred free; the free wipes the structure
 * @priv: this host's ephemeral X25519 private key
 * @share_out: the key share this host sends (offer or answer)
 * @share_in: the key share received (B: from the SYN)
 * @share_in_len: its length
 * @ikm: input keying material of the key schedule, ES or (auth pinned)
 *	ES || DH(e_A, S_B) || DH(s_A, E_B) (B: computed when the SYN arrives)
 * @ikm_len: its length
 * @eno_syn: the ENO option of the SYN as sent
 * @eno_syn_len: its length
 * @mpc_syn: bytes 2 and 3 of the SYN's MP_CAPABLE option
 * @psk: pre-shared key resolved from the policy (empty when none)
 * @psk_len: its length, 0 when the policy names none
 * @pinned: auth pinned: @s_priv and @peer_s are set
 * @s_priv: this host's static identity private key (auth pinned)
 * @peer_s: the peer's pinned static public key (auth pinned)
 * @pending: B: entry in mptcpsec_net.hs_pending while published, else
 *	empty (mptcpsec_net.lock)
 * @sf: B: the subflow publishing it, valid while on @pending
 */
struct mptcpsec_hs {
	struct rcu_head rcu;
	struct list_head pending;
	struct mptcpsec_subflow *sf;
	u8 priv[32];
	u8 share_out[MPTCPSEC_SHARE_LEN];
	u8 share_in[128];
	u8 share_in_len;
	u8 ikm[MPTCPSEC_PINNED_IKM_LEN];
	u8 ikm_len;
	u8 eno_syn[8];
	u8 eno_syn_len;
	u8 mpc_syn[2];
	u8 psk[64];
	u8 psk_len;
	bool pinned;
	u8 s_priv[32];
	u8 peer_s[32];
};

/* keypool.c */
int mptcpsec_keypool_init(void);
void mptcpsec_keypool_exit(void);
void mptcpsec_keypool_get(u8 priv[32], u8 pub[32]);

/* skbuf.c: segment surgery shared by the handshake and the protection */
int mptcpsec_skb_make_private(struct sk_buff *skb, unsigned int headroom,
			      unsigned int tailroom);
const u8 *mptcpsec_skb_private_head(struct sk_buff *skb, unsigned int thoff,
				    unsigned int headroom);
void mptcpsec_skb_frag_done(struct sk_buff *skb);
int mptcpsec_skb_set_options(struct sk_buff *skb, unsigned int thoff,
			     const u8 *opts, unsigned int optlen);
int mptcpsec_skb_opts(const struct sk_buff *skb, unsigned int thoff, u8 *buf,
		      unsigned int *len, struct mptcpsec_tcpopts *o);
int mptcpsec_skb_append(struct sk_buff *skb, const u8 *data, unsigned int len);
void mptcpsec_skb_trim(struct sk_buff *skb, unsigned int len);
void mptcpsec_skb_fix_ip(struct sk_buff *skb, u8 family);
void mptcpsec_skb_csum_partial(struct sk_buff *skb, unsigned int thoff,
			       u8 family);
void mptcpsec_send_reset(struct net *net, struct sk_buff *oldskb, u8 family,
			 unsigned int hook);

/* handshake.c */
extern const u8 mptcpsec_eno_ours[3];
void mptcpsec_sf_set_sec(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
			 u8 sec);
unsigned int mptcpsec_hs_syn_out(struct mptcpsec_net *mn,
				 struct mptcpsec_pkt *pkt, struct sk_buff *skb,
				 unsigned int thoff);
unsigned int mptcpsec_hs_syn_in(struct mptcpsec_net *mn,
				struct mptcpsec_pkt *pkt, struct sk_buff *skb,
				unsigned int thoff,
				const struct nf_hook_state *state);
unsigned int mptcpsec_hs_synack_in(struct mptcpsec_net *mn,
				   struct mptcpsec_pkt *pkt,
				   struct sk_buff *skb, unsigned int thoff,
				   const struct nf_hook_state *state);
bool mptcpsec_hs_synack_keys(struct mptcpsec_net *mn,
			     struct mptcpsec_subflow *sf, struct sk_buff *skb,
			     unsigned int thoff);
void mptcpsec_hs_free(struct mptcpsec_hs *hs);
void mptcpsec_hs_retire(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf);
void mptcpsec_hs_retire_locked(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf);

/* join.c */
unsigned int mptcpsec_join_syn_out(struct mptcpsec_net *mn,
				   struct mptcpsec_pkt *pkt,
				   struct sk_buff *skb, unsigned int thoff);
unsigned int mptcpsec_join_syn_in(struct mptcpsec_net *mn,
				  struct mptcpsec_pkt *pkt,
				  struct sk_buff *skb, unsigned int thoff,
				  const struct nf_hook_state *state);
bool mptcpsec_join_synack_keys(struct mptcpsec_net *mn,
			       struct mptcpsec_subflow *sf,
			       struct sk_buff *skb, unsigned int thoff);

/* rekey.c: key phases (docs/PROTOCOL.md section 6.6) */
int mptcpsec_rekey_init(struct mptcpsec_sf_crypto *c, const u8 tx[32],
			const u8 rx[32]);
void mptcpsec_rekey_free(struct mptcpsec_sf_crypto *c);
void mptcpsec_rekey_tx(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
		       struct mptcpsec_sf_crypto *c, u32 seq,
		       unsigned int len);
void mptcpsec_rekey_tx_acked(struct mptcpsec_sf_crypto *c, u32 ack);
/**
 * enum mptcpsec_rx_gen - which receiving key a segment was opened with
 * @MPTCPSEC_RX_CUR: the current one
 * @MPTCPSEC_RX_NEXT: the next generation (a key update by the peer)
 * @MPTCPSEC_RX_PREV: the previous generation (a reordered segment)
 */
enum mptcpsec_rx_gen {
	MPTCPSEC_RX_CUR,
	MPTCPSEC_RX_NEXT,
	MPTCPSEC_RX_PREV,
};

enum mptcpsec_rx_gen mptcpsec_rekey_rx_key(struct mptcpsec_sf_crypto *c,
					   unsigned int phase_bit, u64 pn,
					   struct mptcpsec_aead_key *k);
bool mptcpsec_rekey_rx_done(struct mptcpsec_sf_crypto *c,
			    enum mptcpsec_rx_gen gen, unsigned int phase_bit,
			    u64 pn);

/* protect.c */
unsigned int mptcpsec_protect_out(struct mptcpsec_net *mn,
				  struct mptcpsec_pkt *pkt,
				  struct sk_buff *skb, unsigned int thoff,
				  const struct nf_hook_state *state);
int mptcpsec_protect_linear(struct mptcpsec_net *mn,
			    struct mptcpsec_subflow *sf, struct sk_buff *skb,
			    unsigned int thoff);
unsigned int mptcpsec_verify_in(struct mptcpsec_net *mn,
				struct mptcpsec_pkt *pkt, struct sk_buff *skb,
				unsigned int thoff,
				const struct nf_hook_state *state);
void mptcpsec_sf_drop(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
		      enum mptcpsec_stat why);
struct mptcpsec_sf_crypto *mptcpsec_sf_crypto_new(const u8 tx[32],
						  const u8 rx[32]);
void mptcpsec_sf_crypto_free(struct mptcpsec_sf_crypto *c);

#endif /* _MPTCPSEC_PROTECT_H */
