// SPDX-License-Identifier: GPL-2.0
/*
 * Verifying a received segment, the part that only touches bytes: the
 * associated data of docs/PROTOCOL.md section 6.2 and the AEAD open.
 * Locking, the replay window and the skb stay with the caller.
 */
#include "segment.h"
#include "tcpopt.h"

/**
 * mptcpsec_segment_open() - authenticate and decrypt a received segment
 * @key: the receive key selected for the segment's phase
 * @pn: the recovered packet number
 * @isn_snd: initial sequence number of the sender (the peer)
 * @isn_rcv: initial sequence number of the receiver (this host)
 * @s: the segment
 *
 * The payload is written only when the tag verified; a SYN-ACK's payload
 * is never written.
 *
 * Return: 0 when the segment authenticated, -EINVAL when its option area
 * cannot be turned into associated data, -EBADMSG when the tag is wrong.
 */
int mptcpsec_segment_open(const struct mptcpsec_aead_key *key, u64 pn,
			  u32 isn_snd, u32 isn_rcv,
			  const struct mptcpsec_seg_in *s)
{
	u8 ado[MPTCPSEC_TCPOPT_MAX_LEN], adh[MPTCPSEC_TCPHDR_LEN];
	struct mptcpsec_buf ad[3];

	if (s->optlen > sizeof(ado) || s->tag_off > s->optlen ||
	    s->optlen - s->tag_off < MPTCPSEC_AEAD_TAG_LEN)
		return -EINVAL;
	mptcpsec_ad_header(s->th, isn_snd, isn_rcv, adh);
	if (mptcpsec_ad_options(s->opts, s->optlen, s->secopt_off, isn_rcv, ado))
		return -EINVAL;
	ad[0] = (struct mptcpsec_buf){ adh, sizeof(adh) };
	ad[1] = (struct mptcpsec_buf){ ado, s->optlen };
	ad[2] = (struct mptcpsec_buf){ s->payload, s->plen };
	if (!mptcpsec_aead_open(key, pn, ad, s->syn ? 3 : 2, s->payload,
				s->syn ? 0 : s->plen, s->opts + s->tag_off))
		return -EBADMSG;
	return 0;
}
