// SPDX-License-Identifier: GPL-2.0
/*
 * The static identity key pair of a namespace (identity.h).
 *
 * One object per namespace behind an RCU pointer changed under
 * mptcpsec_net.cfg_lock. It is replaced as a whole, never edited in
 * place, and every freed object is wiped (kfree_sensitive) after the
 * grace period.
 */
#include <crypto/curve25519.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "mptcpsec.h"
#include "identity.h"
#include "policy.h"

static void identity_free(struct mptcpsec_identity *id)
{
	kfree_sensitive(id);
	mptcpsec_obj_put(MPTCPSEC_OBJ_KEY);
}

static void identity_free_rcu(struct rcu_head *head)
{
	identity_free(container_of(head, struct mptcpsec_identity, rcu));
}

static struct mptcpsec_identity *identity_get(struct mptcpsec_net *mn)
{
	return rcu_dereference_protected(mn->identity,
					 lockdep_is_held(&mn->cfg_lock));
}

/**
 * mptcpsec_identity_set() - set or replace the namespace's identity
 * @mn: namespace state
 * @priv: the X25519 private key, MPTCPSEC_IDENTITY_KEY_LEN bytes
 * @file: the path it was read from, or NULL
 * @extack: error reporting
 *
 * Connections already past their key exchange keep their keys; new
 * handshakes use the new key pair.
 *
 * Return: 0, -EINVAL for a private key whose public key is degenerate,
 * or -ENOMEM.
 */
int mptcpsec_identity_set(struct mptcpsec_net *mn, const u8 *priv,
			  const char *file, struct netlink_ext_ack *extack)
{
	size_t flen = file ? strnlen(file, MPTCPSEC_PATH_MAX - 1) : 0;
	struct mptcpsec_identity *id, *old;

	id = kzalloc(sizeof(*id) + flen + 1, GFP_KERNEL);
	if (!id) {
		NL_SET_ERR_MSG_MOD(extack, "out of memory");
		return -ENOMEM;
	}
	mptcpsec_obj_get(MPTCPSEC_OBJ_KEY);
	memcpy(id->priv, priv, sizeof(id->priv));
	if (!curve25519_generate_public(id->pub, id->priv)) {
		identity_free(id);
		NL_SET_ERR_MSG_MOD(extack, "unusable identity private key");
		return -EINVAL;
	}
	if (flen)
		memcpy(id->file, file, flen);

	mutex_lock(&mn->cfg_lock);
	old = identity_get(mn);
	rcu_assign_pointer(mn->identity, id);
	mptcpsec_cfg_changed(mn);
	mutex_unlock(&mn->cfg_lock);
	if (old)
		call_rcu(&old->rcu, identity_free_rcu);
	return 0;
}

/**
 * mptcpsec_identity_del() - delete the namespace's identity
 * @mn: namespace state
 * @extack: error reporting
 *
 * Return: 0, -ENOENT, or -EBUSY while an auth pinned policy exists.
 */
int mptcpsec_identity_del(struct mptcpsec_net *mn,
			  struct netlink_ext_ack *extack)
{
	struct mptcpsec_identity *old;

	mutex_lock(&mn->cfg_lock);
	old = identity_get(mn);
	if (!old) {
		mutex_unlock(&mn->cfg_lock);
		NL_SET_ERR_MSG_MOD(extack, "no identity in this namespace");
		return -ENOENT;
	}
	if (mptcpsec_policy_pinned_refs(mn)) {
		mutex_unlock(&mn->cfg_lock);
		NL_SET_ERR_MSG_MOD(extack,
				   "identity in use by auth pinned policies (delete them first)");
		return -EBUSY;
	}
	RCU_INIT_POINTER(mn->identity, NULL);
	mptcpsec_cfg_changed(mn);
	mutex_unlock(&mn->cfg_lock);
	call_rcu(&old->rcu, identity_free_rcu);
	return 0;
}

/**
 * mptcpsec_identity_exists() - does the namespace have an identity
 * @mn: namespace state
 *
 * Caller holds mn->cfg_lock.
 *
 * Return: true if it has one.
 */
bool mptcpsec_identity_exists(struct mptcpsec_net *mn)
{
	lockdep_assert_held(&mn->cfg_lock);
	return !!identity_get(mn);
}

/**
 * mptcpsec_identity_copy() - copy the private key for a handshake
 * @mn: namespace state
 * @priv: receives the private key; the caller wipes it when done
 *
 * Any context.
 *
 * Return: false when the namespace has no identity.
 */
bool mptcpsec_identity_copy(struct mptcpsec_net *mn,
			    u8 priv[MPTCPSEC_IDENTITY_KEY_LEN])
{
	struct mptcpsec_identity *id;
	bool found = false;

	rcu_read_lock();
	id = rcu_dereference(mn->identity);
	if (id) {
		memcpy(priv, id->priv, MPTCPSEC_IDENTITY_KEY_LEN);
		found = true;
	}
	rcu_read_unlock();
	return found;
}

/**
 * mptcpsec_identity_info() - the public parts of the identity
 * @mn: namespace state
 * @pub: receives the public key
 * @file: receives the path the private key was read from ("" if unknown)
 * @file_len: room at @file
 *
 * Return: false when the namespace has no identity.
 */
bool mptcpsec_identity_info(struct mptcpsec_net *mn,
			    u8 pub[MPTCPSEC_IDENTITY_KEY_LEN], char *file,
			    size_t file_len)
{
	struct mptcpsec_identity *id;
	bool found = false;

	rcu_read_lock();
	id = rcu_dereference(mn->identity);
	if (id) {
		memcpy(pub, id->pub, MPTCPSEC_IDENTITY_KEY_LEN);
		strscpy(file, id->file, file_len);
		found = true;
	}
	rcu_read_unlock();
	return found;
}

/**
 * mptcpsec_identity_net_exit() - wipe and free a namespace's identity
 * @mn: namespace state, no longer reachable by any handshake
 */
void mptcpsec_identity_net_exit(struct mptcpsec_net *mn)
{
	struct mptcpsec_identity *id = rcu_dereference_protected(mn->identity, 1);

	RCU_INIT_POINTER(mn->identity, NULL);
	if (id)
		identity_free(id);
}
