// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of policy matching (module/policy_match.c, built as is),
 * including a comparison against a brute-force reference on random tables.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../module/policy_match.h"
#include "tap.h"

#define MAXE 64

static struct mptcpsec_policy_entry tab[MAXE];
static unsigned int ntab;

static struct mptcpsec_policy_entry mk(const char *prefix, unsigned int plen,
				       unsigned int pmin, unsigned int pmax,
				       unsigned int mode)
{
	struct mptcpsec_policy_entry e;

	memset(&e, 0, sizeof(e));
	if (strchr(prefix, ':')) {
		e.family = MPTCPSEC_AF_INET6;
		inet_pton(AF_INET6, prefix, e.addr);
	} else {
		e.family = MPTCPSEC_AF_INET;
		inet_pton(AF_INET, prefix, e.addr);
	}
	e.prefixlen = plen;
	e.port_min = pmin;
	e.port_max = pmax;
	e.mode = mode;
	return e;
}

static void insert(struct mptcpsec_policy_entry e)
{
	unsigned int pos = mptcpsec_policy_insert_pos(tab, ntab, &e);

	memmove(&tab[pos + 1], &tab[pos], (ntab - pos) * sizeof(tab[0]));
	tab[pos] = e;
	ntab++;
}

static int lookup(const char *addr, unsigned int port)
{
	unsigned char a[16] = { 0 };
	int fam = strchr(addr, ':') ? MPTCPSEC_AF_INET6 : MPTCPSEC_AF_INET;
	int i;

	inet_pton(fam == MPTCPSEC_AF_INET6 ? AF_INET6 : AF_INET, addr, a);
	i = mptcpsec_policy_lookup(tab, ntab, fam, a, port);
	return i < 0 ? -1 : tab[i].mode;
}

static void test_prefix(void)
{
	unsigned char a[16] = { 10, 0, 0, 0 }, b[16] = { 10, 0, 0, 1 };
	unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	ok(mptcpsec_prefix_valid(MPTCPSEC_AF_INET, a, 8), "10.0.0.0/8 valid");
	ok(!mptcpsec_prefix_valid(MPTCPSEC_AF_INET, b, 8), "10.0.0.1/8 has host bits");
	ok(mptcpsec_prefix_valid(MPTCPSEC_AF_INET, b, 32), "10.0.0.1/32 valid");
	ok(!mptcpsec_prefix_valid(MPTCPSEC_AF_INET, a, 33), "/33 invalid for IPv4");
	ok(mptcpsec_prefix_valid(MPTCPSEC_AF_INET6, v6, 32), "2001:db8::/32 valid");
	ok(!mptcpsec_prefix_valid(MPTCPSEC_AF_INET6, v6, 16), "2001:db8::/16 has host bits");
	ok(!mptcpsec_prefix_valid(MPTCPSEC_AF_INET6, v6, 129), "/129 invalid for IPv6");
	ok(!mptcpsec_prefix_valid(99, a, 8), "unknown family invalid");
	ok(mptcpsec_prefix_match(MPTCPSEC_AF_INET, a, 0, v6), "/0 matches anything");
	ok(mptcpsec_prefix_match(MPTCPSEC_AF_INET, a, 31, b), "10.0.0.0/31 holds 10.0.0.1");
	ok(!mptcpsec_prefix_match(MPTCPSEC_AF_INET, a, 32, b), "10.0.0.0/32 does not hold 10.0.0.1");
	b[0] = 11;
	ok(mptcpsec_prefix_match(MPTCPSEC_AF_INET, a, 7, b), "10.0.0.0/7 holds 11.0.0.1");
	ok(!mptcpsec_prefix_match(MPTCPSEC_AF_INET, a, 8, b), "10.0.0.0/8 does not hold 11.0.0.1");
	is_int(mptcpsec_af_addr_len(MPTCPSEC_AF_INET6), 16, "IPv6 address length");
}

static void test_lookup(void)
{
	ntab = 0;
	insert(mk("0.0.0.0", 0, 0, 65535, 1));
	insert(mk("10.1.0.0", 16, 443, 443, 0));
	insert(mk("10.0.0.0", 8, 0, 65535, 1));
	insert(mk("10.1.0.0", 16, 0, 65535, 2));
	insert(mk("::", 0, 0, 65535, 2));
	insert(mk("2001:db8::", 32, 0, 65535, 0));
	insert(mk("10.1.0.0", 16, 400, 500, 1));

	is_int(lookup("10.1.2.3", 443), 0, "narrowest port range wins (443)");
	is_int(lookup("10.1.2.3", 450), 1, "next narrower range (400-500)");
	is_int(lookup("10.1.2.3", 80), 2, "/16 without ports");
	is_int(lookup("10.2.0.1", 443), 1, "/8");
	is_int(lookup("192.0.2.1", 22), 1, "IPv4 default route");
	is_int(lookup("2001:db8::1", 1), 0, "IPv6 /32");
	is_int(lookup("2001:db9::1", 1), 2, "IPv6 ::/0");

	{
		struct mptcpsec_policy_entry k = mk("10.1.0.0", 16, 443, 443, 9);

		ok(mptcpsec_policy_find(tab, ntab, &k) >= 0, "find by prefix and ports");
		k.port_max = 444;
		ok(mptcpsec_policy_find(tab, ntab, &k) < 0, "other port range not found");
	}

	ntab = 0;
	insert(mk("10.0.0.0", 8, 0, 65535, 1));
	is_int(lookup("fd00::1", 80), -1, "family mismatch never matches");
	is_int(lookup("11.0.0.1", 80), -1, "outside every prefix: no match");
}

/*
 * Brute force over an unsorted list: longest prefix, then narrowest port
 * range, then lowest first port (the documented tie-break).
 */
static int reference(const struct mptcpsec_policy_entry *v, unsigned int n,
		     int fam, const unsigned char *a, unsigned int port)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (v[i].family != fam || port < v[i].port_min || port > v[i].port_max)
			continue;
		if (!mptcpsec_prefix_match(fam, v[i].addr, v[i].prefixlen, a))
			continue;
		if (best < 0 || v[i].prefixlen > v[best].prefixlen ||
		    (v[i].prefixlen == v[best].prefixlen &&
		     v[i].port_max - v[i].port_min < v[best].port_max - v[best].port_min) ||
		    (v[i].prefixlen == v[best].prefixlen &&
		     v[i].port_max - v[i].port_min == v[best].port_max - v[best].port_min &&
		     v[i].port_min < v[best].port_min))
			best = i;
	}
	return best < 0 ? -1 : v[best].mode;
}

static void test_random_tables(void)
{
	struct mptcpsec_policy_entry raw[MAXE];
	unsigned int round, mismatches = 0, queries = 0;

	srand(7);
	for (round = 0; round < 2000; round++) {
		unsigned int n = 1 + rand() % 40, i, q;

		ntab = 0;
		for (i = 0; i < n; i++) {
			struct mptcpsec_policy_entry e;
			unsigned int bit, lo;

			memset(&e, 0, sizeof(e));
			e.family = MPTCPSEC_AF_INET;
			e.prefixlen = rand() % 33;
			e.addr[0] = 10;
			e.addr[1] = rand() % 4;
			e.addr[2] = rand() % 4;
			for (bit = e.prefixlen; bit < 32; bit++)
				e.addr[bit / 8] &= ~(0x80 >> (bit % 8));
			lo = rand() % 3 ? 0 : rand() % 100;
			e.port_min = lo;
			e.port_max = lo ? lo + rand() % 50 : 65535;
			/* distinct (prefix, ports) keys have distinct modes */
			e.mode = i;
			if (mptcpsec_policy_find(tab, ntab, &e) >= 0)
				continue;
			raw[ntab] = e;
			insert(e);
		}
		for (q = 0; q < 50; q++) {
			unsigned char a[16] = { 10, rand() % 4, rand() % 4, rand() % 256 };
			unsigned int port = rand() % 160;
			int i2 = mptcpsec_policy_lookup(tab, ntab, MPTCPSEC_AF_INET, a, port);

			queries++;
			if ((i2 < 0 ? -1 : tab[i2].mode) != reference(raw, ntab, MPTCPSEC_AF_INET, a, port))
				mismatches++;
		}
	}
	is_int(mismatches, 0, "sorted lookup equals brute force on 100000 random queries");
	ok(queries == 100000, "all random queries ran");
}

int main(void)
{
	test_prefix();
	test_lookup();
	test_random_tables();
	return tap_done();
}
