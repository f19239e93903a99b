// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: packet-number recovery and the replay window of the
 * module (module/pn.c, built unchanged), with ASan and UBSan.
 *
 * The input is a sequence of 3-byte operations, each choosing a PN
 * relative to the largest one (or absolute) and whether its segment
 * authenticates. Every replay check is compared with a reference model
 * (the list of every PN marked), and recovery from the 15 bits sent must
 * be exact whenever the PN is within 2^14 of the expected one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../module/pn.h"

#define MAX_OPS 2048

static uint64_t marked[MAX_OPS];
static unsigned int nmarked;

static int model_check(bool have, uint64_t largest, uint64_t pn)
{
	unsigned int i;

	if (!have || pn > largest)
		return 0;
	if (largest - pn > 2047)
		return -ERANGE;
	for (i = 0; i < nmarked; i++)
		if (marked[i] == pn)
			return -EEXIST;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mptcpsec_replay w;
	uint64_t largest = 0;
	bool have = false;
	size_t i;

	memset(&w, 0, sizeof(w));
	nmarked = 0;
	for (i = 0; i + 3 <= size && nmarked < MAX_OPS; i += 3) {
		uint8_t op = data[i];
		unsigned int v = data[i + 1] | (data[i + 2] << 8);
		uint64_t pn, expected = have ? largest + 1 : 0;
		int want, got;

		switch (op & 7) {
		case 0:
			pn = expected + v % 4;
			break;
		case 1:
			pn = largest - v % 2100;
			break;
		case 2:
			pn = largest + v;
			break;
		case 3:
			pn = (uint64_t)v << (op >> 4 & 0xf) * 4;
			break;
		case 4:
			pn = largest - 2049 + v % 4;
			break;
		case 5:
			pn = largest + 2046 + v % 4;
			break;
		case 6:
			pn = nmarked ? marked[v % nmarked] : v;
			break;
		default:
			pn = largest - (v & 0x7fff) + 0x4000;
			break;
		}

		/* Recovery from the 15 bits on the wire. */
		if (expected >= MPTCPSEC_PN_HWIN && expected < 0ULL - MPTCPSEC_PN_WIN &&
		    pn + MPTCPSEC_PN_HWIN > expected && pn <= expected + MPTCPSEC_PN_HWIN) {
			u16 pnf = mptcpsec_pnf(pn, op >> 3);

			if (mptcpsec_pn_recover(largest, have, mptcpsec_pnf_truncated(pnf)) != pn)
				abort();
		}

		want = model_check(have, largest, pn);
		got = mptcpsec_replay_check(&w, pn);
		if (got != want)
			abort();
		/* bit 3: the segment fails authentication, nothing is marked */
		if (got || (op & 8))
			continue;
		mptcpsec_replay_mark(&w, pn);
		marked[nmarked++] = pn;
		if (!have || pn > largest)
			largest = pn;
		have = true;
		if (!w.have || w.largest != largest ||
		    mptcpsec_replay_check(&w, pn) != -EEXIST)
			abort();
	}
	return 0;
}
