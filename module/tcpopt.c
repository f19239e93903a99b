// SPDX-License-Identifier: GPL-2.0
/*
 * TCP and MPTCP option parser.
 *
 * Every length is checked against the option area before a byte is read;
 * malformed input yields -EINVAL and never a read outside @opt[0..len).
 * The parser is pure so that it is built unchanged into the userspace unit
 * tests and the fuzz targets.
 */
#include "tcpopt.h"
#include "wire.h"

static int parse_mpc(const u8 *o, u8 olen, unsigned int off,
		     struct mptcpsec_tcpopts *out)
{
	switch (olen) {
	case 4:
		out->mpc.nkeys = 0;
		break;
	case 12:
		out->mpc.nkeys = 1;
		break;
	case 20:
	case 22:
	case 24:
		out->mpc.nkeys = 2;
		break;
	default:
		return -EINVAL;
	}
	out->mpc.version = o[2] & 0x0f;
	out->mpc.flags = o[3];
	out->mpc.len = olen;
	out->mpc.key_off = off + 4;
	if (out->mpc.nkeys >= 1)
		out->mpc.sndr_key = mptcpsec_load64(o + 4);
	if (out->mpc.nkeys == 2)
		out->mpc.rcvr_key = mptcpsec_load64(o + 12);
	return 0;
}

static int parse_mpj(const u8 *o, u8 olen, unsigned int off,
		     struct mptcpsec_tcpopts *out)
{
	switch (olen) {
	case 12:
		out->mpj.form = MPTCPSEC_MPJ_SYN;
		out->mpj.backup = o[2] & 0x01;
		out->mpj.addr_id = o[3];
		out->mpj.token = mptcpsec_load32(o + 4);
		out->mpj.nonce = mptcpsec_load32(o + 8);
		return 0;
	case 16:
		out->mpj.form = MPTCPSEC_MPJ_SYNACK;
		out->mpj.backup = o[2] & 0x01;
		out->mpj.addr_id = o[3];
		out->mpj.thmac = mptcpsec_load64(o + 4);
		out->mpj.nonce = mptcpsec_load32(o + 12);
		return 0;
	case 24:
		out->mpj.form = MPTCPSEC_MPJ_ACK;
		out->mpj.hmac_off = off + 4;
		return 0;
	}
	return -EINVAL;
}

static int parse_dss(const u8 *o, u8 olen, struct mptcpsec_tcpopts *out)
{
	unsigned int want = 4;
	u8 flags;

	if (olen < 4)
		return -EINVAL;
	flags = o[3];
	if (flags & MPTCPSEC_DSS_ACK)
		want += (flags & MPTCPSEC_DSS_ACK64) ? 8 : 4;
	if (flags & MPTCPSEC_DSS_MAP)
		want += ((flags & MPTCPSEC_DSS_DSN64) ? 8 : 4) + 4 + 2;
	/* A mapping may be followed by a 2-byte DSS checksum. */
	if (olen != want &&
	    !((flags & MPTCPSEC_DSS_MAP) && olen == want + 2))
		return -EINVAL;
	out->dss_flags = flags;
	return 0;
}

/*
 * ADD_ADDR: IPv4 8/10 bytes without HMAC (echo, or implicit HMAC inside a
 * secured subflow, docs/PROTOCOL.md section 6.4), 16/18 with it; IPv6
 * 20/22 and 28/30. The odd-of-the-pair lengths carry a port.
 */
static int parse_add_addr(const u8 *o, u8 olen, unsigned int off,
			  struct mptcpsec_tcpopts *out)
{
	switch (olen) {
	case 8: case 10: case 16: case 18:
		out->addaddr.v6 = false;
		break;
	case 20: case 22: case 28: case 30:
		out->addaddr.v6 = true;
		break;
	default:
		return -EINVAL;
	}
	out->addaddr.off = off;
	out->addaddr.len = olen;
	out->addaddr.echo = o[2] & MPTCPSEC_ADDADDR_ECHO;
	out->addaddr.port = olen % 4 == 2;
	/* An echo never carries an HMAC (RFC 8684 section 3.4.1). */
	out->addaddr.hmac = !out->addaddr.echo &&
			    (olen == 16 || olen == 18 || olen == 28 || olen == 30);
	return 0;
}

static int parse_mptcp(const u8 *o, u8 olen, unsigned int off,
		       struct mptcpsec_tcpopts *out)
{
	u8 subtype;

	if (olen < 3)
		return -EINVAL;
	subtype = o[2] >> 4;
	/* A sender never repeats a suboption in one segment. */
	if (out->mptcp_subtypes & (1u << subtype))
		return -EINVAL;
	out->mptcp_subtypes |= 1u << subtype;
	out->mptcp_count++;

	switch (subtype) {
	case MPTCPSEC_MPTCP_MPC:
		return olen >= 4 ? parse_mpc(o, olen, off, out) : -EINVAL;
	case MPTCPSEC_MPTCP_MPJ:
		return parse_mpj(o, olen, off, out);
	case MPTCPSEC_MPTCP_DSS:
		return parse_dss(o, olen, out);
	case MPTCPSEC_MPTCP_ADD_ADDR:
		return parse_add_addr(o, olen, off, out);
	case MPTCPSEC_MPTCP_RM_ADDR:
		return olen >= 4 ? 0 : -EINVAL;
	case MPTCPSEC_MPTCP_PRIO:
		if (olen != 3 && olen != 4)
			return -EINVAL;
		out->prio_backup = o[2] & 0x01;
		return 0;
	case MPTCPSEC_MPTCP_FAIL:
		return olen == 12 ? 0 : -EINVAL;
	case MPTCPSEC_MPTCP_FASTCLOSE:
		if (olen != 12)
			return -EINVAL;
		out->fastclose_key = mptcpsec_load64(o + 4);
		out->fastclose_off = off + 4;
		return 0;
	case MPTCPSEC_MPTCP_TCPRST:
		return olen == 4 ? 0 : -EINVAL;
	}
	/* Unknown suboptions are skipped, as RFC 8684 requires. */
	return 0;
}

/*
 * TCP-ENO (RFC 8547): one-byte suboptions only (section 2). General
 * suboptions are skipped; a v = 1 byte makes the option malformed.
 */
static int parse_eno(const u8 *o, u8 olen, unsigned int off,
		     struct mptcpsec_tcpopts *out)
{
	unsigned int j;

	if (olen < 3)
		return -EINVAL;
	for (j = 2; j < olen; j++)
		if (o[j] & MPTCPSEC_ENO_V)
			return -EINVAL;
	if (out->eno.count++)
		return 0;
	out->eno.off = off;
	out->eno.len = olen;
	for (j = 2; j < olen; j++) {
		if (o[j] <= MPTCPSEC_ENO_GLOBAL_MAX)
			continue;
		if (out->eno.ntep < MPTCPSEC_ENO_MAX_TEPS)
			out->eno.tep[out->eno.ntep++] = o[j];
	}
	return 0;
}

/* RFC 6994 experimental option: only the MPTCPsec ExID is interpreted. */
static int parse_exp(const u8 *o, u8 olen, unsigned int off,
		     struct mptcpsec_tcpopts *out)
{
	if (olen < 4 || mptcpsec_load16(o + 2) != MPTCPSEC_EXID)
		return 0;
	if (olen != MPTCPSEC_SECOPT_LEN)
		return -EINVAL;
	if (out->secopt.count++)
		return 0;
	out->secopt.off = off;
	out->secopt.pnf = mptcpsec_load16(o + 4);
	out->secopt.tag_off = off + MPTCPSEC_SECOPT_TAG_OFF;
	return 0;
}

/**
 * mptcpsec_tcpopt_parse() - parse a TCP option area
 * @opt: first option byte (right after the fixed TCP header)
 * @len: length of the option area in bytes (0..40)
 * @out: filled with what was found; zeroed first
 *
 * Return: 0 on success, -EINVAL if the area is malformed (an option running
 * past the end, a length below 2, a known option or MPTCP suboption with a
 * length it can never have, a repeated MPTCP suboption, an ENO option
 * shorter than 3 bytes or with a variable-length suboption, an MPTCPsec
 * option whose length is not 14). Several ENO or MPTCPsec options are
 * counted, and the first one recorded; experimental options with another
 * ExID are skipped.
 */
int mptcpsec_tcpopt_parse(const u8 *opt, unsigned int len,
			  struct mptcpsec_tcpopts *out)
{
	unsigned int i = 0;

	memset(out, 0, sizeof(*out));
	if (len > MPTCPSEC_TCPOPT_MAX_LEN)
		return -EINVAL;

	while (i < len) {
		u8 kind = opt[i], olen;
		int err = 0;

		if (kind == MPTCPSEC_TCPOPT_EOL)
			break;
		if (kind == MPTCPSEC_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			return -EINVAL;
		olen = opt[i + 1];
		if (olen < 2 || olen > len - i)
			return -EINVAL;

		switch (kind) {
		case MPTCPSEC_TCPOPT_MSS:
			if (olen != 4)
				return -EINVAL;
			out->has_mss = true;
			out->mss = mptcpsec_load16(opt + i + 2);
			break;
		case MPTCPSEC_TCPOPT_WSCALE:
			if (olen != 3)
				return -EINVAL;
			out->has_wscale = true;
			out->wscale = opt[i + 2];
			break;
		case MPTCPSEC_TCPOPT_SACK_PERM:
			if (olen != 2)
				return -EINVAL;
			out->has_sack_perm = true;
			break;
		case MPTCPSEC_TCPOPT_SACK:
			if (olen < 10 || (olen - 2) % 8)
				return -EINVAL;
			out->sack_blocks = (olen - 2) / 8;
			out->sack_off = i;
			out->sack_len = olen;
			break;
		case MPTCPSEC_TCPOPT_TIMESTAMP:
			if (olen != 10)
				return -EINVAL;
			out->has_ts = true;
			out->ts_off = i;
			break;
		case MPTCPSEC_TCPOPT_ENO:
			err = parse_eno(opt + i, olen, i, out);
			break;
		case MPTCPSEC_TCPOPT_EXP:
			err = parse_exp(opt + i, olen, i, out);
			break;
		case MPTCPSEC_TCPOPT_MPTCP:
			err = parse_mptcp(opt + i, olen, i, out);
			break;
		default:
			break;
		}
		if (err)
			return err;
		i += olen;
	}
	return 0;
}
