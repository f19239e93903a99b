/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The objects mptcpsecctl manages, one file each: every function runs one
 * parsed command against the kernel and returns the exit status.
 */
#ifndef MPTCPSECCTL_OBJECTS_H
#define MPTCPSECCTL_OBJECTS_H

#include <stddef.h>
#include <stdint.h>

#include <linux/mptcpsec.h>
#include <netlink/attr.h>

#include "args.h"

int cmd_policy(const struct ctl_cmd *c);
int cmd_key(const struct ctl_cmd *c);
int cmd_conn(const struct ctl_cmd *c);
int cmd_stats(const struct ctl_cmd *c);
int cmd_identity(const struct ctl_cmd *c);
int cmd_keylog(const struct ctl_cmd *c);
int cmd_save(const struct ctl_cmd *c);
int cmd_restore(const struct ctl_cmd *c);
int cmd_version(void);

/* Longest file reference the kernel keeps, NUL included. */
#define CTL_PATH_MAX	1024

int ctl_read_key_file(const char *path, uint8_t key[64], size_t *len);
int ctl_abs_path(const char *path, char *out, size_t size);

/*
 * Printers of one reply message each (the callbacks of the shows), for
 * text and JSON alike; @tb holds the message's top-level attributes.
 * Return 0, or -EPROTO for a malformed message.
 */
int ctl_policy_print(struct nlattr **tb, void *is_get);
int ctl_key_print(struct nlattr **tb, void *unused);
int ctl_conn_print(struct nlattr **tb, void *unused);
int ctl_stats_print(struct nlattr **tb, void *unused);
int ctl_identity_print(struct nlattr **tb, void *unused);

/*
 * How the printers, and save, read the nested attributes of a reply
 * (policy.c, key.c, identity.c).
 */
extern struct nla_policy ctl_policy_attrs[MPTCPSEC_A_POLICY_MAX + 1];
extern struct nla_policy ctl_key_attrs[MPTCPSEC_A_KEY_MAX + 1];
extern struct nla_policy ctl_identity_attrs[MPTCPSEC_A_IDENTITY_MAX + 1];

#endif
