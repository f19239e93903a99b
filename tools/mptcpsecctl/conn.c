// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl conn: show the tracked connections and their subflows;
 * flush them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/mptcpsec.h>

#include "nl.h"
#include "objects.h"
#include "print.h"

static const char *const state_names[] = {
	"syn-sent", "syn-rcvd", "established", "closing", "closed" };
static const char *const role_names[] = { "active", "passive" };
static const char *const kind_names[] = { "mp-capable", "mp-join" };
static const char *const mode_names[] = { "off", "prefer", "require" };
static const char *const auth_names[] = { "none", "psk" };

static void print_counters(struct nlattr **tb, int pin, int pout, int bin, int bout)
{
	out_u64("pkts_in", "in %llu pkts ", tb[pin] ? nla_get_u64(tb[pin]) : 0);
	out_u64("bytes_in", "%llu bytes ", tb[bin] ? nla_get_u64(tb[bin]) : 0);
	out_u64("pkts_out", "out %llu pkts ", tb[pout] ? nla_get_u64(tb[pout]) : 0);
	out_u64("bytes_out", "%llu bytes", tb[bout] ? nla_get_u64(tb[bout]) : 0);
}

static int print_subflow(struct nlattr *nest)
{
	struct nlattr *tb[MPTCPSEC_A_SUBFLOW_MAX + 1];
	char l[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];
	int fam;

	if (nla_parse_nested(tb, MPTCPSEC_A_SUBFLOW_MAX, nest, NULL) ||
	    !tb[MPTCPSEC_A_SUBFLOW_FAMILY] || !tb[MPTCPSEC_A_SUBFLOW_LADDR] ||
	    !tb[MPTCPSEC_A_SUBFLOW_RADDR])
		return -EPROTO;
	fam = nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_FAMILY]);
	ctl_addr_str(fam, nla_data(tb[MPTCPSEC_A_SUBFLOW_LADDR]), l, sizeof(l));
	ctl_addr_str(fam, nla_data(tb[MPTCPSEC_A_SUBFLOW_RADDR]), r, sizeof(r));

	out_object_begin(NULL);
	out_text("    subflow ");
	out_str("kind", "%s ", ctl_enum_name(kind_names, 2,
				nla_get_u8(tb[MPTCPSEC_A_SUBFLOW_KIND])));
	if (tb[MPTCPSEC_A_SUBFLOW_ADDR_ID])
		out_u64("addr_id", "id %llu ", nla_get_u8(tb[MPTCPSEC_A_SUBFLOW_ADDR_ID]));
	out_str("family", NULL, fam == AF_INET ? "inet" : "inet6");
	out_text(fam == AF_INET ? "%s:%u -> %s:%u " : "[%s]:%u -> [%s]:%u ", l,
		 nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_LPORT]), r,
		 nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_RPORT]));
	out_str("local", NULL, l);
	out_u64("local_port", NULL, nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_LPORT]));
	out_str("remote", NULL, r);
	out_u64("remote_port", NULL, nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_RPORT]));
	out_str("state", "%s ", ctl_enum_name(state_names, 5,
				nla_get_u8(tb[MPTCPSEC_A_SUBFLOW_STATE])));
	out_str("role", "%s", ctl_enum_name(role_names, 2,
				nla_get_u8(tb[MPTCPSEC_A_SUBFLOW_ROLE])));
	out_bool("backup", " backup", tb[MPTCPSEC_A_SUBFLOW_BACKUP]);
	out_text("\n        ");
	print_counters(tb, MPTCPSEC_A_SUBFLOW_PKTS_IN, MPTCPSEC_A_SUBFLOW_PKTS_OUT,
		       MPTCPSEC_A_SUBFLOW_BYTES_IN, MPTCPSEC_A_SUBFLOW_BYTES_OUT);
	out_text("\n");
	out_object_end();
	return 0;
}

static int print_conn(struct nlattr **top, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_CONN_MAX + 1];
	char tok[16];
	struct nlattr *a;
	int rem, err;

	(void)arg;
	if (!top[MPTCPSEC_A_CONN] ||
	    nla_parse_nested(tb, MPTCPSEC_A_CONN_MAX, top[MPTCPSEC_A_CONN], NULL) ||
	    !tb[MPTCPSEC_A_CONN_ID])
		return -EPROTO;
	out_object_begin(NULL);
	out_u64("id", "conn %llu ", nla_get_u32(tb[MPTCPSEC_A_CONN_ID]));
	out_str("state", "%s ", ctl_enum_name(state_names, 5,
				nla_get_u8(tb[MPTCPSEC_A_CONN_STATE])));
	out_str("role", "%s ", ctl_enum_name(role_names, 2,
				nla_get_u8(tb[MPTCPSEC_A_CONN_ROLE])));
	if (tb[MPTCPSEC_A_CONN_LOCAL_TOKEN]) {
		snprintf(tok, sizeof(tok), "%08x", nla_get_u32(tb[MPTCPSEC_A_CONN_LOCAL_TOKEN]));
		out_str("local_token", "token %s ", tok);
	}
	if (tb[MPTCPSEC_A_CONN_REMOTE_TOKEN]) {
		snprintf(tok, sizeof(tok), "%08x", nla_get_u32(tb[MPTCPSEC_A_CONN_REMOTE_TOKEN]));
		out_str("remote_token", "remote-token %s ", tok);
	}
	out_str("mode", "mode %s ", ctl_enum_name(mode_names, 3,
				nla_get_u8(tb[MPTCPSEC_A_CONN_MODE])));
	out_str("auth", "auth %s ", ctl_enum_name(auth_names, 2,
				nla_get_u8(tb[MPTCPSEC_A_CONN_AUTH])));
	if (tb[MPTCPSEC_A_CONN_KEY_NAME])
		out_str("key", "%s ", nla_get_string(tb[MPTCPSEC_A_CONN_KEY_NAME]));
	if (tb[MPTCPSEC_A_CONN_AGE_MS])
		out_u64("age_ms", "age %llums", nla_get_u64(tb[MPTCPSEC_A_CONN_AGE_MS]));
	out_text("\n    ");
	print_counters(tb, MPTCPSEC_A_CONN_PKTS_IN, MPTCPSEC_A_CONN_PKTS_OUT,
		       MPTCPSEC_A_CONN_BYTES_IN, MPTCPSEC_A_CONN_BYTES_OUT);
	out_text("\n");
	out_array_begin("subflows");
	nla_for_each_nested(a, top[MPTCPSEC_A_CONN], rem) {
		if (nla_type(a) != MPTCPSEC_A_CONN_SUBFLOW)
			continue;
		err = print_subflow(a);
		if (err)
			return err;
	}
	out_array_end();
	out_object_end();
	return 0;
}

/**
 * cmd_conn() - run a conn command
 * @c: the parsed command
 *
 * Return: exit status.
 */
int cmd_conn(const struct ctl_cmd *c)
{
	struct nl_msg *msg;
	int err;

	if (c->verb == VERB_FLUSH) {
		msg = ctl_nl_msg(MPTCPSEC_CMD_CONN_FLUSH, 0);
		if (!msg)
			return ctl_nl_error(-ENOMEM, "conn flush");
		err = ctl_nl_request(msg, NULL, NULL);
		return err ? ctl_nl_error(err, "conn flush") : 0;
	}
	msg = ctl_nl_msg(MPTCPSEC_CMD_CONN_GET, NLM_F_DUMP);
	if (!msg)
		return ctl_nl_error(-ENOMEM, "conn show");
	out_array_begin(NULL);
	err = ctl_nl_request(msg, print_conn, NULL);
	out_array_end();
	out_finish();
	return err ? ctl_nl_error(err, "conn show") : 0;
}
