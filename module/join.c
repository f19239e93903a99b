// SPDX-License-Identifier: GPL-2.0
/*
 * MP_JOIN subflows of secured connections (docs/PROTOCOL.md, section 10).
 *
 * The join SYN carries an MPTCPsec option whose tag is keyed by the
 * connection's join key, so a host without the connection's secrets
 * cannot add a subflow: its SYN is dropped before the stack sees it. The
 * subflow's traffic keys bind the two MP_JOIN random numbers; from the
 * SYN-ACK on, its segments are protected like those of the initial
 * subflow.
 */
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/tcp.h>

#include "hkdf.h"
#include "keylog.h"
#include "mptcpsec.h"
#include "protect.h"

/* Key of the join SYNs one end of the connection sends. */
static void join_syn_key(const struct mptcpsec_conn_crypto *cc, bool from_a,
			 struct mptcpsec_aead_key *ak)
{
	u8 k[32];

	mptcpsec_hkdf_expand_label(cc->join_key, from_a ?
				   "mptcpsec1 join syn a>b" :
				   "mptcpsec1 join syn b>a", NULL, 0, k, sizeof(k));
	mptcpsec_aead_setkey(ak, k);
	memzero_explicit(k, sizeof(k));
}

static void put_nonce(u8 out[4], u32 nonce)
{
	out[0] = nonce >> 24;
	out[1] = nonce >> 16;
	out[2] = nonce >> 8;
	out[3] = nonce;
}

/* Derive and publish the subflow's traffic keys once both nonces are known. */
static int join_install(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
			const struct mptcpsec_conn_crypto *cc)
{
	bool initiator = sf->role == MPTCPSEC_ROLE_ACTIVE;
	const u8 *ri = initiator ? sf->join_nonce_local : sf->join_nonce_remote;
	const u8 *rr = initiator ? sf->join_nonce_remote : sf->join_nonce_local;
	struct mptcpsec_sf_crypto *c;
	u8 kir[32], kri[32];
	int err = 0;

	mptcpsec_traffic_key_join(cc->conn_key, true, ri, rr, kir);
	mptcpsec_traffic_key_join(cc->conn_key, false, ri, rr, kri);

	c = initiator ? mptcpsec_sf_crypto_new(kir, kri) :
			mptcpsec_sf_crypto_new(kri, kir);
	if (!c) {
		err = -ENOMEM;
		goto out_wipe;
	}
	spin_lock_bh(&mn->lock);
	if (sf->dead || rcu_access_pointer(sf->crypto)) {
		spin_unlock_bh(&mn->lock);
		mptcpsec_sf_crypto_free(c);
		err = sf->dead ? -ENOENT : 0;
		goto out_wipe;
	}
	rcu_assign_pointer(sf->crypto, c);
	spin_unlock_bh(&mn->lock);
	mptcpsec_keylog_sf(mn, sf, cc, kir, kri, false);
out_wipe:
	memzero_explicit(kir, sizeof(kir));
	memzero_explicit(kri, sizeof(kri));
	return err;
}

/**
 * mptcpsec_join_syn_out() - authenticate an outgoing join SYN
 * @mn: namespace state
 * @pkt: the segment as parsed by the hook; @pkt->sf is its subflow
 * @skb: the SYN, skb->data at the IP header
 * @thoff: offset of the TCP header
 *
 * Joins of connections without MPTCPsec pass unchanged; a join of a
 * secured connection leaves with its tag, or not at all.
 *
 * Return: a netfilter verdict.
 */
unsigned int mptcpsec_join_syn_out(struct mptcpsec_net *mn,
				   struct mptcpsec_pkt *pkt,
				   struct sk_buff *skb, unsigned int thoff)
{
	struct mptcpsec_subflow *sf = pkt->sf;
	struct mptcpsec_rebuild how = { .drop_ts = true, .add_secopt = true };
	u8 out[MPTCPSEC_TCPOPT_MAX_LEN], ado[MPTCPSEC_TCPOPT_MAX_LEN], adh[20];
	unsigned int outlen, secoff, dropped;
	const struct mptcpsec_conn_crypto *cc;
	struct mptcpsec_conn *conn = sf->conn;
	struct mptcpsec_aead_key ak;
	struct mptcpsec_buf ad[2];
	u8 tag[MPTCPSEC_TAG_LEN];
	u64 pn;

	if (READ_ONCE(sf->sec) != MPTCPSEC_SECURITY_NEGOTIATING)
		return NF_ACCEPT;
	cc = rcu_dereference(conn->secrets);
	if (!cc || !mptcpsec_pkt_opts(mn, pkt) || pkt->payload ||
	    pkt->opts.mpj.form != MPTCPSEC_MPJ_SYN)
		goto drop;

	spin_lock_bh(&mn->lock);
	sf->isn_local = ntohl(tcp_hdr(skb)->seq);
	put_nonce(sf->join_nonce_local, pkt->opts.mpj.nonce);
	spin_unlock_bh(&mn->lock);

	pn = atomic64_inc_return(&conn->join_tx_pn) - 1;
	how.pnf = mptcpsec_pnf(pn, 0);
	if (mptcpsec_opts_rebuild(pkt->optbuf, pkt->opt_len, &how, out, &outlen,
				  &secoff, &dropped, NULL) ||
	    mptcpsec_skb_make_private(skb, MPTCPSEC_TCPOPT_MAX_LEN, 0) ||
	    mptcpsec_skb_set_options(skb, thoff, out, outlen))
		goto drop;

	mptcpsec_ad_header(skb->data + thoff, sf->isn_local, 0, adh);
	if (mptcpsec_ad_options(out, outlen, secoff, 0, ado))
		goto drop;
	ad[0] = (struct mptcpsec_buf){ adh, sizeof(adh) };
	ad[1] = (struct mptcpsec_buf){ ado, outlen };
	join_syn_key(cc, conn->role == MPTCPSEC_ROLE_ACTIVE, &ak);
	mptcpsec_aead_seal(&ak, pn, ad, 2, NULL, 0, tag);
	memzero_explicit(&ak, sizeof(ak));
	memcpy(skb->data + thoff + sizeof(struct tcphdr) + secoff +
	       MPTCPSEC_SECOPT_TAG_OFF, tag, sizeof(tag));
	mptcpsec_skb_fix_ip(skb, sf->tuple.family);
	mptcpsec_skb_csum_partial(skb, thoff, sf->tuple.family);
	atomic64_inc(&sf->protected);
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_PROTECTED);
	return NF_ACCEPT;

drop:
	mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_UNPROTECTED);
	return NF_DROP;
}

/**
 * mptcpsec_join_syn_in() - verify an incoming join SYN of a secured connection
 * @mn: namespace state
 * @pkt: the segment as parsed by the hook; @pkt->sf is its new subflow
 * @skb: the SYN, skb->data at the IP header
 * @thoff: offset of the TCP header
 * @state: the hook state
 *
 * A join SYN without a valid tag under the connection's join key is
 * dropped and its subflow forgotten: the stack never allocates anything
 * for it. A valid one reaches TCP without timestamps or MPTCPsec option.
 *
 * Return: a netfilter verdict.
 */
unsigned int mptcpsec_join_syn_in(struct mptcpsec_net *mn,
				  struct mptcpsec_pkt *pkt,
				  struct sk_buff *skb, unsigned int thoff,
				  const struct nf_hook_state *state)
{
	struct mptcpsec_subflow *sf = pkt->sf;
	u8 buf[MPTCPSEC_TCPOPT_MAX_LEN], ado[MPTCPSEC_TCPOPT_MAX_LEN], adh[20];
	const struct mptcpsec_conn_crypto *cc;
	struct mptcpsec_conn *conn = sf->conn;
	struct mptcpsec_tcpopts o;
	struct mptcpsec_aead_key ak;
	struct mptcpsec_buf ad[2];
	enum mptcpsec_stat why = MPTCPSEC_STAT_UNPROTECTED;
	unsigned int optlen;
	u8 *opts;
	bool ok;
	u64 pn;

	if (READ_ONCE(sf->sec) != MPTCPSEC_SECURITY_NEGOTIATING)
		return NF_ACCEPT;
	cc = rcu_dereference(conn->secrets);
	if (!cc)
		goto drop;
	if (nf_checksum(skb, state->hook, thoff, IPPROTO_TCP, sf->tuple.family)) {
		why = MPTCPSEC_STAT_BAD_CSUM;
		goto drop;
	}
	if (mptcpsec_skb_make_private(skb, 0, 0) ||
	    mptcpsec_skb_opts(skb, thoff, buf, &optlen, &o) || o.secopt.count != 1 ||
	    o.mpj.form != MPTCPSEC_MPJ_SYN || pkt->payload)
		goto drop;

	spin_lock_bh(&mn->lock);
	pn = mptcpsec_pn_recover(conn->join_rx.largest, conn->join_rx.have,
				 mptcpsec_pnf_truncated(o.secopt.pnf));
	ok = !mptcpsec_pnf_phase(o.secopt.pnf) &&
	     !mptcpsec_replay_check(&conn->join_rx, pn);
	spin_unlock_bh(&mn->lock);
	if (!ok) {
		why = MPTCPSEC_STAT_REPLAYS;
		goto drop;
	}

	mptcpsec_ad_header(skb->data + thoff, ntohl(tcp_hdr(skb)->seq), 0, adh);
	if (mptcpsec_ad_options(buf, optlen, o.secopt.off, 0, ado))
		goto drop;
	ad[0] = (struct mptcpsec_buf){ adh, sizeof(adh) };
	ad[1] = (struct mptcpsec_buf){ ado, optlen };
	join_syn_key(cc, conn->role != MPTCPSEC_ROLE_ACTIVE, &ak);
	ok = mptcpsec_aead_open(&ak, pn, ad, 2, NULL, 0, buf + o.secopt.tag_off);
	memzero_explicit(&ak, sizeof(ak));
	if (!ok) {
		why = MPTCPSEC_STAT_AUTH_FAILURES;
		goto drop;
	}

	spin_lock_bh(&mn->lock);
	ok = !mptcpsec_replay_check(&conn->join_rx, pn);
	if (ok) {
		mptcpsec_replay_mark(&conn->join_rx, pn);
		sf->isn_remote = ntohl(tcp_hdr(skb)->seq);
		put_nonce(sf->join_nonce_remote, o.mpj.nonce);
	}
	spin_unlock_bh(&mn->lock);
	if (!ok) {
		why = MPTCPSEC_STAT_REPLAYS;
		goto drop;
	}
	atomic64_inc(&sf->verified);
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_VERIFIED);

	opts = skb->data + thoff + sizeof(struct tcphdr);
	mptcpsec_opts_nop_out(opts, optlen, o.secopt.off, MPTCPSEC_SECOPT_LEN);
	if (o.has_ts)
		mptcpsec_opts_nop_out(opts, optlen, o.ts_off, 10);
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return NF_ACCEPT;

drop:
	MPTCPSEC_INC(mn, why);
	mptcpsec_subflow_forget(mn, sf);
	return NF_DROP;
}

/**
 * mptcpsec_join_synack_keys() - keys of a join subflow from its SYN-ACK
 * @mn: namespace state
 * @sf: the join subflow
 * @skb: the SYN-ACK (either direction), skb->data at the IP header
 * @thoff: offset of the TCP header
 *
 * The responder calls it when its SYN-ACK leaves, the initiator when it
 * arrives: the SYN-ACK carries the responder's random number.
 *
 * Return: true when the subflow has keys.
 */
bool mptcpsec_join_synack_keys(struct mptcpsec_net *mn,
			       struct mptcpsec_subflow *sf,
			       struct sk_buff *skb, unsigned int thoff)
{
	const struct mptcpsec_conn_crypto *cc;
	u8 buf[MPTCPSEC_TCPOPT_MAX_LEN];
	struct mptcpsec_tcpopts o;
	unsigned int len;
	bool out = sf->role == MPTCPSEC_ROLE_PASSIVE;

	if (rcu_access_pointer(sf->crypto))
		return true;
	cc = rcu_dereference(sf->conn->secrets);
	if (!cc || mptcpsec_skb_opts(skb, thoff, buf, &len, &o) ||
	    o.mpj.form != MPTCPSEC_MPJ_SYNACK)
		return false;
	spin_lock_bh(&mn->lock);
	if (out) {
		sf->isn_local = ntohl(tcp_hdr(skb)->seq);
		put_nonce(sf->join_nonce_local, o.mpj.nonce);
	} else {
		sf->isn_remote = ntohl(tcp_hdr(skb)->seq);
		put_nonce(sf->join_nonce_remote, o.mpj.nonce);
	}
	spin_unlock_bh(&mn->lock);
	return !join_install(mn, sf, cc);
}
