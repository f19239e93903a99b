// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl monitor: subscribe to the module's event group and print one
 * line per event (text, or one JSON object per line with -j) until
 * SIGINT or SIGTERM; each line is flushed, for readers on a pipe.
 * Filters (conn ID, event TYPE...) are applied here, not in the kernel.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/mptcpsec.h>
#include <netlink/genl/genl.h>

#include "connattr.h"
#include "monitor.h"
#include "nl.h"
#include "print.h"

static const char *const dir_names[] = { "tx", "rx" };

#define N(a)	(sizeof(a) / sizeof((a)[0]))

/**
 * ctl_event_print() - print one event
 * @top: top-level attributes of the event message
 * @f: the monitor's filters, or NULL: events they exclude print nothing
 * @when: when the event was received (real time)
 *
 * Text:  [subflow-secured] conn 3 subflow mp-join id 2 10.0.2.1:41234 -> 10.0.2.2:5201 security secured
 *        then " session-id HEX" when the connection is secured,
 *        " auth-failures N" (auth-failure, subflow-reset),
 *        " rekey tx|rx phase N" (rekey); IPv6 addresses in brackets.
 * JSON:  {"time" (seconds.microseconds since the epoch), "event",
 *         "conn_id", "conn_security", "mode", "suite", "session_id",
 *         "kind", "addr_id", "family", "local", "local_port", "remote",
 *         "remote_port", "state", "role", "backup", "security", "arg"},
 *         plus "auth_failures" (auth-failure, subflow-reset) or
 *         "direction" and "key_phase" (rekey); suite, session ID and the
 *         address ID of an initial subflow are null when not sent.
 *
 * Return: 0, or -EPROTO for a malformed message (nothing printed).
 */
int ctl_event_print(struct nlattr **top, const struct ctl_monitor_filter *f,
		    const struct timespec *when)
{
	struct nlattr *tb[MPTCPSEC_A_CONN_MAX + 1], *stb[MPTCPSEC_A_SUBFLOW_MAX + 1];
	char l[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];
	char session[2 * CTL_SESSION_ID_LEN + 1], suite[5];
	const struct nlattr *a, *sfa = NULL;
	unsigned int ev, lport, rport;
	const char *sid;
	uint32_t id;
	uint64_t arg;
	bool v6;
	int rem;

	if (!top[MPTCPSEC_A_EVENT] ||
	    ctl_nl_nested(tb, MPTCPSEC_A_CONN_MAX, top[MPTCPSEC_A_CONN], ctl_conn_policy) ||
	    !tb[MPTCPSEC_A_CONN_ID])
		return -EPROTO;
	nla_for_each_nested(a, top[MPTCPSEC_A_CONN], rem) {
		if (nla_type(a) == MPTCPSEC_A_CONN_SUBFLOW) {
			sfa = a;
			break;
		}
	}
	if (!sfa || ctl_subflow_parse(sfa, stb, l, r))
		return -EPROTO;

	ev = nla_get_u8(top[MPTCPSEC_A_EVENT]);
	id = nla_get_u32(tb[MPTCPSEC_A_CONN_ID]);
	if (f && f->has_conn && f->conn != id)
		return 0;
	if (f && f->events && (ev >= CTL_N_EVENTS || !(f->events & (1u << ev))))
		return 0;
	arg = top[MPTCPSEC_A_EVENT_ARG] ? nla_get_u64(top[MPTCPSEC_A_EVENT_ARG]) : 0;
	v6 = nla_get_u16(stb[MPTCPSEC_A_SUBFLOW_FAMILY]) == AF_INET6;
	lport = ctl_attr_u16(stb[MPTCPSEC_A_SUBFLOW_LPORT], 0);
	rport = ctl_attr_u16(stb[MPTCPSEC_A_SUBFLOW_RPORT], 0);
	sid = ctl_session_hex(tb[MPTCPSEC_A_CONN_SESSION_ID], session);

	print_open_object(NULL);
	print_decimal("time", NULL, (uint64_t)when->tv_sec, (uint32_t)(when->tv_nsec / 1000), 6);
	print_string("event", "[%s] ", ctl_enum_name(ctl_event_names, CTL_N_EVENTS, ev));
	print_uint("conn_id", "conn %llu ", id);
	print_string("conn_security", NULL, ctl_enum_attr(tb[MPTCPSEC_A_CONN_SECURITY],
						      ctl_security_names, CTL_N_SECURITY));
	print_string("mode", NULL, ctl_enum_attr(tb[MPTCPSEC_A_CONN_MODE], ctl_mode_names,
					     CTL_N_MODES));
	print_string("suite", NULL, ctl_suite_name(tb[MPTCPSEC_A_CONN_SUITE], suite));
	print_string("session_id", NULL, sid);
	print_string("kind", "subflow %s ", ctl_enum_attr(stb[MPTCPSEC_A_SUBFLOW_KIND], ctl_kind_names,
						      CTL_N_KINDS));
	if (stb[MPTCPSEC_A_SUBFLOW_ADDR_ID])
		print_uint("addr_id", "id %llu ", nla_get_u8(stb[MPTCPSEC_A_SUBFLOW_ADDR_ID]));
	else
		print_string("addr_id", NULL, NULL);
	print_string("family", NULL, v6 ? "inet6" : "inet");
	print_text(v6 ? "[%s]:%u -> [%s]:%u " : "%s:%u -> %s:%u ", l, lport, r, rport);
	print_string("local", NULL, l);
	print_uint("local_port", NULL, lport);
	print_string("remote", NULL, r);
	print_uint("remote_port", NULL, rport);
	print_string("state", NULL, ctl_enum_attr(stb[MPTCPSEC_A_SUBFLOW_STATE], ctl_state_names,
					      CTL_N_STATES));
	print_string("role", NULL, ctl_enum_attr(stb[MPTCPSEC_A_SUBFLOW_ROLE], ctl_role_names,
					     CTL_N_ROLES));
	print_bool("backup", NULL, stb[MPTCPSEC_A_SUBFLOW_BACKUP] != NULL);
	print_string("security", "security %s",
		     ctl_enum_attr(stb[MPTCPSEC_A_SUBFLOW_SECURITY], ctl_security_names,
			       CTL_N_SECURITY));
	print_uint("arg", NULL, arg);
	if (sid)
		print_text(" session-id %s", sid);
	switch (ev) {
	case MPTCPSEC_EVENT_AUTH_FAILURE:
	case MPTCPSEC_EVENT_SUBFLOW_RESET:
		print_uint("auth_failures", " auth-failures %llu", arg);
		break;
	case MPTCPSEC_EVENT_REKEY:
		print_string("direction", " rekey %s",
			     ctl_enum_name(dir_names, N(dir_names), (unsigned int)(arg >> 32)));
		print_uint("key_phase", " phase %llu", arg & 0xffffffffu);
		break;
	default:
		break;
	}
	print_close_object();
	print_text("\n");
	print_done();
	return 0;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int on_event(struct nlattr **tb, void *filter)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return ctl_event_print(tb, filter, &now);
}

/**
 * cmd_monitor() - print events until SIGINT or SIGTERM
 * @c: the parsed command, with its filters
 *
 * Return: exit status: 0 when interrupted; 2 when the group cannot be
 * joined (no permission) or the module goes away.
 */
int cmd_monitor(const struct ctl_cmd *c)
{
	struct sigaction sa;
	sigset_t block, waitmask;
	int err;

	/* Blocked except while waiting, so a signal is never missed. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* Also when started in the background, where SIGINT is ignored. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	err = ctl_nl_monitor(on_event, (void *)&c->monitor, &stop, &waitmask);
	if (err == CTL_NL_UNLOADED) {
		fprintf(stderr, "Error: the mptcpsec module was unloaded\n");
		return 2;
	}
	return err ? ctl_nl_fail(err) : 0;
}
