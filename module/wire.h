/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPTCPsec wire formats (docs/PROTOCOL.md): ENO negotiation, key shares,
 * the MPTCPsec option, option-area rebuilding and associated data.
 *
 * Pure: no kernel state, no allocation; shared by the module and by the
 * userspace unit tests and fuzz targets.
 */
#ifndef _MPTCPSEC_WIRE_H
#define _MPTCPSEC_WIRE_H

#include "pure.h"

/* TCP-ENO (RFC 8547) and the one TEP MPTCPsec defines (section 2) */
#define MPTCPSEC_TCPOPT_ENO		69
#define MPTCPSEC_TEP_X25519_CHACHAPOLY	0x5a
#define MPTCPSEC_ENO_GLOBAL_MAX		0x1f	/* 0x00-0x1f: general suboptions */
#define MPTCPSEC_ENO_V			0x80	/* variable-length suboption */

/* The MPTCPsec option: RFC 6994 experimental option (section 6.1) */
#define MPTCPSEC_TCPOPT_EXP		253
#define MPTCPSEC_EXID			0x4d53
#define MPTCPSEC_SECOPT_LEN		14
#define MPTCPSEC_SECOPT_TAG_OFF		6	/* tag offset inside the option */
#define MPTCPSEC_TAG_LEN		8

/* Packet number field: key phase bit and 15 PN bits (section 6.2) */
#define MPTCPSEC_PNF_PHASE		0x8000
#define MPTCPSEC_PNF_PN_MASK		0x7fff

/* Key share payload (section 3) */
#define MPTCPSEC_SHARE_VERSION		1
#define MPTCPSEC_SHARE_LEN		70
#define MPTCPSEC_SHARE_OFFER		1
#define MPTCPSEC_SHARE_ANSWER		2
#define MPTCPSEC_SHARE_FLAG_P		0x01
#define MPTCPSEC_SHARE_FLAG_S		0x02
#define MPTCPSEC_SHARE_FLAGS		(MPTCPSEC_SHARE_FLAG_P | MPTCPSEC_SHARE_FLAG_S)
#define MPTCPSEC_SHARE_NONCE_LEN	32
#define MPTCPSEC_SHARE_PUB_LEN		32

/* Fixed TCP header length and ACK flag, for the associated data */
#define MPTCPSEC_TCPHDR_LEN		20
#define MPTCPSEC_TCPHDR_FLAG_ACK	0x10

/**
 * struct mptcpsec_share - a parsed key share (section 3)
 * @version: share format version (1)
 * @type: %MPTCPSEC_SHARE_OFFER or %MPTCPSEC_SHARE_ANSWER
 * @suite: the TEP the share is for
 * @flags: informational flags (%MPTCPSEC_SHARE_FLAGS: P, S); other
 *	bits are ignored and cleared here
 * @length: total payload length, extensions included
 * @nonce: the sender's per-connection random nonce
 * @pub: the sender's X25519 ephemeral public key
 */
struct mptcpsec_share {
	u8 version;
	u8 type;
	u8 suite;
	u8 flags;
	u16 length;
	u8 nonce[MPTCPSEC_SHARE_NONCE_LEN];
	u8 pub[MPTCPSEC_SHARE_PUB_LEN];
};

int mptcpsec_share_parse(const u8 *p, unsigned int len, u8 want_type,
			 u8 want_suite, struct mptcpsec_share *out);
unsigned int mptcpsec_share_build(u8 *out, unsigned int room, u8 type,
				  u8 suite, u8 flags,
				  const u8 nonce[MPTCPSEC_SHARE_NONCE_LEN],
				  const u8 pub[MPTCPSEC_SHARE_PUB_LEN]);

/**
 * struct mptcpsec_rebuild - how mptcpsec_opts_rebuild() rewrites an area
 * @drop_ts: remove the timestamp option (section 7)
 * @eno: the whole ENO option to add (kind and length included), or NULL
 * @eno_len: length of @eno in bytes
 * @eno_optional: add @eno only if it fits together with the MPTCPsec
 *	option without removing SACK blocks; otherwise the ENO option is
 *	required and the area fails with -ENOSPC when it does not fit
 * @add_secopt: append the MPTCPsec option (tag bytes zero)
 * @pnf: the 16-bit key phase and packet number field of that option
 * @compact: shorten MPTCP options losslessly (section 6.4): send an
 *	ADD_ADDR without its HMAC, and a 64-bit DATA_ACK in 32 bits when
 *	the area would not fit otherwise
 */
struct mptcpsec_rebuild {
	bool drop_ts;
	const u8 *eno;
	u8 eno_len;
	bool eno_optional;
	bool add_secopt;
	u16 pnf;
	bool compact;
};

int mptcpsec_opts_rebuild(const u8 *in, unsigned int in_len,
			  const struct mptcpsec_rebuild *how,
			  u8 out[40], unsigned int *out_len,
			  unsigned int *secopt_off, unsigned int *sack_dropped,
			  unsigned int *compacted);

/* Longest message the ADD_ADDR HMAC covers: ID, IPv6 address, port */
#define MPTCPSEC_ADDADDR_MSG_MAX	19

struct mptcpsec_tcpopts;

unsigned int mptcpsec_addaddr_msg(const u8 *opts, unsigned int len,
				  const struct mptcpsec_tcpopts *o,
				  u8 msg[MPTCPSEC_ADDADDR_MSG_MAX]);
int mptcpsec_opts_addaddr_restore(u8 *opts, unsigned int len,
				  const u8 hmac[8]);
void mptcpsec_opts_nop_out(u8 *opts, unsigned int len, unsigned int off,
			   unsigned int optlen);

void mptcpsec_ad_header(const u8 th[MPTCPSEC_TCPHDR_LEN], u32 isn_snd,
			u32 isn_rcv, u8 out[MPTCPSEC_TCPHDR_LEN]);
int mptcpsec_ad_options(const u8 *opts, unsigned int len,
			unsigned int secopt_off, u32 isn_rcv, u8 *out);

void mptcpsec_xor8(u8 *p, const u8 pad[8]);

#endif /* _MPTCPSEC_WIRE_H */
