// SPDX-License-Identifier: GPL-2.0
/*
 * Per-segment protection of secured subflows (docs/PROTOCOL.md, sections
 * 5-7): on the way out, hide MPTCP keys, rebuild the option area with the
 * MPTCPsec option, encrypt the payload and write the tag; on the way in,
 * verify before anything else, then decrypt, restore and hand the segment
 * to TCP. A secured subflow never sends a segment without protection and
 * TCP never sees one that did not authenticate.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/dst.h>
#include <net/inet_connection_sock.h>
#include <net/inet_sock.h>
#include <net/tcp.h>

#include "mptcpsec.h"
#include "events.h"
#include "hkdf.h"
#include "protect.h"
#include "segment.h"

/* Bytes each secured socket reserves so TCP leaves room for the option. */
#define MPTCPSEC_MSS_RESERVE	16

/**
 * mptcpsec_sf_crypto_new() - protection state for a subflow
 * @tx: traffic key of the direction this host sends
 * @rx: traffic key of the direction this host receives
 *
 * Return: the state, or NULL when out of memory.
 */
struct mptcpsec_sf_crypto *mptcpsec_sf_crypto_new(const u8 tx[32],
						  const u8 rx[32])
{
	struct mptcpsec_sf_crypto *c = kzalloc(sizeof(*c), GFP_ATOMIC);

	if (!c)
		return NULL;
	if (mptcpsec_rekey_init(c, tx, rx)) {
		kfree_sensitive(c);
		return NULL;
	}
	mptcpsec_obj_get(MPTCPSEC_OBJ_CRYPTO);
	atomic64_set(&c->tx_pn, 0);
	spin_lock_init(&c->rx_lock);
	return c;
}

/**
 * mptcpsec_sf_crypto_free() - wipe and free a subflow's protection state
 * @c: the state, or NULL; no reader may still use it
 */
void mptcpsec_sf_crypto_free(struct mptcpsec_sf_crypto *c)
{
	if (!c)
		return;
	mptcpsec_rekey_free(c);
	kfree_sensitive(c);
	mptcpsec_obj_put(MPTCPSEC_OBJ_CRYPTO);
}

/*
 * Hide (egress) or restore (ingress) the MPTCP keys of an option area:
 * XOR with the pad of the host that owns each key.
 */
static void keys_xor(u8 *opts, const struct mptcpsec_tcpopts *o,
		     const struct mptcpsec_conn_crypto *cc, bool a_side,
		     bool egress)
{
	const u8 *mine = a_side ? cc->pad_a : cc->pad_b;
	const u8 *theirs = a_side ? cc->pad_b : cc->pad_a;

	if (mptcpsec_tcpopt_has(o, MPTCPSEC_MPTCP_MPC) && o->mpc.nkeys) {
		/* The first key is the sender's, the second the receiver's. */
		mptcpsec_xor8(opts + o->mpc.key_off, egress ? mine : theirs);
		if (o->mpc.nkeys == 2)
			mptcpsec_xor8(opts + o->mpc.key_off + 8,
				      egress ? theirs : mine);
	}
	/* MP_FASTCLOSE carries the receiver's key. */
	if (mptcpsec_tcpopt_has(o, MPTCPSEC_MPTCP_FASTCLOSE))
		mptcpsec_xor8(opts + o->fastclose_off, egress ? theirs : mine);
}

/* The socket that sent @skb, if it is the subflow's own full socket. */
static struct sock *subflow_sock(struct sk_buff *skb, const struct tcphdr *th)
{
	struct sock *sk = skb->sk;

	if (!sk || !sk_fullsock(sk) || !sk_is_tcp(sk) ||
	    sk->sk_state == TCP_LISTEN)
		return NULL;
	if (inet_sk(sk)->inet_sport != th->source ||
	    inet_sk(sk)->inet_dport != th->dest)
		return NULL;
	return sk;
}

/*
 * First protected segment of a subflow from its own socket: make TCP
 * leave room for the option in every later segment and stop building GSO
 * packets. We run inside TCP's transmit path, which owns the socket.
 */
static void reserve_room(struct mptcpsec_subflow *sf, struct sk_buff *skb,
			 const struct tcphdr *th)
{
	struct sock *sk = subflow_sock(skb, th);
	struct inet_connection_sock *icsk;

	if (!sk || test_and_set_bit(MPTCPSEC_SF_MSS_RESERVED, &sf->flags))
		return;
	icsk = inet_csk(sk);
	sk_gso_disable(sk);
	WRITE_ONCE(sk->sk_gso_max_segs, 1);
	tcp_sk(sk)->gso_segs = 0;
	icsk->icsk_ext_hdr_len += MPTCPSEC_MSS_RESERVE;
	if (icsk->icsk_pmtu_cookie)
		icsk->icsk_sync_mss(sk, icsk->icsk_pmtu_cookie);
}

/**
 * mptcpsec_sf_drop() - count a segment of a subflow that protection dropped
 * @mn: namespace state
 * @sf: the subflow
 * @why: the namespace counter; the subflow counts it as an authentication
 *	failure or as dropped
 *
 * A subflow with more authentication failures than max_auth_failures is
 * compromised (docs/PROTOCOL.md section 6.8): its socket is reset, once,
 * with a protected RST, and MPTCP carries on over the other subflows. The
 * bound also caps the forgeries an attacker may try against the tag.
 */
void mptcpsec_sf_drop(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
		      enum mptcpsec_stat why)
{
	unsigned int max = READ_ONCE(mptcpsec_max_auth_failures);
	s64 n;

	MPTCPSEC_INC(mn, why);
	if (why != MPTCPSEC_STAT_AUTH_FAILURES) {
		atomic64_inc(&sf->dropped);
		return;
	}
	n = atomic64_inc_return(&sf->auth_failures);
	mptcpsec_event_sf(mn, sf, MPTCPSEC_EVENT_AUTH_FAILURE, n);
	if (!max || n <= max ||
	    test_and_set_bit(MPTCPSEC_SF_COMPROMISED, &sf->flags))
		return;
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_SF_COMPROMISED);
	net_info_ratelimited("subflow reset after %lld authentication failures\n",
			     n);
	mptcpsec_event_sf(mn, sf, MPTCPSEC_EVENT_SUBFLOW_RESET, n);
	mptcpsec_sock_reset_async(mn->net, &sf->tuple);
}

/*
 * Protect one private, non-GSO segment in place: linear, or (@src not
 * NULL) private headers whose payload @src is still the shared fragment
 * of mptcpsec_skb_private_head(), read once while sealing. @extra (the
 * SYN-ACK's key share) is appended as payload and authenticated as
 * associated data, not encrypted; it comes only with a linear segment.
 */
static int protect_one(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
		       struct mptcpsec_sf_crypto *c,
		       const struct mptcpsec_conn_crypto *cc,
		       struct sk_buff *skb, unsigned int thoff, const u8 *src,
		       const u8 *extra, unsigned int extra_len)
{
	u8 in[MPTCPSEC_TCPOPT_MAX_LEN], out[MPTCPSEC_TCPOPT_MAX_LEN];
	u8 adh[20], ado[MPTCPSEC_TCPOPT_MAX_LEN], tag[MPTCPSEC_TAG_LEN];
	bool a_side = sf->conn->role == MPTCPSEC_ROLE_ACTIVE;
	struct mptcpsec_rebuild how = {
		.drop_ts = true, .add_secopt = true, .compact = true,
	};
	unsigned int inlen, outlen, secoff, dropped, compacted, hlen, plen;
	struct mptcpsec_buf ad[3];
	struct mptcpsec_txkey *txk;
	struct mptcpsec_tcpopts o;
	struct tcphdr *th;
	u64 pn;

	th = (struct tcphdr *)(skb->data + thoff);
	plen = skb->len - thoff - th->doff * 4;
	if (plen && !extra)
		mptcpsec_rekey_tx(mn, sf, c, ntohl(th->seq), plen);
	txk = rcu_dereference(c->tx);

	if (mptcpsec_skb_opts(skb, thoff, in, &inlen, &o)) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_MALFORMED);
		return -EINVAL;
	}
	keys_xor(in, &o, cc, a_side, true);

	if (extra) {
		/* B's SYN-ACK: ENO is part of the answer. */
		how.eno = mptcpsec_eno_ours;
		how.eno_len = sizeof(mptcpsec_eno_ours);
	} else if (a_side && mptcpsec_tcpopt_has(&o, MPTCPSEC_MPTCP_MPC) &&
		   o.mpc.nkeys == 2) {
		/* A's third ACK and first data repeat ENO when it fits. */
		how.eno = mptcpsec_eno_ours;
		how.eno_len = sizeof(mptcpsec_eno_ours);
		how.eno_optional = true;
	}
	pn = atomic64_inc_return(&c->tx_pn) - 1;
	how.pnf = mptcpsec_pnf(pn, txk->phase);
	if (mptcpsec_opts_rebuild(in, inlen, &how, out, &outlen, &secoff,
				  &dropped, &compacted)) {
		memzero_explicit(in, sizeof(in));
		return -ENOSPC;
	}
	memzero_explicit(in, sizeof(in));
	if (mptcpsec_skb_set_options(skb, thoff, out, outlen) ||
	    (extra && mptcpsec_skb_append(skb, extra, extra_len)))
		return -ENOMEM;

	th = (struct tcphdr *)(skb->data + thoff);
	hlen = thoff + sizeof(*th) + outlen;
	plen = skb->len - hlen - extra_len;
	mptcpsec_ad_header((const u8 *)th, sf->isn_local, sf->isn_remote, adh);
	if (mptcpsec_ad_options(out, outlen, secoff, sf->isn_remote, ado))
		return -EINVAL;
	ad[0] = (struct mptcpsec_buf){ adh, sizeof(adh) };
	ad[1] = (struct mptcpsec_buf){ ado, outlen };
	ad[2] = (struct mptcpsec_buf){ skb->data + hlen + plen, extra_len };
	if (src) {
		mptcpsec_aead_seal_to(&txk->k, pn, ad, 2, skb->data + hlen, src,
				      plen, tag);
		mptcpsec_skb_frag_done(skb);
	} else {
		mptcpsec_aead_seal(&txk->k, pn, ad, extra ? 3 : 2,
				   skb->data + hlen, plen, tag);
	}
	memcpy(skb->data + thoff + sizeof(*th) + secoff + 6, tag, sizeof(tag));
	if (plen)
		atomic64_add(plen, &c->tx_bytes);
	if (compacted)
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_OPTS_COMPACTED);

	mptcpsec_skb_fix_ip(skb, sf->tuple.family);
	mptcpsec_skb_csum_partial(skb, thoff, sf->tuple.family);
	atomic64_inc(&sf->protected);
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_PROTECTED);
	return 0;
}

/*
 * Make @skb private for protect_one(): a TCP-built data segment keeps its
 * payload fragment (*@src), anything else becomes linear.
 */
static int make_private(struct sk_buff *skb, unsigned int thoff,
			unsigned int extra_len, const u8 **src)
{
	*src = NULL;
	if (!extra_len) {
		*src = mptcpsec_skb_private_head(skb, thoff,
						 MPTCPSEC_TCPOPT_MAX_LEN);
		if (IS_ERR(*src))
			return PTR_ERR(*src);
		if (*src)
			return 0;
	}
	return mptcpsec_skb_make_private(skb, MPTCPSEC_TCPOPT_MAX_LEN, extra_len);
}

static unsigned int path_mtu(const struct sk_buff *skb)
{
	const struct dst_entry *dst = skb_dst(skb);

	return dst ? dst_mtu(dst) : 0;
}

/*
 * A GSO packet, or one that would exceed the path MTU once protected:
 * split it in software into segments that fit, protect each and send it
 * on; the original is consumed (NF_STOLEN).
 */
static unsigned int protect_split(struct mptcpsec_net *mn,
				  struct mptcpsec_subflow *sf,
				  struct mptcpsec_sf_crypto *c,
				  const struct mptcpsec_conn_crypto *cc,
				  struct sk_buff *skb, unsigned int thoff,
				  unsigned int mtu,
				  const struct nf_hook_state *state)
{
	const struct tcphdr *th = (const struct tcphdr *)(skb->data + thoff);
	unsigned int payload = skb->len - thoff - th->doff * 4;
	unsigned int mss = skb_is_gso(skb) ? skb_shinfo(skb)->gso_size : payload;
	struct sk_buff *segs, *seg, *next;
	int err;

	/* Room for the largest option area on every segment. */
	if (mtu && mtu > thoff + sizeof(*th) + MAX_TCP_OPTION_SPACE + 64)
		mss = min(mss, mtu - thoff - (unsigned int)sizeof(*th) -
			  MAX_TCP_OPTION_SPACE);
	if (!payload || mss < 64)
		goto drop;
	/* Our own copy: the GSO fields below must not reach TCP's skb. */
	if (mptcpsec_skb_make_private(skb, 0, 0))
		goto drop;
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		mptcpsec_skb_csum_partial(skb, thoff, sf->tuple.family);
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_type = sf->tuple.family == AF_INET ?
				    SKB_GSO_TCPV4 : SKB_GSO_TCPV6;
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(payload, mss);

	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs))
		goto drop;
	consume_skb(skb);
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_SW_SEGMENTED);

	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		err = mptcpsec_skb_make_private(seg, MPTCPSEC_TCPOPT_MAX_LEN, 0);
		if (!err)
			err = protect_one(mn, sf, c, cc, seg, thoff, NULL, NULL, 0);
		if (err) {
			mptcpsec_sf_drop(mn, sf, err == -ENOSPC ? MPTCPSEC_STAT_NO_ROOM :
				MPTCPSEC_STAT_UNPROTECTED);
			kfree_skb(seg);
			continue;
		}
		state->okfn(state->net, state->sk, seg);
	}
	return NF_STOLEN;

drop:
	mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_UNPROTECTED);
	return NF_DROP;
}

/**
 * mptcpsec_protect_out() - protect an outgoing segment of a secured subflow
 * @mn: namespace state
 * @pkt: the segment as parsed by the hook; @pkt->sf is its subflow
 * @skb: the segment, skb->data at the IP header
 * @thoff: offset of the TCP header
 * @state: the hook state (for software segmentation)
 *
 * Segments of subflows without keys pass unchanged. B's SYN-ACK gets its
 * keys derived here, then the answer share and its tag.
 *
 * Return: NF_ACCEPT, NF_DROP (counted) or NF_STOLEN (split and sent).
 */
unsigned int mptcpsec_protect_out(struct mptcpsec_net *mn,
				  struct mptcpsec_pkt *pkt,
				  struct sk_buff *skb, unsigned int thoff,
				  const struct nf_hook_state *state)
{
	struct mptcpsec_subflow *sf = pkt->sf;
	const struct mptcpsec_conn_crypto *cc;
	struct mptcpsec_sf_crypto *c;
	const u8 *extra = NULL, *src;
	unsigned int extra_len = 0, mtu, newlen;
	struct mptcpsec_hs *hs = NULL;
	u8 sec;
	int err;

	if (!sf || (pkt->syn && !pkt->ack))
		return NF_ACCEPT;
	sec = READ_ONCE(sf->sec);
	if (sec == MPTCPSEC_SECURITY_FAILED || sec == MPTCPSEC_SECURITY_REFUSED ||
	    sec == MPTCPSEC_SECURITY_NONE || sec == MPTCPSEC_SECURITY_FALLBACK)
		return NF_ACCEPT;

	if (pkt->syn && sf->kind == MPTCPSEC_KIND_MP_JOIN) {
		/* A join SYN-ACK: its random number completes the keys. */
		if (sf->role != MPTCPSEC_ROLE_PASSIVE ||
		    !mptcpsec_join_synack_keys(mn, sf, skb, thoff)) {
			mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_HS_FAILURES);
			return NF_DROP;
		}
	} else if (pkt->syn) {
		/* B's SYN-ACK (and its retransmissions). */
		hs = rcu_dereference(sf->hs);
		if (!hs || sf->role != MPTCPSEC_ROLE_PASSIVE ||
		    !mptcpsec_hs_synack_keys(mn, sf, skb, thoff)) {
			mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_HS_FAILURES);
			return NF_DROP;
		}
		extra = hs->share_out;
		extra_len = MPTCPSEC_SHARE_LEN;
	}
	c = rcu_dereference(sf->crypto);
	cc = rcu_dereference(sf->conn->secrets);
	if (!c || !cc) {
		/*
		 * Negotiating without keys: nothing may leave but a bare
		 * reset, the stack refusing the SYN (a join over the subflow
		 * limit, a SYN it cannot take). It carries nothing to protect
		 * and the peer, without keys either, accepts it the same way;
		 * dropped, it would leave the peer retrying its SYN.
		 */
		if (pkt->rst && !pkt->payload)
			return NF_ACCEPT;
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_UNPROTECTED);
		return NF_DROP;
	}
	if (skb_network_offset(skb)) {
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_UNPROTECTED);
		return NF_DROP;
	}

	reserve_room(sf, skb, (const struct tcphdr *)(skb->data + thoff));

	mtu = path_mtu(skb);
	newlen = skb->len + MPTCPSEC_SECOPT_LEN + 2 + extra_len;
	if (skb_is_gso(skb) || (mtu && newlen > mtu && pkt->payload))
		return protect_split(mn, sf, c, cc, skb, thoff, mtu, state);

	err = make_private(skb, thoff, extra_len, &src);
	if (!err)
		err = protect_one(mn, sf, c, cc, skb, thoff, src, extra, extra_len);
	if (err) {
		mptcpsec_sf_drop(mn, sf, err == -ENOSPC ? MPTCPSEC_STAT_NO_ROOM :
			MPTCPSEC_STAT_UNPROTECTED);
		return NF_DROP;
	}
	return NF_ACCEPT;
}

/* Caller: a segment authenticated; the first one completes the handshake. */
/**
 * mptcpsec_protect_linear() - protect one data segment of a secured subflow
 * @mn: namespace state whose counters the segment is counted in
 * @sf: the subflow; its keys and packet numbers are used and advanced
 * @skb: the segment, IP header at @skb->data, no GSO, not yet private
 * @thoff: offset of its TCP header
 *
 * What mptcpsec_protect_out() does to a data segment that needs no
 * splitting, without the checks that lead there. The in-module
 * microbenchmark times it on a private subflow. Caller holds
 * rcu_read_lock() with bottom halves disabled.
 *
 * Return: 0, or a negative errno; @skb is left to the caller either way.
 */
int mptcpsec_protect_linear(struct mptcpsec_net *mn,
			    struct mptcpsec_subflow *sf, struct sk_buff *skb,
			    unsigned int thoff)
{
	const struct mptcpsec_conn_crypto *cc;
	struct mptcpsec_sf_crypto *c;
	const u8 *src;
	int err;

	c = rcu_dereference(sf->crypto);
	cc = rcu_dereference(sf->conn->secrets);
	if (!c || !cc)
		return -ENOKEY;
	err = make_private(skb, thoff, 0, &src);
	if (err)
		return err;
	return protect_one(mn, sf, c, cc, skb, thoff, src, NULL, 0);
}

static void sf_secured(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf)
{
	bool first = false;

	if (READ_ONCE(sf->sec) == MPTCPSEC_SECURITY_SECURED)
		return;
	spin_lock_bh(&mn->lock);
	if (sf->sec == MPTCPSEC_SECURITY_NEGOTIATING) {
		WRITE_ONCE(sf->sec, MPTCPSEC_SECURITY_SECURED);
		if (sf->kind == MPTCPSEC_KIND_MP_CAPABLE)
			WRITE_ONCE(sf->conn->sec, MPTCPSEC_SECURITY_SECURED);
		first = true;
	}
	spin_unlock_bh(&mn->lock);
	if (first) {
		mptcpsec_hs_retire(mn, sf);
		mptcpsec_event_sf(mn, sf, MPTCPSEC_EVENT_SUBFLOW_SECURED, 0);
		if (sf->kind == MPTCPSEC_KIND_MP_CAPABLE) {
			MPTCPSEC_INC(mn, MPTCPSEC_STAT_CONNS_SECURED);
			mptcpsec_event_sf(mn, sf, MPTCPSEC_EVENT_CONN_SECURED, 0);
		}
	}
}

/*
 * An ADD_ADDR that travelled without its HMAC (section 6.4): compute it
 * as the sender's stack did, HMAC-SHA256 keyed by the sender's then the
 * receiver's MPTCP key over ID, address and port, and put its rightmost
 * 64 bits back so that the stack's own check passes.
 */
static int addaddr_restore(struct mptcpsec_conn *conn, u8 *opts,
			   unsigned int len, const u8 *rcvd,
			   const struct mptcpsec_tcpopts *o)
{
	u8 key[16], msg[MPTCPSEC_ADDADDR_MSG_MAX], mac[MPTCPSEC_HASH_LEN];
	unsigned int msglen;
	int err;

	if (!READ_ONCE(conn->has_lkey) || !READ_ONCE(conn->has_rkey))
		return -ENOKEY;
	msglen = mptcpsec_addaddr_msg(rcvd, len, o, msg);
	if (!msglen)
		return -EINVAL;
	put_unaligned_be64(conn->rkey, key);
	put_unaligned_be64(conn->lkey, key + 8);
	mptcpsec_hmac_sha256(key, sizeof(key), msg, msglen, mac);
	err = mptcpsec_opts_addaddr_restore(opts, len,
					    mac + MPTCPSEC_HASH_LEN - 8);
	memzero_explicit(key, sizeof(key));
	memzero_explicit(mac, sizeof(mac));
	return err;
}

/**
 * mptcpsec_verify_in() - authenticate and decrypt an incoming segment
 * @mn: namespace state
 * @pkt: the segment as parsed by the hook; @pkt->sf is its subflow
 * @skb: the segment, skb->data at the IP header
 * @thoff: offset of the TCP header
 * @state: the hook state
 *
 * Order: checksum, exactly one MPTCPsec option, packet number and replay
 * window, tag. Only then is anything changed: payload decrypted, keys
 * restored, MPTCPsec and ENO options replaced by NOPs, a SYN-ACK's share
 * removed, checksum marked verified. Segments of subflows without keys
 * pass unchanged.
 *
 * Return: NF_ACCEPT or NF_DROP (counted).
 */
unsigned int mptcpsec_verify_in(struct mptcpsec_net *mn,
				struct mptcpsec_pkt *pkt, struct sk_buff *skb,
				unsigned int thoff,
				const struct nf_hook_state *state)
{
	struct mptcpsec_subflow *sf = pkt->sf;
	const struct mptcpsec_tcpopts *o = &pkt->opts;
	/* The hook's copy of the option area, as received. */
	const u8 *buf = pkt->optbuf;
	unsigned int optlen = pkt->opt_len;
	const struct mptcpsec_conn_crypto *cc;
	unsigned int hlen, plen;
	struct mptcpsec_sf_crypto *c;
	enum mptcpsec_rx_gen gen = MPTCPSEC_RX_CUR;
	struct mptcpsec_aead_key key;
	unsigned int phase_bit;
	struct mptcpsec_seg_in seg;
	bool a_side, rotated = false;
	struct tcphdr *th;
	u64 pn;
	u8 *opts;
	int err;

	if (!sf)
		return NF_ACCEPT;
	c = rcu_dereference(sf->crypto);
	cc = rcu_dereference(sf->conn->secrets);
	if (!c || !cc)
		return NF_ACCEPT;
	a_side = sf->conn->role == MPTCPSEC_ROLE_ACTIVE;

	if (skb_is_gso(skb) || skb_network_offset(skb)) {
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_UNPROTECTED);
		return NF_DROP;
	}
	if (nf_checksum(skb, state->hook, thoff, IPPROTO_TCP, sf->tuple.family)) {
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_BAD_CSUM);
		return NF_DROP;
	}
	if (mptcpsec_skb_make_private(skb, 0, 0)) {
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_UNPROTECTED);
		return NF_DROP;
	}
	th = (struct tcphdr *)(skb->data + thoff);
	hlen = thoff + th->doff * 4;
	if (th->doff < 5 || hlen > skb->len) {
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_UNPROTECTED);
		return NF_DROP;
	}
	opts = skb->data + thoff + sizeof(*th);
	if (!mptcpsec_pkt_opts(mn, pkt) || o->secopt.count != 1) {
		/* An aborting A resets B's half-open subflow without a tag. */
		if (th->rst && !a_side &&
		    READ_ONCE(sf->sec) == MPTCPSEC_SECURITY_NEGOTIATING &&
		    ntohl(th->seq) == sf->isn_remote + 1) {
			MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_FAILURES);
			mptcpsec_sf_set_sec(mn, sf, MPTCPSEC_SECURITY_FAILED);
			return NF_ACCEPT;
		}
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_UNPROTECTED);
		return NF_DROP;
	}
	phase_bit = mptcpsec_pnf_phase(o->secopt.pnf);

	spin_lock_bh(&c->rx_lock);
	pn = mptcpsec_pn_recover(c->replay.largest, c->replay.have,
				 mptcpsec_pnf_truncated(o->secopt.pnf));
	err = mptcpsec_replay_check(&c->replay, pn);
	if (!err)
		gen = mptcpsec_rekey_rx_key(c, phase_bit, pn, &key);
	spin_unlock_bh(&c->rx_lock);
	if (err) {
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_REPLAYS);
		return NF_DROP;
	}

	plen = skb->len - hlen;
	seg = (struct mptcpsec_seg_in){
		.th = (const u8 *)th, .opts = buf, .optlen = optlen,
		.secopt_off = o->secopt.off, .tag_off = o->secopt.tag_off,
		.payload = skb->data + hlen, .plen = plen, .syn = th->syn,
	};
	err = mptcpsec_segment_open(&key, pn, sf->isn_remote, sf->isn_local,
				    &seg);
	if (err == -EINVAL) {
		memzero_explicit(&key, sizeof(key));
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_UNPROTECTED);
		return NF_DROP;
	}
	if (err) {
		memzero_explicit(&key, sizeof(key));
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_AUTH_FAILURES);
		net_dbg_ratelimited("segment failed authentication\n");
		return NF_DROP;
	}
	memzero_explicit(&key, sizeof(key));
	spin_lock_bh(&c->rx_lock);
	err = mptcpsec_replay_check(&c->replay, pn);
	if (!err) {
		mptcpsec_replay_mark(&c->replay, pn);
		rotated = mptcpsec_rekey_rx_done(c, gen, phase_bit, pn);
	}
	spin_unlock_bh(&c->rx_lock);
	if (err) {
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_REPLAYS);
		return NF_DROP;
	}
	atomic64_inc(&sf->verified);
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_VERIFIED);
	sf_secured(mn, sf);
	if (rotated) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_REKEYS_RX);
		mptcpsec_event_sf(mn, sf, MPTCPSEC_EVENT_REKEY,
				  MPTCPSEC_EVENT_REKEY_ARG(MPTCPSEC_EVENT_DIR_RX,
							   READ_ONCE(c->rx_phase)));
	}
	if (th->ack)
		mptcpsec_rekey_tx_acked(c, ntohl(th->ack_seq));

	/* What TCP and MPTCP see: their own options and the plaintext. */
	keys_xor(opts, o, cc, a_side, false);
	mptcpsec_opts_nop_out(opts, optlen, o->secopt.off, MPTCPSEC_SECOPT_LEN);
	if (o->eno.len)
		mptcpsec_opts_nop_out(opts, optlen, o->eno.off, o->eno.len);
	if (mptcpsec_tcpopt_has(o, MPTCPSEC_MPTCP_ADD_ADDR) &&
	    !o->addaddr.echo && !o->addaddr.hmac &&
	    addaddr_restore(sf->conn, opts, optlen, buf, o)) {
		/* Authentic but unusable: the stack would drop it too. */
		mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_MALFORMED);
		return NF_DROP;
	}
	if (th->syn && plen) {
		mptcpsec_skb_trim(skb, hlen);
		mptcpsec_skb_fix_ip(skb, sf->tuple.family);
	}
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return NF_ACCEPT;
}
