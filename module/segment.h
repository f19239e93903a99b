/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The byte-level part of verifying a received segment (docs/PROTOCOL.md
 * section 6): associated data and AEAD open. Pure: builds in the kernel,
 * the unit tests and the fuzz targets.
 */
#ifndef _MPTCPSEC_SEGMENT_H
#define _MPTCPSEC_SEGMENT_H

#include "pure.h"
#include "aead.h"
#include "wire.h"

/**
 * struct mptcpsec_seg_in - a received segment, as the verifier sees it
 * @th: the fixed TCP header as received
 * @opts: the option area as received
 * @optlen: its length in bytes
 * @secopt_off: offset of the MPTCPsec option in @opts
 * @tag_off: offset of its tag in @opts
 * @payload: the payload, decrypted in place once the tag verified
 * @plen: its length in bytes
 * @syn: a SYN-ACK: its payload (the key share) is authenticated, not
 *	encrypted
 */
struct mptcpsec_seg_in {
	const u8 *th;
	const u8 *opts;
	unsigned int optlen;
	unsigned int secopt_off;
	unsigned int tag_off;
	u8 *payload;
	unsigned int plen;
	bool syn;
};

int mptcpsec_segment_open(const struct mptcpsec_aead_key *key, u64 pn,
			  u32 isn_snd, u32 isn_rcv,
			  const struct mptcpsec_seg_in *s);

#endif /* _MPTCPSEC_SEGMENT_H */
