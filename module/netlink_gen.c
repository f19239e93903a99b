// SPDX-License-Identifier: GPL-2.0
/* Do not edit: generated from uapi/mptcpsec.yaml by tools/genl-gen.py (make regen). */

#include "netlink_gen.h"

const struct nla_policy mptcpsec_policy_nl_policy[MPTCPSEC_A_POLICY_MAX + 1] = {
	[MPTCPSEC_A_POLICY_FAMILY] = { .type = NLA_U16, },
	[MPTCPSEC_A_POLICY_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[MPTCPSEC_A_POLICY_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[MPTCPSEC_A_POLICY_PORT_MIN] = { .type = NLA_U16, },
	[MPTCPSEC_A_POLICY_PORT_MAX] = { .type = NLA_U16, },
	[MPTCPSEC_A_POLICY_MODE] = NLA_POLICY_MAX(NLA_U8, 2),
	[MPTCPSEC_A_POLICY_AUTH] = NLA_POLICY_MAX(NLA_U8, 2),
	[MPTCPSEC_A_POLICY_KEY_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[MPTCPSEC_A_POLICY_PEER_KEY] = NLA_POLICY_RANGE(NLA_BINARY, 32, 32),
	[MPTCPSEC_A_POLICY_HITS] = { .type = NLA_U64, },
	[MPTCPSEC_A_POLICY_DEFAULT] = { .type = NLA_FLAG, },
};

const struct nla_policy mptcpsec_key_nl_policy[MPTCPSEC_A_KEY_MAX + 1] = {
	[MPTCPSEC_A_KEY_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[MPTCPSEC_A_KEY_SECRET] = NLA_POLICY_RANGE(NLA_BINARY, 16, 64),
	[MPTCPSEC_A_KEY_LEN] = { .type = NLA_U32, },
	[MPTCPSEC_A_KEY_REFS] = { .type = NLA_U32, },
	[MPTCPSEC_A_KEY_FILE] = { .type = NLA_NUL_STRING, .len = 1023, },
};

const struct nla_policy mptcpsec_identity_nl_policy[MPTCPSEC_A_IDENTITY_MAX + 1] = {
	[MPTCPSEC_A_IDENTITY_PRIVATE] = NLA_POLICY_RANGE(NLA_BINARY, 32, 32),
	[MPTCPSEC_A_IDENTITY_PUBLIC] = { .type = NLA_BINARY, .len = 32, },
	[MPTCPSEC_A_IDENTITY_FILE] = { .type = NLA_NUL_STRING, .len = 1023, },
	[MPTCPSEC_A_IDENTITY_REFS] = { .type = NLA_U32, },
};

const struct nla_policy mptcpsec_keylog_nl_policy[MPTCPSEC_A_KEYLOG_MAX + 1] = {
	[MPTCPSEC_A_KEYLOG_SESSION_ID] = { .type = NLA_BINARY, .len = 32, },
	[MPTCPSEC_A_KEYLOG_FAMILY] = { .type = NLA_U16, },
	[MPTCPSEC_A_KEYLOG_INIT_ADDR] = { .type = NLA_BINARY, .len = 32, },
	[MPTCPSEC_A_KEYLOG_INIT_PORT] = { .type = NLA_U16, },
	[MPTCPSEC_A_KEYLOG_RESP_ADDR] = { .type = NLA_BINARY, .len = 32, },
	[MPTCPSEC_A_KEYLOG_RESP_PORT] = { .type = NLA_U16, },
	[MPTCPSEC_A_KEYLOG_KEY_I2R] = { .type = NLA_BINARY, .len = 32, },
	[MPTCPSEC_A_KEYLOG_KEY_R2I] = { .type = NLA_BINARY, .len = 32, },
	[MPTCPSEC_A_KEYLOG_PAD_A] = { .type = NLA_BINARY, .len = 32, },
	[MPTCPSEC_A_KEYLOG_PAD_B] = { .type = NLA_BINARY, .len = 32, },
};

const struct nla_policy mptcpsec_subflow_nl_policy[MPTCPSEC_A_SUBFLOW_MAX + 1] = {
	[MPTCPSEC_A_SUBFLOW_FAMILY] = { .type = NLA_U16, },
	[MPTCPSEC_A_SUBFLOW_LADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[MPTCPSEC_A_SUBFLOW_RADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[MPTCPSEC_A_SUBFLOW_LPORT] = { .type = NLA_U16, },
	[MPTCPSEC_A_SUBFLOW_RPORT] = { .type = NLA_U16, },
	[MPTCPSEC_A_SUBFLOW_KIND] = NLA_POLICY_MAX(NLA_U8, 1),
	[MPTCPSEC_A_SUBFLOW_STATE] = NLA_POLICY_MAX(NLA_U8, 4),
	[MPTCPSEC_A_SUBFLOW_ROLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[MPTCPSEC_A_SUBFLOW_ADDR_ID] = { .type = NLA_U8, },
	[MPTCPSEC_A_SUBFLOW_BACKUP] = { .type = NLA_FLAG, },
	[MPTCPSEC_A_SUBFLOW_PKTS_IN] = { .type = NLA_U64, },
	[MPTCPSEC_A_SUBFLOW_PKTS_OUT] = { .type = NLA_U64, },
	[MPTCPSEC_A_SUBFLOW_BYTES_IN] = { .type = NLA_U64, },
	[MPTCPSEC_A_SUBFLOW_BYTES_OUT] = { .type = NLA_U64, },
	[MPTCPSEC_A_SUBFLOW_SECURITY] = NLA_POLICY_MAX(NLA_U8, 5),
	[MPTCPSEC_A_SUBFLOW_PROTECTED] = { .type = NLA_U64, },
	[MPTCPSEC_A_SUBFLOW_VERIFIED] = { .type = NLA_U64, },
	[MPTCPSEC_A_SUBFLOW_AUTH_FAILURES] = { .type = NLA_U64, },
	[MPTCPSEC_A_SUBFLOW_DROPPED] = { .type = NLA_U64, },
};

const struct nla_policy mptcpsec_conn_nl_policy[MPTCPSEC_A_CONN_MAX + 1] = {
	[MPTCPSEC_A_CONN_ID] = { .type = NLA_U32, },
	[MPTCPSEC_A_CONN_LOCAL_TOKEN] = { .type = NLA_U32, },
	[MPTCPSEC_A_CONN_REMOTE_TOKEN] = { .type = NLA_U32, },
	[MPTCPSEC_A_CONN_STATE] = NLA_POLICY_MAX(NLA_U8, 4),
	[MPTCPSEC_A_CONN_ROLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[MPTCPSEC_A_CONN_MODE] = NLA_POLICY_MAX(NLA_U8, 2),
	[MPTCPSEC_A_CONN_AUTH] = NLA_POLICY_MAX(NLA_U8, 2),
	[MPTCPSEC_A_CONN_KEY_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[MPTCPSEC_A_CONN_AGE_MS] = { .type = NLA_U64, },
	[MPTCPSEC_A_CONN_PKTS_IN] = { .type = NLA_U64, },
	[MPTCPSEC_A_CONN_PKTS_OUT] = { .type = NLA_U64, },
	[MPTCPSEC_A_CONN_BYTES_IN] = { .type = NLA_U64, },
	[MPTCPSEC_A_CONN_BYTES_OUT] = { .type = NLA_U64, },
	[MPTCPSEC_A_CONN_SUBFLOW] = NLA_POLICY_NESTED(mptcpsec_subflow_nl_policy),
	[MPTCPSEC_A_CONN_SECURITY] = NLA_POLICY_MAX(NLA_U8, 5),
	[MPTCPSEC_A_CONN_SUITE] = { .type = NLA_U8, },
	[MPTCPSEC_A_CONN_SESSION_ID] = NLA_POLICY_RANGE(NLA_BINARY, 16, 16),
	[MPTCPSEC_A_CONN_PROTECTED] = { .type = NLA_U64, },
	[MPTCPSEC_A_CONN_VERIFIED] = { .type = NLA_U64, },
	[MPTCPSEC_A_CONN_AUTH_FAILURES] = { .type = NLA_U64, },
	[MPTCPSEC_A_CONN_DROPPED] = { .type = NLA_U64, },
	[MPTCPSEC_A_CONN_PEER_KEY] = { .type = NLA_BINARY, .len = 32, },
};

const struct nla_policy mptcpsec_stats_nl_policy[MPTCPSEC_A_STATS_MAX + 1] = {
	[MPTCPSEC_A_STATS_PKTS_IN] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_PKTS_OUT] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_MPTCP_PKTS_IN] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_MPTCP_PKTS_OUT] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_CONNS_CREATED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_CONNS_DESTROYED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_CONNS_CURRENT] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_SUBFLOWS_CREATED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_SUBFLOWS_DESTROYED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_SUBFLOWS_CURRENT] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_JOINS_MATCHED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_JOINS_UNKNOWN] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_RESETS_SEEN] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_TIMEOUTS] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_MALFORMED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_TABLE_FULL] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_POLICY_LOOKUPS] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_HANDSHAKES] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_CONNS_SECURED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_FALLBACKS] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_REFUSED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_HANDSHAKE_FAILURES] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_HANDSHAKE_LIMITED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_PROTECTED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_VERIFIED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_AUTH_FAILURES] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_REPLAYS] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_UNPROTECTED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_NO_ROOM] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_SW_SEGMENTED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_BAD_CHECKSUM] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_CONNS_RESET] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_SUBFLOWS_COMPROMISED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_REKEYS_TX] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_REKEYS_RX] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_OPTIONS_COMPACTED] = { .type = NLA_U64, },
	[MPTCPSEC_A_STATS_HANDSHAKES_CURRENT] = { .type = NLA_U64, },
};

/* info-get: accepts no attribute */
static const struct nla_policy mptcpsec_info_get_nl_policy[1 + 1] = {
};

/* policy-add: accepts policy */
static const struct nla_policy mptcpsec_policy_add_nl_policy[MPTCPSEC_A_POLICY + 1] = {
	[MPTCPSEC_A_POLICY] = NLA_POLICY_NESTED(mptcpsec_policy_nl_policy),
};

/* policy-del: accepts policy */
static const struct nla_policy mptcpsec_policy_del_nl_policy[MPTCPSEC_A_POLICY + 1] = {
	[MPTCPSEC_A_POLICY] = NLA_POLICY_NESTED(mptcpsec_policy_nl_policy),
};

/* policy-get: accepts policy */
static const struct nla_policy mptcpsec_policy_get_nl_policy[MPTCPSEC_A_POLICY + 1] = {
	[MPTCPSEC_A_POLICY] = NLA_POLICY_NESTED(mptcpsec_policy_nl_policy),
};

/* policy-flush: accepts no attribute */
static const struct nla_policy mptcpsec_policy_flush_nl_policy[1 + 1] = {
};

/* key-add: accepts key */
static const struct nla_policy mptcpsec_key_add_nl_policy[MPTCPSEC_A_KEY + 1] = {
	[MPTCPSEC_A_KEY] = NLA_POLICY_NESTED(mptcpsec_key_nl_policy),
};

/* key-del: accepts key */
static const struct nla_policy mptcpsec_key_del_nl_policy[MPTCPSEC_A_KEY + 1] = {
	[MPTCPSEC_A_KEY] = NLA_POLICY_NESTED(mptcpsec_key_nl_policy),
};

/* key-get: accepts no attribute */
static const struct nla_policy mptcpsec_key_get_nl_policy[1 + 1] = {
};

/* conn-get: accepts no attribute */
static const struct nla_policy mptcpsec_conn_get_nl_policy[1 + 1] = {
};

/* conn-flush: accepts no attribute */
static const struct nla_policy mptcpsec_conn_flush_nl_policy[1 + 1] = {
};

/* stats-get: accepts no attribute */
static const struct nla_policy mptcpsec_stats_get_nl_policy[1 + 1] = {
};

/* identity-set: accepts identity */
static const struct nla_policy mptcpsec_identity_set_nl_policy[MPTCPSEC_A_IDENTITY + 1] = {
	[MPTCPSEC_A_IDENTITY] = NLA_POLICY_NESTED(mptcpsec_identity_nl_policy),
};

/* identity-get: accepts no attribute */
static const struct nla_policy mptcpsec_identity_get_nl_policy[1 + 1] = {
};

/* identity-del: accepts no attribute */
static const struct nla_policy mptcpsec_identity_del_nl_policy[1 + 1] = {
};

/* keylog-start: accepts no attribute */
static const struct nla_policy mptcpsec_keylog_start_nl_policy[1 + 1] = {
};

/* keylog-stop: accepts no attribute */
static const struct nla_policy mptcpsec_keylog_stop_nl_policy[1 + 1] = {
};

const struct genl_ops mptcpsec_nl_ops[16] = {
	{
		.cmd		= MPTCPSEC_CMD_INFO_GET,
		.doit		= mptcpsec_nl_info_get_doit,
		.policy		= mptcpsec_info_get_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_info_get_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_POLICY_ADD,
		.doit		= mptcpsec_nl_policy_add_doit,
		.policy		= mptcpsec_policy_add_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_policy_add_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_POLICY_DEL,
		.doit		= mptcpsec_nl_policy_del_doit,
		.policy		= mptcpsec_policy_del_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_policy_del_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_POLICY_GET,
		.doit		= mptcpsec_nl_policy_get_doit,
		.dumpit		= mptcpsec_nl_policy_get_dumpit,
		.policy		= mptcpsec_policy_get_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_policy_get_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_POLICY_FLUSH,
		.doit		= mptcpsec_nl_policy_flush_doit,
		.policy		= mptcpsec_policy_flush_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_policy_flush_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_KEY_ADD,
		.doit		= mptcpsec_nl_key_add_doit,
		.policy		= mptcpsec_key_add_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_key_add_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_KEY_DEL,
		.doit		= mptcpsec_nl_key_del_doit,
		.policy		= mptcpsec_key_del_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_key_del_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_KEY_GET,
		.dumpit		= mptcpsec_nl_key_get_dumpit,
		.policy		= mptcpsec_key_get_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_key_get_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_CONN_GET,
		.dumpit		= mptcpsec_nl_conn_get_dumpit,
		.policy		= mptcpsec_conn_get_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_conn_get_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_CONN_FLUSH,
		.doit		= mptcpsec_nl_conn_flush_doit,
		.policy		= mptcpsec_conn_flush_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_conn_flush_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_STATS_GET,
		.doit		= mptcpsec_nl_stats_get_doit,
		.policy		= mptcpsec_stats_get_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_stats_get_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_IDENTITY_SET,
		.doit		= mptcpsec_nl_identity_set_doit,
		.policy		= mptcpsec_identity_set_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_identity_set_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_IDENTITY_GET,
		.doit		= mptcpsec_nl_identity_get_doit,
		.policy		= mptcpsec_identity_get_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_identity_get_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_IDENTITY_DEL,
		.doit		= mptcpsec_nl_identity_del_doit,
		.policy		= mptcpsec_identity_del_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_identity_del_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_KEYLOG_START,
		.doit		= mptcpsec_nl_keylog_start_doit,
		.policy		= mptcpsec_keylog_start_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_keylog_start_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= MPTCPSEC_CMD_KEYLOG_STOP,
		.doit		= mptcpsec_nl_keylog_stop_doit,
		.policy		= mptcpsec_keylog_stop_nl_policy,
		.maxattr	= ARRAY_SIZE(mptcpsec_keylog_stop_nl_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
};

const struct genl_multicast_group mptcpsec_nl_mcgrps[1] = {
	[MPTCPSEC_NLGRP_EVENTS] = {
		.name	= MPTCPSEC_MCGRP_EVENTS,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};
