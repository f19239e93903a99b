// SPDX-License-Identifier: GPL-2.0
/*
 * Per-destination policy matching: prefix checks and the match order of a
 * policy table. Pure, so the unit tests build this very file.
 */
#include "policy_match.h"

/**
 * mptcpsec_af_addr_len() - address length of a family
 * @family: MPTCPSEC_AF_INET or MPTCPSEC_AF_INET6
 *
 * Return: 4, 16, or 0 for any other family.
 */
unsigned int mptcpsec_af_addr_len(unsigned int family)
{
	if (family == MPTCPSEC_AF_INET)
		return 4;
	if (family == MPTCPSEC_AF_INET6)
		return 16;
	return 0;
}

/**
 * mptcpsec_prefix_valid() - check a prefix for length and host bits
 * @family: address family
 * @addr: prefix address, network order
 * @prefixlen: prefix length in bits
 *
 * Return: true if the family is known, @prefixlen fits it and no bit past
 * @prefixlen is set.
 */
bool mptcpsec_prefix_valid(unsigned int family, const u8 *addr,
			   unsigned int prefixlen)
{
	unsigned int alen = mptcpsec_af_addr_len(family);
	unsigned int i;

	if (!alen || prefixlen > alen * 8)
		return false;
	for (i = prefixlen; i < alen * 8; i++)
		if (addr[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}

/**
 * mptcpsec_prefix_match() - does an address fall inside a prefix
 * @family: address family of both
 * @prefix: prefix address, network order
 * @prefixlen: prefix length in bits (at most the family's address length)
 * @addr: address to test, network order
 *
 * Return: true if the first @prefixlen bits are equal.
 */
bool mptcpsec_prefix_match(unsigned int family, const u8 *prefix,
			   unsigned int prefixlen, const u8 *addr)
{
	unsigned int alen = mptcpsec_af_addr_len(family);
	unsigned int bytes = prefixlen / 8, bits = prefixlen % 8;

	if (!alen || prefixlen > alen * 8)
		return false;
	if (memcmp(prefix, addr, bytes))
		return false;
	if (bits) {
		u8 mask = (u8)(0xff << (8 - bits));

		if ((prefix[bytes] ^ addr[bytes]) & mask)
			return false;
	}
	return true;
}

static unsigned int port_span(const struct mptcpsec_policy_entry *e)
{
	return (unsigned int)e->port_max - e->port_min;
}

/**
 * mptcpsec_policy_order() - match order of two entries
 * @a: first entry
 * @b: second entry
 *
 * Longer prefixes come first, then narrower port ranges; the rest only
 * makes the order total (family, address, ports).
 *
 * Return: negative if @a matches before @b, positive if after, 0 if both
 * describe the same prefix and port range.
 */
int mptcpsec_policy_order(const struct mptcpsec_policy_entry *a,
			  const struct mptcpsec_policy_entry *b)
{
	int d;

	if (a->prefixlen != b->prefixlen)
		return a->prefixlen > b->prefixlen ? -1 : 1;
	if (port_span(a) != port_span(b))
		return port_span(a) < port_span(b) ? -1 : 1;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	d = memcmp(a->addr, b->addr, sizeof(a->addr));
	if (d)
		return d < 0 ? -1 : 1;
	if (a->port_min != b->port_min)
		return a->port_min < b->port_min ? -1 : 1;
	return 0;
}

/**
 * mptcpsec_policy_same_key() - do two entries name the same destination set
 * @a: first entry
 * @b: second entry
 *
 * Return: true if family, prefix and port range are equal.
 */
bool mptcpsec_policy_same_key(const struct mptcpsec_policy_entry *a,
			      const struct mptcpsec_policy_entry *b)
{
	return mptcpsec_policy_order(a, b) == 0;
}

/**
 * mptcpsec_policy_lookup() - find the entry that applies to a destination
 * @tab: table in match order
 * @n: number of entries
 * @family: destination address family
 * @addr: destination address, network order
 * @port: destination port, host order
 *
 * Return: index of the most specific matching entry, or -1.
 */
int mptcpsec_policy_lookup(const struct mptcpsec_policy_entry *tab,
			   unsigned int n, unsigned int family,
			   const u8 *addr, u16 port)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct mptcpsec_policy_entry *e = &tab[i];

		if (e->family != family)
			continue;
		if (port < e->port_min || port > e->port_max)
			continue;
		if (mptcpsec_prefix_match(family, e->addr, e->prefixlen, addr))
			return (int)i;
	}
	return -1;
}

/**
 * mptcpsec_policy_find() - find the entry with the same prefix and ports
 * @tab: table in match order
 * @n: number of entries
 * @key: entry whose family, prefix and port range are searched
 *
 * Return: index of the entry, or -1.
 */
int mptcpsec_policy_find(const struct mptcpsec_policy_entry *tab,
			 unsigned int n,
			 const struct mptcpsec_policy_entry *key)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (mptcpsec_policy_same_key(&tab[i], key))
			return (int)i;
	return -1;
}

/**
 * mptcpsec_policy_insert_pos() - where a new entry goes to keep match order
 * @tab: table in match order
 * @n: number of entries
 * @e: entry to insert
 *
 * Return: index in 0..@n before which @e is to be inserted.
 */
unsigned int mptcpsec_policy_insert_pos(const struct mptcpsec_policy_entry *tab,
					unsigned int n,
					const struct mptcpsec_policy_entry *e)
{
	unsigned int lo = 0, hi = n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (mptcpsec_policy_order(&tab[mid], e) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
