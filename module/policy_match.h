/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-destination policy matching (pure: no kernel state, no allocation).
 *
 * A policy table is an array of entries kept in match order: the first
 * entry that matches a destination is the one that applies. Match order is
 * longest prefix first, then narrowest port range, so a linear scan finds
 * the most specific entry.
 */
#ifndef _MPTCPSEC_POLICY_MATCH_H
#define _MPTCPSEC_POLICY_MATCH_H

#include "pure.h"

#define MPTCPSEC_AF_INET	2	/* AF_INET */
#define MPTCPSEC_AF_INET6	10	/* AF_INET6 */

#define MPTCPSEC_KEY_NAME_LEN	32	/* including the NUL */

/**
 * struct mptcpsec_policy_entry - one per-destination policy
 * @family: MPTCPSEC_AF_INET or MPTCPSEC_AF_INET6
 * @prefixlen: prefix length in bits
 * @mode: enum mptcpsec_mode
 * @auth: enum mptcpsec_auth
 * @port_min: first destination port of the range
 * @port_max: last destination port of the range (0..65535 = any port)
 * @addr: prefix, network order; bytes past the family's length are zero
 * @key_name: pre-shared key name when @auth is psk, else empty
 * @peer_key: the peer's pinned X25519 public key when @auth is pinned
 */
struct mptcpsec_policy_entry {
	u8 family;
	u8 prefixlen;
	u8 mode;
	u8 auth;
	u16 port_min;
	u16 port_max;
	u8 addr[16];
	union {
		char key_name[MPTCPSEC_KEY_NAME_LEN];
		u8 peer_key[MPTCPSEC_KEY_NAME_LEN];
	};
};

unsigned int mptcpsec_af_addr_len(unsigned int family);
bool mptcpsec_prefix_valid(unsigned int family, const u8 *addr,
			   unsigned int prefixlen);
bool mptcpsec_prefix_match(unsigned int family, const u8 *prefix,
			   unsigned int prefixlen, const u8 *addr);
int mptcpsec_policy_order(const struct mptcpsec_policy_entry *a,
			  const struct mptcpsec_policy_entry *b);
bool mptcpsec_policy_same_key(const struct mptcpsec_policy_entry *a,
			      const struct mptcpsec_policy_entry *b);
int mptcpsec_policy_lookup(const struct mptcpsec_policy_entry *tab,
			   unsigned int n, unsigned int family,
			   const u8 *addr, u16 port);
int mptcpsec_policy_find(const struct mptcpsec_policy_entry *tab,
			 unsigned int n,
			 const struct mptcpsec_policy_entry *key);
unsigned int mptcpsec_policy_insert_pos(const struct mptcpsec_policy_entry *tab,
					unsigned int n,
					const struct mptcpsec_policy_entry *e);

#endif /* _MPTCPSEC_POLICY_MATCH_H */
