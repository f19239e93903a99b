// SPDX-License-Identifier: GPL-2.0
/*
 * MPTCPsec wire formats: key shares, option-area rebuilding, associated
 * data (docs/PROTOCOL.md sections 3 and 6).
 *
 * Every read is checked against the length of its buffer and every write
 * against the size of its destination; loops advance by at least one byte
 * per iteration, so the work is bounded by the input length.
 */
#include "wire.h"
#include "tcpopt.h"

static void store16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void store32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/**
 * mptcpsec_share_parse() - parse and validate a key share payload
 * @p: the TCP payload
 * @len: its length in bytes
 * @want_type: the share type the segment must carry (offer in a SYN,
 *	answer in a SYN-ACK)
 * @want_suite: the TEP the ENO option of the segment names
 * @out: the parsed share; zeroed first
 *
 * Implements the "malformed" rules of section 3: the payload length must
 * equal the length field, which must be at least %MPTCPSEC_SHARE_LEN; the
 * version must be 1; type and suite must be those expected; every
 * extension must end within the length. Unknown extensions are skipped.
 *
 * Return: 0, or -EINVAL if the share is malformed.
 */
int mptcpsec_share_parse(const u8 *p, unsigned int len, u8 want_type,
			 u8 want_suite, struct mptcpsec_share *out)
{
	unsigned int i, length;

	memset(out, 0, sizeof(*out));
	if (len < MPTCPSEC_SHARE_LEN)
		return -EINVAL;
	length = mptcpsec_load16(p + 2);
	if (length != len || p[0] != MPTCPSEC_SHARE_VERSION ||
	    p[1] != want_type || p[4] != want_suite)
		return -EINVAL;

	/* Extensions: {type, length, value}, each within @length. */
	i = MPTCPSEC_SHARE_LEN;
	while (i < length) {
		if (length - i < 2 || p[i + 1] > length - i - 2)
			return -EINVAL;
		i += 2 + p[i + 1];
	}

	out->version = p[0];
	out->type = p[1];
	out->length = length;
	out->suite = p[4];
	out->flags = p[5] & MPTCPSEC_SHARE_FLAGS;
	memcpy(out->nonce, p + 6, MPTCPSEC_SHARE_NONCE_LEN);
	memcpy(out->pub, p + 6 + MPTCPSEC_SHARE_NONCE_LEN,
	       MPTCPSEC_SHARE_PUB_LEN);
	return 0;
}

/**
 * mptcpsec_share_build() - write a key share payload without extensions
 * @out: destination
 * @room: bytes available at @out
 * @type: %MPTCPSEC_SHARE_OFFER or %MPTCPSEC_SHARE_ANSWER
 * @suite: the TEP of the share
 * @flags: share flags; only %MPTCPSEC_SHARE_FLAGS (P, S) are sent, other bits
 *	are sent as zero
 * @nonce: 32-byte nonce
 * @pub: 32-byte X25519 public key
 *
 * Return: the number of bytes written (%MPTCPSEC_SHARE_LEN), or 0 if @room
 * is too small (nothing is written then).
 */
unsigned int mptcpsec_share_build(u8 *out, unsigned int room, u8 type,
				  u8 suite, u8 flags,
				  const u8 nonce[MPTCPSEC_SHARE_NONCE_LEN],
				  const u8 pub[MPTCPSEC_SHARE_PUB_LEN])
{
	if (room < MPTCPSEC_SHARE_LEN)
		return 0;
	out[0] = MPTCPSEC_SHARE_VERSION;
	out[1] = type;
	store16(out + 2, MPTCPSEC_SHARE_LEN);
	out[4] = suite;
	out[5] = flags & MPTCPSEC_SHARE_FLAGS;
	memcpy(out + 6, nonce, MPTCPSEC_SHARE_NONCE_LEN);
	memcpy(out + 6 + MPTCPSEC_SHARE_NONCE_LEN, pub, MPTCPSEC_SHARE_PUB_LEN);
	return MPTCPSEC_SHARE_LEN;
}

/*
 * Next option of an area that mptcpsec_tcpopt_parse() accepted: skips NOPs,
 * stops at EOL or the end. Returns true with *@off and *@olen set, or false
 * at the end. Lengths are rechecked so that a misuse cannot read past @len.
 */
static bool next_opt(const u8 *opts, unsigned int len, unsigned int *pos,
		     unsigned int *off, unsigned int *olen)
{
	unsigned int i = *pos;

	while (i < len && opts[i] == MPTCPSEC_TCPOPT_NOP)
		i++;
	if (i >= len || opts[i] == MPTCPSEC_TCPOPT_EOL || len - i < 2 ||
	    opts[i + 1] < 2 || opts[i + 1] > len - i)
		return false;
	*off = i;
	*olen = opts[i + 1];
	*pos = i + *olen;
	return true;
}

static bool is_secopt(const u8 *o, unsigned int olen)
{
	return o[0] == MPTCPSEC_TCPOPT_EXP && olen >= 4 &&
	       mptcpsec_load16(o + 2) == MPTCPSEC_EXID;
}

/* An ENO option as the caller hands it: exactly one well-formed option. */
static bool eno_valid(const u8 *eno, unsigned int eno_len)
{
	struct mptcpsec_tcpopts p;

	if (!eno || eno_len < 3 || eno_len > MPTCPSEC_TCPOPT_MAX_LEN ||
	    eno[0] != MPTCPSEC_TCPOPT_ENO || eno[1] != eno_len)
		return false;
	return !mptcpsec_tcpopt_parse(eno, eno_len, &p) && p.eno.count == 1;
}

/* Upper bound of options in a 40-byte area (2 bytes each at least). */
#define MAX_KEPT	(MPTCPSEC_TCPOPT_MAX_LEN / 2)

/* How a kept option is copied (section 6.4) */
enum {
	XF_COPY,
	XF_ADDADDR_IMPLICIT,	/* ADD_ADDR without its last 8 bytes (HMAC) */
	XF_DSS_ACK32,		/* DSS with the low 32 bits of its DATA_ACK */
};

static bool is_mptcp(const u8 *o, unsigned int olen, u8 subtype)
{
	return o[0] == MPTCPSEC_TCPOPT_MPTCP && olen >= 3 &&
	       (o[2] >> 4) == subtype;
}

/* Copy one option, transformed; returns the bytes written. */
static unsigned int copy_opt(u8 *out, const u8 *in, unsigned int olen,
			     unsigned int xf)
{
	switch (xf) {
	case XF_ADDADDR_IMPLICIT:
		olen -= MPTCPSEC_ADDADDR_HMAC_LEN;
		memcpy(out, in, olen);
		out[1] = olen;
		return olen;
	case XF_DSS_ACK32:
		/* kind, length, subtype, flags | ack[4..7] | the rest */
		memcpy(out, in, 4);
		out[1] = olen - 4;
		out[3] &= ~MPTCPSEC_DSS_ACK64;
		memcpy(out + 4, in + 8, olen - 8);
		return olen - 4;
	}
	memcpy(out, in, olen);
	return olen;
}

/**
 * mptcpsec_opts_rebuild() - rebuild an outgoing option area (section 6.4)
 * @in: the option area the stack wrote
 * @in_len: its length (at most 40)
 * @how: what to remove and add
 * @out: the rebuilt area, 40 bytes of room, not overlapping @in; never
 *	written beyond
 * @out_len: its length, a multiple of 4 (set on success)
 * @secopt_off: offset of the MPTCPsec option in @out, 0 when
 *	@how->add_secopt is false (set on success; may be NULL)
 * @sack_dropped: number of SACK blocks removed to make room (set on
 *	success; may be NULL)
 * @compacted: number of MPTCP options shortened by @how->compact (set on
 *	success; may be NULL)
 *
 * Copies the options of @in in order, leaving out NOP and EOL bytes (and
 * whatever follows an EOL), the timestamp option when @how->drop_ts, and
 * any ENO or MPTCPsec option already present; with @how->compact an
 * ADD_ADDR that is not an echo loses its HMAC. If the area with the
 * MPTCPsec option exceeds 40 bytes and @how->compact, a DSS option's
 * 64-bit DATA_ACK is sent in 32 bits. Then appends @how->eno (if
 * optional, only when it fits with the MPTCPsec option and every SACK
 * block), removes SACK blocks from the last one while the area with the
 * MPTCPsec option exceeds 40 bytes (a SACK option left without blocks is
 * removed), appends the MPTCPsec option with a zero tag when
 * @how->add_secopt, and pads with NOPs to a multiple of 4.
 *
 * Return: 0; -EINVAL if @in is malformed (mptcpsec_tcpopt_parse()) or
 * @how->eno is not one well-formed ENO option; -ENOSPC if the result does
 * not fit in 40 bytes.
 */
int mptcpsec_opts_rebuild(const u8 *in, unsigned int in_len,
			  const struct mptcpsec_rebuild *how,
			  u8 out[40], unsigned int *out_len,
			  unsigned int *secopt_off, unsigned int *sack_dropped,
			  unsigned int *compacted)
{
	u8 kept_off[MAX_KEPT], kept_len[MAX_KEPT], kept_xf[MAX_KEPT];
	unsigned int nkept = 0, sack = MAX_KEPT, sack_blocks = 0, dropped = 0;
	unsigned int pos = 0, off, olen, base = 0, total, sec, eno_len = 0;
	unsigned int i, o = 0, dss = MAX_KEPT, shortened = 0;
	struct mptcpsec_tcpopts p;

	if (mptcpsec_tcpopt_parse(in, in_len, &p))
		return -EINVAL;
	if (how->eno && !eno_valid(how->eno, how->eno_len))
		return -EINVAL;

	while (nkept < MAX_KEPT && next_opt(in, in_len, &pos, &off, &olen)) {
		u8 kind = in[off];

		if (kind == MPTCPSEC_TCPOPT_ENO || is_secopt(in + off, olen) ||
		    (how->drop_ts && kind == MPTCPSEC_TCPOPT_TIMESTAMP))
			continue;
		if (kind == MPTCPSEC_TCPOPT_SACK && sack == MAX_KEPT) {
			sack = nkept;
			sack_blocks = (olen - 2) / 8;
		}
		kept_off[nkept] = off;
		kept_len[nkept] = olen;
		kept_xf[nkept] = XF_COPY;
		if (how->compact && is_mptcp(in + off, olen, MPTCPSEC_MPTCP_ADD_ADDR) &&
		    p.addaddr.hmac) {
			kept_xf[nkept] = XF_ADDADDR_IMPLICIT;
			olen -= MPTCPSEC_ADDADDR_HMAC_LEN;
			shortened++;
		} else if (is_mptcp(in + off, olen, MPTCPSEC_MPTCP_DSS) &&
			   (p.dss_flags & MPTCPSEC_DSS_ACK) &&
			   (p.dss_flags & MPTCPSEC_DSS_ACK64)) {
			dss = nkept;
		}
		nkept++;
		base += olen;
	}

	sec = how->add_secopt ? MPTCPSEC_SECOPT_LEN : 0;
	/* Lossless first: the receiving stack expands a 32-bit DATA_ACK. */
	if (how->compact && dss < MAX_KEPT &&
	    base + sec > MPTCPSEC_TCPOPT_MAX_LEN) {
		kept_xf[dss] = XF_DSS_ACK32;
		base -= 4;
		shortened++;
	}
	if (how->eno && (!how->eno_optional ||
			 base + how->eno_len + sec <= MPTCPSEC_TCPOPT_MAX_LEN))
		eno_len = how->eno_len;
	total = base + eno_len + sec;

	/* SACK is advisory: give up blocks, last first, to make room. */
	while (total > MPTCPSEC_TCPOPT_MAX_LEN && sack_blocks) {
		sack_blocks--;
		dropped++;
		total -= sack_blocks ? 8 : 10;
	}
	if (total > MPTCPSEC_TCPOPT_MAX_LEN)
		return -ENOSPC;

	for (i = 0; i < nkept; i++) {
		olen = kept_len[i];
		if (i == sack) {
			if (!sack_blocks)
				continue;
			olen = 2 + 8 * sack_blocks;
		}
		if (i == sack) {
			memcpy(out + o, in + kept_off[i], olen);
			out[o + 1] = olen;
			o += olen;
			continue;
		}
		o += copy_opt(out + o, in + kept_off[i], olen, kept_xf[i]);
	}
	if (eno_len) {
		memcpy(out + o, how->eno, eno_len);
		o += eno_len;
	}
	if (secopt_off)
		*secopt_off = sec ? o : 0;
	if (sec) {
		out[o] = MPTCPSEC_TCPOPT_EXP;
		out[o + 1] = MPTCPSEC_SECOPT_LEN;
		store16(out + o + 2, MPTCPSEC_EXID);
		store16(out + o + 4, how->pnf);
		memset(out + o + MPTCPSEC_SECOPT_TAG_OFF, 0, MPTCPSEC_TAG_LEN);
		o += sec;
	}
	while (o % 4)
		out[o++] = MPTCPSEC_TCPOPT_NOP;
	*out_len = o;
	if (sack_dropped)
		*sack_dropped = dropped;
	if (compacted)
		*compacted = shortened;
	return 0;
}

/**
 * mptcpsec_addaddr_msg() - what the HMAC of an ADD_ADDR covers
 * @opts: an option area mptcpsec_tcpopt_parse() accepted into @o
 * @len: its length
 * @o: the parsed area; it carries an ADD_ADDR
 * @msg: address ID, address (4 or 16 bytes) and port (2 bytes, zero when
 *	the option has none), as RFC 8684 section 3.4.1 defines the message
 *
 * Return: the message length, or 0 if @o holds no ADD_ADDR that fits @len.
 */
unsigned int mptcpsec_addaddr_msg(const u8 *opts, unsigned int len,
				  const struct mptcpsec_tcpopts *o,
				  u8 msg[MPTCPSEC_ADDADDR_MSG_MAX])
{
	unsigned int alen = o->addaddr.v6 ? 16 : 4, off = o->addaddr.off;

	if (!mptcpsec_tcpopt_has(o, MPTCPSEC_MPTCP_ADD_ADDR) ||
	    off + o->addaddr.len > len || o->addaddr.len < 4 + alen)
		return 0;
	/* kind, length, subtype|E, ID, address, [port], [HMAC] */
	msg[0] = opts[off + 3];
	memcpy(msg + 1, opts + off + 4, alen);
	if (o->addaddr.port && o->addaddr.len >= 4 + alen + 2) {
		msg[1 + alen] = opts[off + 4 + alen];
		msg[2 + alen] = opts[off + 5 + alen];
	} else {
		msg[1 + alen] = 0;
		msg[2 + alen] = 0;
	}
	return alen + 3;
}

/**
 * mptcpsec_opts_addaddr_restore() - give an ADD_ADDR its implicit HMAC back
 * @opts: a received option area, in place; the MPTCPsec option (at least
 *	8 bytes of it) already replaced by NOPs
 * @len: its length, unchanged by the call
 * @hmac: the 8 HMAC bytes to append to the ADD_ADDR
 *
 * Rewrites the area as its options in order, without NOPs, the ADD_ADDR
 * that is not an echo and carries no HMAC followed by @hmac (its length
 * updated), then NOPs up to @len.
 *
 * Return: 0; -EINVAL if the area is malformed or has no such ADD_ADDR,
 * -ENOSPC if the options with the HMAC do not fit in @len (nothing is
 * written then).
 */
int mptcpsec_opts_addaddr_restore(u8 *opts, unsigned int len,
				  const u8 hmac[8])
{
	u8 out[MPTCPSEC_TCPOPT_MAX_LEN];
	unsigned int pos = 0, off, olen, o = 0;
	struct mptcpsec_tcpopts p;
	bool done = false;

	if (mptcpsec_tcpopt_parse(opts, len, &p) ||
	    !mptcpsec_tcpopt_has(&p, MPTCPSEC_MPTCP_ADD_ADDR) ||
	    p.addaddr.echo || p.addaddr.hmac)
		return -EINVAL;
	while (next_opt(opts, len, &pos, &off, &olen)) {
		unsigned int add = 0;

		if (!done && off == p.addaddr.off)
			add = MPTCPSEC_ADDADDR_HMAC_LEN;
		if (o + olen + add > len)
			return -ENOSPC;
		memcpy(out + o, opts + off, olen);
		if (add) {
			memcpy(out + o + olen, hmac, add);
			out[o + 1] = olen + add;
			done = true;
		}
		o += olen + add;
	}
	if (!done)
		return -EINVAL;
	memset(out + o, MPTCPSEC_TCPOPT_NOP, len - o);
	memcpy(opts, out, len);
	return 0;
}

/**
 * mptcpsec_opts_nop_out() - replace one option by NOPs in place
 * @opts: the option area
 * @len: its length
 * @off: offset of the option
 * @optlen: length of the option
 *
 * Used on ingress to hide the MPTCPsec and ENO options from TCP. Bytes
 * outside @opts[0..@len) are never written: the range is clipped.
 */
void mptcpsec_opts_nop_out(u8 *opts, unsigned int len, unsigned int off,
			   unsigned int optlen)
{
	if (off >= len)
		return;
	if (optlen > len - off)
		optlen = len - off;
	memset(opts + off, MPTCPSEC_TCPOPT_NOP, optlen);
}

/**
 * mptcpsec_ad_header() - the TCP header part of the associated data
 * @th: the 20-byte fixed TCP header as sent
 * @isn_snd: initial sequence number of the segment's sender
 * @isn_rcv: initial sequence number of the segment's receiver
 * @out: the header as authenticated (section 6.5)
 *
 * Ports and checksum are zeroed; the sequence number is made relative to
 * @isn_snd, the acknowledgment number relative to @isn_rcv when the ACK
 * flag is set and zero otherwise. Data offset, flags, window and urgent
 * pointer are kept.
 */
void mptcpsec_ad_header(const u8 th[MPTCPSEC_TCPHDR_LEN], u32 isn_snd,
			u32 isn_rcv, u8 out[MPTCPSEC_TCPHDR_LEN])
{
	u32 seq = mptcpsec_load32(th + 4), ack = mptcpsec_load32(th + 8);

	memcpy(out, th, MPTCPSEC_TCPHDR_LEN);
	memset(out, 0, 4);
	store32(out + 4, seq - isn_snd);
	if (th[13] & MPTCPSEC_TCPHDR_FLAG_ACK)
		store32(out + 8, ack - isn_rcv);
	else
		memset(out + 8, 0, 4);
	memset(out + 16, 0, 2);
}

/**
 * mptcpsec_ad_options() - the option part of the associated data
 * @opts: the option area as sent (or received)
 * @len: its length (at most 40)
 * @secopt_off: offset of the MPTCPsec option in @opts
 * @isn_rcv: initial sequence number of the segment's receiver
 * @out: @len bytes: the area as authenticated (section 6.5)
 *
 * Copies @opts, zeroes the 8 tag bytes of the MPTCPsec option and makes
 * every SACK block edge relative to @isn_rcv.
 *
 * Return: 0, or -EINVAL if the area is malformed or no MPTCPsec option
 * starts at @secopt_off.
 */
int mptcpsec_ad_options(const u8 *opts, unsigned int len,
			unsigned int secopt_off, u32 isn_rcv, u8 *out)
{
	unsigned int pos = 0, off, olen, j;
	struct mptcpsec_tcpopts p;
	bool found = false;

	if (mptcpsec_tcpopt_parse(opts, len, &p))
		return -EINVAL;
	memcpy(out, opts, len);
	while (next_opt(opts, len, &pos, &off, &olen)) {
		if (off == secopt_off && is_secopt(opts + off, olen) &&
		    olen == MPTCPSEC_SECOPT_LEN) {
			memset(out + off + MPTCPSEC_SECOPT_TAG_OFF, 0,
			       MPTCPSEC_TAG_LEN);
			found = true;
		} else if (opts[off] == MPTCPSEC_TCPOPT_SACK) {
			for (j = off + 2; j + 4 <= off + olen; j += 4)
				store32(out + j, mptcpsec_load32(opts + j) - isn_rcv);
		}
	}
	return found ? 0 : -EINVAL;
}

/**
 * mptcpsec_xor8() - mask or unmask a 64-bit MPTCP key in place
 * @p: the 8 key bytes as on the wire
 * @pad: the owner's 8-byte pad (section 5)
 */
void mptcpsec_xor8(u8 *p, const u8 pad[8])
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		p[i] ^= pad[i];
}
