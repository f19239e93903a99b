// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl conn: show the tracked MPTCP connections with their subflows,
 * protection state and counters (optionally filtered, client side); flush
 * them.
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

/* Spec names of enum mptcpsec_role, mptcpsec_kind (the others: args.c). */
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
	[MPTCPSEC_A_CONN_SECURITY]	= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_SUITE]		= { .type = NLA_U8 },
	[MPTCPSEC_A_CONN_SESSION_ID]	= { .minlen = CTL_SESSION_ID_LEN,
					    .maxlen = CTL_SESSION_ID_LEN },
	[MPTCPSEC_A_CONN_PROTECTED]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_VERIFIED]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_AUTH_FAILURES]	= { .type = NLA_U64 },
	[MPTCPSEC_A_CONN_DROPPED]	= { .type = NLA_U64 },
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
	[MPTCPSEC_A_SUBFLOW_SECURITY]	= { .type = NLA_U8 },
	[MPTCPSEC_A_SUBFLOW_PROTECTED]	= { .type = NLA_U64 },
	[MPTCPSEC_A_SUBFLOW_VERIFIED]	= { .type = NLA_U64 },
	[MPTCPSEC_A_SUBFLOW_AUTH_FAILURES] = { .type = NLA_U64 },
	[MPTCPSEC_A_SUBFLOW_DROPPED]	= { .type = NLA_U64 },
};

/* TEP identifier of the one suite defined so far (docs/PROTOCOL.md). */
#define SUITE_X25519_CHACHAPOLY	0x5a

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

/* "protected 5 verified 4 auth-failures 0 dropped 1" */
static void print_protection(struct nlattr **tb, int prot, int ver, int authf, int drop)
{
	print_uint("protected", "protected %llu ", u64_or_0(tb[prot]));
	print_uint("verified", "verified %llu ", u64_or_0(tb[ver]));
	print_uint("auth_failures", "auth-failures %llu ", u64_or_0(tb[authf]));
	print_uint("dropped", "dropped %llu", u64_or_0(tb[drop]));
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
 *            security secured protected 4 verified 3 auth-failures 0 dropped 0
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
	print_string("state", "%s ", enum_attr(tb[MPTCPSEC_A_SUBFLOW_STATE], ctl_state_names,
					       CTL_N_STATES));
	print_string("role", "%s", enum_attr(tb[MPTCPSEC_A_SUBFLOW_ROLE], role_names,
					     N(role_names)));
	print_bool("backup", " backup", tb[MPTCPSEC_A_SUBFLOW_BACKUP] != NULL);
	print_text("\n        ");
	print_counters(tb, MPTCPSEC_A_SUBFLOW_PKTS_IN, MPTCPSEC_A_SUBFLOW_PKTS_OUT,
		       MPTCPSEC_A_SUBFLOW_BYTES_IN, MPTCPSEC_A_SUBFLOW_BYTES_OUT);
	print_text("\n        ");
	print_string("security", "security %s ",
		     enum_attr(tb[MPTCPSEC_A_SUBFLOW_SECURITY], ctl_security_names,
			       CTL_N_SECURITY));
	print_protection(tb, MPTCPSEC_A_SUBFLOW_PROTECTED, MPTCPSEC_A_SUBFLOW_VERIFIED,
			 MPTCPSEC_A_SUBFLOW_AUTH_FAILURES, MPTCPSEC_A_SUBFLOW_DROPPED);
	print_text("\n");
	print_close_object();
	return 0;
}

/**
 * struct peer - the remote end of a connection: that of its initial
 * subflow, or of its first subflow when the initial one is gone
 * @found: the connection has a subflow
 * @v6: the address is IPv6
 * @family: AF_INET or AF_INET6
 * @addr: the address, network order (4 bytes used for AF_INET)
 * @text: the address as text
 * @port: the remote port
 */
struct peer {
	bool found;
	bool v6;
	int family;
	uint8_t addr[16];
	char text[INET6_ADDRSTRLEN];
	unsigned int port;
};

/* The peer of a connection nest whose subflows parse_subflow() accepted. */
static void conn_peer(const struct nlattr *conn, struct peer *p)
{
	const struct nlattr *a;
	int rem;

	memset(p, 0, sizeof(*p));
	nla_for_each_nested(a, conn, rem) {
		struct nlattr *tb[MPTCPSEC_A_SUBFLOW_MAX + 1];
		char l[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];
		bool initial;

		if (nla_type(a) != MPTCPSEC_A_CONN_SUBFLOW || parse_subflow(a, tb, l, r))
			continue;
		initial = ctl_attr_u8(tb[MPTCPSEC_A_SUBFLOW_KIND], -1) ==
			  MPTCPSEC_KIND_MP_CAPABLE;
		if (p->found && !initial)
			continue;
		p->found = true;
		p->family = nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_FAMILY]);
		p->v6 = p->family == AF_INET6;
		memcpy(p->addr, nla_data(tb[MPTCPSEC_A_SUBFLOW_RADDR]),
		       (size_t)nla_len(tb[MPTCPSEC_A_SUBFLOW_RADDR]));
		strcpy(p->text, r);
		p->port = tb[MPTCPSEC_A_SUBFLOW_RPORT] ?
			  nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_RPORT]) : 0;
		if (initial)
			break;
	}
}

/* The session ID as 32 lowercase hex digits, or NULL when not sent. */
static const char *session_hex(const struct nlattr *a, char buf[2 * CTL_SESSION_ID_LEN + 1])
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

/* "x25519-chachapoly", "0x5b", or NULL when not sent. */
static const char *suite_name(const struct nlattr *a, char buf[5])
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

/* Every filter given matches; an attribute the kernel did not send never does. */
static bool conn_matches(const struct ctl_conn_filter *f, struct nlattr **tb,
			 const struct peer *p, const char *session)
{
	if (!f)
		return true;
	if (f->state >= 0 && ctl_attr_u8(tb[MPTCPSEC_A_CONN_STATE], -1) != f->state)
		return false;
	if (f->security >= 0 && ctl_attr_u8(tb[MPTCPSEC_A_CONN_SECURITY], -1) != f->security)
		return false;
	if (f->session[0] &&
	    (!session || strncmp(session, f->session, strlen(f->session))))
		return false;
	if (f->has_peer &&
	    (!p->found || p->family != f->peer.family ||
	     memcmp(p->addr, f->peer.addr, f->peer.family == AF_INET ? 4 : 16)))
		return false;
	return true;
}

/**
 * ctl_conn_print() - print one tracked connection of a conn show
 * @top: top-level attributes of the reply
 * @filter: a struct ctl_conn_filter, or NULL: connections it does not
 *	match print nothing
 *
 * Text:  conn 7 established active mode prefer auth none age 12.345s
 *            local-token 1a2b3c4d remote-token 5e6f7a8b in 12 pkts 3456 bytes  out 7 pkts 890 bytes
 *            peer 10.0.1.2:5201 security secured suite x25519-chachapoly
 *            session-id 00112233445566778899aabbccddeeff
 *            protected 7 verified 12 auth-failures 0 dropped 0
 *            subflow ... (three lines per subflow)
 *        (a token not known yet, a suite not negotiated and the session ID
 *        of a connection that is not secured are left out)
 * JSON:  {"id", "state", "role", "mode", "auth", "key", "age_ms",
 *         "local_token", "remote_token", "pkts_in", "bytes_in", "pkts_out",
 *         "bytes_out", "peer", "peer_port", "security", "suite",
 *         "session_id", "protected", "verified", "auth_failures",
 *         "dropped", "subflows": [{"kind", "addr_id", "family", "local",
 *         "local_port", "remote", "remote_port", "state", "role", "backup",
 *         "pkts_in", "bytes_in", "pkts_out", "bytes_out", "security",
 *         "protected", "verified", "auth_failures", "dropped"}]};
 *         unknown tokens, the key of a connection without psk, the address
 *         ID of an initial subflow, the suite and session ID when not sent,
 *         the peer of a connection without subflows are null.
 */
int ctl_conn_print(struct nlattr **top, void *filter)
{
	struct nlattr *tb[MPTCPSEC_A_CONN_MAX + 1];
	char session[2 * CTL_SESSION_ID_LEN + 1], suite[5];
	char key[CTL_KEY_NAME_MAX + 1];
	const char *sid;
	const struct nlattr *a;
	struct peer peer;
	uint64_t age;
	int rem, err;

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
	conn_peer(top[MPTCPSEC_A_CONN], &peer);
	sid = session_hex(tb[MPTCPSEC_A_CONN_SESSION_ID], session);
	if (!conn_matches(filter, tb, &peer, sid))
		return 0;
	ctl_attr_string(tb[MPTCPSEC_A_CONN_KEY_NAME], key, sizeof(key));
	age = u64_or_0(tb[MPTCPSEC_A_CONN_AGE_MS]);

	print_open_object(NULL);
	print_uint("id", "conn %llu ", nla_get_u32(tb[MPTCPSEC_A_CONN_ID]));
	print_string("state", "%s ", enum_attr(tb[MPTCPSEC_A_CONN_STATE], ctl_state_names,
					       CTL_N_STATES));
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
	print_text("\n    ");
	if (peer.found)
		print_text(peer.v6 ? "peer [%s]:%u" : "peer %s:%u", peer.text, peer.port);
	print_string("peer", NULL, peer.found ? peer.text : NULL);
	if (peer.found)
		print_uint("peer_port", NULL, peer.port);
	else
		print_string("peer_port", NULL, NULL);
	print_string("security", peer.found ? " security %s" : "security %s",
		     enum_attr(tb[MPTCPSEC_A_CONN_SECURITY], ctl_security_names,
			       CTL_N_SECURITY));
	print_string("suite", " suite %s", suite_name(tb[MPTCPSEC_A_CONN_SUITE], suite));
	print_text("\n");
	print_string("session_id", "    session-id %s\n", sid);
	print_text("    ");
	print_protection(tb, MPTCPSEC_A_CONN_PROTECTED, MPTCPSEC_A_CONN_VERIFIED,
			 MPTCPSEC_A_CONN_AUTH_FAILURES, MPTCPSEC_A_CONN_DROPPED);
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
 * @c: the parsed command; conn show prints the connections its filter
 *	matches
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
	err = ctl_nl_talk(msg, ctl_conn_print, (void *)&c->filter);
	print_close_array();
	print_done();
	return err ? ctl_nl_fail(err) : 0;
}
