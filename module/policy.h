/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-namespace policy table: what netlink may do with it.
 */
#ifndef _MPTCPSEC_POLICY_H
#define _MPTCPSEC_POLICY_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>

#include "policy_match.h"

struct mptcpsec_net;
struct netlink_ext_ack;

/* Entries per namespace; each costs sizeof(entry) + 8 bytes. */
#define MPTCPSEC_POLICY_MAX	65536

/**
 * struct mptcpsec_policy_table - immutable policy array, replaced on change
 * @rcu: deferred free of a replaced table
 * @n: number of entries
 * @hits: per-entry match counters (updated locklessly by the data path)
 * @e: entries in match order
 */
struct mptcpsec_policy_table {
	struct rcu_head rcu;
	unsigned int n;
	atomic64_t *hits;
	struct mptcpsec_policy_entry e[];
};

int mptcpsec_policy_add(struct mptcpsec_net *mn,
			const struct mptcpsec_policy_entry *e, bool replace,
			struct netlink_ext_ack *extack);
int mptcpsec_policy_del(struct mptcpsec_net *mn,
			const struct mptcpsec_policy_entry *key,
			struct netlink_ext_ack *extack);
void mptcpsec_policy_flush(struct mptcpsec_net *mn);
unsigned int mptcpsec_policy_key_refs(struct mptcpsec_net *mn, const char *name);
unsigned int mptcpsec_policy_pinned_refs(struct mptcpsec_net *mn);
bool mptcpsec_policy_peek(struct mptcpsec_net *mn, unsigned int family,
			  const u8 *addr, u16 port,
			  struct mptcpsec_policy_entry *out, u64 *hits);
bool mptcpsec_policy_get(struct mptcpsec_net *mn, unsigned int pos,
			 struct mptcpsec_policy_entry *out, u64 *hits);

#endif /* _MPTCPSEC_POLICY_H */
