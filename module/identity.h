/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The static identity key pair of a namespace (auth pinned, PROTOCOL.md
 * 4.2). The private key is write-only: nothing copies it back to
 * userspace or into a log; only the handshake reads it.
 */
#ifndef _MPTCPSEC_IDENTITY_H
#define _MPTCPSEC_IDENTITY_H

#include <linux/rcupdate.h>
#include <linux/types.h>

struct mptcpsec_net;
struct netlink_ext_ack;

#define MPTCPSEC_IDENTITY_KEY_LEN	32
#define MPTCPSEC_PATH_MAX		1024	/* including the NUL */

/**
 * struct mptcpsec_identity - a namespace's static X25519 key pair
 * @rcu: deferred free; the free wipes @priv
 * @priv: private key (constant)
 * @pub: public key derived from @priv (constant)
 * @file: the path the private key was read from, "" when unknown
 *	(constant)
 */
struct mptcpsec_identity {
	struct rcu_head rcu;
	u8 priv[MPTCPSEC_IDENTITY_KEY_LEN];
	u8 pub[MPTCPSEC_IDENTITY_KEY_LEN];
	char file[];
};

int mptcpsec_identity_set(struct mptcpsec_net *mn, const u8 *priv,
			  const char *file, struct netlink_ext_ack *extack);
int mptcpsec_identity_del(struct mptcpsec_net *mn,
			  struct netlink_ext_ack *extack);
bool mptcpsec_identity_exists(struct mptcpsec_net *mn);
bool mptcpsec_identity_copy(struct mptcpsec_net *mn,
			    u8 priv[MPTCPSEC_IDENTITY_KEY_LEN]);
bool mptcpsec_identity_info(struct mptcpsec_net *mn,
			    u8 pub[MPTCPSEC_IDENTITY_KEY_LEN], char *file,
			    size_t file_len);
void mptcpsec_identity_net_exit(struct mptcpsec_net *mn);

#endif /* _MPTCPSEC_IDENTITY_H */
