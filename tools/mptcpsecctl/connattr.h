/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The connection and subflow nests that conn dumps and event messages
 * share: their attribute policies, the subflow parser and the names and
 * forms their values print as.
 */
#ifndef MPTCPSECCTL_CONNATTR_H
#define MPTCPSECCTL_CONNATTR_H

#include <arpa/inet.h>

#include <linux/mptcpsec.h>
#include <netlink/attr.h>

#include "args.h"

/* Spec names of enum mptcpsec_role and mptcpsec_kind (the others: args.c). */
extern const char *const ctl_role_names[];
extern const char *const ctl_kind_names[];
#define CTL_N_ROLES	2
#define CTL_N_KINDS	2

extern struct nla_policy ctl_conn_policy[MPTCPSEC_A_CONN_MAX + 1];
extern struct nla_policy ctl_subflow_policy[MPTCPSEC_A_SUBFLOW_MAX + 1];

/*
 * Parse a subflow nest into @tb and check its identity (family, both
 * addresses); @l and @r receive the addresses as text. 0 or -EPROTO.
 */
int ctl_subflow_parse(const struct nlattr *nest, struct nlattr **tb,
		      char l[INET6_ADDRSTRLEN], char r[INET6_ADDRSTRLEN]);

/* The name of a u8 enum attribute, or NULL when it was not sent. */
const char *ctl_enum_attr(const struct nlattr *a, const char *const *names, unsigned int n);

/* The session ID as 32 lowercase hex digits, or NULL when not sent. */
const char *ctl_session_hex(const struct nlattr *a, char buf[2 * CTL_SESSION_ID_LEN + 1]);

/* "x25519-chachapoly", "0x5b", or NULL when not sent. */
const char *ctl_suite_name(const struct nlattr *a, char buf[5]);

#endif
