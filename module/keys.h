/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Named pre-shared keys, per namespace. Secrets are write-only: nothing
 * ever copies them back to userspace or into a log.
 */
#ifndef _MPTCPSEC_KEYS_H
#define _MPTCPSEC_KEYS_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "policy_match.h"

struct mptcpsec_net;
struct netlink_ext_ack;

#define MPTCPSEC_PSK_MIN_LEN	16
#define MPTCPSEC_PSK_MAX_LEN	64
#define MPTCPSEC_KEYS_MAX	1024

/**
 * struct mptcpsec_psk - one named pre-shared key
 * @list: in mptcpsec_net.keys (RCU list, changed under cfg_lock)
 * @rcu: deferred free; the free wipes @secret
 * @name: NUL-terminated name (constant)
 * @len: length of @secret (constant)
 * @secret: key material (constant)
 * @file: the path the key was read from, "" when unknown (constant)
 */
struct mptcpsec_psk {
	struct list_head list;
	struct rcu_head rcu;
	char name[MPTCPSEC_KEY_NAME_LEN];
	u8 len;
	u8 secret[MPTCPSEC_PSK_MAX_LEN];
	char file[];
};

bool mptcpsec_key_name_valid(const char *name);
int mptcpsec_key_add(struct mptcpsec_net *mn, const char *name,
		     const u8 *secret, unsigned int len, const char *file,
		     bool replace, struct netlink_ext_ack *extack);
int mptcpsec_key_del(struct mptcpsec_net *mn, const char *name,
		     struct netlink_ext_ack *extack);
bool mptcpsec_key_exists(struct mptcpsec_net *mn, const char *name);
bool mptcpsec_key_copy(struct mptcpsec_net *mn, const char *name,
		       u8 out[MPTCPSEC_PSK_MAX_LEN], unsigned int *len);
bool mptcpsec_key_info(struct mptcpsec_net *mn, unsigned int pos,
		       char name[MPTCPSEC_KEY_NAME_LEN], unsigned int *len,
		       unsigned int *refs, char *file, size_t file_len);

#endif /* _MPTCPSEC_KEYS_H */
