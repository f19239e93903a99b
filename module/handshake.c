// SPDX-License-Identifier: GPL-2.0
/*
 * MPTCPsec handshake on the initial subflow (docs/PROTOCOL.md, sections
 * 2-5 and 8): ENO and the key share on the SYN (A) and SYN-ACK (B), the
 * X25519 exchange, the key schedule, and the policy decisions (fallback,
 * refusal, abort).
 *
 * A = the active opener, B = the passive one. Only this file creates and
 * retires handshake state (struct mptcpsec_hs); keys it derives are handed
 * to the subflow and connection as struct mptcpsec_sf_crypto and struct
 * mptcpsec_conn_crypto, published once under mptcpsec_net.lock.
 */
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/tcp.h>

#include "events.h"
#include "identity.h"
#include "keylog.h"
#include "keys.h"
#include "mptcpsec.h"
#include "protect.h"

/* The ENO option this module sends: our one suite (PROTOCOL.md section 2). */
const u8 mptcpsec_eno_ours[3] = {
	MPTCPSEC_TCPOPT_ENO, 3, MPTCPSEC_TEP_X25519_CHACHAPOLY
};

/* Wipe and free handshake state that no reader can see. */
static void hs_destroy(struct mptcpsec_hs *hs)
{
	kfree_sensitive(hs);
	mptcpsec_obj_put(MPTCPSEC_OBJ_HANDSHAKE);
}

static void hs_free_rcu(struct rcu_head *head)
{
	hs_destroy(container_of(head, struct mptcpsec_hs, rcu));
}

/**
 * mptcpsec_hs_free() - free handshake state after a grace period
 * @hs: the state, already unpublished (or never published)
 *
 * The free wipes every key in it.
 */
void mptcpsec_hs_free(struct mptcpsec_hs *hs)
{
	if (hs)
		call_rcu(&hs->rcu, hs_free_rcu);
}

/**
 * mptcpsec_hs_retire_locked() - drop a subflow's handshake state, if any
 * @mn: namespace state; the caller holds @mn->lock
 * @sf: the subflow
 *
 * Unpublishes the state (readers finish with it before the free).
 */
void mptcpsec_hs_retire_locked(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf)
{
	struct mptcpsec_hs *hs = rcu_dereference_protected(sf->hs,
							   lockdep_is_held(&mn->lock));

	if (!hs)
		return;
	RCU_INIT_POINTER(sf->hs, NULL);
	list_del_init(&hs->pending);
	mn->nhandshakes--;
	mptcpsec_hs_free(hs);
}

/**
 * mptcpsec_hs_retire() - drop a subflow's handshake state
 * @mn: namespace state
 * @sf: the subflow
 */
void mptcpsec_hs_retire(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf)
{
	spin_lock_bh(&mn->lock);
	mptcpsec_hs_retire_locked(mn, sf);
	spin_unlock_bh(&mn->lock);
}

static struct mptcpsec_hs *hs_alloc(struct mptcpsec_net *mn,
				    struct mptcpsec_conn *conn)
{
	struct mptcpsec_hs *hs = kzalloc(sizeof(*hs), GFP_ATOMIC);
	unsigned int len = 0;

	if (!hs)
		return NULL;
	INIT_LIST_HEAD(&hs->pending);
	mptcpsec_obj_get(MPTCPSEC_OBJ_HANDSHAKE);
	if (conn->auth == MPTCPSEC_AUTH_PSK) {
		if (!mptcpsec_key_copy(mn, conn->key_name, hs->psk, &len)) {
			net_warn_ratelimited("policy names key \"%s\", which does not exist\n",
					     conn->key_name);
			hs_destroy(hs);
			return NULL;
		}
		hs->psk_len = len;
	} else if (conn->auth == MPTCPSEC_AUTH_PINNED) {
		if (!mptcpsec_identity_copy(mn, hs->s_priv)) {
			net_warn_ratelimited("policy asks for auth pinned, but the namespace has no identity\n");
			hs_destroy(hs);
			return NULL;
		}
		memcpy(hs->peer_s, conn->peer_key, sizeof(hs->peer_s));
		hs->pinned = true;
	}
	return hs;
}

/*
 * The input keying material from the peer's ephemeral public key: ES, and
 * for auth pinned the two static-ephemeral values (PROTOCOL.md 4.2).
 * False for a small-order key.
 */
static bool hs_shared(struct mptcpsec_hs *hs, const u8 peer_pub[32], bool a_side)
{
	u8 es[32];
	bool ok;

	ok = mptcpsec_x25519_shared(es, hs->priv, peer_pub);
	if (ok && hs->pinned) {
		ok = mptcpsec_pinned_ikm(hs->ikm, es, hs->priv, hs->s_priv,
					 peer_pub, hs->peer_s, a_side);
		hs->ikm_len = MPTCPSEC_PINNED_IKM_LEN;
	} else if (ok) {
		memcpy(hs->ikm, es, sizeof(es));
		hs->ikm_len = sizeof(es);
	}
	memzero_explicit(es, sizeof(es));
	return ok;
}

static void hs_build_share(struct mptcpsec_hs *hs, u8 type)
{
	u8 nonce[32], pub[32];

	mptcpsec_keypool_get(hs->priv, pub);
	get_random_bytes(nonce, sizeof(nonce));
	mptcpsec_share_build(hs->share_out, sizeof(hs->share_out), type,
			     MPTCPSEC_TEP_X25519_CHACHAPOLY,
			     (hs->psk_len ? MPTCPSEC_SHARE_FLAG_P : 0) |
			     (hs->pinned ? MPTCPSEC_SHARE_FLAG_S : 0), nonce, pub);
	memzero_explicit(nonce, sizeof(nonce));
}

/* The MP_CAPABLE bytes the transcript covers: subtype/version and flags. */
static void mpc_bytes(const struct mptcpsec_tcpopts *o, u8 out[2])
{
	out[0] = (MPTCPSEC_MPTCP_MPC << 4) | (o->mpc.version & 0xf);
	out[1] = o->mpc.flags;
}

/* Does the ENO option of an area name our suite? */
static bool eno_has_ours(const struct mptcpsec_tcpopts *o)
{
	unsigned int i;

	for (i = 0; i < o->eno.ntep; i++)
		if (o->eno.tep[i] == MPTCPSEC_TEP_X25519_CHACHAPOLY)
			return true;
	return false;
}

/**
 * mptcpsec_sf_set_sec() - set the protection state of a subflow and its connection
 * @mn: namespace state
 * @sf: the subflow
 * @sec: enum mptcpsec_security; any state but negotiating retires the
 *	handshake state
 *
 * The outcomes fallback, refused and failed of an initial subflow are
 * reported as conn-fallback, conn-refused and conn-failed events, once.
 */
void mptcpsec_sf_set_sec(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
			 u8 sec)
{
	bool changed;

	spin_lock_bh(&mn->lock);
	changed = sf->sec != sec;
	WRITE_ONCE(sf->sec, sec);
	WRITE_ONCE(sf->conn->sec, sec);
	if (sec != MPTCPSEC_SECURITY_NEGOTIATING)
		mptcpsec_hs_retire_locked(mn, sf);
	spin_unlock_bh(&mn->lock);

	if (!changed || sf->kind != MPTCPSEC_KIND_MP_CAPABLE)
		return;
	if (sec == MPTCPSEC_SECURITY_FALLBACK)
		mptcpsec_event_sf(mn, sf, MPTCPSEC_EVENT_CONN_FALLBACK, 0);
	else if (sec == MPTCPSEC_SECURITY_REFUSED)
		mptcpsec_event_sf(mn, sf, MPTCPSEC_EVENT_CONN_REFUSED, 0);
	else if (sec == MPTCPSEC_SECURITY_FAILED)
		mptcpsec_event_sf(mn, sf, MPTCPSEC_EVENT_CONN_FAILED, 0);
}

/*
 * Derive the connection secrets and the subflow's traffic keys from a
 * complete transcript and publish them. @a_side: this host is A.
 */
static int hs_install_keys(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
			   struct mptcpsec_hs *hs,
			   const struct mptcpsec_transcript *t, bool a_side)
{
	struct mptcpsec_conn *conn = sf->conn;
	const struct mptcpsec_conn_crypto *logcc;
	struct mptcpsec_conn_crypto *cc;
	struct mptcpsec_sf_crypto *c;
	u8 th[32], kab[32], kba[32];
	int err = 0;

	cc = kzalloc(sizeof(*cc), GFP_ATOMIC);
	if (!cc)
		return -ENOMEM;
	mptcpsec_transcript_hash(t, th);
	mptcpsec_keysched_ikm(hs->ikm, hs->ikm_len, hs->psk_len ? hs->psk : NULL,
			      hs->psk_len, th, cc);
	mptcpsec_traffic_key_initial(cc->conn_key, true, kab);
	mptcpsec_traffic_key_initial(cc->conn_key, false, kba);
	c = a_side ? mptcpsec_sf_crypto_new(kab, kba) :
		     mptcpsec_sf_crypto_new(kba, kab);
	memzero_explicit(th, sizeof(th));
	if (!c) {
		err = -ENOMEM;
		goto out_wipe;
	}
	logcc = cc;

	spin_lock_bh(&mn->lock);
	if (sf->dead || rcu_access_pointer(sf->crypto)) {
		/* Lost a race with a duplicate: the first keys stand. */
		err = sf->dead ? -ENOENT : 0;
		spin_unlock_bh(&mn->lock);
		mptcpsec_sf_crypto_free(c);
		goto out_wipe;
	}
	rcu_assign_pointer(sf->crypto, c);
	if (!rcu_access_pointer(conn->secrets)) {
		memcpy(conn->session_id, cc->session_id, sizeof(conn->session_id));
		conn->suite = MPTCPSEC_TEP_X25519_CHACHAPOLY;
		rcu_assign_pointer(conn->secrets, cc);
		cc = NULL;
		/* A connection with keys pins the module (docs/DESIGN.md). */
		if (!conn->modref) {
			__module_get(THIS_MODULE);
			conn->modref = true;
		}
	}
	spin_unlock_bh(&mn->lock);
	/* A is the initial subflow's SYN sender: a>b is i>r. */
	mptcpsec_keylog_sf(mn, sf, logcc, kab, kba, true);
out_wipe:
	memzero_explicit(kab, sizeof(kab));
	memzero_explicit(kba, sizeof(kba));
	kfree_sensitive(cc);
	return err;
}

/* Turn a received SYN-ACK into a reset of the local connection attempt. */
static void synack_to_reset(struct sk_buff *skb, unsigned int thoff, u8 family)
{
	struct tcphdr *th;

	if (mptcpsec_skb_make_private(skb, 0, 0) ||
	    mptcpsec_skb_set_options(skb, thoff, NULL, 0))
		return;
	mptcpsec_skb_trim(skb, thoff + sizeof(struct tcphdr));
	th = (struct tcphdr *)(skb->data + thoff);
	th->syn = 0;
	th->rst = 1;
	th->ack = 1;
	th->psh = 0;
	th->urg = 0;
	th->window = 0;
	mptcpsec_skb_fix_ip(skb, family);
	skb->ip_summed = CHECKSUM_UNNECESSARY;
}

/*
 * A aborts a handshake: the peer gets a reset, the local stack a reset in
 * place of the SYN-ACK, so connect() fails at once (ECONNREFUSED).
 */
static unsigned int hs_abort(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
			     struct sk_buff *skb, unsigned int thoff,
			     const struct nf_hook_state *state, u8 sec,
			     enum mptcpsec_stat why)
{
	MPTCPSEC_INC(mn, why);
	mptcpsec_sf_set_sec(mn, sf, sec);
	mptcpsec_send_reset(state->net, skb, sf->tuple.family, state->hook);
	synack_to_reset(skb, thoff, sf->tuple.family);
	return NF_ACCEPT;
}

/**
 * mptcpsec_hs_syn_out() - A: offer MPTCPsec on an outgoing MP_CAPABLE SYN
 * @mn: namespace state
 * @pkt: the segment as parsed by the hook; @pkt->sf is its subflow
 * @skb: the SYN, skb->data at the IP header
 * @thoff: offset of the TCP header
 *
 * Removes the timestamp option, adds ENO and appends the key share. A
 * retransmitted SYN carries the same share.
 *
 * Return: a netfilter verdict.
 */
unsigned int mptcpsec_hs_syn_out(struct mptcpsec_net *mn,
				 struct mptcpsec_pkt *pkt, struct sk_buff *skb,
				 unsigned int thoff)
{
	struct mptcpsec_subflow *sf = pkt->sf;
	struct mptcpsec_rebuild how = {
		.drop_ts = true,
		.eno = mptcpsec_eno_ours,
		.eno_len = sizeof(mptcpsec_eno_ours),
	};
	struct mptcpsec_conn *conn;
	struct mptcpsec_hs *hs, *old;
	unsigned int optlen, secoff, dropped;
	u8 opts[MPTCPSEC_TCPOPT_MAX_LEN];

	if (!sf || sf->kind != MPTCPSEC_KIND_MP_CAPABLE ||
	    sf->role != MPTCPSEC_ROLE_ACTIVE)
		return NF_ACCEPT;
	conn = sf->conn;
	if (conn->mode == MPTCPSEC_MODE_OFF || !mptcpsec_pkt_opts(mn, pkt))
		return NF_ACCEPT;
	if (pkt->payload) {
		/* Fast Open data on the SYN: no room for a share. */
		if (conn->mode == MPTCPSEC_MODE_REQUIRE) {
			MPTCPSEC_INC(mn, MPTCPSEC_STAT_REFUSED);
			mptcpsec_sf_set_sec(mn, sf, MPTCPSEC_SECURITY_REFUSED);
			return NF_DROP;
		}
		mptcpsec_sf_set_sec(mn, sf, MPTCPSEC_SECURITY_FALLBACK);
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_FALLBACKS);
		return NF_ACCEPT;
	}

	hs = rcu_dereference(sf->hs);
	if (!hs) {
		if (READ_ONCE(sf->sec) != MPTCPSEC_SECURITY_NONE)
			return NF_ACCEPT;
		hs = hs_alloc(mn, conn);
		if (!hs) {
			MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_FAILURES);
			return NF_DROP;
		}
		hs_build_share(hs, MPTCPSEC_SHARE_OFFER);
		memcpy(hs->eno_syn, mptcpsec_eno_ours, sizeof(mptcpsec_eno_ours));
		hs->eno_syn_len = sizeof(mptcpsec_eno_ours);
		mpc_bytes(&pkt->opts, hs->mpc_syn);

		spin_lock_bh(&mn->lock);
		old = rcu_dereference_protected(sf->hs, lockdep_is_held(&mn->lock));
		if (old || sf->dead) {
			spin_unlock_bh(&mn->lock);
			hs_destroy(hs);
			hs = old;
			if (!hs)
				return NF_DROP;
		} else {
			sf->isn_local = ntohl(tcp_hdr(skb)->seq);
			rcu_assign_pointer(sf->hs, hs);
			mn->nhandshakes++;
			WRITE_ONCE(sf->sec, MPTCPSEC_SECURITY_NEGOTIATING);
			WRITE_ONCE(conn->sec, MPTCPSEC_SECURITY_NEGOTIATING);
			spin_unlock_bh(&mn->lock);
			MPTCPSEC_INC(mn, MPTCPSEC_STAT_HANDSHAKES);
		}
	}

	if (mptcpsec_opts_rebuild(pkt->optbuf, pkt->opt_len, &how, opts, &optlen,
				  &secoff, &dropped, NULL) ||
	    mptcpsec_skb_make_private(skb, MPTCPSEC_TCPOPT_MAX_LEN,
				      MPTCPSEC_SHARE_LEN) ||
	    mptcpsec_skb_set_options(skb, thoff, opts, optlen) ||
	    mptcpsec_skb_append(skb, hs->share_out, MPTCPSEC_SHARE_LEN)) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_FAILURES);
		return NF_DROP;
	}
	mptcpsec_skb_fix_ip(skb, sf->tuple.family);
	mptcpsec_skb_csum_partial(skb, thoff, sf->tuple.family);
	return NF_ACCEPT;
}

/*
 * Caller holds mn->lock. Room for one more handshake: below max_handshakes,
 * or after evicting B's oldest pending handshake (counted as limited). Its
 * subflow stays tracked, negotiating without state: its SYN-ACK cannot
 * leave, and a retransmitted SYN starts a new handshake. A flood of SYNs
 * from addresses that never answer thus cycles through the oldest entries
 * while a real peer, answering within a round trip, completes.
 */
static bool hs_make_room(struct mptcpsec_net *mn)
{
	struct mptcpsec_hs *old;

	if (mn->nhandshakes < READ_ONCE(mptcpsec_max_handshakes))
		return true;
	old = list_first_entry_or_null(&mn->hs_pending, struct mptcpsec_hs, pending);
	if (!old)
		return false;
	mptcpsec_hs_retire_locked(mn, old->sf);
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_LIMITED);
	return mn->nhandshakes < READ_ONCE(mptcpsec_max_handshakes);
}

/* Caller holds mn->lock. One more SYN from this source this second? */
static bool hs_rate_ok(struct mptcpsec_net *mn, const struct mptcpsec_tuple *t)
{
	unsigned long now = jiffies / HZ;
	/* IPv4: the /32; IPv6: the /64. */
	u32 h = jhash(t->raddr, t->family == AF_INET ? 4 : 8, 0) % ARRAY_SIZE(mn->rate);

	if (mn->rate_window != now) {
		mn->rate_window = now;
		memset(mn->rate, 0, sizeof(mn->rate));
	}
	if (mn->rate[h] >= READ_ONCE(mptcpsec_handshake_rate))
		return false;
	mn->rate[h]++;
	return true;
}

/* Remove ENO, timestamps and the share from a received SYN, in place. */
static int syn_strip(struct sk_buff *skb, unsigned int thoff,
		     const struct mptcpsec_tcpopts *o, unsigned int payload)
{
	u8 *opts;

	if (mptcpsec_skb_make_private(skb, 0, 0))
		return -ENOMEM;
	opts = skb->data + thoff + sizeof(struct tcphdr);
	if (o->eno.len)
		mptcpsec_opts_nop_out(opts, MPTCPSEC_TCPOPT_MAX_LEN, o->eno.off,
				      o->eno.len);
	if (o->has_ts)
		mptcpsec_opts_nop_out(opts, MPTCPSEC_TCPOPT_MAX_LEN, o->ts_off, 10);
	if (payload) {
		mptcpsec_skb_trim(skb, skb->len - payload);
		mptcpsec_skb_fix_ip(skb, skb->protocol == htons(ETH_P_IP) ?
				    AF_INET : AF_INET6);
	}
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return 0;
}

/**
 * mptcpsec_hs_syn_in() - B: an incoming MP_CAPABLE SYN
 * @mn: namespace state
 * @pkt: the segment as parsed by the hook; @pkt->sf is its new subflow
 * @skb: the SYN, skb->data at the IP header
 * @thoff: offset of the TCP header
 * @state: the hook state
 *
 * Applies the passive side's policy; for an accepted offer computes the
 * X25519 result and keeps the handshake state, then hands the SYN to TCP
 * without ENO, timestamps or share.
 *
 * Return: a netfilter verdict.
 */
unsigned int mptcpsec_hs_syn_in(struct mptcpsec_net *mn,
				struct mptcpsec_pkt *pkt, struct sk_buff *skb,
				unsigned int thoff,
				const struct nf_hook_state *state)
{
	struct mptcpsec_subflow *sf = pkt->sf;
	const struct mptcpsec_tcpopts *o = &pkt->opts;
	struct mptcpsec_share share;
	struct mptcpsec_conn *conn;
	struct mptcpsec_hs *hs, *old;
	const u8 *payload;
	bool offered;

	if (!sf || sf->kind != MPTCPSEC_KIND_MP_CAPABLE ||
	    sf->role != MPTCPSEC_ROLE_PASSIVE || !mptcpsec_pkt_opts(mn, pkt))
		return NF_ACCEPT;
	conn = sf->conn;
	offered = o->eno.len && eno_has_ours(o);

	if (nf_checksum(skb, state->hook, thoff, IPPROTO_TCP, sf->tuple.family)) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_BAD_CSUM);
		return NF_DROP;
	}

	/* A retransmitted SYN must repeat the share we answered. */
	hs = rcu_dereference(sf->hs);
	if (hs) {
		if (pkt->payload != hs->share_in_len ||
		    mptcpsec_skb_make_private(skb, 0, 0) ||
		    memcmp(skb->data + skb->len - pkt->payload, hs->share_in,
			   pkt->payload)) {
			MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_FAILURES);
			return NF_DROP;
		}
		return syn_strip(skb, thoff, o, pkt->payload) ? NF_DROP : NF_ACCEPT;
	}

	if (conn->mode == MPTCPSEC_MODE_OFF) {
		if (offered)
			return syn_strip(skb, thoff, o, pkt->payload) ? NF_DROP : NF_ACCEPT;
		return NF_ACCEPT;
	}
	if (!offered) {
		if (conn->mode == MPTCPSEC_MODE_REQUIRE) {
			MPTCPSEC_INC(mn, MPTCPSEC_STAT_REFUSED);
			mptcpsec_sf_set_sec(mn, sf, MPTCPSEC_SECURITY_REFUSED);
			mptcpsec_send_reset(state->net, skb, sf->tuple.family,
					    state->hook);
			mptcpsec_subflow_forget(mn, sf);
			return NF_DROP;
		}
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_FALLBACKS);
		mptcpsec_sf_set_sec(mn, sf, MPTCPSEC_SECURITY_FALLBACK);
		return NF_ACCEPT;
	}

	/*
	 * Bounds before any expensive work: the source's rate, and room
	 * (now, or by eviction when the state is published).
	 */
	spin_lock_bh(&mn->lock);
	if ((mn->nhandshakes >= READ_ONCE(mptcpsec_max_handshakes) &&
	     list_empty(&mn->hs_pending)) || !hs_rate_ok(mn, &sf->tuple)) {
		spin_unlock_bh(&mn->lock);
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_LIMITED);
		goto drop_forget;
	}
	spin_unlock_bh(&mn->lock);

	if (mptcpsec_skb_make_private(skb, 0, 0))
		goto drop_forget;
	payload = skb->data + skb->len - pkt->payload;
	if (mptcpsec_share_parse(payload, pkt->payload, MPTCPSEC_SHARE_OFFER,
				 MPTCPSEC_TEP_X25519_CHACHAPOLY, &share) ||
	    pkt->payload > sizeof(hs->share_in)) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_FAILURES);
		goto drop_forget;
	}

	hs = hs_alloc(mn, conn);
	if (!hs) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_FAILURES);
		goto drop_forget;
	}
	hs_build_share(hs, MPTCPSEC_SHARE_ANSWER);
	if (!hs_shared(hs, share.pub, false)) {
		/* Small-order key: the peer would learn nothing, nor would we. */
		hs_destroy(hs);
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_FAILURES);
		goto drop_forget;
	}
	/* The transcript covers the share as sent, extensions included. */
	memcpy(hs->share_in, payload, pkt->payload);
	hs->share_in_len = pkt->payload;
	hs->eno_syn_len = min_t(unsigned int, o->eno.len, sizeof(hs->eno_syn));
	memcpy(hs->eno_syn, pkt->optbuf + o->eno.off, hs->eno_syn_len);
	mpc_bytes(o, hs->mpc_syn);

	spin_lock_bh(&mn->lock);
	old = rcu_dereference_protected(sf->hs, lockdep_is_held(&mn->lock));
	if (old || sf->dead) {
		spin_unlock_bh(&mn->lock);
		hs_destroy(hs);
		return NF_DROP;
	}
	if (!hs_make_room(mn)) {
		spin_unlock_bh(&mn->lock);
		hs_destroy(hs);
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_LIMITED);
		goto drop_forget;
	}
	sf->isn_remote = ntohl(tcp_hdr(skb)->seq);
	rcu_assign_pointer(sf->hs, hs);
	hs->sf = sf;
	list_add_tail(&hs->pending, &mn->hs_pending);
	mn->nhandshakes++;
	WRITE_ONCE(sf->sec, MPTCPSEC_SECURITY_NEGOTIATING);
	WRITE_ONCE(conn->sec, MPTCPSEC_SECURITY_NEGOTIATING);
	spin_unlock_bh(&mn->lock);
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_HANDSHAKES);

	return syn_strip(skb, thoff, o, pkt->payload) ? NF_DROP : NF_ACCEPT;

drop_forget:
	mptcpsec_subflow_forget(mn, sf);
	return NF_DROP;
}

/**
 * mptcpsec_hs_synack_keys() - B: derive the keys when the SYN-ACK leaves
 * @mn: namespace state
 * @sf: the subflow, with handshake state
 * @skb: the SYN-ACK as TCP wrote it
 * @thoff: offset of the TCP header
 *
 * The transcript is complete once the SYN-ACK's MP_CAPABLE bytes are known.
 *
 * Return: true when the subflow has keys.
 */
bool mptcpsec_hs_synack_keys(struct mptcpsec_net *mn,
			     struct mptcpsec_subflow *sf, struct sk_buff *skb,
			     unsigned int thoff)
{
	struct mptcpsec_transcript t = {};
	struct mptcpsec_tcpopts o;
	struct mptcpsec_hs *hs;
	u8 buf[MPTCPSEC_TCPOPT_MAX_LEN];
	unsigned int len;

	if (rcu_access_pointer(sf->crypto))
		return true;
	hs = rcu_dereference(sf->hs);
	if (!hs || mptcpsec_skb_opts(skb, thoff, buf, &len, &o) ||
	    !mptcpsec_tcpopt_has(&o, MPTCPSEC_MPTCP_MPC))
		return false;

	t.eno_syn = hs->eno_syn;
	t.eno_syn_len = hs->eno_syn_len;
	t.share_syn = hs->share_in;
	t.share_syn_len = hs->share_in_len;
	memcpy(t.mpc_syn, hs->mpc_syn, 2);
	t.eno_synack = mptcpsec_eno_ours;
	t.eno_synack_len = sizeof(mptcpsec_eno_ours);
	t.share_synack = hs->share_out;
	t.share_synack_len = MPTCPSEC_SHARE_LEN;
	mpc_bytes(&o, t.mpc_synack);

	spin_lock_bh(&mn->lock);
	if (!sf->isn_local)
		sf->isn_local = ntohl(tcp_hdr(skb)->seq);
	spin_unlock_bh(&mn->lock);
	return !hs_install_keys(mn, sf, hs, &t, false);
}

/**
 * mptcpsec_hs_synack_in() - A: the SYN-ACK answering our offer
 * @mn: namespace state
 * @pkt: the segment as parsed by the hook; @pkt->sf is its subflow
 * @skb: the SYN-ACK, skb->data at the IP header
 * @thoff: offset of the TCP header
 * @state: the hook state
 *
 * Without ENO: fallback (prefer) or refusal (require). With ENO: X25519,
 * key schedule, verification of the SYN-ACK's tag; any failure aborts.
 * On success the SYN-ACK reaches TCP without ENO, share or MPTCPsec
 * option, and with B's MPTCP key restored.
 *
 * Return: a netfilter verdict.
 */
unsigned int mptcpsec_hs_synack_in(struct mptcpsec_net *mn,
				   struct mptcpsec_pkt *pkt,
				   struct sk_buff *skb, unsigned int thoff,
				   const struct nf_hook_state *state)
{
	struct mptcpsec_subflow *sf = pkt->sf;
	const struct mptcpsec_tcpopts *o = &pkt->opts;
	struct mptcpsec_conn *conn = sf->conn;
	struct mptcpsec_transcript t = {};
	struct mptcpsec_share share;
	struct mptcpsec_hs *hs;
	const u8 *payload;
	int err;

	hs = rcu_dereference(sf->hs);
	if (!hs)
		return NF_ACCEPT;
	if (nf_checksum(skb, state->hook, thoff, IPPROTO_TCP, sf->tuple.family)) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_BAD_CSUM);
		return NF_DROP;
	}
	if (!mptcpsec_pkt_opts(mn, pkt)) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_FAILURES);
		return NF_DROP;
	}

	if ((!o->eno.len || !eno_has_ours(o)) &&
	    (o->secopt.count || pkt->payload)) {
		/*
		 * B negotiated (its SYN-ACK carries a tag or a share) but
		 * the ENO option did not arrive: a middlebox stripped it.
		 * Falling back would leave B waiting for protected
		 * segments; fail cleanly instead, whatever the policy.
		 */
		return hs_abort(mn, sf, skb, thoff, state,
				MPTCPSEC_SECURITY_FAILED,
				MPTCPSEC_STAT_HS_FAILURES);
	}
	if (!o->eno.len || !eno_has_ours(o) ||
	    !mptcpsec_tcpopt_has(o, MPTCPSEC_MPTCP_MPC)) {
		/* The peer does not speak MPTCPsec (or not even MPTCP). */
		if (conn->mode == MPTCPSEC_MODE_REQUIRE)
			return hs_abort(mn, sf, skb, thoff, state,
					MPTCPSEC_SECURITY_REFUSED,
					MPTCPSEC_STAT_REFUSED);
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_FALLBACKS);
		mptcpsec_sf_set_sec(mn, sf, MPTCPSEC_SECURITY_FALLBACK);
		return NF_ACCEPT;
	}

	/* Negotiated: from here on every failure aborts. */
	if (o->eno.ntep != 1 || mptcpsec_skb_make_private(skb, 0, 0))
		goto fail;
	payload = skb->data + skb->len - pkt->payload;
	if (mptcpsec_share_parse(payload, pkt->payload, MPTCPSEC_SHARE_ANSWER,
				 MPTCPSEC_TEP_X25519_CHACHAPOLY, &share))
		goto fail;
	if (!hs_shared(hs, share.pub, true))
		goto fail;

	t.eno_syn = hs->eno_syn;
	t.eno_syn_len = hs->eno_syn_len;
	t.share_syn = hs->share_out;
	t.share_syn_len = MPTCPSEC_SHARE_LEN;
	memcpy(t.mpc_syn, hs->mpc_syn, 2);
	t.eno_synack = pkt->optbuf + o->eno.off;
	t.eno_synack_len = o->eno.len;
	t.share_synack = payload;
	t.share_synack_len = pkt->payload;
	mpc_bytes(o, t.mpc_synack);

	spin_lock_bh(&mn->lock);
	sf->isn_remote = ntohl(tcp_hdr(skb)->seq);
	spin_unlock_bh(&mn->lock);
	err = hs_install_keys(mn, sf, hs, &t, true);
	if (err)
		goto fail;

	/* The SYN-ACK's tag proves B derived the same keys. */
	switch (mptcpsec_verify_in(mn, pkt, skb, thoff, state)) {
	case NF_ACCEPT:
		return NF_ACCEPT;
	default:
		return hs_abort(mn, sf, skb, thoff, state,
				MPTCPSEC_SECURITY_FAILED,
				MPTCPSEC_STAT_HS_FAILURES);
	}

fail:
	return hs_abort(mn, sf, skb, thoff, state, MPTCPSEC_SECURITY_FAILED,
			MPTCPSEC_STAT_HS_FAILURES);
}
