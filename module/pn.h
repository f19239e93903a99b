/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPTCPsec packet numbers (docs/PROTOCOL.md section 6.2): recovery of the
 * full 64-bit PN from its 15 bits on the wire, and the replay window.
 *
 * Pure: no kernel state, no allocation; shared by the module and by the
 * userspace unit tests and fuzz targets.
 */
#ifndef _MPTCPSEC_PN_H
#define _MPTCPSEC_PN_H

#include "pure.h"

#define MPTCPSEC_PN_BITS	15
#define MPTCPSEC_PN_WIN		0x8000ULL	/* 2^MPTCPSEC_PN_BITS */
#define MPTCPSEC_PN_HWIN	(MPTCPSEC_PN_WIN / 2)
#define MPTCPSEC_PN_MASK	(MPTCPSEC_PN_WIN - 1)

/* Number of PNs up to the largest that the replay window remembers */
#define MPTCPSEC_REPLAY_WIN	2048
#define MPTCPSEC_REPLAY_WORDS	(MPTCPSEC_REPLAY_WIN / 64)

/**
 * struct mptcpsec_replay - replay window of one subflow and direction
 * @largest: largest PN authenticated (valid when @have)
 * @have: a PN has been authenticated
 * @bits: bit i (word i / 64, bit i % 64) set: PN @largest - i was seen
 *
 * Zero-initialised means "nothing seen yet".
 */
struct mptcpsec_replay {
	u64 largest;
	bool have;
	u64 bits[MPTCPSEC_REPLAY_WORDS];
};

u64 mptcpsec_pn_recover(u64 largest, bool have_largest, u16 truncated15);
int mptcpsec_replay_check(const struct mptcpsec_replay *w, u64 pn);
void mptcpsec_replay_mark(struct mptcpsec_replay *w, u64 pn);

/**
 * mptcpsec_pnf() - the 16-bit PN field of the MPTCPsec option
 * @pn: full packet number
 * @phase: key phase (generation of the traffic key); only bit 0 is sent
 *
 * Return: K bit (bit 15) and the low 15 bits of @pn.
 */
static inline u16 mptcpsec_pnf(u64 pn, unsigned int phase)
{
	return (u16)(((phase & 1) << 15) | (pn & MPTCPSEC_PN_MASK));
}

/**
 * mptcpsec_pnf_phase() - key phase bit of a PN field
 * @pnf: the 16-bit field as on the wire
 *
 * Return: 0 or 1.
 */
static inline unsigned int mptcpsec_pnf_phase(u16 pnf)
{
	return pnf >> 15;
}

/**
 * mptcpsec_pnf_truncated() - truncated packet number of a PN field
 * @pnf: the 16-bit field as on the wire
 *
 * Return: the low 15 bits of the PN, for mptcpsec_pn_recover().
 */
static inline u16 mptcpsec_pnf_truncated(u16 pnf)
{
	return pnf & MPTCPSEC_PN_MASK;
}

#endif /* _MPTCPSEC_PN_H */
