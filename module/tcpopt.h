/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP and MPTCP option parser (pure: no kernel state, no allocation).
 *
 * Shared by the module and by the userspace unit tests and fuzz targets.
 */
#ifndef _MPTCPSEC_TCPOPT_H
#define _MPTCPSEC_TCPOPT_H

#include "pure.h"

#define MPTCPSEC_TCPOPT_EOL		0
#define MPTCPSEC_TCPOPT_NOP		1
#define MPTCPSEC_TCPOPT_MSS		2
#define MPTCPSEC_TCPOPT_WSCALE		3
#define MPTCPSEC_TCPOPT_SACK_PERM	4
#define MPTCPSEC_TCPOPT_SACK		5
#define MPTCPSEC_TCPOPT_TIMESTAMP	8
#define MPTCPSEC_TCPOPT_MPTCP		30

/* TEP bytes of an ENO option recorded by the parser; further ones ignored */
#define MPTCPSEC_ENO_MAX_TEPS		8

/* MPTCP suboption types (RFC 8684 section 7) */
enum mptcpsec_mptcp_subtype {
	MPTCPSEC_MPTCP_MPC	= 0x0,
	MPTCPSEC_MPTCP_MPJ	= 0x1,
	MPTCPSEC_MPTCP_DSS	= 0x2,
	MPTCPSEC_MPTCP_ADD_ADDR	= 0x3,
	MPTCPSEC_MPTCP_RM_ADDR	= 0x4,
	MPTCPSEC_MPTCP_PRIO	= 0x5,
	MPTCPSEC_MPTCP_FAIL	= 0x6,
	MPTCPSEC_MPTCP_FASTCLOSE = 0x7,
	MPTCPSEC_MPTCP_TCPRST	= 0x8,
	MPTCPSEC_MPTCP_SUBTYPE_MAX = 0xf,
};

/* ADD_ADDR: E flag in the subtype byte; the HMAC is the last 8 bytes */
#define MPTCPSEC_ADDADDR_ECHO	0x01
#define MPTCPSEC_ADDADDR_HMAC_LEN	8

/* DSS flags (RFC 8684 section 3.3) */
#define MPTCPSEC_DSS_ACK	0x01
#define MPTCPSEC_DSS_ACK64	0x02
#define MPTCPSEC_DSS_MAP	0x04
#define MPTCPSEC_DSS_DSN64	0x08
#define MPTCPSEC_DSS_DATA_FIN	0x10

/* Which MP_JOIN form was seen, by its length */
enum mptcpsec_mpj_form {
	MPTCPSEC_MPJ_NONE,
	MPTCPSEC_MPJ_SYN,	/* 12 bytes: token + nonce */
	MPTCPSEC_MPJ_SYNACK,	/* 16 bytes: truncated HMAC + nonce */
	MPTCPSEC_MPJ_ACK,	/* 24 bytes: full HMAC */
};

/**
 * struct mptcpsec_tcpopts - what one TCP option area contains
 * @mss: MSS option value (valid when @has_mss)
 * @has_mss: an MSS option was present
 * @has_ts: a timestamp option was present
 * @has_sack_perm: a SACK-permitted option was present
 * @wscale: window scale shift (valid when @has_wscale)
 * @has_wscale: a window scale option was present
 * @sack_blocks: number of SACK blocks
 * @mptcp_count: number of kind-30 (MPTCP) options
 * @mptcp_subtypes: bit (1 << subtype) for every MPTCP suboption seen
 * @mpc: MP_CAPABLE contents (valid when the MPC bit is set)
 * @mpc.version: MPTCP version nibble
 * @mpc.flags: MP_CAPABLE flags byte (A, B, C, H)
 * @mpc.len: option length (4 SYN, 12 SYN-ACK, 20 ACK, 22/24 ACK+data)
 * @mpc.nkeys: number of 64-bit keys carried (0, 1 or 2)
 * @mpc.sndr_key: first key (sender's key)
 * @mpc.rcvr_key: second key (receiver's key, @mpc.nkeys == 2)
 * @mpc.key_off: offset of the first key within the option area
 * @mpj: MP_JOIN contents (valid when @mpj.form != MPTCPSEC_MPJ_NONE)
 * @mpj.form: which of the three MP_JOIN forms
 * @mpj.backup: B flag
 * @mpj.addr_id: address ID (SYN and SYN-ACK forms)
 * @mpj.token: receiver's token (SYN form)
 * @mpj.nonce: sender's random nonce (SYN and SYN-ACK forms)
 * @mpj.thmac: truncated HMAC (SYN-ACK form)
 * @mpj.hmac_off: offset of the 20-byte HMAC within the area (ACK form)
 * @dss_flags: flags of the DSS option, if any
 * @fastclose_key: receiver's key carried by MP_FASTCLOSE
 * @fastclose_off: offset of that key within the option area
 * @prio_backup: B flag of MP_PRIO
 * @addaddr: the ADD_ADDR suboption (valid when the ADD_ADDR bit is set)
 * @addaddr.off: its offset within the option area
 * @addaddr.len: its length
 * @addaddr.echo: E flag (an echo carries no HMAC)
 * @addaddr.v6: the address is IPv6 (by length)
 * @addaddr.port: a port follows the address (by length)
 * @addaddr.hmac: an 8-byte HMAC ends the option (by length and E flag)
 * @eno: the TCP-ENO option (kind 69), the first one if several
 * @eno.count: number of ENO options seen
 * @eno.off: offset of the option (valid when @eno.count)
 * @eno.len: option length, kind and length bytes included
 * @eno.ntep: number of TEP bytes stored in @eno.tep
 * @eno.tep: TEP identifiers in the order sent (at most
 *	%MPTCPSEC_ENO_MAX_TEPS; general suboptions are skipped)
 * @secopt: the MPTCPsec option (kind 253, ExID 0x4d53), the first one
 * @secopt.count: number of MPTCPsec options seen (the caller rejects more
 *	than one)
 * @secopt.off: offset of the option (valid when @secopt.count)
 * @secopt.pnf: key phase bit and low 15 bits of the packet number
 * @secopt.tag_off: offset of the 8 tag bytes
 * @ts_off: offset of the timestamp option (valid when @has_ts)
 * @sack_off: offset of the SACK option (valid when @sack_blocks)
 * @sack_len: length of the SACK option (valid when @sack_blocks)
 *
 * Offsets are relative to the start of the option area (the byte after
 * the fixed 20-byte TCP header).
 */
struct mptcpsec_tcpopts {
	u16 mss;
	bool has_mss;
	bool has_ts;
	bool has_sack_perm;
	u8 wscale;
	bool has_wscale;
	u8 sack_blocks;
	u8 mptcp_count;
	u16 mptcp_subtypes;
	struct {
		u8 version;
		u8 flags;
		u8 len;
		u8 nkeys;
		u64 sndr_key;
		u64 rcvr_key;
		u8 key_off;
	} mpc;
	struct {
		u8 form;
		bool backup;
		u8 addr_id;
		u32 token;
		u32 nonce;
		u64 thmac;
		u8 hmac_off;
	} mpj;
	u8 dss_flags;
	u64 fastclose_key;
	u8 fastclose_off;
	bool prio_backup;
	struct {
		u8 off;
		u8 len;
		bool echo;
		bool v6;
		bool port;
		bool hmac;
	} addaddr;
	struct {
		u8 count;
		u8 off;
		u8 len;
		u8 ntep;
		u8 tep[MPTCPSEC_ENO_MAX_TEPS];
	} eno;
	struct {
		u8 count;
		u8 off;
		u16 pnf;
		u8 tag_off;
	} secopt;
	u8 ts_off;
	u8 sack_off;
	u8 sack_len;
};

/* The option area is at most 40 bytes (TCP data offset 15 words). */
#define MPTCPSEC_TCPOPT_MAX_LEN	40

int mptcpsec_tcpopt_parse(const u8 *opt, unsigned int len,
			  struct mptcpsec_tcpopts *out);

static inline bool mptcpsec_tcpopt_has(const struct mptcpsec_tcpopts *o,
				       enum mptcpsec_mptcp_subtype st)
{
	return o->mptcp_subtypes & (1u << st);
}

#endif /* _MPTCPSEC_TCPOPT_H */
