// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl policy: add, replace, del, get, show, flush.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/mptcpsec.h>

#include "nl.h"
#include "objects.h"
#include "print.h"

static int put_policy(struct nl_msg *msg, const struct ctl_cmd *c, bool full)
{
	struct nlattr *nest = nla_nest_start(msg, MPTCPSEC_A_POLICY);
	int alen = c->family == AF_INET ? 4 : 16;

	if (!nest)
		return -ENOMEM;
	nla_put_u16(msg, MPTCPSEC_A_POLICY_FAMILY, c->family);
	nla_put(msg, MPTCPSEC_A_POLICY_ADDR, alen, c->addr);
	if (c->verb == VERB_GET) {
		if (c->has_ports)
			nla_put_u16(msg, MPTCPSEC_A_POLICY_PORT_MIN, c->port_min);
		nla_nest_end(msg, nest);
		return 0;
	}
	nla_put_u8(msg, MPTCPSEC_A_POLICY_PREFIXLEN, c->prefixlen);
	if (c->has_ports) {
		nla_put_u16(msg, MPTCPSEC_A_POLICY_PORT_MIN, c->port_min);
		nla_put_u16(msg, MPTCPSEC_A_POLICY_PORT_MAX, c->port_max);
	}
	if (full) {
		nla_put_u8(msg, MPTCPSEC_A_POLICY_MODE, c->mode);
		nla_put_u8(msg, MPTCPSEC_A_POLICY_AUTH, c->auth < 0 ? 0 : c->auth);
		if (c->auth == MPTCPSEC_AUTH_PSK)
			nla_put_string(msg, MPTCPSEC_A_POLICY_KEY_NAME, c->key_name);
	}
	nla_nest_end(msg, nest);
	return 0;
}

static const char *const mode_names[] = { "off", "prefer", "require" };
static const char *const auth_names[] = { "none", "psk" };

static int print_policy(struct nlattr **top, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_POLICY_MAX + 1];
	bool single = arg != NULL;
	char addr[INET6_ADDRSTRLEN], prefix[INET6_ADDRSTRLEN + 8];
	bool is_default;

	if (!top[MPTCPSEC_A_POLICY] ||
	    nla_parse_nested(tb, MPTCPSEC_A_POLICY_MAX, top[MPTCPSEC_A_POLICY], NULL))
		return -EPROTO;
	is_default = tb[MPTCPSEC_A_POLICY_DEFAULT];

	out_object_begin(NULL);
	if (!is_default && tb[MPTCPSEC_A_POLICY_FAMILY] && tb[MPTCPSEC_A_POLICY_ADDR]) {
		int fam = nla_get_u16(tb[MPTCPSEC_A_POLICY_FAMILY]);

		ctl_addr_str(fam, nla_data(tb[MPTCPSEC_A_POLICY_ADDR]), addr, sizeof(addr));
		snprintf(prefix, sizeof(prefix), "%s/%u", addr,
			 tb[MPTCPSEC_A_POLICY_PREFIXLEN] ?
			 nla_get_u8(tb[MPTCPSEC_A_POLICY_PREFIXLEN]) : 0);
		out_str("prefix", "%s ", prefix);
		out_str("family", NULL, fam == AF_INET ? "inet" : "inet6");
		if (tb[MPTCPSEC_A_POLICY_PORT_MIN] && tb[MPTCPSEC_A_POLICY_PORT_MAX]) {
			unsigned int lo = nla_get_u16(tb[MPTCPSEC_A_POLICY_PORT_MIN]);
			unsigned int hi = nla_get_u16(tb[MPTCPSEC_A_POLICY_PORT_MAX]);

			if (lo == hi)
				out_text("port %u ", lo);
			else
				out_text("port %u-%u ", lo, hi);
			out_u64("port_min", NULL, lo);
			out_u64("port_max", NULL, hi);
		}
	} else if (is_default) {
		out_text("default ");
	}
	if (tb[MPTCPSEC_A_POLICY_MODE])
		out_str("mode", "mode %s ", ctl_enum_name(mode_names, 3,
				nla_get_u8(tb[MPTCPSEC_A_POLICY_MODE])));
	if (tb[MPTCPSEC_A_POLICY_AUTH])
		out_str("auth", "auth %s ", ctl_enum_name(auth_names, 2,
				nla_get_u8(tb[MPTCPSEC_A_POLICY_AUTH])));
	if (tb[MPTCPSEC_A_POLICY_KEY_NAME])
		out_str("key", "%s ", nla_get_string(tb[MPTCPSEC_A_POLICY_KEY_NAME]));
	if (tb[MPTCPSEC_A_POLICY_HITS])
		out_u64("hits", "hits %llu", nla_get_u64(tb[MPTCPSEC_A_POLICY_HITS]));
	if (single)
		out_bool("default", NULL, is_default);
	out_object_end();
	out_text("\n");
	return 0;
}

/**
 * cmd_policy() - run a policy command
 * @c: the parsed command
 *
 * Return: exit status (0, or 2 on a kernel error).
 */
int cmd_policy(const struct ctl_cmd *c)
{
	struct nl_msg *msg = NULL;
	int err;

	switch (c->verb) {
	case VERB_ADD:
	case VERB_REPLACE:
		msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_ADD, NLM_F_CREATE |
				 (c->verb == VERB_ADD ? NLM_F_EXCL : NLM_F_REPLACE));
		if (msg)
			put_policy(msg, c, true);
		break;
	case VERB_DEL:
		msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_DEL, 0);
		if (msg)
			put_policy(msg, c, false);
		break;
	case VERB_FLUSH:
		msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_FLUSH, 0);
		break;
	case VERB_GET:
		msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_GET, 0);
		if (!msg)
			break;
		put_policy(msg, c, false);
		err = ctl_nl_request(msg, print_policy, (void *)1);
		out_finish();
		return err ? ctl_nl_error(err, "policy get") : 0;
	default:
		msg = ctl_nl_msg(MPTCPSEC_CMD_POLICY_GET, NLM_F_DUMP);
		if (!msg)
			break;
		out_array_begin(NULL);
		err = ctl_nl_request(msg, print_policy, NULL);
		out_array_end();
		out_finish();
		return err ? ctl_nl_error(err, "policy show") : 0;
	}
	if (!msg)
		return ctl_nl_error(-ENOMEM, "policy");
	err = ctl_nl_request(msg, NULL, NULL);
	return err ? ctl_nl_error(err, "policy") : 0;
}
