/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit: generated from uapi/mptcpsec.yaml by tools/genl-gen.py (make regen). */

#ifndef _MPTCPSEC_NETLINK_GEN_H
#define _MPTCPSEC_NETLINK_GEN_H

#include <net/genetlink.h>

#include <linux/mptcpsec.h>

extern const struct nla_policy mptcpsec_policy_nl_policy[MPTCPSEC_A_POLICY_MAX + 1];
extern const struct nla_policy mptcpsec_key_nl_policy[MPTCPSEC_A_KEY_MAX + 1];
extern const struct nla_policy mptcpsec_identity_nl_policy[MPTCPSEC_A_IDENTITY_MAX + 1];
extern const struct nla_policy mptcpsec_keylog_nl_policy[MPTCPSEC_A_KEYLOG_MAX + 1];
extern const struct nla_policy mptcpsec_conn_nl_policy[MPTCPSEC_A_CONN_MAX + 1];
extern const struct nla_policy mptcpsec_subflow_nl_policy[MPTCPSEC_A_SUBFLOW_MAX + 1];
extern const struct nla_policy mptcpsec_stats_nl_policy[MPTCPSEC_A_STATS_MAX + 1];

int mptcpsec_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_policy_add_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_policy_get_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_policy_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mptcpsec_nl_policy_flush_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_key_add_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_key_del_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_key_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mptcpsec_nl_conn_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mptcpsec_nl_conn_flush_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_identity_set_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_identity_get_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_identity_del_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_keylog_start_doit(struct sk_buff *skb, struct genl_info *info);
int mptcpsec_nl_keylog_stop_doit(struct sk_buff *skb, struct genl_info *info);

extern const struct genl_ops mptcpsec_nl_ops[16];

enum {
	MPTCPSEC_NLGRP_EVENTS,
};

extern const struct genl_multicast_group mptcpsec_nl_mcgrps[1];

#endif /* _MPTCPSEC_NETLINK_GEN_H */
