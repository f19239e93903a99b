// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl policy: add, replace, del, get, show, flush.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/mptcpsec.h>
#include <netlink/genl/genl.h>

#include "nl.h"
#include "objects.h"
#include "print.h"

struct nla_policy ctl_policy_attrs[MPTCPSEC_A_POLICY_MAX + 1] = {
	[MPTCPSEC_A_POLICY_FAMILY]	= { .type = NLA_U16 },
	[MPTCPSEC_A_POLICY_ADDR]	= { .minlen = 4, .maxlen = 16 },
	[MPTCPSEC_A_POLICY_PREFIXLEN]	= { .type = NLA_U8 },
	[MPTCPSEC_A_POLICY_PORT_MIN]	= { .type = NLA_U16 },
	[MPTCPSEC_A_POLICY_PORT_MAX]	= { .type = NLA_U16 },
	[MPTCPSEC_A_POLICY_MODE]	= { .type = NLA_U8 },
	[MPTCPSEC_A_POLICY_AUTH]	= { .type = NLA_U8 },
	[MPTCPSEC_A_POLICY_KEY_NAME]	= { .type = NLA_STRING, .maxlen = CTL_KEY_NAME_MAX + 1 },
	[MPTCPSEC_A_POLICY_PEER_KEY]	= { .minlen = CTL_PUBKEY_LEN, .maxlen = CTL_PUBKEY_LEN },
	[MPTCPSEC_A_POLICY_HITS]	= { .type = NLA_U64 },
	[MPTCPSEC_A_POLICY_DEFAULT]	= { .type = NLA_FLAG },
};

/* The policy nest of a request: what each command sends is in the spec. */
static int put_policy(struct nl_msg *msg, const struct ctl_cmd *c)
{
	struct nlattr *nest = nla_nest_start(msg, MPTCPSEC_A_POLICY | NLA_F_NESTED);
	int alen = c->prefix.family == AF_INET ? 4 : 16;
	int err = 0;

	if (!nest)
		return -ENOMEM;
	err |= nla_put_u16(msg, MPTCPSEC_A_POLICY_FAMILY, (uint16_t)c->prefix.family);
	err |= nla_put(msg, MPTCPSEC_A_POLICY_ADDR, alen, c->prefix.addr);
	if (c->cmd == CTL_CMD_GET) {
		/* a lookup: the destination port travels as port-min */
		if (c->has_port)
			err |= nla_put_u16(msg, MPTCPSEC_A_POLICY_PORT_MIN, c->port_min);
	} else {
		err |= nla_put_u8(msg, MPTCPSEC_A_POLICY_PREFIXLEN, (uint8_t)c->prefix.len);
		if (c->has_port) {
			err |= nla_put_u16(msg, MPTCPSEC_A_POLICY_PORT_MIN, c->port_min);
			err |= nla_put_u16(msg, MPTCPSEC_A_POLICY_PORT_MAX, c->port_max);
		}
	}
	if (c->cmd == CTL_CMD_ADD || c->cmd == CTL_CMD_REPLACE) {
		err |= nla_put_u8(msg, MPTCPSEC_A_POLICY_MODE, (uint8_t)c->mode);
		err |= nla_put_u8(msg, MPTCPSEC_A_POLICY_AUTH, (uint8_t)(c->auth < 0 ? 0 : c->auth));
		if (c->auth == MPTCPSEC_AUTH_PSK)
			err |= nla_put_string(msg, MPTCPSEC_A_POLICY_KEY_NAME, c->key);
		if (c->auth == MPTCPSEC_AUTH_PINNED)
			err |= nla_put(msg, MPTCPSEC_A_POLICY_PEER_KEY, CTL_PUBKEY_LEN,
				       c->peer_key);
	}
	nla_nest_end(msg, nest);
	return err ? -ENOMEM : 0;
}

/**
 * ctl_policy_print() - print one policy entry (show) or lookup result (get)
 * @top: top-level attributes of the reply
 * @is_get: non-NULL for policy get, whose object also says "default"
 *
 * Text:  10.1.0.0/16        port 443          mode require auth psk site-a hits 3
 *        10.2.0.1/32                          mode require auth pinned BASE64 hits 0
 *        default mode off auth none           (get, when no entry matched)
 * JSON:  {"prefix", "family", "port_min", "port_max", "mode", "auth", "key",
 *         "peer_key", "hits"}, plus "default" first for get; members that do
 *         not apply are null; no port range means port_min 0 and port_max
 *         65535; peer_key is the pinned public key in base64.
 */
int ctl_policy_print(struct nlattr **top, void *is_get)
{
	struct nlattr *tb[MPTCPSEC_A_POLICY_MAX + 1];
	char addr[INET6_ADDRSTRLEN], prefix[INET6_ADDRSTRLEN + 8], ports[16];
	char key[CTL_KEY_NAME_MAX + 1], peer[CTL_PUBKEY_B64_LEN];
	bool dflt, ranged;
	unsigned int lo = 0, hi = 65535;
	int fam = 0, auth;

	if (ctl_nl_nested(tb, MPTCPSEC_A_POLICY_MAX, top[MPTCPSEC_A_POLICY], ctl_policy_attrs) ||
	    !tb[MPTCPSEC_A_POLICY_MODE])
		return -EPROTO;
	dflt = tb[MPTCPSEC_A_POLICY_DEFAULT] != NULL;
	if (!dflt) {
		if (ctl_attr_addr(tb[MPTCPSEC_A_POLICY_FAMILY], tb[MPTCPSEC_A_POLICY_ADDR],
				  addr, sizeof(addr)) || !tb[MPTCPSEC_A_POLICY_PREFIXLEN])
			return -EPROTO;
		fam = nla_get_u16(tb[MPTCPSEC_A_POLICY_FAMILY]);
		snprintf(prefix, sizeof(prefix), "%s/%u", addr,
			 nla_get_u8(tb[MPTCPSEC_A_POLICY_PREFIXLEN]));
	}
	ranged = tb[MPTCPSEC_A_POLICY_PORT_MIN] && tb[MPTCPSEC_A_POLICY_PORT_MAX];
	if (ranged) {
		lo = nla_get_u16(tb[MPTCPSEC_A_POLICY_PORT_MIN]);
		hi = nla_get_u16(tb[MPTCPSEC_A_POLICY_PORT_MAX]);
	}
	if (lo == hi)
		snprintf(ports, sizeof(ports), "%u", lo);
	else
		snprintf(ports, sizeof(ports), "%u-%u", lo, hi);
	auth = ctl_attr_u8(tb[MPTCPSEC_A_POLICY_AUTH], MPTCPSEC_AUTH_NONE);
	ctl_attr_string(tb[MPTCPSEC_A_POLICY_KEY_NAME], key, sizeof(key));

	print_open_object(NULL);
	if (is_get)
		print_bool("default", "default ", dflt);
	if (dflt) {
		print_string("prefix", NULL, NULL);
		print_string("family", NULL, NULL);
		print_string("port_min", NULL, NULL);
		print_string("port_max", NULL, NULL);
	} else {
		print_string("prefix", "%-18s ", prefix);
		print_string("family", NULL, fam == AF_INET ? "inet" : "inet6");
		print_text(ranged ? "port %-12s " : "%-17s ", ranged ? ports : "");
		print_uint("port_min", NULL, lo);
		print_uint("port_max", NULL, hi);
	}
	print_string("mode", "mode %-7s ", ctl_enum_name(ctl_mode_names, CTL_N_MODES,
			ctl_attr_u8(tb[MPTCPSEC_A_POLICY_MODE], 0)));
	print_string("auth", "auth %s", ctl_enum_name(ctl_auth_names, CTL_N_AUTHS, auth));
	print_string("key", " %s", tb[MPTCPSEC_A_POLICY_KEY_NAME] ? key : NULL);
	print_string("peer_key", " %s", ctl_attr_pubkey(tb[MPTCPSEC_A_POLICY_PEER_KEY], peer));
	if (tb[MPTCPSEC_A_POLICY_HITS])
		print_uint("hits", " hits %llu", nla_get_u64(tb[MPTCPSEC_A_POLICY_HITS]));
	else
		print_string("hits", NULL, NULL);
	print_close_object();
	print_text("\n");
	return 0;
}

static int policy_show(void)
{
	struct nl_msg *msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_GET, NLM_F_DUMP);
	int err;

	if (!msg)
		return ctl_nl_fail(-ENOMEM);
	print_open_array(NULL);
	err = ctl_nl_talk(msg, ctl_policy_print, NULL);
	print_close_array();
	print_done();
	return err ? ctl_nl_fail(err) : 0;
}

/**
 * cmd_policy() - run a policy command
 * @c: the parsed command
 *
 * Return: exit status: 0, or 2 on a kernel or netlink error.
 */
int cmd_policy(const struct ctl_cmd *c)
{
	struct nl_msg *msg;
	int err;

	switch (c->cmd) {
	case CTL_CMD_ADD:
		msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_ADD, NLM_F_CREATE | NLM_F_EXCL);
		break;
	case CTL_CMD_REPLACE:
		msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_ADD, NLM_F_CREATE | NLM_F_REPLACE);
		break;
	case CTL_CMD_DEL:
		msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_DEL, 0);
		break;
	case CTL_CMD_GET:
		msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_GET, 0);
		break;
	case CTL_CMD_FLUSH:
		msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_FLUSH, 0);
		break;
	default:
		return policy_show();
	}
	if (!msg)
		return ctl_nl_fail(-ENOMEM);
	if (c->cmd != CTL_CMD_FLUSH && put_policy(msg, c)) {
		nlmsg_free(msg);
		return ctl_nl_fail(-ENOMEM);
	}
	if (c->cmd == CTL_CMD_GET) {
		err = ctl_nl_talk(msg, ctl_policy_print, (void *)1);
		if (!err)
			print_done();
	} else {
		err = ctl_nl_talk(msg, NULL, NULL);
	}
	return err ? ctl_nl_fail(err) : 0;
}
