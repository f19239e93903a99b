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

#include "connattr.h"
#include "nl.h"
#include "objects.h"
#include "print.h"

static uint64_t u64_or_0(const struct nlattr *a)
{
	return a ? nla_get_u64((struct nlattr *)a) : 0;
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

	if (ctl_subflow_parse(nest, tb, l, r))
		return -EPROTO;
	v6 = nla_get_u16(tb[MPTCPSEC_A_SUBFLOW_FAMILY]) == AF_INET6;
	lport = ctl_attr_u16(tb[MPTCPSEC_A_SUBFLOW_LPORT], 0);
	rport = ctl_attr_u16(tb[MPTCPSEC_A_SUBFLOW_RPORT], 0);

	print_open_object(NULL);
	print_text("    subflow ");
	print_string("kind", "%-10s ", ctl_enum_attr(tb[MPTCPSEC_A_SUBFLOW_KIND], ctl_kind_names,
						CTL_N_KINDS));
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
	print_string("state", "%s ", ctl_enum_attr(tb[MPTCPSEC_A_SUBFLOW_STATE], ctl_state_names,
					       CTL_N_STATES));
	print_string("role", "%s", ctl_enum_attr(tb[MPTCPSEC_A_SUBFLOW_ROLE], ctl_role_names,
					     CTL_N_ROLES));
	print_bool("backup", " backup", tb[MPTCPSEC_A_SUBFLOW_BACKUP] != NULL);
	print_text("\n        ");
	print_counters(tb, MPTCPSEC_A_SUBFLOW_PKTS_IN, MPTCPSEC_A_SUBFLOW_PKTS_OUT,
		       MPTCPSEC_A_SUBFLOW_BYTES_IN, MPTCPSEC_A_SUBFLOW_BYTES_OUT);
	print_text("\n        ");
	print_string("security", "security %s ",
		     ctl_enum_attr(tb[MPTCPSEC_A_SUBFLOW_SECURITY], ctl_security_names,
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

/* The peer of a connection nest whose subflows ctl_subflow_parse() accepted. */
static void conn_peer(const struct nlattr *conn, struct peer *p)
{
	const struct nlattr *a;
	int rem;

	memset(p, 0, sizeof(*p));
	nla_for_each_nested(a, conn, rem) {
		struct nlattr *tb[MPTCPSEC_A_SUBFLOW_MAX + 1];
		char l[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];
		bool initial;

		if (nla_type(a) != MPTCPSEC_A_CONN_SUBFLOW || ctl_subflow_parse(a, tb, l, r))
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
		p->port = ctl_attr_u16(tb[MPTCPSEC_A_SUBFLOW_RPORT], 0);
		if (initial)
			break;
	}
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
 *         "peer_key" (auth pinned: the pinned public key, base64) follows
 *         "key"; unknown tokens, the key of a connection without psk, the address
 *         ID of an initial subflow, the suite and session ID when not sent,
 *         the peer of a connection without subflows are null.
 */
int ctl_conn_print(struct nlattr **top, void *filter)
{
	struct nlattr *tb[MPTCPSEC_A_CONN_MAX + 1];
	char session[2 * CTL_SESSION_ID_LEN + 1], suite[5];
	char key[CTL_KEY_NAME_MAX + 1], peer_key[CTL_PUBKEY_B64_LEN];
	const char *sid;
	const struct nlattr *a;
	struct peer peer;
	uint64_t age;
	int rem, err;

	if (ctl_nl_nested(tb, MPTCPSEC_A_CONN_MAX, top[MPTCPSEC_A_CONN], ctl_conn_policy) ||
	    !tb[MPTCPSEC_A_CONN_ID])
		return -EPROTO;
	/* Subflows first: a malformed one fails the message before any output. */
	nla_for_each_nested(a, top[MPTCPSEC_A_CONN], rem) {
		struct nlattr *stb[MPTCPSEC_A_SUBFLOW_MAX + 1];
		char l[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];

		if (nla_type(a) == MPTCPSEC_A_CONN_SUBFLOW && ctl_subflow_parse(a, stb, l, r))
			return -EPROTO;
	}
	conn_peer(top[MPTCPSEC_A_CONN], &peer);
	sid = ctl_session_hex(tb[MPTCPSEC_A_CONN_SESSION_ID], session);
	if (!conn_matches(filter, tb, &peer, sid))
		return 0;
	ctl_attr_string(tb[MPTCPSEC_A_CONN_KEY_NAME], key, sizeof(key));
	age = u64_or_0(tb[MPTCPSEC_A_CONN_AGE_MS]);

	print_open_object(NULL);
	print_uint("id", "conn %llu ", nla_get_u32(tb[MPTCPSEC_A_CONN_ID]));
	print_string("state", "%s ", ctl_enum_attr(tb[MPTCPSEC_A_CONN_STATE], ctl_state_names,
					       CTL_N_STATES));
	print_string("role", "%s ", ctl_enum_attr(tb[MPTCPSEC_A_CONN_ROLE], ctl_role_names,
					      CTL_N_ROLES));
	print_string("mode", "mode %s ", ctl_enum_attr(tb[MPTCPSEC_A_CONN_MODE], ctl_mode_names,
						   CTL_N_MODES));
	print_string("auth", "auth %s", ctl_enum_attr(tb[MPTCPSEC_A_CONN_AUTH], ctl_auth_names,
						  CTL_N_AUTHS));
	print_string("key", " %s", tb[MPTCPSEC_A_CONN_KEY_NAME] ? key : NULL);
	print_string("peer_key", " %s", ctl_attr_pubkey(tb[MPTCPSEC_A_CONN_PEER_KEY], peer_key));
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
		     ctl_enum_attr(tb[MPTCPSEC_A_CONN_SECURITY], ctl_security_names,
			       CTL_N_SECURITY));
	print_string("suite", " suite %s", ctl_suite_name(tb[MPTCPSEC_A_CONN_SUITE], suite));
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
