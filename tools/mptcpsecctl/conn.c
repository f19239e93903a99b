// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl conn: show the tracked MPTCP connections with their subflows
 * and counters; flush them.
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

/* Spec names of enum mptcpsec_state, mptcpsec_role, mptcpsec_kind. */
static const char *const state_names[] = {
	"syn-sent", "syn-rcvd", "established", "closing", "closed" };
static const char *const role_names[] = { "active", "passive" };
static const char *const kind_names[] = { "mp-capable", "mp-join" };

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static struct nla_policy conn_attrs[MPTCPSEC_A_CONN_MAX + 1] = {
	[MPTCPSEC_A_CONN_ID]		= { .type = NLA_U32 },
	[MPTCPSEC_A_CONN_LOCAL_TOKEN]	= { .type = NLA_U32 },
	[MPTCPSEC_A_CONN_REMOTE_TOKEN]	= { .type = NLA_U32 },
	[MPTCPSEC_A_CONN_STATE]		= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_ROLE]		= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_MODE]		= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_AUTH]		= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_KEY_NAME]	= { .type = NLA_STRING, .maxlen = CTL_KEY_NAME_MAX + 1 },
	[MPTCPSEC_A_CONN_AGE_MS]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_PKTS_IN]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_PKTS_OUT]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_BYTES_IN]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_BYTES_OUT]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_SUBFLOW]	= { .type = NLA_NESTED },
};

static struct nla_policy subflow_attrs[MPTCPSEC_A_SUBFLOW_MAX + 1] = {
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
};

static uint64_t u64_or_0(const struct nlattr *a)
{
	return a ? nla_get_u64((struct nlattr *)a) : 0;
}

static const char *enum_attr(const struct nlattr *a, const char *const *names, unsigned int n)
{
	return a ? ctl_enum_name(names, n, nla_get_u8((struct nlattr *)a)) : NULL;
}

/* "in 12 pkts 3456 bytes  out 7 pkts 890 bytes" */
static void print_counters(struct nlattr **tb, int pin, int pout, int bin, int bout)
{
	print_uint("pkts_in", "in %llu pkts ", u64_or_0(tb[pin]));
	print_uint("bytes_in", "%llu bytes  ", u64_or_0(tb[bin]));
	print_uint("pkts_out", "out %llu pkts ", u64_or_0(tb[pout]));
	print_uint("bytes_out", "%llu bytes", u64_or_0(tb[bout]));
}

/* Parse and check a subflow nest; @l and @r receive the addresses. */
static int parse_subflow(const struct nlattr *nest, struct nlattr **tb,
			 char l[INET6_ADDRSTRLEN], char r[INET6_ADDRSTRLEN])
{
	if (ctl_nl_nested(tb, MPTCPSEC_A_SUBFLOW_MAX, nest, subflow_attrs) ||
	    ctl_attr_addr(tb[MPTCPSEC_A_SUBFLOW_FAMILY], tb[MPTCPSEC_A_SUBFLOW_LADDR],
			  l, INET6_ADDRSTRLEN) ||
	    ctl_attr_addr(tb[MPTCPSEC_A_SUBFLOW_FAMILY], tb[MPTCPSEC_A_SUBFLOW_RADDR],
			  r, INET6_ADDRSTRLEN))
		return -EPROTO;
	return 0;
}

/*
 * Text:  subflow mp-join    id 2   10.0.2.1:40001 -> 10.0.2.2:5201 established active backup
 *            in 3 pkts 0 bytes  out 4 pkts 0 bytes
 */
static int print_subflow(const struct nlattr *nest)
{
	struct nlattr *tb[MPTCPSEC_A_SUBFLOW_MAX + 1];
	char l[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];
	unsigned int lport, rport;
	bool v6;

	if (parse_subflow(nest, tb, l, r))
		return -EPROTO;
	v6 = nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_FAMILY]) == AF_INET6;
	lport = tb[MPTCPSEC_A_SUBFLOW_LPORT] ? nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_LPORT]) : 0;
	rport = tb[MPTCPSEC_A_SUBFLOW_RPORT] ? nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_RPORT]) : 0;

	print_open_object(NULL);
	print_text("    subflow ");
	print_string("kind", "%-10s ", enum_attr(tb[MPTCPSEC_A_SUBFLOW_KIND], kind_names,
						N(kind_names)));
	if (tb[MPTCPSEC_A_SUBFLOW_ADDR_ID])
		print_uint("addr_id", "id %-3llu ", nla_get_u8(tb[MPTCPSEC_A_SUBFLOW_ADDR_ID]));
	else
		print_string("addr_id", NULL, NULL);
	print_string("family", NULL, v6 ? "inet6" : "inet");
	print_text(v6 ? "[%s]:%u -> [%s]:%u " : "%s:%u -> %s:%u ", l, lport, r, rport);
	print_string("local", NULL, l);
	print_uint("local_port", NULL, lport);
	print_string("remote", NULL, r);
	print_uint("remote_port", NULL, rport);
	print_string("state", "%s ", enum_attr(tb[MPTCPSEC_A_SUBFLOW_STATE], state_names,
					       N(state_names)));
	print_string("role", "%s", enum_attr(tb[MPTCPSEC_A_SUBFLOW_ROLE], role_names,
					     N(role_names)));
	print_bool("backup", " backup", tb[MPTCPSEC_A_SUBFLOW_BACKUP] != NULL);
	print_text("\n        ");
	print_counters(tb, MPTCPSEC_A_SUBFLOW_PKTS_IN, MPTCPSEC_A_SUBFLOW_PKTS_OUT,
		       MPTCPSEC_A_SUBFLOW_BYTES_IN, MPTCPSEC_A_SUBFLOW_BYTES_OUT);
	print_text("\n");
	print_close_object();
	return 0;
}

/**
 * ctl_conn_print() - print one tracked connection of a conn show
 * @top: top-level attributes of the reply
 * @unused: unused
 *
 * Text:  conn 7 established active mode prefer auth none age 12.345s
 *            local-token 1a2b3c4d remote-token 5e6f7a8b in 12 pkts 3456 bytes  out 7 pkts 890 bytes
 *            subflow ... (two lines per subflow)
 *        (a token not known yet is left out)
 * JSON:  {"id", "local_token", "remote_token", "state", "role", "mode",
 *         "auth", "key", "age_ms", "pkts_in", "pkts_out", "bytes_in",
 *         "bytes_out", "subflows": [{"family", "local", "remote",
 *         "local_port", "remote_port", "kind", "state", "role", "addr_id",
 *         "backup", "pkts_in", "pkts_out", "bytes_in", "bytes_out"}]};
 *         unknown tokens, the key of a connection without psk and the
 *         address ID of an initial subflow are null.
 */
int ctl_conn_print(struct nlattr **top, void *unused)
{
	struct nlattr *tb[MPTCPSEC_A_CONN_MAX + 1];
	char key[CTL_KEY_NAME_MAX + 1];
	const struct nlattr *a;
	uint64_t age;
	int rem, err;

	(void)unused;
	if (ctl_nl_nested(tb, MPTCPSEC_A_CONN_MAX, top[MPTCPSEC_A_CONN], conn_attrs) ||
	    !tb[MPTCPSEC_A_CONN_ID])
		return -EPROTO;
	/* Subflows first: a malformed one fails the message before any output. */
	nla_for_each_nested(a, top[MPTCPSEC_A_CONN], rem) {
		struct nlattr *stb[MPTCPSEC_A_SUBFLOW_MAX + 1];
		char l[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];

		if (nla_type(a) == MPTCPSEC_A_CONN_SUBFLOW && parse_subflow(a, stb, l, r))
			return -EPROTO;
	}
	ctl_attr_string(tb[MPTCPSEC_A_CONN_KEY_NAME], key, sizeof(key));
	age = u64_or_0(tb[MPTCPSEC_A_CONN_AGE_MS]);

	print_open_object(NULL);
	print_uint("id", "conn %llu ", nla_get_u32(tb[MPTCPSEC_A_CONN_ID]));
	print_string("state", "%s ", enum_attr(tb[MPTCPSEC_A_CONN_STATE], state_names,
					       N(state_names)));
	print_string("role", "%s ", enum_attr(tb[MPTCPSEC_A_CONN_ROLE], role_names,
					      N(role_names)));
	print_string("mode", "mode %s ", enum_attr(tb[MPTCPSEC_A_CONN_MODE], ctl_mode_names,
						   CTL_N_MODES));
	print_string("auth", "auth %s", enum_attr(tb[MPTCPSEC_A_CONN_AUTH], ctl_auth_names,
						  CTL_N_AUTHS));
	print_string("key", " %s", tb[MPTCPSEC_A_CONN_KEY_NAME] ? key : NULL);
	print_text(" age %llu.%03llus", (unsigned long long)(age / 1000),
		   (unsigned long long)(age % 1000));
	print_uint("age_ms", NULL, age);
	print_text("\n   ");
	print_token("local_token", " local-token %s", tb[MPTCPSEC_A_CONN_LOCAL_TOKEN] != NULL,
		    tb[MPTCPSEC_A_CONN_LOCAL_TOKEN] ?
		    nla_get_u32(tb[MPTCPSEC_A_CONN_LOCAL_TOKEN]) : 0);
	print_token("remote_token", " remote-token %s", tb[MPTCPSEC_A_CONN_REMOTE_TOKEN] != NULL,
		    tb[MPTCPSEC_A_CONN_REMOTE_TOKEN] ?
		    nla_get_u32(tb[MPTCPSEC_A_CONN_REMOTE_TOKEN]) : 0);
	print_text(" ");
	print_counters(tb, MPTCPSEC_A_CONN_PKTS_IN, MPTCPSEC_A_CONN_PKTS_OUT,
		       MPTCPSEC_A_CONN_BYTES_IN, MPTCPSEC_A_CONN_BYTES_OUT);
	print_text("\n");
	print_open_array("subflows");
	nla_for_each_nested(a, top[MPTCPSEC_A_CONN], rem) {
		if (nla_type(a) != MPTCPSEC_A_CONN_SUBFLOW)
			continue;
		err = print_subflow(a);
		if (err)
			return err;
	}
	print_close_array();
	print_close_object();
	return 0;
}

/**
 * cmd_conn() - run a conn command
 * @c: the parsed command
 *
 * Return: exit status: 0, or 2 on a kernel or netlink error.
 */
int cmd_conn(const struct ctl_cmd *c)
{
	struct nl_msg *msg;
	int err;

	if (c->cmd == CTL_CMD_FLUSH) {
		msg = ctl_nl_msg(MPTCPSEC_CMD_CONN_FLUSH, 0);
		if (!msg)
			return ctl_nl_fail(-ENOMEM);
		err = ctl_nl_talk(msg, NULL, NULL);
		return err ? ctl_nl_fail(err) : 0;
	}
	msg = ctl_nl_msg(MPTCPSEC_CMD_CONN_GET, NLM_F_DUMP);
	if (!msg)
		return ctl_nl_fail(-ENOMEM);
	print_open_array(NULL);
	err = ctl_nl_talk(msg, ctl_conn_print, NULL);
	print_close_array();
	print_done();
	return err ? ctl_nl_fail(err) : 0;
}
