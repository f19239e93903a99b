// SPDX-License-Identifier: GPL-2.0
/*
 * Segment surgery: making a segment private, replacing its TCP option
 * area, adding or removing payload, and fixing lengths and checksums.
 *
 * Every function takes a segment whose skb->data points at the IP header
 * (true at POST_ROUTING and LOCAL_IN) and the offset of its TCP header
 * from skb->data.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>

#include "mptcpsec.h"
#include "protect.h"

/**
 * mptcpsec_skb_make_private() - linear, writable copy of a whole segment
 * @skb: the segment
 * @headroom: bytes the caller may push in front of skb->data
 * @tailroom: bytes the caller may append
 *
 * TCP's transmit skbs share their payload with the retransmit queue:
 * nothing may be written into them in place. After this call every byte
 * of @skb is private to it.
 *
 * Return: 0 or -ENOMEM.
 */
int mptcpsec_skb_make_private(struct sk_buff *skb, unsigned int headroom,
			      unsigned int tailroom)
{
	int hr, tr;

	if (skb_ensure_writable(skb, skb->len))
		return -ENOMEM;
	hr = (int)headroom - (int)skb_headroom(skb);
	tr = (int)tailroom - (int)skb_tailroom(skb);
	if (hr > 0 || tr > 0)
		return pskb_expand_head(skb, max(hr, 0), max(tr, 0), GFP_ATOMIC);
	return 0;
}

/**
 * mptcpsec_skb_private_head() - private headers, the payload left shared
 * @skb: the segment
 * @thoff: offset of its TCP header from skb->data
 * @headroom: bytes the caller may push in front of skb->data
 *
 * For a segment shaped as TCP builds a data segment (the headers fill
 * the linear part, the payload is one page fragment): the linear part
 * becomes private, with room after it for the payload; the fragment
 * stays shared with the retransmit queue and must only be read. Its
 * ciphertext goes into that room and mptcpsec_skb_frag_done() then lets
 * go of it: one pass over the payload instead of a copy and an in-place
 * seal.
 *
 * Return: the payload's address; NULL when the segment has another shape
 * (it is then unchanged); ERR_PTR(-ENOMEM).
 */
const u8 *mptcpsec_skb_private_head(struct sk_buff *skb, unsigned int thoff,
				    unsigned int headroom)
{
	const struct tcphdr *th;
	const skb_frag_t *f;
	int hr, tr;

	if (skb_shinfo(skb)->nr_frags != 1 || skb_has_frag_list(skb) ||
	    thoff + sizeof(*th) > skb_headlen(skb))
		return NULL;
	th = (const struct tcphdr *)(skb->data + thoff);
	f = &skb_shinfo(skb)->frags[0];
	if (skb_headlen(skb) != thoff + th->doff * 4 ||
	    skb->data_len != skb_frag_size(f) || !skb_frag_address_safe(f))
		return NULL;
	hr = (int)headroom - (int)skb_headroom(skb);
	/* skb_tailroom() is 0 for any nonlinear skb: the room itself */
	tr = (int)skb->data_len -
	     (int)(skb_end_pointer(skb) - skb_tail_pointer(skb));
	if ((skb_cloned(skb) || hr > 0 || tr > 0) &&
	    pskb_expand_head(skb, max(hr, 0), max(tr, 0), GFP_ATOMIC))
		return ERR_PTR(-ENOMEM);
	return skb_frag_address_safe(&skb_shinfo(skb)->frags[0]);
}

/**
 * mptcpsec_skb_frag_done() - the payload now follows the headers
 * @skb: a segment from mptcpsec_skb_private_head() whose payload's
 *	replacement has been written after its linear part
 *
 * Lets go of the shared fragment; the segment is linear and private.
 */
void mptcpsec_skb_frag_done(struct sk_buff *skb)
{
	unsigned int len = skb->data_len;

	skb_frag_unref(skb, 0);
	skb_shinfo(skb)->nr_frags = 0;
	skb->data_len = 0;
	skb->tail += len;
}

/**
 * mptcpsec_skb_set_options() - replace a private segment's TCP options
 * @skb: the segment, made private with enough headroom
 * @thoff: offset of the TCP header from skb->data
 * @opts: the new option area
 * @optlen: its length: a multiple of 4, at most 40
 *
 * The headers before the option area move; the payload stays. IP lengths
 * are not fixed here (mptcpsec_skb_fix_ip()).
 *
 * Return: 0, or -EINVAL / -ENOMEM.
 */
int mptcpsec_skb_set_options(struct sk_buff *skb, unsigned int thoff,
			     const u8 *opts, unsigned int optlen)
{
	unsigned int oldlen = tcp_hdr(skb)->doff * 4;
	unsigned int newlen = sizeof(struct tcphdr) + optlen;
	int delta = (int)newlen - (int)oldlen;

	if (optlen % 4 || optlen > MAX_TCP_OPTION_SPACE ||
	    thoff + oldlen > skb_headlen(skb))
		return -EINVAL;
	if (delta > 0) {
		if (skb_headroom(skb) < delta &&
		    pskb_expand_head(skb, delta, 0, GFP_ATOMIC))
			return -ENOMEM;
		skb_push(skb, delta);
		memmove(skb->data, skb->data + delta, thoff + sizeof(struct tcphdr));
	} else if (delta < 0) {
		memmove(skb->data - delta, skb->data, thoff + sizeof(struct tcphdr));
		skb_pull(skb, -delta);
	}
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, thoff);
	skb_reset_mac_header(skb);
	tcp_hdr(skb)->doff = newlen / 4;
	memcpy(skb->data + thoff + sizeof(struct tcphdr), opts, optlen);
	return 0;
}

/**
 * mptcpsec_skb_opts() - copy and parse a segment's TCP option area
 * @skb: the segment, its TCP header in the linear part
 * @thoff: offset of the TCP header from skb->data
 * @buf: receives the option area (MPTCPSEC_TCPOPT_MAX_LEN bytes of room)
 * @len: receives its length
 * @o: receives the parsed options
 *
 * Return: 0, or -EINVAL for a bad data offset or a malformed area.
 */
int mptcpsec_skb_opts(const struct sk_buff *skb, unsigned int thoff, u8 *buf,
		      unsigned int *len, struct mptcpsec_tcpopts *o)
{
	const struct tcphdr *th = (const struct tcphdr *)(skb->data + thoff);

	if (th->doff < 5 || thoff + th->doff * 4 > skb_headlen(skb))
		return -EINVAL;
	*len = th->doff * 4 - sizeof(*th);
	memcpy(buf, skb->data + thoff + sizeof(*th), *len);
	return mptcpsec_tcpopt_parse(buf, *len, o);
}

/**
 * mptcpsec_skb_append() - append bytes to a private segment
 * @skb: the segment, made private (tailroom is grown when short)
 * @data: bytes to append
 * @len: their number
 *
 * Return: 0 or -ENOMEM.
 */
int mptcpsec_skb_append(struct sk_buff *skb, const u8 *data, unsigned int len)
{
	if (skb_tailroom(skb) < len &&
	    pskb_expand_head(skb, 0, len - skb_tailroom(skb), GFP_ATOMIC))
		return -ENOMEM;
	skb_put_data(skb, data, len);
	return 0;
}

/**
 * mptcpsec_skb_trim() - cut a private, linear segment to @len bytes
 * @skb: the segment
 * @len: new length from skb->data (the IP header)
 */
void mptcpsec_skb_trim(struct sk_buff *skb, unsigned int len)
{
	if (len < skb->len)
		__skb_trim(skb, len);
}

/**
 * mptcpsec_skb_fix_ip() - IP length fields (and IPv4 checksum) after a change
 * @skb: the segment, skb->data at the IP header
 * @family: AF_INET or AF_INET6
 */
void mptcpsec_skb_fix_ip(struct sk_buff *skb, u8 family)
{
	if (family == AF_INET) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = htons(skb->len);
		ip_send_check(iph);
	} else {
		ipv6_hdr(skb)->payload_len = htons(skb->len - sizeof(struct ipv6hdr));
	}
}

/**
 * mptcpsec_skb_csum_partial() - leave the TCP checksum to the device
 * @skb: the segment, skb->data at the IP header
 * @thoff: offset of the TCP header
 * @family: AF_INET or AF_INET6
 *
 * Seeds the checksum with the pseudo header, as TCP does for its own
 * segments; the device, or the stack for devices without checksum
 * offload, completes it.
 */
void mptcpsec_skb_csum_partial(struct sk_buff *skb, unsigned int thoff,
			       u8 family)
{
	struct tcphdr *th = (struct tcphdr *)(skb->data + thoff);
	unsigned int len = skb->len - thoff;

	if (family == AF_INET) {
		const struct iphdr *iph = ip_hdr(skb);

		th->check = ~tcp_v4_check(len, iph->saddr, iph->daddr, 0);
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		th->check = ~tcp_v6_check(len, &ip6h->saddr, &ip6h->daddr, 0);
	}
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
}

/**
 * mptcpsec_send_reset() - answer a received segment with a TCP reset
 * @net: the namespace
 * @oldskb: the segment to answer, unmodified
 * @family: AF_INET or AF_INET6
 * @hook: the netfilter hook that holds @oldskb
 *
 * The reset leaves through the normal output path (and this module's
 * egress hook, which passes it: its subflow is not secured).
 */
void mptcpsec_send_reset(struct net *net, struct sk_buff *oldskb, u8 family,
			 unsigned int hook)
{
	if (family == AF_INET)
		nf_send_reset(net, NULL, oldskb, hook);
	else
		nf_send_reset6(net, NULL, oldskb, hook);
}
