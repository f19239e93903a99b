// SPDX-License-Identifier: GPL-2.0
/*
 * Named pre-shared keys, per namespace.
 *
 * Keys live on an RCU list changed under mptcpsec_net.cfg_lock. A key is
 * replaced by a new object, never edited in place, and every freed object
 * is wiped (kfree_sensitive) after the grace period.
 */
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "mptcpsec.h"
#include "identity.h"
#include "keys.h"
#include "policy.h"

static void psk_free(struct mptcpsec_psk *k)
{
	kfree_sensitive(k);
	mptcpsec_obj_put(MPTCPSEC_OBJ_KEY);
}

static void psk_free_rcu(struct rcu_head *head)
{
	psk_free(container_of(head, struct mptcpsec_psk, rcu));
}

/**
 * mptcpsec_key_name_valid() - check a key name's characters
 * @name: NUL-terminated name
 *
 * Return: true for 1..31 characters out of [A-Za-z0-9_.-].
 */
bool mptcpsec_key_name_valid(const char *name)
{
	size_t i, n = strnlen(name, MPTCPSEC_KEY_NAME_LEN);

	if (!n || n >= MPTCPSEC_KEY_NAME_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return false;
	return true;
}

/* Caller holds cfg_lock. */
static struct mptcpsec_psk *key_find(struct mptcpsec_net *mn, const char *name)
{
	struct mptcpsec_psk *k;

	list_for_each_entry(k, &mn->keys, list)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

/**
 * mptcpsec_key_exists() - is a key of that name configured
 * @mn: namespace state
 * @name: key name
 *
 * Caller holds mn->cfg_lock.
 *
 * Return: true if it exists.
 */
bool mptcpsec_key_exists(struct mptcpsec_net *mn, const char *name)
{
	lockdep_assert_held(&mn->cfg_lock);
	return !!key_find(mn, name);
}

/**
 * mptcpsec_key_add() - add or replace a named key
 * @mn: namespace state
 * @name: valid key name
 * @secret: key material
 * @len: its length, MPTCPSEC_PSK_MIN_LEN..MPTCPSEC_PSK_MAX_LEN
 * @file: the path it was read from (kept for "save"), or NULL
 * @replace: replace a key of the same name
 * @extack: error reporting
 *
 * Return: 0, -EEXIST, -ENOSPC or -ENOMEM.
 */
int mptcpsec_key_add(struct mptcpsec_net *mn, const char *name,
		     const u8 *secret, unsigned int len, const char *file,
		     bool replace, struct netlink_ext_ack *extack)
{
	size_t flen = file ? strnlen(file, MPTCPSEC_PATH_MAX - 1) : 0;
	struct mptcpsec_psk *k, *old;
	unsigned int n = 0;
	int err = 0;

	k = kzalloc(sizeof(*k) + flen + 1, GFP_KERNEL);
	if (!k) {
		NL_SET_ERR_MSG_MOD(extack, "out of memory");
		return -ENOMEM;
	}
	mptcpsec_obj_get(MPTCPSEC_OBJ_KEY);
	strscpy(k->name, name, sizeof(k->name));
	k->len = len;
	memcpy(k->secret, secret, len);
	if (flen)
		memcpy(k->file, file, flen);

	mutex_lock(&mn->cfg_lock);
	old = key_find(mn, name);
	if (old && !replace) {
		NL_SET_ERR_MSG_MOD(extack, "key exists (use replace)");
		err = -EEXIST;
		goto out_unlock;
	}
	if (!old) {
		list_for_each_entry(old, &mn->keys, list)
			n++;
		old = NULL;
		if (n >= MPTCPSEC_KEYS_MAX) {
			NL_SET_ERR_MSG_MOD(extack, "too many keys");
			err = -ENOSPC;
			goto out_unlock;
		}
		list_add_tail_rcu(&k->list, &mn->keys);
	} else {
		list_replace_rcu(&old->list, &k->list);
		call_rcu(&old->rcu, psk_free_rcu);
	}
	mptcpsec_cfg_changed(mn);
	k = NULL;
out_unlock:
	mutex_unlock(&mn->cfg_lock);
	if (k)
		psk_free(k);
	return err;
}

/**
 * mptcpsec_key_del() - delete a named key
 * @mn: namespace state
 * @name: key name
 * @extack: error reporting
 *
 * Return: 0, -ENOENT, or -EBUSY while a policy names the key.
 */
int mptcpsec_key_del(struct mptcpsec_net *mn, const char *name,
		     struct netlink_ext_ack *extack)
{
	struct mptcpsec_psk *k;
	int err = 0;

	mutex_lock(&mn->cfg_lock);
	k = key_find(mn, name);
	if (!k) {
		NL_SET_ERR_MSG_MOD(extack, "no such key");
		err = -ENOENT;
	} else if (mptcpsec_policy_key_refs(mn, name)) {
		NL_SET_ERR_MSG_MOD(extack, "key is used by a policy");
		err = -EBUSY;
	} else {
		list_del_rcu(&k->list);
		call_rcu(&k->rcu, psk_free_rcu);
		mptcpsec_cfg_changed(mn);
	}
	mutex_unlock(&mn->cfg_lock);
	return err;
}

/**
 * mptcpsec_key_info() - describe the key at a list position
 * @mn: namespace state
 * @pos: position in the list
 * @name: receives the name
 * @len: receives the secret's length
 * @refs: receives the number of policies naming it
 * @file: receives the path it was read from ("" when unknown)
 * @file_len: room at @file
 *
 * Never returns key material.
 *
 * Return: true if @pos exists.
 */
bool mptcpsec_key_info(struct mptcpsec_net *mn, unsigned int pos,
		       char name[MPTCPSEC_KEY_NAME_LEN], unsigned int *len,
		       unsigned int *refs, char *file, size_t file_len)
{
	struct mptcpsec_psk *k;
	bool found = false;

	mutex_lock(&mn->cfg_lock);
	list_for_each_entry(k, &mn->keys, list) {
		if (pos--)
			continue;
		strscpy(name, k->name, MPTCPSEC_KEY_NAME_LEN);
		*len = k->len;
		*refs = mptcpsec_policy_key_refs(mn, k->name);
		strscpy(file, k->file, file_len);
		found = true;
		break;
	}
	mutex_unlock(&mn->cfg_lock);
	return found;
}

/**
 * mptcpsec_keys_net_exit() - wipe and free a namespace's keys
 * @mn: namespace state
 */
void mptcpsec_keys_net_exit(struct mptcpsec_net *mn)
{
	struct mptcpsec_psk *k, *tmp;

	list_for_each_entry_safe(k, tmp, &mn->keys, list) {
		list_del(&k->list);
		psk_free(k);
	}
}

/**
 * mptcpsec_key_copy() - copy a key's material for a handshake
 * @mn: namespace state
 * @name: key name
 * @out: receives the secret (MPTCPSEC_PSK_MAX_LEN bytes of room)
 * @len: receives its length
 *
 * Callable from the data path (RCU). The caller wipes @out after use.
 *
 * Return: true if the key exists.
 */
bool mptcpsec_key_copy(struct mptcpsec_net *mn, const char *name,
		       u8 out[MPTCPSEC_PSK_MAX_LEN], unsigned int *len)
{
	struct mptcpsec_psk *k;
	bool found = false;

	rcu_read_lock();
	list_for_each_entry_rcu(k, &mn->keys, list) {
		if (!strcmp(k->name, name)) {
			memcpy(out, k->secret, k->len);
			*len = k->len;
			found = true;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}
