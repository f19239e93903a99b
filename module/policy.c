// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace policy table.
 *
 * The table is an immutable array in match order (policy_match.c), read by
 * the data path under RCU and replaced as a whole on every change (under
 * mptcpsec_net.cfg_lock). Changes are rare and come from netlink; lookups
 * happen once per new connection.
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "mptcpsec.h"
#include "identity.h"
#include "keys.h"
#include "policy.h"

static struct mptcpsec_policy_table *table_alloc(unsigned int n)
{
	struct mptcpsec_policy_table *t;

	t = kvzalloc(struct_size(t, e, n), GFP_KERNEL);
	if (!t)
		return NULL;
	t->hits = kvcalloc(n ? n : 1, sizeof(*t->hits), GFP_KERNEL);
	if (!t->hits) {
		kvfree(t);
		return NULL;
	}
	t->n = n;
	mptcpsec_obj_get(MPTCPSEC_OBJ_POLICY_TABLE);
	return t;
}

static void table_free(struct mptcpsec_policy_table *t)
{
	if (!t)
		return;
	kvfree(t->hits);
	kvfree(t);
	mptcpsec_obj_put(MPTCPSEC_OBJ_POLICY_TABLE);
}

static void table_free_rcu(struct rcu_head *head)
{
	table_free(container_of(head, struct mptcpsec_policy_table, rcu));
}

static struct mptcpsec_policy_table *table_get(struct mptcpsec_net *mn)
{
	return rcu_dereference_protected(mn->policies,
					 lockdep_is_held(&mn->cfg_lock));
}

static void table_publish(struct mptcpsec_net *mn,
			  struct mptcpsec_policy_table *new)
{
	struct mptcpsec_policy_table *old = table_get(mn);

	rcu_assign_pointer(mn->policies, new);
	mptcpsec_cfg_changed(mn);
	if (old)
		call_rcu(&old->rcu, table_free_rcu);
}

/*
 * Build a table of @n entries from @old: entry @skip is left out, @ins is
 * placed at position @insert_at (-1: nowhere). Hit counts move along.
 */
static struct mptcpsec_policy_table *
table_copy(const struct mptcpsec_policy_table *old, unsigned int n, int skip,
	   int insert_at, const struct mptcpsec_policy_entry *ins)
{
	unsigned int oldn = old ? old->n : 0;
	struct mptcpsec_policy_table *t = table_alloc(n);
	unsigned int i, j = 0;

	if (!t)
		return NULL;
	for (i = 0; i <= oldn && j <= n; i++) {
		if ((int)i == insert_at && j < n)
			t->e[j++] = *ins;
		if (i == oldn)
			break;
		if ((int)i == skip || j >= n)
			continue;
		t->e[j] = old->e[i];
		atomic64_set(&t->hits[j], atomic64_read(&old->hits[i]));
		j++;
	}
	return t;
}

/* Caller holds cfg_lock: publish @new, or report why it could not be built. */
static int table_commit(struct mptcpsec_net *mn,
			struct mptcpsec_policy_table *new,
			struct netlink_ext_ack *extack)
{
	if (!new) {
		NL_SET_ERR_MSG_MOD(extack, "out of memory");
		return -ENOMEM;
	}
	table_publish(mn, new);
	return 0;
}

/**
 * mptcpsec_policy_add() - add or replace a policy entry
 * @mn: namespace state
 * @e: the entry (validated by the caller)
 * @replace: replace an entry with the same prefix and ports
 * @extack: error reporting
 *
 * Return: 0, -EEXIST, -ENOSPC or -ENOMEM.
 */
int mptcpsec_policy_add(struct mptcpsec_net *mn,
			const struct mptcpsec_policy_entry *e, bool replace,
			struct netlink_ext_ack *extack)
{
	struct mptcpsec_policy_table *old, *new;
	unsigned int n;
	int idx, err;

	mutex_lock(&mn->cfg_lock);
	if (e->auth == MPTCPSEC_AUTH_PSK && !mptcpsec_key_exists(mn, e->key_name)) {
		mutex_unlock(&mn->cfg_lock);
		NL_SET_ERR_MSG_MOD(extack, "unknown key: add it with 'key add' first");
		return -ENOENT;
	}
	if (e->auth == MPTCPSEC_AUTH_PINNED && !mptcpsec_identity_exists(mn)) {
		mutex_unlock(&mn->cfg_lock);
		NL_SET_ERR_MSG_MOD(extack,
				   "no identity in this namespace: load one with 'identity load' first");
		return -ENOENT;
	}
	old = table_get(mn);
	n = old ? old->n : 0;
	idx = old ? mptcpsec_policy_find(old->e, n, e) : -1;
	if (idx >= 0) {
		if (!replace) {
			mutex_unlock(&mn->cfg_lock);
			NL_SET_ERR_MSG_MOD(extack, "policy exists (use replace)");
			return -EEXIST;
		}
		new = table_copy(old, n, -1, -1, NULL);
		if (new) {
			new->e[idx] = *e;
			atomic64_set(&new->hits[idx], 0);
		}
	} else {
		if (n >= MPTCPSEC_POLICY_MAX) {
			mutex_unlock(&mn->cfg_lock);
			NL_SET_ERR_MSG_MOD(extack, "policy table full");
			return -ENOSPC;
		}
		new = table_copy(old, n + 1, -1,
				 mptcpsec_policy_insert_pos(old ? old->e : NULL, n, e),
				 e);
	}
	err = table_commit(mn, new, extack);
	mutex_unlock(&mn->cfg_lock);
	return err;
}

/**
 * mptcpsec_policy_del() - delete the entry for a prefix and port range
 * @mn: namespace state
 * @key: family, prefix and ports of the entry
 * @extack: error reporting
 *
 * Return: 0, -ENOENT or -ENOMEM.
 */
int mptcpsec_policy_del(struct mptcpsec_net *mn,
			const struct mptcpsec_policy_entry *key,
			struct netlink_ext_ack *extack)
{
	struct mptcpsec_policy_table *old, *new;
	int idx, err;

	mutex_lock(&mn->cfg_lock);
	old = table_get(mn);
	idx = old ? mptcpsec_policy_find(old->e, old->n, key) : -1;
	if (idx < 0) {
		mutex_unlock(&mn->cfg_lock);
		NL_SET_ERR_MSG_MOD(extack, "no policy for this prefix and port range");
		return -ENOENT;
	}
	new = table_copy(old, old->n - 1, idx, -1, NULL);
	err = table_commit(mn, new, extack);
	mutex_unlock(&mn->cfg_lock);
	return err;
}

/**
 * mptcpsec_policy_flush() - delete every policy entry
 * @mn: namespace state
 */
void mptcpsec_policy_flush(struct mptcpsec_net *mn)
{
	mutex_lock(&mn->cfg_lock);
	table_publish(mn, NULL);
	mutex_unlock(&mn->cfg_lock);
}

/**
 * mptcpsec_policy_key_refs() - count the entries naming a pre-shared key
 * @mn: namespace state
 * @name: key name
 *
 * Caller holds mn->cfg_lock.
 *
 * Return: the number of entries.
 */
unsigned int mptcpsec_policy_key_refs(struct mptcpsec_net *mn, const char *name)
{
	struct mptcpsec_policy_table *t = table_get(mn);
	unsigned int i, refs = 0;

	for (i = 0; t && i < t->n; i++)
		if (t->e[i].auth == MPTCPSEC_AUTH_PSK &&
		    !strcmp(t->e[i].key_name, name))
			refs++;
	return refs;
}

/**
 * mptcpsec_policy_pinned_refs() - count the auth pinned policy entries
 * @mn: namespace state
 *
 * Caller holds mn->cfg_lock.
 *
 * Return: the number of entries.
 */
unsigned int mptcpsec_policy_pinned_refs(struct mptcpsec_net *mn)
{
	struct mptcpsec_policy_table *t = table_get(mn);
	unsigned int i, refs = 0;

	for (i = 0; t && i < t->n; i++)
		if (t->e[i].auth == MPTCPSEC_AUTH_PINNED)
			refs++;
	return refs;
}

static void policy_default(struct mptcpsec_policy_entry *out)
{
	memset(out, 0, sizeof(*out));
	out->mode = READ_ONCE(mptcpsec_default_mode);
	out->auth = MPTCPSEC_AUTH_NONE;
}

/**
 * mptcpsec_policy_resolve() - the policy that applies to a destination
 * @mn: namespace state
 * @family: AF_INET or AF_INET6
 * @addr: destination address, network order
 * @port: destination port, host order
 * @out: receives the winning entry, or the namespace default
 *
 * Counts the lookup and the hit. Safe in any context.
 *
 * Return: true if an entry matched, false if the default applies.
 */
bool mptcpsec_policy_resolve(struct mptcpsec_net *mn, unsigned int family,
			     const u8 *addr, u16 port,
			     struct mptcpsec_policy_entry *out)
{
	struct mptcpsec_policy_table *t;
	int idx = -1;

	MPTCPSEC_INC(mn, MPTCPSEC_STAT_POLICY_LOOKUPS);
	rcu_read_lock();
	t = rcu_dereference(mn->policies);
	if (t)
		idx = mptcpsec_policy_lookup(t->e, t->n, family, addr, port);
	if (idx >= 0) {
		*out = t->e[idx];
		atomic64_inc(&t->hits[idx]);
	}
	rcu_read_unlock();
	if (idx < 0)
		policy_default(out);
	return idx >= 0;
}

/**
 * mptcpsec_policy_peek() - like mptcpsec_policy_resolve() without counting
 * @mn: namespace state
 * @family: AF_INET or AF_INET6
 * @addr: destination address, network order
 * @port: destination port, host order
 * @out: receives the winning entry, or the namespace default
 * @hits: receives the entry's hit count (0 for the default)
 *
 * Return: true if an entry matched, false if the default applies.
 */
bool mptcpsec_policy_peek(struct mptcpsec_net *mn, unsigned int family,
			  const u8 *addr, u16 port,
			  struct mptcpsec_policy_entry *out, u64 *hits)
{
	struct mptcpsec_policy_table *t;
	int idx = -1;

	*hits = 0;
	rcu_read_lock();
	t = rcu_dereference(mn->policies);
	if (t)
		idx = mptcpsec_policy_lookup(t->e, t->n, family, addr, port);
	if (idx >= 0) {
		*out = t->e[idx];
		*hits = atomic64_read(&t->hits[idx]);
	}
	rcu_read_unlock();
	if (idx < 0)
		policy_default(out);
	return idx >= 0;
}

/**
 * mptcpsec_policy_get() - copy one entry of the table by position
 * @mn: namespace state
 * @pos: position in match order
 * @out: receives the entry
 * @hits: receives its hit count
 *
 * Used by dumps, which resume by position.
 *
 * Return: true if @pos exists.
 */
bool mptcpsec_policy_get(struct mptcpsec_net *mn, unsigned int pos,
			 struct mptcpsec_policy_entry *out, u64 *hits)
{
	struct mptcpsec_policy_table *t;
	bool found = false;

	rcu_read_lock();
	t = rcu_dereference(mn->policies);
	if (t && pos < t->n) {
		*out = t->e[pos];
		*hits = atomic64_read(&t->hits[pos]);
		found = true;
	}
	rcu_read_unlock();
	return found;
}

/**
 * mptcpsec_policy_net_init() - set up a namespace's policy table
 * @mn: namespace state
 */
void mptcpsec_policy_net_init(struct mptcpsec_net *mn)
{
	mutex_init(&mn->cfg_lock);
	RCU_INIT_POINTER(mn->policies, NULL);
}

/**
 * mptcpsec_policy_net_exit() - free a namespace's policy table
 * @mn: namespace state
 *
 * No reader may remain (hooks and netlink are gone for this namespace).
 */
void mptcpsec_policy_net_exit(struct mptcpsec_net *mn)
{
	table_free(rcu_dereference_protected(mn->policies, true));
	RCU_INIT_POINTER(mn->policies, NULL);
}
