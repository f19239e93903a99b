// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks, per network namespace, IPv4 and IPv6.
 *
 * Egress: POST_ROUTING at the last priority, after NAT, so the hook sees
 * the segment as it goes on the wire. Ingress: LOCAL_IN before mangle,
 * filter and NAT, so only local traffic is seen, after defragmentation and
 * before TCP. Transit traffic never reaches these hooks.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/mptcp.h>

#include "mptcpsec.h"
#include "protect.h"

#define MPTCPSEC_PRI_IN4	(NF_IP_PRI_MANGLE - 10)
#define MPTCPSEC_PRI_IN6	(NF_IP6_PRI_MANGLE - 10)

/* Fill ports, flags, sizes and (when needed) the options of a segment. */
static int pkt_parse_tcp(struct sk_buff *skb, unsigned int thoff,
			 struct mptcpsec_pkt *pkt)
{
	struct tcphdr _th;
	const struct tcphdr *th;
	unsigned int thlen;
	const u8 *opt;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th)
		return -EINVAL;
	thlen = th->doff * 4;
	if (thlen < sizeof(*th) || thoff + thlen > skb->len)
		return -EINVAL;

	if (pkt->dir == MPTCPSEC_DIR_OUT) {
		pkt->tuple.lport = ntohs(th->source);
		pkt->tuple.rport = ntohs(th->dest);
	} else {
		pkt->tuple.lport = ntohs(th->dest);
		pkt->tuple.rport = ntohs(th->source);
	}
	pkt->syn = th->syn;
	pkt->ack = th->ack;
	pkt->fin = th->fin;
	pkt->rst = th->rst;
	pkt->payload = skb->len - thoff - thlen;
	pkt->segs = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
	if (!pkt->segs)
		pkt->segs = 1;

	pkt->opt_len = thlen - sizeof(*th);
	opt = skb_header_pointer(skb, thoff + sizeof(*th), pkt->opt_len,
				 pkt->optbuf);
	if (!opt)
		return -EINVAL;
	if (opt != pkt->optbuf)
		memcpy(pkt->optbuf, opt, pkt->opt_len);
	/* Parsed later, and only for handshakes and tracked subflows. */
	return 0;
}

/* Start a packet description: the tuple as seen from this host. */
static void pkt_init(struct mptcpsec_pkt *pkt, u8 family, enum mptcpsec_dir dir,
		     const void *saddr, const void *daddr, unsigned int alen)
{
	bool out = dir == MPTCPSEC_DIR_OUT;

	memset(&pkt->tuple, 0, sizeof(pkt->tuple));
	pkt->dir = dir;
	pkt->opts_parsed = false;
	pkt->opts_err = false;
	pkt->sf = NULL;
	pkt->sf_looked = false;
	pkt->drop = false;
	pkt->tuple.family = family;
	memcpy(pkt->tuple.laddr, out ? saddr : daddr, alen);
	memcpy(pkt->tuple.raddr, out ? daddr : saddr, alen);
}

/* The segment changed on its way in: describe it again for tracking. */
static void pkt_reparse(struct sk_buff *skb, unsigned int thoff,
			struct mptcpsec_pkt *pkt)
{
	pkt->opts_parsed = false;
	pkt->opts_err = false;
	if (pkt_parse_tcp(skb, thoff, pkt))
		pkt->opts_err = true;
}

/*
 * A segment the module cannot track (table full, no memory, or an MPTCP
 * socket older than the module) must not pass in clear when the policy
 * for its peer requires MPTCPsec. SYNs: only MP_CAPABLE ones are MPTCP.
 * The stack's replies from no socket (resets, TIME_WAIT ACKs) carry its
 * control socket, a raw socket with IPPROTO_TCP: no tcp_sock to ask.
 */
static bool untracked_required(struct mptcpsec_net *mn, struct sk_buff *skb,
			       struct mptcpsec_pkt *pkt)
{
	struct mptcpsec_policy_entry pol;
	struct sock *sk = skb->sk;

	if (pkt->syn && !pkt->ack) {
		if (!mptcpsec_pkt_opts(mn, pkt) ||
		    !mptcpsec_tcpopt_has(&pkt->opts, MPTCPSEC_MPTCP_MPC))
			return false;
	} else if (pkt->dir != MPTCPSEC_DIR_OUT || !sk || !sk_fullsock(sk) ||
		   !sk_is_tcp(sk) || !sk_is_mptcp(sk)) {
		return false;
	}
	mptcpsec_policy_resolve(mn, pkt->tuple.family, pkt->tuple.raddr,
				pkt->tuple.rport, &pol);
	if (pol.mode != MPTCPSEC_MODE_REQUIRE)
		return false;
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_UNPROTECTED);
	return true;
}

/*
 * Ingress: protection first (verify, decrypt, strip), tracking second, so
 * that nothing unauthenticated changes the state of a secured subflow.
 */
static unsigned int pkt_in(struct mptcpsec_net *mn,
			   const struct nf_hook_state *state,
			   struct sk_buff *skb, unsigned int thoff,
			   struct mptcpsec_pkt *pkt)
{
	struct mptcpsec_subflow *sf;
	unsigned int verdict = NF_ACCEPT;

	if (pkt->syn && !pkt->ack) {
		mptcpsec_conn_track(mn, pkt);
		if (pkt->drop)
			return NF_DROP;
		if (!pkt->sf)
			return untracked_required(mn, skb, pkt) ? NF_DROP : NF_ACCEPT;
		if (READ_ONCE(pkt->sf->sec) == MPTCPSEC_SECURITY_SECURED) {
			/*
			 * Its peer answered the SYN long ago: a SYN on this
			 * 4-tuple is a recorded one, replayed. Neither a new
			 * handshake nor the stack's challenge ACK may follow.
			 */
			mptcpsec_sf_drop(mn, pkt->sf, MPTCPSEC_STAT_REPLAYS);
			return NF_DROP;
		}
		if (pkt->sf->kind == MPTCPSEC_KIND_MP_JOIN)
			return mptcpsec_join_syn_in(mn, pkt, skb, thoff, state);
		return mptcpsec_hs_syn_in(mn, pkt, skb, thoff, state);
	}

	sf = mptcpsec_subflow_lookup(mn, &pkt->tuple);
	pkt->sf = sf;
	pkt->sf_looked = true;
	if (sf) {
		if (rcu_access_pointer(sf->crypto)) {
			verdict = mptcpsec_verify_in(mn, pkt, skb, thoff, state);
		} else if (pkt->syn && rcu_access_pointer(sf->hs) &&
			   sf->role == MPTCPSEC_ROLE_ACTIVE) {
			verdict = mptcpsec_hs_synack_in(mn, pkt, skb, thoff, state);
		} else if (pkt->syn && sf->kind == MPTCPSEC_KIND_MP_JOIN &&
			   sf->role == MPTCPSEC_ROLE_ACTIVE &&
			   READ_ONCE(sf->sec) == MPTCPSEC_SECURITY_NEGOTIATING) {
			/* Join SYN-ACK: its random number completes the keys. */
			if (mptcpsec_join_synack_keys(mn, sf, skb, thoff))
				verdict = mptcpsec_verify_in(mn, pkt, skb, thoff, state);
			else
				verdict = NF_DROP;
			if (verdict != NF_ACCEPT) {
				MPTCPSEC_INC(mn, MPTCPSEC_STAT_HS_FAILURES);
				mptcpsec_subflow_forget(mn, sf);
			}
		} else if (READ_ONCE(sf->sec) == MPTCPSEC_SECURITY_NEGOTIATING &&
			   !pkt->rst) {
			/* Nothing but a reset may arrive before the keys. */
			mptcpsec_sf_drop(mn, sf, MPTCPSEC_STAT_UNPROTECTED);
			verdict = NF_DROP;
		}
		if (verdict != NF_ACCEPT)
			return verdict;
		pkt_reparse(skb, thoff, pkt);
	}
	mptcpsec_conn_track(mn, pkt);
	return pkt->drop ? NF_DROP : NF_ACCEPT;
}

/*
 * Egress: tracking first (this host's own options are still in clear),
 * protection second.
 */
static unsigned int pkt_out(struct mptcpsec_net *mn,
			    const struct nf_hook_state *state,
			    struct sk_buff *skb, unsigned int thoff,
			    struct mptcpsec_pkt *pkt)
{
	mptcpsec_conn_track(mn, pkt);
	if (pkt->drop)
		return NF_DROP;
	if (!pkt->sf)
		return untracked_required(mn, skb, pkt) ? NF_DROP : NF_ACCEPT;
	if (pkt->syn && !pkt->ack) {
		if (pkt->sf->kind == MPTCPSEC_KIND_MP_JOIN)
			return mptcpsec_join_syn_out(mn, pkt, skb, thoff);
		return mptcpsec_hs_syn_out(mn, pkt, skb, thoff);
	}
	return mptcpsec_protect_out(mn, pkt, skb, thoff, state);
}

static unsigned int pkt_run(const struct nf_hook_state *state,
			    struct sk_buff *skb, unsigned int thoff,
			    struct mptcpsec_pkt *pkt)
{
	struct mptcpsec_net *mn = mptcpsec_pernet(state->net);

	if (pkt_parse_tcp(skb, thoff, pkt)) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_MALFORMED);
		return NF_ACCEPT;
	}
	/* Segments as on the wire: a GSO packet counts each of its segments. */
	MPTCPSEC_ADD(mn, pkt->dir == MPTCPSEC_DIR_OUT ?
		     MPTCPSEC_STAT_PKTS_OUT : MPTCPSEC_STAT_PKTS_IN, pkt->segs);
	if (pkt->dir == MPTCPSEC_DIR_IN)
		return pkt_in(mn, state, skb, thoff, pkt);
	return pkt_out(mn, state, skb, thoff, pkt);
}

static unsigned int mptcpsec_hook4(const struct nf_hook_state *state,
				   struct sk_buff *skb, enum mptcpsec_dir dir)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct mptcpsec_pkt pkt;

	if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph))
		return NF_ACCEPT;
	pkt_init(&pkt, AF_INET, dir, &iph->saddr, &iph->daddr, 4);
	return pkt_run(state, skb, skb_network_offset(skb) + ip_hdrlen(skb), &pkt);
}

static unsigned int mptcpsec_hook6(const struct nf_hook_state *state,
				   struct sk_buff *skb, enum mptcpsec_dir dir)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct mptcpsec_pkt pkt;
	unsigned short fragoff = 0;
	unsigned int thoff = 0;

	if (ipv6_find_hdr(skb, &thoff, IPPROTO_TCP, &fragoff, NULL) != IPPROTO_TCP ||
	    fragoff)
		return NF_ACCEPT;
	pkt_init(&pkt, AF_INET6, dir, &ip6h->saddr, &ip6h->daddr, 16);
	return pkt_run(state, skb, thoff, &pkt);
}

/*
 * POST_ROUTING also sees what this namespace forwards: segments of other
 * hosts' connections, none of this host's business. They pass untouched
 * whatever the policy says (LOCAL_IN never sees them).
 */
static unsigned int mptcpsec_out4(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	if (IPCB(skb)->flags & IPSKB_FORWARDED)
		return NF_ACCEPT;
	return mptcpsec_hook4(state, skb, MPTCPSEC_DIR_OUT);
}

static unsigned int mptcpsec_in4(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	return mptcpsec_hook4(state, skb, MPTCPSEC_DIR_IN);
}

static unsigned int mptcpsec_out6(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	if (IP6CB(skb)->flags & IP6SKB_FORWARDED)
		return NF_ACCEPT;
	return mptcpsec_hook6(state, skb, MPTCPSEC_DIR_OUT);
}

static unsigned int mptcpsec_in6(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	return mptcpsec_hook6(state, skb, MPTCPSEC_DIR_IN);
}

static const struct nf_hook_ops mptcpsec_nf_ops[] = {
	{
		.hook		= mptcpsec_out4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= NF_IP_PRI_LAST,
	},
	{
		.hook		= mptcpsec_in4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= MPTCPSEC_PRI_IN4,
	},
	{
		.hook		= mptcpsec_out6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= NF_IP6_PRI_LAST,
	},
	{
		.hook		= mptcpsec_in6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= MPTCPSEC_PRI_IN6,
	},
};

/**
 * mptcpsec_hooks_register() - attach the hooks to a namespace
 * @net: the namespace
 *
 * Return: 0 or a negative errno.
 */
int mptcpsec_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, mptcpsec_nf_ops,
				     ARRAY_SIZE(mptcpsec_nf_ops));
}

/**
 * mptcpsec_hooks_unregister() - detach the hooks from a namespace
 * @net: the namespace
 *
 * Waits until no hook runs any more in @net.
 */
void mptcpsec_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, mptcpsec_nf_ops, ARRAY_SIZE(mptcpsec_nf_ops));
}
