// SPDX-License-Identifier: GPL-2.0
/*
 * The connection and subflow nests of conn dumps and event messages
 * (see connattr.h).
 */
#include <errno.h>
#include <stdio.h>

#include "connattr.h"
#include "nl.h"

const char *const ctl_role_names[] = { "active", "passive" };
const char *const ctl_kind_names[] = { "mp-capable", "mp-join" };

/* TEP identifier of the one suite defined so far (docs/PROTOCOL.md). */
#define SUITE_X25519_CHACHAPOLY	0x5a

struct nla_policy ctl_conn_policy[MPTCPSEC_A_CONN_MAX + 1] = {
	[MPTCPSEC_A_CONN_ID]		= { .type = NLA_U32 },
	[MPTCPSEC_A_CONN_LOCAL_TOKEN]	= { .type = NLA_U32 },
	[MPTCPSEC_A_CONN_REMOTE_TOKEN]	= { .type = NLA_U32 },
	[MPTCPSEC_A_CONN_STATE]		= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_ROLE]		= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_MODE]		= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_AUTH]		= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_KEY_NAME]	= { .type = NLA_STRING, .maxlen = CTL_KEY_NAME_MAX + 1 },
	[MPTCPSEC_A_CONN_PEER_KEY]	= { .minlen = CTL_PUBKEY_LEN, .maxlen = CTL_PUBKEY_LEN },
	[MPTCPSEC_A_CONN_AGE_MS]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_PKTS_IN]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_PKTS_OUT]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_BYTES_IN]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_BYTES_OUT]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_SUBFLOW]	= { .type = NLA_NESTED },
	[MPTCPSEC_A_CONN_SECURITY]	= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_SUITE]		= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_SESSION_ID]	= { .minlen = CTL_SESSION_ID_LEN,
					    .maxlen = CTL_SESSION_ID_LEN },
	[MPTCPSEC_A_CONN_PROTECTED]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_VERIFIED]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_AUTH_FAILURES]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_DROPPED]	= { .type = NLA_U64 },
};

struct nla_policy ctl_subflow_policy[MPTCPSEC_A_SUBFLOW_MAX + 1] = {
	[MPTCPSEC_A_SUBFLOW_FAMILY]	= { .type = NLA_U16 },
	[MPTCPSEC_A_SUBFLOW_LADDR]	= { .minlen = 4, .maxlen = 16 },
	[MPTCPSEC_A_SUBFLOW_RADDR]	= { .minlen = 4, .maxlen = 16 },
	[MPTCPSEC_A_SUBFLOW_LPORT]	= { .type = NLA_U16 },
	[MPTCPSEC_A_SUBFLOW_RPORT]	= { .type = NLA_U16 },
	[MPTCPSEC_A_SUBFLOW_KIND]	= { .type = NLA_U8 },
	[MPTCPSEC_A_SUBFLOW_STATE]	= { .type = NLA_U8 },
	[MPTCPSEC_A_SUBFLOW_ROLE]	= { .type = NLA_U8 },
	[MPTCPSEC_A_SUBFLOW_ADDR_ID]	= { .type = NLA_U8 },
	[MPTCPSEC_A_SUBFLOW_BACKUP]	= { .type = NLA_FLAG },
	[MPTCPSEC_A_SUBFLOW_PKTS_IN]	= { .type = NLA_U64 },
	[MPTCPSEC_A_SUBFLOW_PKTS_OUT]	= { .type = NLA_U64 },
	[MPTCPSEC_A_SUBFLOW_BYTES_IN]	= { .type = NLA_U64 },
	[MPTCPSEC_A_SUBFLOW_BYTES_OUT]	= { .type = NLA_U64 },
	[MPTCPSEC_A_SUBFLOW_SECURITY]	= { .type = NLA_U8 },
	[MPTCPSEC_A_SUBFLOW_PROTECTED]	= { .type = NLA_U64 },
	[MPTCPSEC_A_SUBFLOW_VERIFIED]	= { .type = NLA_U64 },
	[MPTCPSEC_A_SUBFLOW_AUTH_FAILURES] = { .type = NLA_U64 },
	[MPTCPSEC_A_SUBFLOW_DROPPED]	= { .type = NLA_U64 },
};

int ctl_subflow_parse(const struct nlattr *nest, struct nlattr **tb,
		      char l[INET6_ADDRSTRLEN], char r[INET6_ADDRSTRLEN])
{
	if (ctl_nl_nested(tb, MPTCPSEC_A_SUBFLOW_MAX, nest, ctl_subflow_policy) ||
	    ctl_attr_addr(tb[MPTCPSEC_A_SUBFLOW_FAMILY], tb[MPTCPSEC_A_SUBFLOW_LADDR],
			  l, INET6_ADDRSTRLEN) ||
	    ctl_attr_addr(tb[MPTCPSEC_A_SUBFLOW_FAMILY], tb[MPTCPSEC_A_SUBFLOW_RADDR],
			  r, INET6_ADDRSTRLEN))
		return -EPROTO;
	return 0;
}

const char *ctl_enum_attr(const struct nlattr *a, const char *const *names, unsigned int n)
{
	return a ? ctl_enum_name(names, n, nla_get_u8((struct nlattr *)a)) : NULL;
}

const char *ctl_session_hex(const struct nlattr *a, char buf[2 * CTL_SESSION_ID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *d;
	int i;

	if (!a)
		return NULL;
	d = nla_data(a);
	for (i = 0; i < CTL_SESSION_ID_LEN; i++) {
		buf[2 * i] = hex[d[i] >> 4];
		buf[2 * i + 1] = hex[d[i] & 15];
	}
	buf[2 * CTL_SESSION_ID_LEN] = '\0';
	return buf;
}

const char *ctl_suite_name(const struct nlattr *a, char buf[5])
{
	unsigned int v;

	if (!a)
		return NULL;
	v = nla_get_u8((struct nlattr *)a);
	if (v == SUITE_X25519_CHACHAPOLY)
		return "x25519-chachapoly";
	snprintf(buf, 5, "0x%02x", v);
	return buf;
}
