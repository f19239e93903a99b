// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the mptcpsecctl shows: reply messages built here the way
 * the module builds them (uapi/mptcpsec.yaml) go through the real printers
 * of tools/mptcpsecctl in text and JSON mode; malformed replies are refused.
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

#include "../../tools/mptcpsecctl/objects.h"
#include "../../tools/mptcpsecctl/print.h"
#include "tap.h"

typedef int (*printer)(struct nlattr **tb, void *arg);

static char *out;
static size_t outlen;
static FILE *f;

static struct nl_msg *reply(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	genlmsg_put(m, 0, 1, 0x20, 0, NLM_F_MULTI, cmd, MPTCPSEC_FAMILY_VERSION);
	return m;
}

static void begin(bool json)
{
	if (f)
		fclose(f);
	free(out);
	out = NULL;
	f = open_memstream(&out, &outlen);
	print_init(f, json, false);
}

/* Run @fn on each message, as a dump does (wrapped in an array if @array). */
static int show(printer fn, void *arg, bool array, struct nl_msg **msgs, int n)
{
	struct nlattr *tb[MPTCPSEC_A_MAX + 1];
	int i, err = 0;

	if (array)
		print_open_array(NULL);
	for (i = 0; i < n && !err; i++) {
		if (genlmsg_parse(nlmsg_hdr(msgs[i]), 0, tb, MPTCPSEC_A_MAX, NULL))
			err = -EINVAL;
		else
			err = fn(tb, arg);
	}
	if (array)
		print_close_array();
	print_done();
	fflush(f);
	for (i = 0; i < n; i++)
		nlmsg_free(msgs[i]);
	return err;
}

static struct nl_msg *policy_entry(int family, const char *addr, int plen, int lo, int hi,
				   int mode, int auth, const char *key, uint64_t hits)
{
	struct nl_msg *m = reply(MPTCPSEC_CMD_POLICY_GET);
	struct nlattr *nest = nla_nest_start(m, MPTCPSEC_A_POLICY | NLA_F_NESTED);
	uint8_t a[16] = { 0 };

	inet_pton(family, addr, a);
	nla_put_u16(m, MPTCPSEC_A_POLICY_FAMILY, family);
	nla_put(m, MPTCPSEC_A_POLICY_ADDR, family == AF_INET ? 4 : 16, a);
	nla_put_u8(m, MPTCPSEC_A_POLICY_PREFIXLEN, plen);
	nla_put_u64(m, MPTCPSEC_A_POLICY_HITS, hits);
	if (lo >= 0) {
		nla_put_u16(m, MPTCPSEC_A_POLICY_PORT_MIN, lo);
		nla_put_u16(m, MPTCPSEC_A_POLICY_PORT_MAX, hi);
	}
	nla_put_u8(m, MPTCPSEC_A_POLICY_MODE, mode);
	nla_put_u8(m, MPTCPSEC_A_POLICY_AUTH, auth);
	if (key)
		nla_put_string(m, MPTCPSEC_A_POLICY_KEY_NAME, key);
	nla_nest_end(m, nest);
	return m;
}

static struct nl_msg *policy_default(int mode)
{
	struct nl_msg *m = reply(MPTCPSEC_CMD_POLICY_GET);
	struct nlattr *nest = nla_nest_start(m, MPTCPSEC_A_POLICY | NLA_F_NESTED);

	nla_put_flag(m, MPTCPSEC_A_POLICY_DEFAULT);
	nla_put_u8(m, MPTCPSEC_A_POLICY_MODE, mode);
	nla_put_u8(m, MPTCPSEC_A_POLICY_AUTH, 0);
	nla_nest_end(m, nest);
	return m;
}

static struct nl_msg *key_entry(const char *name, uint32_t len, uint32_t refs)
{
	struct nl_msg *m = reply(MPTCPSEC_CMD_KEY_GET);
	struct nlattr *nest = nla_nest_start(m, MPTCPSEC_A_KEY | NLA_F_NESTED);

	nla_put_string(m, MPTCPSEC_A_KEY_NAME, name);
	nla_put_u32(m, MPTCPSEC_A_KEY_LEN, len);
	nla_put_u32(m, MPTCPSEC_A_KEY_REFS, refs);
	nla_nest_end(m, nest);
	return m;
}

static void subflow(struct nl_msg *m, int family, const char *l, const char *r, int lport,
		    int rport, int kind, int addr_id, bool backup, uint64_t base)
{
	struct nlattr *nest = nla_nest_start(m, MPTCPSEC_A_CONN_SUBFLOW | NLA_F_NESTED);
	uint8_t la[16] = { 0 }, ra[16] = { 0 };
	int alen = family == AF_INET ? 4 : 16;

	inet_pton(family, l, la);
	inet_pton(family, r, ra);
	nla_put_u16(m, MPTCPSEC_A_SUBFLOW_FAMILY, family);
	nla_put(m, MPTCPSEC_A_SUBFLOW_LADDR, alen, la);
	nla_put(m, MPTCPSEC_A_SUBFLOW_RADDR, alen, ra);
	nla_put_u16(m, MPTCPSEC_A_SUBFLOW_LPORT, lport);
	nla_put_u16(m, MPTCPSEC_A_SUBFLOW_RPORT, rport);
	nla_put_u8(m, MPTCPSEC_A_SUBFLOW_KIND, kind);
	nla_put_u8(m, MPTCPSEC_A_SUBFLOW_STATE, MPTCPSEC_STATE_ESTABLISHED);
	nla_put_u8(m, MPTCPSEC_A_SUBFLOW_ROLE, MPTCPSEC_ROLE_ACTIVE);
	if (addr_id >= 0)
		nla_put_u8(m, MPTCPSEC_A_SUBFLOW_ADDR_ID, addr_id);
	if (backup)
		nla_put_flag(m, MPTCPSEC_A_SUBFLOW_BACKUP);
	nla_put_u64(m, MPTCPSEC_A_SUBFLOW_PKTS_IN, base + 1);
	nla_put_u64(m, MPTCPSEC_A_SUBFLOW_PKTS_OUT, base + 2);
	nla_put_u64(m, MPTCPSEC_A_SUBFLOW_BYTES_IN, base + 3);
	nla_put_u64(m, MPTCPSEC_A_SUBFLOW_BYTES_OUT, base + 4);
	nla_nest_end(m, nest);
}

static struct nl_msg *conn_entry(bool tokens, bool psk)
{
	struct nl_msg *m = reply(MPTCPSEC_CMD_CONN_GET);
	struct nlattr *nest = nla_nest_start(m, MPTCPSEC_A_CONN | NLA_F_NESTED);

	nla_put_u32(m, MPTCPSEC_A_CONN_ID, 7);
	if (tokens) {
		nla_put_u32(m, MPTCPSEC_A_CONN_LOCAL_TOKEN, 0x0a0b0c0d);
		nla_put_u32(m, MPTCPSEC_A_CONN_REMOTE_TOKEN, 0xdeadbeef);
	}
	nla_put_u8(m, MPTCPSEC_A_CONN_STATE, MPTCPSEC_STATE_ESTABLISHED);
	nla_put_u8(m, MPTCPSEC_A_CONN_ROLE, MPTCPSEC_ROLE_PASSIVE);
	nla_put_u8(m, MPTCPSEC_A_CONN_MODE, MPTCPSEC_MODE_REQUIRE);
	nla_put_u8(m, MPTCPSEC_A_CONN_AUTH, psk ? MPTCPSEC_AUTH_PSK : MPTCPSEC_AUTH_NONE);
	if (psk)
		nla_put_string(m, MPTCPSEC_A_CONN_KEY_NAME, "site-a");
	nla_put_u64(m, MPTCPSEC_A_CONN_AGE_MS, 12345);
	nla_put_u64(m, MPTCPSEC_A_CONN_PKTS_IN, 10);
	nla_put_u64(m, MPTCPSEC_A_CONN_PKTS_OUT, 20);
	nla_put_u64(m, MPTCPSEC_A_CONN_BYTES_IN, 30);
	nla_put_u64(m, MPTCPSEC_A_CONN_BYTES_OUT, 40);
	if (tokens) {
		subflow(m, AF_INET, "10.0.1.2", "10.0.1.1", 5201, 40000,
			MPTCPSEC_KIND_MP_CAPABLE, -1, false, 100);
		subflow(m, AF_INET, "10.0.2.2", "10.0.2.1", 5201, 40001,
			MPTCPSEC_KIND_MP_JOIN, 2, true, 200);
	} else {
		subflow(m, AF_INET6, "fd00:1::1", "fd00:1::2", 40000, 5202,
			MPTCPSEC_KIND_MP_CAPABLE, -1, false, 0);
	}
	nla_nest_end(m, nest);
	return m;
}

static struct nl_msg *stats_reply(void)
{
	struct nl_msg *m = reply(MPTCPSEC_CMD_STATS_GET);
	struct nlattr *nest = nla_nest_start(m, MPTCPSEC_A_STATS | NLA_F_NESTED);
	int i;

	for (i = 1; i < MPTCPSEC_A_STATS_PAD; i++)
		nla_put_u64(m, i, (uint64_t)i * 1000);
	nla_nest_end(m, nest);
	return m;
}

static void test_policy(void)
{
	struct nl_msg *m[3];

	m[0] = policy_entry(AF_INET, "10.1.0.0", 16, 443, 443, 2, 1, "site-a", 3);
	m[1] = policy_entry(AF_INET6, "2001:db8::", 32, 8000, 8080, 1, 0, NULL, 0);
	m[2] = policy_entry(AF_INET, "10.0.0.0", 8, -1, -1, 0, 0, NULL, 18446744073709551615ULL);
	begin(true);
	is_int(show(ctl_policy_print, NULL, true, m, 3), 0, "policy show JSON: three entries");
	is_str(out,
	       "[{\"prefix\":\"10.1.0.0/16\",\"family\":\"inet\",\"port_min\":443,\"port_max\":443,"
	       "\"mode\":\"require\",\"auth\":\"psk\",\"key\":\"site-a\",\"hits\":3},"
	       "{\"prefix\":\"2001:db8::/32\",\"family\":\"inet6\",\"port_min\":8000,\"port_max\":8080,"
	       "\"mode\":\"prefer\",\"auth\":\"none\",\"key\":null,\"hits\":0},"
	       "{\"prefix\":\"10.0.0.0/8\",\"family\":\"inet\",\"port_min\":0,\"port_max\":65535,"
	       "\"mode\":\"off\",\"auth\":\"none\",\"key\":null,\"hits\":18446744073709551615}]\n",
	       "  ... schema");

	m[0] = policy_entry(AF_INET, "10.1.0.0", 16, 443, 443, 2, 1, "site-a", 3);
	m[1] = policy_entry(AF_INET6, "2001:db8::", 32, 8000, 8080, 1, 0, NULL, 0);
	m[2] = policy_entry(AF_INET, "10.0.0.0", 8, -1, -1, 0, 0, NULL, 5);
	begin(false);
	is_int(show(ctl_policy_print, NULL, true, m, 3), 0, "policy show text");
	is_str(out,
	       "10.1.0.0/16        port 443          mode require auth psk site-a hits 3\n"
	       "2001:db8::/32      port 8000-8080    mode prefer  auth none hits 0\n"
	       "10.0.0.0/8                           mode off     auth none hits 5\n",
	       "  ... one aligned line per entry");

	m[0] = policy_entry(AF_INET, "10.1.0.0", 16, 443, 443, 2, 1, "site-a", 3);
	begin(true);
	is_int(show(ctl_policy_print, (void *)1, false, m, 1), 0, "policy get JSON, matched");
	is_str(out,
	       "{\"default\":false,\"prefix\":\"10.1.0.0/16\",\"family\":\"inet\",\"port_min\":443,"
	       "\"port_max\":443,\"mode\":\"require\",\"auth\":\"psk\",\"key\":\"site-a\",\"hits\":3}\n",
	       "  ... an object with default false");

	m[0] = policy_default(1);
	begin(true);
	is_int(show(ctl_policy_print, (void *)1, false, m, 1), 0, "policy get JSON, default");
	is_str(out,
	       "{\"default\":true,\"prefix\":null,\"family\":null,\"port_min\":null,\"port_max\":null,"
	       "\"mode\":\"prefer\",\"auth\":\"none\",\"key\":null,\"hits\":null}\n",
	       "  ... default true, the namespace default mode");
	m[0] = policy_default(0);
	begin(false);
	is_int(show(ctl_policy_print, (void *)1, false, m, 1), 0, "policy get text, default");
	is_str(out, "default mode off     auth none\n", "  ... says default");

	/* malformed replies */
	m[0] = reply(MPTCPSEC_CMD_POLICY_GET);
	begin(true);
	is_int(show(ctl_policy_print, NULL, true, m, 1), -EPROTO, "reply without a policy nest refused");
	{
		struct nl_msg *b = reply(MPTCPSEC_CMD_POLICY_GET);
		struct nlattr *nest = nla_nest_start(b, MPTCPSEC_A_POLICY | NLA_F_NESTED);
		uint8_t a[5] = { 10 };

		nla_put_u16(b, MPTCPSEC_A_POLICY_FAMILY, AF_INET);
		nla_put(b, MPTCPSEC_A_POLICY_ADDR, 5, a);
		nla_put_u8(b, MPTCPSEC_A_POLICY_PREFIXLEN, 8);
		nla_put_u8(b, MPTCPSEC_A_POLICY_MODE, 0);
		nla_nest_end(b, nest);
		m[0] = b;
	}
	begin(true);
	is_int(show(ctl_policy_print, NULL, true, m, 1), -EPROTO, "IPv4 address of 5 bytes refused");
	{
		struct nl_msg *b = reply(MPTCPSEC_CMD_POLICY_GET);
		struct nlattr *nest = nla_nest_start(b, MPTCPSEC_A_POLICY | NLA_F_NESTED);

		nla_put_u16(b, MPTCPSEC_A_POLICY_FAMILY, AF_INET);
		nla_put_u32(b, MPTCPSEC_A_POLICY_ADDR, 10);
		nla_put_u8(b, MPTCPSEC_A_POLICY_PREFIXLEN, 8);
		nla_nest_end(b, nest);
		m[0] = b;
	}
	begin(true);
	is_int(show(ctl_policy_print, NULL, true, m, 1), -EPROTO, "entry without a mode refused");
	{
		struct nl_msg *b = reply(MPTCPSEC_CMD_POLICY_GET);
		struct nlattr *nest = nla_nest_start(b, MPTCPSEC_A_POLICY | NLA_F_NESTED);

		nla_put_u16(b, MPTCPSEC_A_POLICY_FAMILY, AF_INET);
		nla_put_u32(b, MPTCPSEC_A_POLICY_ADDR, 10);
		nla_put_u8(b, MPTCPSEC_A_POLICY_PREFIXLEN, 8);
		nla_put_u8(b, MPTCPSEC_A_POLICY_MODE, 0);
		nla_put(b, MPTCPSEC_A_POLICY_KEY_NAME, 3, "abc");
		nla_nest_end(b, nest);
		m[0] = b;
	}
	begin(true);
	is_int(show(ctl_policy_print, NULL, true, m, 1), -EPROTO,
	       "key name without a terminating NUL refused");
	{
		struct nl_msg *b = reply(MPTCPSEC_CMD_POLICY_GET);
		struct nlattr *nest = nla_nest_start(b, MPTCPSEC_A_POLICY | NLA_F_NESTED);

		nla_put_u16(b, MPTCPSEC_A_POLICY_FAMILY, AF_INET);
		nla_put_u32(b, MPTCPSEC_A_POLICY_ADDR, 10);
		nla_put_u8(b, MPTCPSEC_A_POLICY_PREFIXLEN, 8);
		nla_put_u8(b, MPTCPSEC_A_POLICY_MODE, 9);
		nla_put_u8(b, MPTCPSEC_A_POLICY_AUTH, 9);
		nla_nest_end(b, nest);
		m[0] = b;
	}
	begin(true);
	is_int(show(ctl_policy_print, NULL, true, m, 1), 0, "enum values from a newer kernel");
	ok(strstr(out, "\"mode\":\"unknown\"") && strstr(out, "\"auth\":\"unknown\""),
	   "  ... print as \"unknown\"");
}

static void test_key(void)
{
	struct nl_msg *m[2];

	m[0] = key_entry("k1", 32, 1);
	m[1] = key_entry("site-b.v2", 64, 0);
	begin(true);
	is_int(show(ctl_key_print, NULL, true, m, 2), 0, "key show JSON");
	is_str(out, "[{\"name\":\"k1\",\"len\":32,\"refs\":1},"
		    "{\"name\":\"site-b.v2\",\"len\":64,\"refs\":0}]\n", "  ... name, len, refs");
	m[0] = key_entry("k1", 32, 1);
	begin(false);
	is_int(show(ctl_key_print, NULL, true, m, 1), 0, "key show text");
	is_str(out, "k1               len 32  refs 1\n", "  ... one line per key");
	begin(true);
	is_int(show(ctl_key_print, NULL, true, m, 0), 0, "key show JSON, no keys");
	is_str(out, "[]\n", "  ... an empty array");
	begin(false);
	is_int(show(ctl_key_print, NULL, true, m, 0), 0, "key show text, no keys");
	is_str(out, "", "  ... prints nothing");
}

static void test_conn(void)
{
	struct nl_msg *m[2];

	m[0] = conn_entry(true, true);
	m[1] = conn_entry(false, false);
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 2), 0, "conn show JSON");
	is_str(out,
	       "[{\"id\":7,\"state\":\"established\",\"role\":\"passive\",\"mode\":\"require\","
	       "\"auth\":\"psk\",\"key\":\"site-a\",\"age_ms\":12345,"
	       "\"local_token\":\"0a0b0c0d\",\"remote_token\":\"deadbeef\","
	       "\"pkts_in\":10,\"bytes_in\":30,\"pkts_out\":20,\"bytes_out\":40,\"subflows\":["
	       "{\"kind\":\"mp-capable\",\"addr_id\":null,\"family\":\"inet\",\"local\":\"10.0.1.2\","
	       "\"local_port\":5201,\"remote\":\"10.0.1.1\",\"remote_port\":40000,"
	       "\"state\":\"established\",\"role\":\"active\",\"backup\":false,"
	       "\"pkts_in\":101,\"bytes_in\":103,\"pkts_out\":102,\"bytes_out\":104},"
	       "{\"kind\":\"mp-join\",\"addr_id\":2,\"family\":\"inet\",\"local\":\"10.0.2.2\","
	       "\"local_port\":5201,\"remote\":\"10.0.2.1\",\"remote_port\":40001,"
	       "\"state\":\"established\",\"role\":\"active\",\"backup\":true,"
	       "\"pkts_in\":201,\"bytes_in\":203,\"pkts_out\":202,\"bytes_out\":204}]},"
	       "{\"id\":7,\"state\":\"established\",\"role\":\"passive\",\"mode\":\"require\","
	       "\"auth\":\"none\",\"key\":null,\"age_ms\":12345,"
	       "\"local_token\":null,\"remote_token\":null,"
	       "\"pkts_in\":10,\"bytes_in\":30,\"pkts_out\":20,\"bytes_out\":40,\"subflows\":["
	       "{\"kind\":\"mp-capable\",\"addr_id\":null,\"family\":\"inet6\",\"local\":\"fd00:1::1\","
	       "\"local_port\":40000,\"remote\":\"fd00:1::2\",\"remote_port\":5202,"
	       "\"state\":\"established\",\"role\":\"active\",\"backup\":false,"
	       "\"pkts_in\":1,\"bytes_in\":3,\"pkts_out\":2,\"bytes_out\":4}]}]\n",
	       "  ... connections with tokens as 8 hex digits, subflows nested");

	m[0] = conn_entry(true, true);
	m[1] = conn_entry(false, false);
	begin(false);
	is_int(show(ctl_conn_print, NULL, true, m, 2), 0, "conn show text");
	is_str(out,
	       "conn 7 established passive mode require auth psk site-a age 12.345s\n"
	       "    local-token 0a0b0c0d remote-token deadbeef in 10 pkts 30 bytes  out 20 pkts 40 bytes\n"
	       "    subflow mp-capable 10.0.1.2:5201 -> 10.0.1.1:40000 established active\n"
	       "        in 101 pkts 103 bytes  out 102 pkts 104 bytes\n"
	       "    subflow mp-join    id 2   10.0.2.2:5201 -> 10.0.2.1:40001 established active backup\n"
	       "        in 201 pkts 203 bytes  out 202 pkts 204 bytes\n"
	       "conn 7 established passive mode require auth none age 12.345s\n"
	       "    in 10 pkts 30 bytes  out 20 pkts 40 bytes\n"
	       "    subflow mp-capable [fd00:1::1]:40000 -> [fd00:1::2]:5202 established active\n"
	       "        in 1 pkts 3 bytes  out 2 pkts 4 bytes\n",
	       "  ... readable blocks");

	{
		struct nl_msg *b = reply(MPTCPSEC_CMD_CONN_GET);
		struct nlattr *nest = nla_nest_start(b, MPTCPSEC_A_CONN | NLA_F_NESTED);
		struct nlattr *sf;

		nla_put_u32(b, MPTCPSEC_A_CONN_ID, 1);
		sf = nla_nest_start(b, MPTCPSEC_A_CONN_SUBFLOW | NLA_F_NESTED);
		nla_put_u16(b, MPTCPSEC_A_SUBFLOW_FAMILY, AF_INET6);
		nla_put_u32(b, MPTCPSEC_A_SUBFLOW_LADDR, 1);
		nla_put_u32(b, MPTCPSEC_A_SUBFLOW_RADDR, 1);
		nla_nest_end(b, sf);
		nla_nest_end(b, nest);
		m[0] = b;
	}
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 1), -EPROTO,
	       "subflow with a 4-byte IPv6 address refused");
	is_str(out, "[]\n", "  ... before anything of the connection is printed");
}

static void test_stats(void)
{
	struct nl_msg *m[1];

	m[0] = stats_reply();
	begin(true);
	is_int(show(ctl_stats_print, NULL, false, m, 1), 0, "stats JSON");
	is_str(out,
	       "{\"pkts_in\":1000,\"pkts_out\":2000,\"mptcp_pkts_in\":3000,\"mptcp_pkts_out\":4000,"
	       "\"conns_created\":5000,\"conns_destroyed\":6000,\"conns_current\":7000,"
	       "\"subflows_created\":8000,\"subflows_destroyed\":9000,\"subflows_current\":10000,"
	       "\"joins_matched\":11000,\"joins_unknown\":12000,\"resets_seen\":13000,"
	       "\"timeouts\":14000,\"malformed\":15000,\"table_full\":16000,"
	       "\"policy_lookups\":17000}\n",
	       "  ... every counter of the spec, by name");
	m[0] = stats_reply();
	begin(false);
	is_int(show(ctl_stats_print, NULL, false, m, 1), 0, "stats text");
	ok(strstr(out, "pkts_in                       1000  TCP segments seen by the ingress hooks\n") != NULL,
	   "  ... name, value and meaning on one line");
	ok(strstr(out, "policy_lookups               17000  Policy resolutions for new MPTCP connections\n") != NULL,
	   "  ... down to the last counter");
	{
		int lines = 0;
		const char *p;

		for (p = out; *p; p++)
			lines += *p == '\n';
		is_int(lines, MPTCPSEC_A_STATS_PAD - 1, "  ... one line per counter");
	}
}

int main(void)
{
	test_policy();
	test_key();
	test_conn();
	test_stats();
	fclose(f);
	free(out);
	return tap_done();
}
