// SPDX-License-Identifier: GPL-2.0
/*
 * MPTCPsec packet numbers: recovery from 15 bits (RFC 9000 appendix A.3
 * with a 15-bit field) and a 2048-entry replay window.
 */
#include "pn.h"

/**
 * mptcpsec_pn_recover() - recover a full packet number
 * @largest: largest PN authenticated in this direction
 * @have_largest: false before the first one (@largest is then ignored and
 *	taken as -1)
 * @truncated15: the low 15 bits sent (higher bits are ignored)
 *
 * Return: the PN closest to @largest + 1 whose low 15 bits are
 * @truncated15 (section 6.2).
 */
u64 mptcpsec_pn_recover(u64 largest, bool have_largest, u16 truncated15)
{
	u64 expected = have_largest ? largest + 1 : 0;
	u64 candidate = (expected & ~MPTCPSEC_PN_MASK) |
			(truncated15 & MPTCPSEC_PN_MASK);

	if (expected >= MPTCPSEC_PN_HWIN &&
	    candidate <= expected - MPTCPSEC_PN_HWIN &&
	    candidate < 0ULL - MPTCPSEC_PN_WIN)
		return candidate + MPTCPSEC_PN_WIN;
	if (candidate > expected && candidate - expected > MPTCPSEC_PN_HWIN &&
	    candidate >= MPTCPSEC_PN_WIN)
		return candidate - MPTCPSEC_PN_WIN;
	return candidate;
}

/**
 * mptcpsec_replay_check() - may a packet number be accepted?
 * @w: the replay window
 * @pn: the recovered packet number
 *
 * Does not change @w: call mptcpsec_replay_mark() once the segment
 * authenticated.
 *
 * Return: 0 if @pn was not seen and is in or above the window, -EEXIST if
 * it was seen, -ERANGE if it is more than 2047 below the largest PN.
 */
int mptcpsec_replay_check(const struct mptcpsec_replay *w, u64 pn)
{
	u64 d;

	if (!w->have || pn > w->largest)
		return 0;
	d = w->largest - pn;
	if (d >= MPTCPSEC_REPLAY_WIN)
		return -ERANGE;
	if (w->bits[(unsigned int)d / 64] & (1ULL << ((unsigned int)d % 64)))
		return -EEXIST;
	return 0;
}

/* Move every bit i to i + @shift (0 < @shift < MPTCPSEC_REPLAY_WIN). */
static void replay_shift(struct mptcpsec_replay *w, unsigned int shift)
{
	unsigned int words = shift / 64, bits = shift % 64;
	int j;

	for (j = MPTCPSEC_REPLAY_WORDS - 1; j >= 0; j--) {
		int src = j - (int)words;
		u64 v = 0;

		if (src >= 0) {
			v = w->bits[src] << bits;
			if (bits && src > 0)
				v |= w->bits[src - 1] >> (64 - bits);
		}
		w->bits[j] = v;
	}
}

/**
 * mptcpsec_replay_mark() - record an authenticated packet number
 * @w: the replay window
 * @pn: a PN for which mptcpsec_replay_check() returned 0 and whose segment
 *	authenticated
 *
 * A PN above the largest one slides the window (a jump of 2048 or more
 * clears it); a PN in the window sets its bit; anything else is ignored.
 */
void mptcpsec_replay_mark(struct mptcpsec_replay *w, u64 pn)
{
	u64 d;

	if (!w->have || pn > w->largest) {
		d = w->have ? pn - w->largest : MPTCPSEC_REPLAY_WIN;
		if (d >= MPTCPSEC_REPLAY_WIN)
			memset(w->bits, 0, sizeof(w->bits));
		else
			replay_shift(w, (unsigned int)d);
		w->largest = pn;
		w->have = true;
		w->bits[0] |= 1;
		return;
	}
	d = w->largest - pn;
	if (d < MPTCPSEC_REPLAY_WIN)
		w->bits[(unsigned int)d / 64] |= 1ULL << ((unsigned int)d % 64);
}
