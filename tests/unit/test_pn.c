// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of packet-number recovery and the replay window
 * (module/pn.c, built as is).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../module/pn.h"
#include "tap.h"

#define WIN	0x8000ULL
#define HWIN	0x4000ULL

static u64 recover(u64 largest, u64 pn)
{
	return mptcpsec_pn_recover(largest, true, mptcpsec_pnf_truncated(mptcpsec_pnf(pn, 0)));
}

static void test_recover_known(void)
{
	is_int(mptcpsec_pn_recover(12345, false, 0), 0, "recover: first PN 0");
	is_int(mptcpsec_pn_recover(0, false, 5), 5, "recover: first PN 5");
	is_int(mptcpsec_pn_recover(0, false, 0x7fff), 0x7fff, "recover: first, never negative");
	is_int(mptcpsec_pn_recover(0, true, 1), 1, "recover: after 0 comes 1");
	is_int(mptcpsec_pn_recover(0x7ffe, true, 0x0002), 0x8002, "recover: across the 2^15 wrap");
	is_int(mptcpsec_pn_recover(0x8001, true, 0x7ffd), 0x7ffd, "recover: reordered, back across the wrap");
	is_int(mptcpsec_pn_recover(0x7fff, true, 0x0000), 0x8000, "recover: 0x7fff -> 0x8000");
	is_int(mptcpsec_pn_recover(5, true, 0xfffa), 0x7ffa,
	       "recover: K bit ignored, no PN below 0");
	/* RFC 9000 A.3 numbers with a 15-bit field: 0x9b32 & 0x7fff = 0x1b32 */
	ok(mptcpsec_pn_recover(0xa82f30eaULL, true, 0x9b32 & 0x7fff) == 0xa82f1b32ULL,
	   "recover: RFC 9000 A.3 example, 15 bits");
	ok(mptcpsec_pn_recover(0xa82f30eaULL, true, 0x5b32) == 0xa82f5b32ULL,
	   "recover: RFC 9000 A.3 largest, PN 0xa82f5b32 ahead by 0x2a47");
	ok(mptcpsec_pn_recover(0xa82f30eaULL, true, 0x70ec) == 0xa82ef0ecULL,
	   "recover: expected + 2^14 + 1 is taken as behind");
	ok(mptcpsec_pn_recover(0xa82f30eaULL, true, 0x70eb) == 0xa82f70ebULL,
	   "recover: expected + 2^14 stays ahead");
	ok(mptcpsec_pn_recover(0xa82f30eaULL, true, 0x70ea) == 0xa82f70eaULL,
	   "recover: expected + 2^14 - 1 stays ahead");
	/* near 2^64: no candidate beyond the PN space */
	ok(mptcpsec_pn_recover(0xffffffffffffcfffULL, true, 0x0100) == 0xffffffffffff8100ULL,
	   "recover: no wrap past 2^64");
	ok(mptcpsec_pn_recover(0xfffffffffffffff0ULL, true, 0x7ff8) == 0xfffffffffffffff8ULL,
	   "recover: near 2^64 forward");
}

/* Exact for every PN in (expected - 2^14, expected + 2^14]. */
static void test_recover_windows(void)
{
	static const u64 bases[] = {
		0, 1, 100, HWIN - 1, HWIN, HWIN + 1, WIN - 2, WIN - 1, WIN, WIN + 1,
		3 * WIN - 7, 0x123456789abcULL, 0xa82f30eaULL, 0xfffffff0ULL,
		0x7fffffffffffffffULL, 0xffffffffffff0000ULL,
	};
	unsigned int i, bad = 0, checked = 0;
	long long d;

	for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		u64 largest = bases[i], expected = largest + 1;

		for (d = -(long long)(HWIN - 1); d <= (long long)HWIN; d++) {
			u64 pn = expected + (u64)d;

			if (d < 0 && (u64)-d > expected)
				continue;
			checked++;
			if (recover(largest, pn) != pn) {
				if (bad++ < 5)
					printf("# largest %llx pn %llx got %llx\n",
					       largest, pn, recover(largest, pn));
			}
		}
	}
	is_int(bad, 0, "recover: exact within +-(2^14 - 1) of expected");
	ok(checked > 400000, "recover: many PNs checked");

	/* Beyond the half window the nearest candidate is chosen instead. */
	ok(recover(0x10000, 0x10001 + HWIN + 1) == 0x10001 + HWIN + 1 - WIN,
	   "recover: 2^14 + 1 ahead is taken as behind");
	ok(recover(0x10000, 0x10001 - HWIN) == 0x10001 + HWIN,
	   "recover: 2^14 behind is taken as ahead");
}

static void test_pnf(void)
{
	is_int(mptcpsec_pnf(0x12345, 1), 0xa345, "pnf: phase 1");
	is_int(mptcpsec_pnf(0x12345, 2), 0x2345, "pnf: phase 2 sends K = 0");
	is_int(mptcpsec_pnf(0xffffffffffffffffULL, 3), 0xffff, "pnf: all ones");
	is_int(mptcpsec_pnf_phase(0xa345), 1, "pnf: phase decoded");
	is_int(mptcpsec_pnf_phase(0x2345), 0, "pnf: phase 0 decoded");
	is_int(mptcpsec_pnf_truncated(0xa345), 0x2345, "pnf: truncated PN decoded");
}

static int check(struct mptcpsec_replay *w, u64 pn)
{
	return mptcpsec_replay_check(w, pn);
}

static int accept(struct mptcpsec_replay *w, u64 pn)
{
	int err = mptcpsec_replay_check(w, pn);

	if (!err)
		mptcpsec_replay_mark(w, pn);
	return err;
}

static void test_replay_basic(void)
{
	struct mptcpsec_replay w = { 0 };
	unsigned int i, bad = 0;

	is_int(check(&w, 0), 0, "replay: empty window accepts 0");
	is_int(check(&w, 123456), 0, "replay: empty window accepts anything");
	mptcpsec_replay_mark(&w, 0);
	ok(w.have && w.largest == 0, "replay: first mark sets largest");
	is_int(check(&w, 0), -EEXIST, "replay: duplicate of 0");
	is_int(check(&w, 1), 0, "replay: 1 is new");

	for (i = 1; i < 5000; i++)
		if (accept(&w, i))
			bad++;
	is_int(bad, 0, "replay: 5000 in-order PNs accepted");
	for (i = 0; i < 5000; i++)
		if (check(&w, i) != (i + 2047 >= 4999 ? -EEXIST : -ERANGE))
			bad++;
	is_int(bad, 0, "replay: each one a duplicate (in window) or too old");
	is_int(check(&w, 4999 - 2047), -EEXIST, "replay: largest - 2047 is in the window");
	is_int(check(&w, 4999 - 2048), -ERANGE, "replay: largest - 2048 is too old");
	is_int(check(&w, 5000), 0, "replay: next one accepted");
	is_int(check(&w, 1ULL << 40), 0, "replay: far ahead accepted");
}

static void test_replay_jumps(void)
{
	static const unsigned int jumps[] = { 1, 63, 64, 65, 127, 128, 1000, 2047, 2048, 5000 };
	unsigned int i, k;

	for (i = 0; i < sizeof(jumps) / sizeof(jumps[0]); i++) {
		struct mptcpsec_replay w = { 0 };
		const u64 base = 100000;
		unsigned int j = jumps[i], bad = 0;
		char desc[96];

		/* every other PN in base - 300 .. base, then jump */
		for (k = 0; k <= 300; k += 2)
			mptcpsec_replay_mark(&w, base - 300 + k);
		is_int(check(&w, base + j), 0, "replay jump: new PN acceptable");
		mptcpsec_replay_mark(&w, base + j);
		for (k = 0; k <= 300; k++) {
			u64 pn = base - 300 + k;
			int want = base + j - pn >= 2048 ? -ERANGE : k % 2 ? 0 : -EEXIST;

			if (check(&w, pn) != want)
				bad++;
		}
		for (k = 1; k < j && k < 3000; k++) {
			u64 pn = base + k;
			int want = base + j - pn >= 2048 ? -ERANGE : 0;

			if (check(&w, pn) != want)
				bad++;
		}
		snprintf(desc, sizeof(desc), "replay jump %u: old marks shifted, gap unseen", j);
		is_int(bad, 0, desc);
		snprintf(desc, sizeof(desc), "replay jump %u: new largest a duplicate", j);
		is_int(check(&w, base + j), -EEXIST, desc);
	}
}

static void test_replay_fill(void)
{
	struct mptcpsec_replay w = { 0 };
	unsigned int i, bad = 0;
	int perm[2047];

	is_int(accept(&w, 2047), 0, "replay fill: largest first");
	for (i = 0; i < 2047; i++)
		perm[i] = i;
	srand(3);
	for (i = 2046; i > 0; i--) {
		unsigned int j = rand() % (i + 1);
		int t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (i = 0; i < 2047; i++)
		if (accept(&w, perm[i]))
			bad++;
	is_int(bad, 0, "replay fill: 0..2046 accepted out of order");
	for (i = 0; i <= 2047; i++)
		if (check(&w, i) != -EEXIST)
			bad++;
	is_int(bad, 0, "replay fill: then every one a duplicate");
	for (i = 0; i < 32; i++)
		if (w.bits[i] != ~0ULL)
			bad++;
	is_int(bad, 0, "replay fill: bitmap full");
	is_int(accept(&w, 2048), 0, "replay fill: 2048 accepted");
	is_int(check(&w, 0), -ERANGE, "replay fill: 0 now too old");
	is_int(check(&w, 1), -EEXIST, "replay fill: 1 still remembered");
}

/* Reference: the set of every authenticated PN, and the largest. */
static void test_replay_model(void)
{
	const unsigned int space = 1u << 22;
	unsigned char *seen = calloc(space, 1);
	struct mptcpsec_replay w = { 0 };
	unsigned int i, bad = 0, accepted = 0, dups = 0, old = 0;
	long long recent[64] = { 0 };
	bool have = false;
	u64 largest = 0;

	srand(11);
	for (i = 0; i < 100000; i++) {
		long long pn;
		int r = rand() % 100, want, got;

		if (have && r < 15)
			pn = recent[rand() % 64];
		else if (!have || r < 40)
			pn = (long long)largest + 1 + rand() % 3;
		else if (r < 75)
			pn = (long long)largest - rand() % 2100;
		else if (r < 85)
			pn = (long long)largest - 2040 - rand() % 16;
		else if (r < 95)
			pn = (long long)largest + rand() % 200;
		else if (r < 98)
			pn = (long long)largest + 2040 + rand() % 16;
		else
			pn = (long long)largest + 5000;
		if (pn < 0)
			pn = 0;
		if (pn >= (long long)space) {
			/* start over with a fresh window and model */
			memset(seen, 0, space);
			memset(&w, 0, sizeof(w));
			memset(recent, 0, sizeof(recent));
			have = false;
			largest = 0;
			continue;
		}

		if (!have || (u64)pn > largest)
			want = 0;
		else if (largest - pn > 2047)
			want = -ERANGE;
		else
			want = seen[pn] ? -EEXIST : 0;
		got = mptcpsec_replay_check(&w, pn);
		if (got != want && bad++ < 5)
			printf("# op %u pn %lld largest %llu: got %d want %d\n",
			       i, pn, largest, got, want);
		if (want == -EEXIST)
			dups++;
		if (want == -ERANGE)
			old++;
		/* one in ten acceptable segments fails authentication */
		if (got == 0 && rand() % 10) {
			mptcpsec_replay_mark(&w, pn);
			seen[pn] = 1;
			recent[accepted % 64] = pn;
			if (!have || (u64)pn > largest)
				largest = pn;
			have = true;
			accepted++;
		}
		if (have && w.largest != largest && bad++ < 5)
			printf("# op %u: largest %llu want %llu\n", i, w.largest, largest);
	}
	printf("# accepted %u duplicates %u old %u\n", accepted, dups, old);
	is_int(bad, 0, "replay model: 100000 operations agree with a reference set");
	ok(accepted > 10000 && dups > 2000 && old > 5000,
	   "replay model: accepts, duplicates and old PNs all exercised");
	free(seen);
}

int main(void)
{
	test_recover_known();
	test_recover_windows();
	test_pnf();
	test_replay_basic();
	test_replay_jumps();
	test_replay_fill();
	test_replay_model();
	return tap_done();
}
