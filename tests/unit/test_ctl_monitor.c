// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of mptcpsecctl monitor: event messages built here the way the
 * module builds them (module/events.c, uapi/mptcpsec.yaml) go through the
 * real event printer of tools/mptcpsecctl in text and JSON mode, with and
 * without filters; malformed messages are refused; the monitor grammar of
 * the argument parser; the event names against the uapi enum.
 *
 * The JSON output is compared byte for byte with the golden files of
 * golden/ (golden/README.md), each of which must be valid JSON (jq). After
 * an intended change of the JSON, rewrite them from the current output:
 *
 *   UPDATE_GOLDEN=1 make -C tests/unit check
 *
 * and review the difference: the files are the interface users rely on.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <linux/mptcpsec.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "../../tools/mptcpsecctl/args.h"
#include "../../tools/mptcpsecctl/json.h"
#include "../../tools/mptcpsecctl/monitor.h"
#include "../../tools/mptcpsecctl/print.h"
#include "golden/golden.h"
#include "tap.h"

static char *out;
static size_t outlen;
static FILE *f;

/* 2024-12-02 09:20:00.123456789 UTC */
static const struct timespec t0 = { 1733131200, 123456789 };

static void begin_fmt(bool json, bool pretty)
{
	if (f)
		fclose(f);
	free(out);
	out = NULL;
	f = open_memstream(&out, &outlen);
	print_init(f, json, pretty);
}

static void begin(bool json)
{
	begin_fmt(json, false);
}

/**
 * struct ev - an event message to build
 * @ev: enum mptcpsec_event (any u8, to test values from a newer kernel)
 * @arg: event argument
 * @conn: connection id
 * @conn_sec: connection security
 * @session: send a session ID (bytes 0xa0 + i)
 * @suite: suite attribute, 0 for none
 * @v6: IPv6 subflow (else IPv4)
 * @join: MP_JOIN subflow with address ID 2 and the backup flag
 * @sf_sec: subflow security
 */
struct ev {
	int ev;
	uint64_t arg;
	uint32_t conn;
	int conn_sec;
	bool session;
	int suite;
	bool v6;
	bool join;
	int sf_sec;
};

static struct nl_msg *event_msg(const struct ev *e)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *cn, *sn;
	uint8_t la[16] = { 0 }, ra[16] = { 0 }, sid[16];
	int fam = e->v6 ? AF_INET6 : AF_INET;
	int i;

	genlmsg_put(m, 0, 0, 0x20, 0, 0, MPTCPSEC_CMD_EVENT, MPTCPSEC_FAMILY_VERSION);
	nla_put_u8(m, MPTCPSEC_A_EVENT, e->ev);
	/* The kernel aligns 64-bit attributes with a pad attribute. */
	nla_put(m, MPTCPSEC_A_PAD, 0, NULL);
	nla_put_u64(m, MPTCPSEC_A_EVENT_ARG, e->arg);
	cn = nla_nest_start(m, MPTCPSEC_A_CONN | NLA_F_NESTED);
	nla_put_u32(m, MPTCPSEC_A_CONN_ID, e->conn);
	nla_put_u8(m, MPTCPSEC_A_CONN_ROLE, MPTCPSEC_ROLE_ACTIVE);
	nla_put_u8(m, MPTCPSEC_A_CONN_MODE, MPTCPSEC_MODE_REQUIRE);
	nla_put_u8(m, MPTCPSEC_A_CONN_SECURITY, e->conn_sec);
	if (e->suite)
		nla_put_u8(m, MPTCPSEC_A_CONN_SUITE, e->suite);
	if (e->session) {
		for (i = 0; i < 16; i++)
			sid[i] = (uint8_t)(0xa0 + i);
		nla_put(m, MPTCPSEC_A_CONN_SESSION_ID, sizeof(sid), sid);
	}
	sn = nla_nest_start(m, MPTCPSEC_A_CONN_SUBFLOW | NLA_F_NESTED);
	inet_pton(fam, e->v6 ? "fd00:2::1" : (e->join ? "10.0.2.1" : "10.0.1.1"), la);
	inet_pton(fam, e->v6 ? "fd00:1::2" : (e->join ? "10.0.2.2" : "10.0.1.2"), ra);
	nla_put_u16(m, MPTCPSEC_A_SUBFLOW_FAMILY, fam);
	nla_put(m, MPTCPSEC_A_SUBFLOW_LADDR, e->v6 ? 16 : 4, la);
	nla_put(m, MPTCPSEC_A_SUBFLOW_RADDR, e->v6 ? 16 : 4, ra);
	nla_put_u16(m, MPTCPSEC_A_SUBFLOW_LPORT, 41234);
	nla_put_u16(m, MPTCPSEC_A_SUBFLOW_RPORT, 5201);
	nla_put_u8(m, MPTCPSEC_A_SUBFLOW_KIND, e->join ? MPTCPSEC_KIND_MP_JOIN :
		   MPTCPSEC_KIND_MP_CAPABLE);
	nla_put_u8(m, MPTCPSEC_A_SUBFLOW_STATE, MPTCPSEC_STATE_ESTABLISHED);
	nla_put_u8(m, MPTCPSEC_A_SUBFLOW_ROLE, MPTCPSEC_ROLE_ACTIVE);
	if (e->join) {
		nla_put_u8(m, MPTCPSEC_A_SUBFLOW_ADDR_ID, 2);
		nla_put_flag(m, MPTCPSEC_A_SUBFLOW_BACKUP);
	}
	nla_put_u8(m, MPTCPSEC_A_SUBFLOW_SECURITY, e->sf_sec);
	nla_nest_end(m, sn);
	nla_nest_end(m, cn);
	return m;
}

/* Print @m (consumed) through the monitor's printer at @when. */
static int print_msg(struct nl_msg *m, const struct ctl_monitor_filter *flt,
		     const struct timespec *when)
{
	struct nlattr *tb[MPTCPSEC_A_MAX + 1];
	int err;

	if (genlmsg_parse(nlmsg_hdr(m), 0, tb, MPTCPSEC_A_MAX, NULL))
		err = -EINVAL;
	else
		err = ctl_event_print(tb, flt, when);
	fflush(f);
	nlmsg_free(m);
	return err;
}

static int print_ev(const struct ev *e, const struct ctl_monitor_filter *flt, bool json)
{
	begin(json);
	return print_msg(event_msg(e), flt, &t0);
}

static const struct ev join_secured = {
	MPTCPSEC_EVENT_SUBFLOW_SECURED, 0, 3, MPTCPSEC_SECURITY_SECURED, true, 0x5a,
	false, true, MPTCPSEC_SECURITY_SECURED };
static const struct ev v6_fallback = {
	MPTCPSEC_EVENT_CONN_FALLBACK, 0, 8, MPTCPSEC_SECURITY_FALLBACK, false, 0,
	true, false, MPTCPSEC_SECURITY_FALLBACK };

static void test_json(void)
{
	struct ev e;

	is_int(print_ev(&join_secured, NULL, true), 0, "subflow-secured JSON");
	ok(outlen && out[outlen - 1] == '\n' && !memchr(out, '\n', outlen - 1),
	   "  ... one object on one line");
	golden_is(out, "monitor-subflow-secured.json",
		  "  ... one object on one line, conn show's member names");

	begin_fmt(true, true);
	is_int(print_msg(event_msg(&join_secured), NULL, &t0), 0, "subflow-secured JSON, pretty");
	golden_is(out, "monitor-subflow-secured.pretty.json", "  ... one member per line");

	is_int(print_ev(&v6_fallback, NULL, true), 0, "conn-fallback JSON, IPv6");
	golden_is(out, "monitor-conn-fallback.json", "  ... suite, session ID and address ID null");

	e = join_secured;
	e.ev = MPTCPSEC_EVENT_AUTH_FAILURE;
	e.arg = 17;
	is_int(print_ev(&e, NULL, true), 0, "auth-failure JSON");
	ok(strstr(out, ",\"arg\":17,\"auth_failures\":17}\n") != NULL,
	   "  ... the failure count as auth_failures");
	e.ev = MPTCPSEC_EVENT_SUBFLOW_RESET;
	e.arg = 101;
	is_int(print_ev(&e, NULL, true), 0, "subflow-reset JSON");
	ok(strstr(out, "\"event\":\"subflow-reset\",") &&
	   strstr(out, ",\"arg\":101,\"auth_failures\":101}\n"),
	   "  ... the failure count as auth_failures");
	e.ev = MPTCPSEC_EVENT_REKEY;
	e.arg = (1ULL << 32) | 5;
	is_int(print_ev(&e, NULL, true), 0, "rekey JSON");
	ok(strstr(out, ",\"arg\":4294967301,\"direction\":\"rx\",\"key_phase\":5}\n") != NULL,
	   "  ... direction rx and key phase from the argument");
	e.arg = 2;
	print_ev(&e, NULL, true);
	ok(strstr(out, ",\"direction\":\"tx\",\"key_phase\":2}\n") != NULL, "  ... direction tx");
	e.ev = 42;
	e.arg = 0;
	is_int(print_ev(&e, NULL, true), 0, "event value from a newer kernel");
	ok(strstr(out, "\"event\":\"unknown\",") != NULL, "  ... prints as \"unknown\"");

	begin(true);
	{
		struct timespec t = { 1733131200, 5000 };

		print_msg(event_msg(&join_secured), NULL, &t);
	}
	ok(!strncmp(out, "{\"time\":1733131200.000005,", 26),
	   "time keeps six digits of microseconds");
	begin(true);
	print_msg(event_msg(&join_secured), NULL, &t0);
	print_msg(event_msg(&v6_fallback), NULL, &t0);
	{
		const char *nl = strchr(out, '\n');

		ok(nl && !strncmp(nl + 1, "{\"time\":", 8) && strchr(nl + 1, '\n') &&
		   !strchr(nl + 1, '\n')[1], "two events: two JSON lines, no separator");
	}
}

/*
 * A monitor session: the life of connection 3 (every event, in the order
 * the module sends them), then connections that fell back, were refused
 * and failed, and an event from a newer kernel; 250 ms apart.
 */
static const struct ev session[] = {
	{ MPTCPSEC_EVENT_CONN_SECURED, 0, 3, MPTCPSEC_SECURITY_SECURED, true, 0x5a,
	  false, false, MPTCPSEC_SECURITY_SECURED },
	{ MPTCPSEC_EVENT_SUBFLOW_ADDED, 0, 3, MPTCPSEC_SECURITY_SECURED, true, 0x5a,
	  false, true, MPTCPSEC_SECURITY_NEGOTIATING },
	{ MPTCPSEC_EVENT_SUBFLOW_SECURED, 0, 3, MPTCPSEC_SECURITY_SECURED, true, 0x5a,
	  false, true, MPTCPSEC_SECURITY_SECURED },
	{ MPTCPSEC_EVENT_REKEY, 1, 3, MPTCPSEC_SECURITY_SECURED, true, 0x5a,
	  false, true, MPTCPSEC_SECURITY_SECURED },
	{ MPTCPSEC_EVENT_REKEY, 1ULL << 32 | 1, 3, MPTCPSEC_SECURITY_SECURED, true, 0x5a,
	  false, true, MPTCPSEC_SECURITY_SECURED },
	{ MPTCPSEC_EVENT_AUTH_FAILURE, 1, 3, MPTCPSEC_SECURITY_SECURED, true, 0x5a,
	  false, true, MPTCPSEC_SECURITY_SECURED },
	{ MPTCPSEC_EVENT_SUBFLOW_RESET, 9, 3, MPTCPSEC_SECURITY_SECURED, true, 0x5a,
	  false, true, MPTCPSEC_SECURITY_SECURED },
	{ MPTCPSEC_EVENT_SUBFLOW_REMOVED, 0, 3, MPTCPSEC_SECURITY_SECURED, true, 0x5a,
	  false, true, MPTCPSEC_SECURITY_SECURED },
	{ MPTCPSEC_EVENT_CONN_FALLBACK, 0, 8, MPTCPSEC_SECURITY_FALLBACK, false, 0,
	  true, false, MPTCPSEC_SECURITY_FALLBACK },
	{ MPTCPSEC_EVENT_CONN_REFUSED, 0, 9, MPTCPSEC_SECURITY_REFUSED, false, 0,
	  false, false, MPTCPSEC_SECURITY_REFUSED },
	{ MPTCPSEC_EVENT_CONN_FAILED, 0, 10, MPTCPSEC_SECURITY_FAILED, false, 0x5a,
	  true, false, MPTCPSEC_SECURITY_FAILED },
	{ 42, 7, 3, MPTCPSEC_SECURITY_SECURED, true, 0x5b,
	  false, true, MPTCPSEC_SECURITY_SECURED },
};

#define N_SESSION	(int)(sizeof(session) / sizeof(session[0]))

static void test_json_stream(void)
{
	unsigned int seen = 0;
	int i, failed = 0, lines = 0;
	const char *p;

	begin(true);
	for (i = 0; i < N_SESSION; i++) {
		long long ns = t0.tv_nsec + 250000000LL * i;
		struct timespec t = { t0.tv_sec + ns / 1000000000, ns % 1000000000 };

		if (print_msg(event_msg(&session[i]), NULL, &t))
			failed++;
		if (session[i].ev <= MPTCPSEC_EVENT_MAX)
			seen |= 1u << session[i].ev;
	}
	is_int(seen, (1u << (MPTCPSEC_EVENT_MAX + 1)) - 1, "monitor session: every uapi event");
	is_int(failed, 0, "  ... each printed");
	for (p = out; *p; p++)
		lines += *p == '\n';
	is_int(lines, N_SESSION, "  ... one line per event");
	golden_is(out, "monitor-events.jsonl",
		  "  ... JSON lines: auth_failures, direction and key_phase where they apply");
}

static void test_text(void)
{
	struct ev e;

	is_int(print_ev(&join_secured, NULL, false), 0, "subflow-secured text");
	is_str(out,
	       "[subflow-secured] conn 3 subflow mp-join id 2 10.0.2.1:41234 -> 10.0.2.2:5201"
	       " security secured session-id a0a1a2a3a4a5a6a7a8a9aaabacadaeaf\n",
	       "  ... one line");
	is_int(print_ev(&v6_fallback, NULL, false), 0, "conn-fallback text, IPv6");
	is_str(out,
	       "[conn-fallback] conn 8 subflow mp-capable [fd00:2::1]:41234 -> [fd00:1::2]:5201"
	       " security fallback\n",
	       "  ... addresses in brackets, no session ID");
	e = join_secured;
	e.session = false;
	e.ev = MPTCPSEC_EVENT_AUTH_FAILURE;
	e.arg = 17;
	print_ev(&e, NULL, false);
	is_str(out,
	       "[auth-failure] conn 3 subflow mp-join id 2 10.0.2.1:41234 -> 10.0.2.2:5201"
	       " security secured auth-failures 17\n", "auth-failure text: the count");
	e.ev = MPTCPSEC_EVENT_REKEY;
	e.arg = 7;
	print_ev(&e, NULL, false);
	ok(strstr(out, " security secured rekey tx phase 7\n") != NULL,
	   "rekey text: direction and phase");
}

static void test_filter(void)
{
	struct ctl_monitor_filter flt = { 0 };
	struct ev e = join_secured;

	is_int(print_ev(&e, &flt, true), 0, "empty filter");
	ok(outlen > 0, "  ... prints the event");
	flt.has_conn = true;
	flt.conn = 4;
	is_int(print_ev(&e, &flt, true), 0, "filter conn 4, event of conn 3");
	is_int((long long)outlen, 0, "  ... prints nothing");
	flt.conn = 3;
	print_ev(&e, &flt, true);
	ok(outlen > 0, "filter conn 3: printed");
	flt.events = 1u << MPTCPSEC_EVENT_SUBFLOW_ADDED | 1u << MPTCPSEC_EVENT_REKEY;
	print_ev(&e, &flt, true);
	is_int((long long)outlen, 0, "filter events subflow-added rekey: subflow-secured not printed");
	flt.events |= 1u << MPTCPSEC_EVENT_SUBFLOW_SECURED;
	print_ev(&e, &flt, true);
	ok(outlen > 0, "  ... printed once subflow-secured is in the filter");
	flt.conn = 9;
	print_ev(&e, &flt, true);
	is_int((long long)outlen, 0, "filters combine: right event, wrong conn");
	flt.has_conn = false;
	e.ev = 31;
	print_ev(&e, &flt, true);
	is_int((long long)outlen, 0, "an unknown event never matches an event filter");
}

static void test_malformed(void)
{
	struct nl_msg *m;
	struct nlattr *cn, *sn;

	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, 0x20, 0, 0, MPTCPSEC_CMD_EVENT, 1);
	nla_put_u8(m, MPTCPSEC_A_EVENT, 0);
	begin(true);
	is_int(print_msg(m, NULL, &t0), -EPROTO, "event without a conn nest refused");
	is_int((long long)outlen, 0, "  ... nothing printed");

	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, 0x20, 0, 0, MPTCPSEC_CMD_EVENT, 1);
	nla_put_u8(m, MPTCPSEC_A_EVENT, 0);
	cn = nla_nest_start(m, MPTCPSEC_A_CONN | NLA_F_NESTED);
	nla_put_u32(m, MPTCPSEC_A_CONN_ID, 1);
	nla_nest_end(m, cn);
	begin(true);
	is_int(print_msg(m, NULL, &t0), -EPROTO, "event without a subflow refused");

	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, 0x20, 0, 0, MPTCPSEC_CMD_EVENT, 1);
	cn = nla_nest_start(m, MPTCPSEC_A_CONN | NLA_F_NESTED);
	nla_put_u32(m, MPTCPSEC_A_CONN_ID, 1);
	nla_nest_end(m, cn);
	begin(true);
	is_int(print_msg(m, NULL, &t0), -EPROTO, "message without an event type refused");

	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, 0x20, 0, 0, MPTCPSEC_CMD_EVENT, 1);
	nla_put_u8(m, MPTCPSEC_A_EVENT, 0);
	cn = nla_nest_start(m, MPTCPSEC_A_CONN | NLA_F_NESTED);
	nla_put_u32(m, MPTCPSEC_A_CONN_ID, 1);
	sn = nla_nest_start(m, MPTCPSEC_A_CONN_SUBFLOW | NLA_F_NESTED);
	nla_put_u16(m, MPTCPSEC_A_SUBFLOW_FAMILY, AF_INET6);
	nla_put_u32(m, MPTCPSEC_A_SUBFLOW_LADDR, 1);
	nla_put_u32(m, MPTCPSEC_A_SUBFLOW_RADDR, 1);
	nla_nest_end(m, sn);
	nla_nest_end(m, cn);
	begin(false);
	is_int(print_msg(m, NULL, &t0), -EPROTO, "subflow with a 4-byte IPv6 address refused");
	is_int((long long)outlen, 0, "  ... nothing printed");

	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, 0x20, 0, 0, MPTCPSEC_CMD_EVENT, 1);
	nla_put_u8(m, MPTCPSEC_A_EVENT, 0);
	cn = nla_nest_start(m, MPTCPSEC_A_CONN | NLA_F_NESTED);
	nla_put_u32(m, MPTCPSEC_A_CONN_ID, 1);
	nla_put(m, MPTCPSEC_A_CONN_SESSION_ID, 8, "01234567");
	nla_nest_end(m, cn);
	begin(true);
	is_int(print_msg(m, NULL, &t0), -EPROTO, "session ID of 8 bytes refused");

	/* The connection nest's policy is conn show's: a pinned key has 32 bytes. */
	{
		uint8_t pk[31] = { 0 };

		m = nlmsg_alloc();
		genlmsg_put(m, 0, 0, 0x20, 0, 0, MPTCPSEC_CMD_EVENT, 1);
		nla_put_u8(m, MPTCPSEC_A_EVENT, 0);
		cn = nla_nest_start(m, MPTCPSEC_A_CONN | NLA_F_NESTED);
		nla_put_u32(m, MPTCPSEC_A_CONN_ID, 1);
		nla_put(m, MPTCPSEC_A_CONN_PEER_KEY, sizeof(pk), pk);
		sn = nla_nest_start(m, MPTCPSEC_A_CONN_SUBFLOW | NLA_F_NESTED);
		nla_put_u16(m, MPTCPSEC_A_SUBFLOW_FAMILY, AF_INET);
		nla_put_u32(m, MPTCPSEC_A_SUBFLOW_LADDR, 1);
		nla_put_u32(m, MPTCPSEC_A_SUBFLOW_RADDR, 2);
		nla_nest_end(m, sn);
		nla_nest_end(m, cn);
	}
	begin(true);
	is_int(print_msg(m, NULL, &t0), -EPROTO, "event with a peer key of 31 bytes refused");
	is_int((long long)outlen, 0, "  ... nothing printed");
}

static struct ctl_cmd c;
static char err[256];

static int parse(const char *line)
{
	static char buf[1024];
	char *argv[64];
	int argc = 0;
	char *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok_r(buf, " ", &save); tok && argc < 64; tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	strcpy(err, "(none)");
	return ctl_parse_cmd(argc, argv, &c, err, sizeof(err));
}

static void fails(const char *line, const char *needle)
{
	char desc[300];

	snprintf(desc, sizeof(desc), "rejected: %s", line);
	if (!tap_ok(parse(line) == -1, __FILE__, __LINE__, desc))
		return;
	snprintf(desc, sizeof(desc), "  ... message mentions \"%s\"", needle);
	if (!tap_ok(strstr(err, needle) != NULL, __FILE__, __LINE__, desc))
		printf("#   message: %s\n", err);
}

static void test_args(void)
{
	char all[512] = "";
	size_t n = 0;
	int i;

	is_int(parse("monitor"), 0, "monitor");
	ok(c.obj == CTL_OBJ_MONITOR && c.cmd == CTL_CMD_SHOW, "  ... object monitor");
	ok(!c.monitor.has_conn && !c.monitor.events, "  ... no filter");
	is_int(parse("mon conn 3"), 0, "mon conn 3 (object abbreviated)");
	ok(c.obj == CTL_OBJ_MONITOR && c.monitor.has_conn && c.monitor.conn == 3 &&
	   !c.monitor.events, "  ... conn 3");
	is_int(parse("monitor event subflow-secured"), 0, "monitor event subflow-secured");
	is_int(c.monitor.events, 1u << MPTCPSEC_EVENT_SUBFLOW_SECURED, "  ... one event bit");
	is_int(parse("monitor event conn-refused rekey conn 4294967295"), 0,
	       "monitor event conn-refused rekey conn 4294967295");
	is_int(c.monitor.events, 1u << MPTCPSEC_EVENT_CONN_REFUSED | 1u << MPTCPSEC_EVENT_REKEY,
	       "  ... two event bits");
	ok(c.monitor.has_conn && c.monitor.conn == 4294967295u, "  ... and the largest id");
	is_int(parse("monitor conn 7 event conn-secured conn-fallback conn-failed subflow-added "
		     "subflow-removed subflow-reset auth-failure"), 0, "conn first, then events");
	is_int(c.monitor.events, 0x1db, "  ... seven event bits");
	is_int(parse("monitor help"), 0, "monitor help");
	is_int(c.cmd, CTL_CMD_HELP, "  ... the help command");
	ok(strstr(ctl_usage(CTL_OBJ_MONITOR), "monitor [ conn ID ] [ event EVENT"), "  ... usage");

	fails("monitor event", "at least one event");
	fails("monitor event conn 3", "at least one event");
	fails("monitor event secured", "unknown event \"secured\"");
	fails("monitor conn", "needs a value");
	fails("monitor conn 0", "invalid connection id");
	fails("monitor conn 4294967296", "invalid connection id");
	fails("monitor conn -1", "invalid connection id");
	fails("monitor conn 3 conn 4", "duplicate keyword \"conn\"");
	fails("monitor event rekey event rekey", "duplicate keyword \"event\"");
	fails("monitor show", "unknown keyword \"show\"");
	fails("monitor help me", "unexpected argument");

	/* The names are the uapi enum's, in its order, and the messages list them all. */
	is_int(CTL_N_EVENTS, MPTCPSEC_EVENT_MAX + 1, "one name per uapi event");
	is_str(ctl_event_names[MPTCPSEC_EVENT_CONN_SECURED], "conn-secured", "  ... conn-secured first");
	is_str(ctl_event_names[MPTCPSEC_EVENT_SUBFLOW_RESET], "subflow-reset", "  ... subflow-reset");
	is_str(ctl_event_names[MPTCPSEC_EVENT_REKEY], "rekey", "  ... rekey last");
	ok(ctl_event_names[CTL_N_EVENTS] == NULL, "  ... NULL-terminated");
	for (i = 0; ctl_event_names[i]; i++)
		n += (size_t)snprintf(all + n, sizeof(all) - n, "%s%s", i ? ", " : "",
				      ctl_event_names[i]);
	parse("monitor event x");
	ok(strstr(err, all) != NULL, "unknown event: the message lists every event");
	for (i = 0; ctl_event_names[i]; i++)
		if (!strstr(ctl_usage(CTL_OBJ_MONITOR), ctl_event_names[i]))
			break;
	ok(!ctl_event_names[i], "usage names every event");
}

static void test_json_decimal(void)
{
	struct json_writer w;

	begin(true);
	json_init(&w, f, false);
	json_begin_object(&w, NULL);
	json_decimal(&w, "a", 0, 7, 3);
	json_decimal(&w, "b", 18446744073709551615ULL, 999999, 6);
	json_end_object(&w);
	fflush(f);
	is_str(out, "{\"a\":0.007,\"b\":18446744073709551615.999999}",
	       "json_decimal: zero-padded fraction, 64-bit whole part");
}

int main(void)
{
	test_json();
	test_json_stream();
	test_text();
	test_filter();
	test_malformed();
	test_args();
	test_json_decimal();
	fclose(f);
	free(out);
	return tap_done();
}
