// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the mptcpsecctl shows: reply messages built here the way
 * the module builds them (uapi/mptcpsec.yaml) go through the real printers
 * of tools/mptcpsecctl in text and JSON mode; malformed replies are refused.
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

#include "../../tools/mptcpsecctl/objects.h"
#include "../../tools/mptcpsecctl/print.h"
#include "golden/golden.h"
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

/* -p: indented JSON. */
static void begin_pretty(void)
{
	begin_fmt(true, true);
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

/* An X25519 public key of @len bytes: @base, @base + 1, ... */
static const uint8_t *pubkey(uint8_t base, int len)
{
	static uint8_t k[64];
	int i;

	for (i = 0; i < len && i < (int)sizeof(k); i++)
		k[i] = (uint8_t)(base + i);
	return k;
}

/* Base64 of pubkey(0x00, 32), pubkey(0x40, 32) and pubkey(0xe0, 32). */
#define PEER_KEY_B64	"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define CONN_KEY_B64	"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8="
#define IDENTITY_B64	"4OHi4+Tl5ufo6err7O3u7/Dx8vP09fb3+Pn6+/z9/v8="

/* A policy entry; @peer (@peer_len bytes) is the pinned key, if not NULL. */
static struct nl_msg *policy_entry_pk(int family, const char *addr, int plen, int lo, int hi,
				      int mode, int auth, const char *key, const uint8_t *peer,
				      int peer_len, uint64_t hits)
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
	if (peer)
		nla_put(m, MPTCPSEC_A_POLICY_PEER_KEY, peer_len, peer);
	nla_nest_end(m, nest);
	return m;
}

static struct nl_msg *policy_entry(int family, const char *addr, int plen, int lo, int hi,
				   int mode, int auth, const char *key, uint64_t hits)
{
	return policy_entry_pk(family, addr, plen, lo, hi, mode, auth, key, NULL, 0, hits);
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

/* A key; @file (@file_len bytes, NUL included) is where it was read, if not NULL. */
static struct nl_msg *key_entry_file(const char *name, uint32_t len, uint32_t refs,
				     const char *file, int file_len)
{
	struct nl_msg *m = reply(MPTCPSEC_CMD_KEY_GET);
	struct nlattr *nest = nla_nest_start(m, MPTCPSEC_A_KEY | NLA_F_NESTED);

	nla_put_string(m, MPTCPSEC_A_KEY_NAME, name);
	nla_put_u32(m, MPTCPSEC_A_KEY_LEN, len);
	nla_put_u32(m, MPTCPSEC_A_KEY_REFS, refs);
	if (file)
		nla_put(m, MPTCPSEC_A_KEY_FILE, file_len, file);
	nla_nest_end(m, nest);
	return m;
}

static struct nl_msg *key_entry(const char *name, uint32_t len, uint32_t refs)
{
	return key_entry_file(name, len, refs, NULL, 0);
}

/*
 * The reply of identity get: @pub of @pub_len bytes (none if NULL), @refs
 * (none if negative), @file (none if NULL).
 */
static struct nl_msg *identity_reply(const uint8_t *pub, int pub_len, int refs, const char *file)
{
	struct nl_msg *m = reply(MPTCPSEC_CMD_IDENTITY_GET);
	struct nlattr *nest = nla_nest_start(m, MPTCPSEC_A_IDENTITY | NLA_F_NESTED);

	if (pub)
		nla_put(m, MPTCPSEC_A_IDENTITY_PUBLIC, pub_len, pub);
	if (file)
		nla_put_string(m, MPTCPSEC_A_IDENTITY_FILE, file);
	if (refs >= 0)
		nla_put_u32(m, MPTCPSEC_A_IDENTITY_REFS, (uint32_t)refs);
	nla_nest_end(m, nest);
	return m;
}

/*
 * Protection attributes: @sec < 0 leaves them out, as a module before them
 * did; the counters are those of a secured subflow, zero otherwise.
 */
static void subflow_sec(struct nl_msg *m, int sec, const uint64_t c[4])
{
	bool on = sec == MPTCPSEC_SECURITY_SECURED;

	if (sec < 0)
		return;
	nla_put_u8(m, MPTCPSEC_A_SUBFLOW_SECURITY, sec);
	nla_put_u64(m, MPTCPSEC_A_SUBFLOW_PROTECTED, on ? c[0] : 0);
	nla_put_u64(m, MPTCPSEC_A_SUBFLOW_VERIFIED, on ? c[1] : 0);
	nla_put_u64(m, MPTCPSEC_A_SUBFLOW_AUTH_FAILURES, on ? c[2] : 0);
	nla_put_u64(m, MPTCPSEC_A_SUBFLOW_DROPPED, on ? c[3] : 0);
}

/* Protection counters of the initial and the joined subflow; sums per connection. */
static const uint64_t sf1_prot[4] = { 30, 25, 1, 0 };
static const uint64_t sf2_prot[4] = { 20, 15, 0, 2 };

static void subflow(struct nl_msg *m, int family, const char *l, const char *r, int lport,
		    int rport, int kind, int addr_id, bool backup, uint64_t base, int sec,
		    const uint64_t prot[4])
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
	subflow_sec(m, sec, prot);
	nla_nest_end(m, nest);
}

/**
 * struct cspec - a connection reply to build
 * @id: connection id
 * @tokens: tokens known; two IPv4 subflows (else one IPv6 subflow)
 * @psk: auth psk with key site-a
 * @state: enum mptcpsec_state of the connection
 * @sec: enum mptcpsec_security, or -1 for none of the protection attributes
 * @suite: suite attribute, 0 for none
 * @session: send a session ID: bytes (id << 4 | i), i = 0..15
 */
struct cspec {
	uint32_t id;
	bool tokens;
	bool psk;
	int state;
	int sec;
	int suite;
	bool session;
};

/*
 * A connection; with @peer (@peer_len bytes) its auth is pinned to that
 * key instead of what @cs says.
 */
static struct nl_msg *conn_msg_pk(const struct cspec *cs, const uint8_t *peer, int peer_len)
{
	static const int prot_attr[4] = {
		MPTCPSEC_A_CONN_PROTECTED, MPTCPSEC_A_CONN_VERIFIED,
		MPTCPSEC_A_CONN_AUTH_FAILURES, MPTCPSEC_A_CONN_DROPPED };
	struct nl_msg *m = reply(MPTCPSEC_CMD_CONN_GET);
	struct nlattr *nest = nla_nest_start(m, MPTCPSEC_A_CONN | NLA_F_NESTED);
	bool on = cs->sec == MPTCPSEC_SECURITY_SECURED;
	uint8_t sid[16];
	int i;

	nla_put_u32(m, MPTCPSEC_A_CONN_ID, cs->id);
	if (cs->tokens) {
		nla_put_u32(m, MPTCPSEC_A_CONN_LOCAL_TOKEN, 0x0a0b0c0d);
		nla_put_u32(m, MPTCPSEC_A_CONN_REMOTE_TOKEN, 0xdeadbeef);
	}
	nla_put_u8(m, MPTCPSEC_A_CONN_STATE, cs->state);
	nla_put_u8(m, MPTCPSEC_A_CONN_ROLE, MPTCPSEC_ROLE_PASSIVE);
	nla_put_u8(m, MPTCPSEC_A_CONN_MODE, MPTCPSEC_MODE_REQUIRE);
	nla_put_u8(m, MPTCPSEC_A_CONN_AUTH, peer ? MPTCPSEC_AUTH_PINNED :
		   cs->psk ? MPTCPSEC_AUTH_PSK : MPTCPSEC_AUTH_NONE);
	if (cs->psk && !peer)
		nla_put_string(m, MPTCPSEC_A_CONN_KEY_NAME, "site-a");
	if (peer)
		nla_put(m, MPTCPSEC_A_CONN_PEER_KEY, peer_len, peer);
	nla_put_u64(m, MPTCPSEC_A_CONN_AGE_MS, 12345);
	nla_put_u64(m, MPTCPSEC_A_CONN_PKTS_IN, 10);
	nla_put_u64(m, MPTCPSEC_A_CONN_PKTS_OUT, 20);
	nla_put_u64(m, MPTCPSEC_A_CONN_BYTES_IN, 30);
	nla_put_u64(m, MPTCPSEC_A_CONN_BYTES_OUT, 40);
	if (cs->sec >= 0) {
		nla_put_u8(m, MPTCPSEC_A_CONN_SECURITY, cs->sec);
		if (cs->suite)
			nla_put_u8(m, MPTCPSEC_A_CONN_SUITE, cs->suite);
		if (cs->session) {
			for (i = 0; i < 16; i++)
				sid[i] = (uint8_t)(cs->id << 4 | i);
			nla_put(m, MPTCPSEC_A_CONN_SESSION_ID, sizeof(sid), sid);
		}
		for (i = 0; i < 4; i++)
			nla_put_u64(m, prot_attr[i], !on ? 0 : cs->tokens ?
				    sf1_prot[i] + sf2_prot[i] : sf1_prot[i]);
	}
	if (cs->tokens) {
		subflow(m, AF_INET, "10.0.1.2", "10.0.1.1", 5201, 40000,
			MPTCPSEC_KIND_MP_CAPABLE, -1, false, 100, cs->sec, sf1_prot);
		subflow(m, AF_INET, "10.0.2.2", "10.0.2.1", 5201, 40001,
			MPTCPSEC_KIND_MP_JOIN, 2, true, 200, cs->sec, sf2_prot);
	} else {
		subflow(m, AF_INET6, "fd00:1::1", "fd00:1::2", 40000, 5202,
			MPTCPSEC_KIND_MP_CAPABLE, -1, false, 0, cs->sec, sf1_prot);
	}
	nla_nest_end(m, nest);
	return m;
}

static struct nl_msg *conn_msg(const struct cspec *cs)
{
	return conn_msg_pk(cs, NULL, 0);
}

/* The connections of the original tests, before protection existed. */
static struct nl_msg *conn_entry(bool tokens, bool psk)
{
	struct cspec cs = { 7, tokens, psk, MPTCPSEC_STATE_ESTABLISHED, -1, 0, false };

	return conn_msg(&cs);
}

/* A secured IPv4 connection with psk, and an IPv6 one that fell back. */
static const struct cspec secured = {
	7, true, true, MPTCPSEC_STATE_ESTABLISHED, MPTCPSEC_SECURITY_SECURED, 0x5a, true };
static const struct cspec fallback = {
	8, false, false, MPTCPSEC_STATE_ESTABLISHED, MPTCPSEC_SECURITY_FALLBACK, 0, false };

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
	golden_is(out, "policy-show.json", "  ... schema");

	m[0] = policy_entry(AF_INET, "10.1.0.0", 16, 443, 443, 2, 1, "site-a", 3);
	m[1] = policy_entry(AF_INET6, "2001:db8::", 32, 8000, 8080, 1, 0, NULL, 0);
	m[2] = policy_entry(AF_INET, "10.0.0.0", 8, -1, -1, 0, 0, NULL, 18446744073709551615ULL);
	begin_pretty();
	is_int(show(ctl_policy_print, NULL, true, m, 3), 0, "policy show JSON, pretty (-p)");
	golden_is(out, "policy-show.pretty.json", "  ... four-space indent, one member per line");

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
	golden_is(out, "policy-get.json", "  ... an object with default false");

	m[0] = policy_default(1);
	begin(true);
	is_int(show(ctl_policy_print, (void *)1, false, m, 1), 0, "policy get JSON, default");
	golden_is(out, "policy-get-default.json", "  ... default true, the namespace default mode");
	m[0] = policy_default(0);
	begin(false);
	is_int(show(ctl_policy_print, (void *)1, false, m, 1), 0, "policy get text, default");
	is_str(out, "default mode off     auth none\n", "  ... says default");

	/* auth pinned: the peer's public key in base64, no key name */
	m[0] = policy_entry_pk(AF_INET, "10.2.0.1", 32, -1, -1, MPTCPSEC_MODE_REQUIRE,
			       MPTCPSEC_AUTH_PINNED, NULL, pubkey(0x00, 32), 32, 0);
	m[1] = policy_entry_pk(AF_INET6, "2001:db8:1::", 48, 443, 443, MPTCPSEC_MODE_PREFER,
			       MPTCPSEC_AUTH_PINNED, NULL, pubkey(0x40, 32), 32, 7);
	begin(true);
	is_int(show(ctl_policy_print, NULL, true, m, 2), 0, "policy show JSON, auth pinned");
	golden_is(out, "policy-show-pinned.json", "  ... peer_key in base64, key null");
	m[0] = policy_entry_pk(AF_INET, "10.2.0.1", 32, -1, -1, MPTCPSEC_MODE_REQUIRE,
			       MPTCPSEC_AUTH_PINNED, NULL, pubkey(0x00, 32), 32, 0);
	begin(false);
	is_int(show(ctl_policy_print, NULL, true, m, 1), 0, "policy show text, auth pinned");
	is_str(out, "10.2.0.1/32                          mode require auth pinned "
		    PEER_KEY_B64 " hits 0\n", "  ... the key after auth pinned");
	m[0] = policy_entry_pk(AF_INET, "10.2.0.1", 32, -1, -1, MPTCPSEC_MODE_REQUIRE,
			       MPTCPSEC_AUTH_PINNED, NULL, pubkey(0x00, 32), 32, 0);
	begin(true);
	is_int(show(ctl_policy_print, (void *)1, false, m, 1), 0, "policy get JSON, auth pinned");
	golden_is(out, "policy-get-pinned.json", "  ... default false, peer_key");

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

	/* A pinned key of another length than 32 fails the nest's policy. */
	m[0] = policy_entry_pk(AF_INET, "10.2.0.1", 32, -1, -1, MPTCPSEC_MODE_REQUIRE,
			       MPTCPSEC_AUTH_PINNED, NULL, pubkey(0x00, 31), 31, 0);
	begin(true);
	is_int(show(ctl_policy_print, NULL, true, m, 1), -EPROTO, "peer key of 31 bytes refused");
	is_str(out, "[]\n", "  ... no entry, no peer_key printed");
	m[0] = policy_entry_pk(AF_INET, "10.2.0.1", 32, -1, -1, MPTCPSEC_MODE_REQUIRE,
			       MPTCPSEC_AUTH_PINNED, NULL, pubkey(0x00, 33), 33, 0);
	begin(false);
	is_int(show(ctl_policy_print, NULL, true, m, 1), -EPROTO, "peer key of 33 bytes refused");
	is_str(out, "", "  ... nothing printed");
}

static void test_key(void)
{
	struct nl_msg *m[2];

	m[0] = key_entry("k1", 32, 1);
	m[1] = key_entry("site-b.v2", 64, 0);
	begin(true);
	is_int(show(ctl_key_print, NULL, true, m, 2), 0, "key show JSON");
	golden_is(out, "key-show.json", "  ... name, len, refs");
	m[0] = key_entry("k1", 32, 1);
	begin(false);
	is_int(show(ctl_key_print, NULL, true, m, 1), 0, "key show text");
	is_str(out, "k1               len 32  refs 1\n", "  ... one line per key");
	begin(true);
	is_int(show(ctl_key_print, NULL, true, m, 0), 0, "key show JSON, no keys");
	golden_is(out, "key-show-empty.json", "  ... an empty array");
	begin_pretty();
	is_int(show(ctl_key_print, NULL, true, m, 0), 0, "key show JSON, pretty, no keys");
	golden_is(out, "key-show-empty.pretty.json", "  ... [] on one line");
	begin(false);
	is_int(show(ctl_key_print, NULL, true, m, 0), 0, "key show text, no keys");
	is_str(out, "", "  ... prints nothing");

	/* A key read from a file names it; one from standard input does not. */
	m[0] = key_entry_file("site-a", 32, 2, "/etc/mptcpsec/site-a.key",
			      sizeof("/etc/mptcpsec/site-a.key"));
	m[1] = key_entry("k1", 16, 0);
	begin(true);
	is_int(show(ctl_key_print, NULL, true, m, 2), 0, "key show JSON, key file");
	golden_is(out, "key-show-file.json", "  ... file the absolute path, null for stdin");
	m[0] = key_entry_file("site-a", 32, 2, "/etc/mptcpsec/site-a.key",
			      sizeof("/etc/mptcpsec/site-a.key"));
	begin(false);
	is_int(show(ctl_key_print, NULL, true, m, 1), 0, "key show text, key file");
	is_str(out, "site-a           len 32  refs 2 file /etc/mptcpsec/site-a.key\n",
	       "  ... file after refs");

	m[0] = key_entry_file("site-a", 32, 2, "/etc/x", 6);
	begin(true);
	is_int(show(ctl_key_print, NULL, true, m, 1), -EPROTO,
	       "key file without a terminating NUL refused");
	is_str(out, "[]\n", "  ... nothing of the key printed");
	{
		static char longpath[CTL_PATH_MAX + 1];

		memset(longpath, 'a', CTL_PATH_MAX);
		longpath[0] = '/';
		m[0] = key_entry_file("site-a", 32, 2, longpath, CTL_PATH_MAX + 1);
	}
	begin(true);
	is_int(show(ctl_key_print, NULL, true, m, 1), -EPROTO,
	       "key file longer than CTL_PATH_MAX refused");
}

static void test_identity(void)
{
	struct nl_msg *m[1];

	m[0] = identity_reply(pubkey(0xe0, 32), 32, 2, "/etc/mptcpsec/identity.key");
	begin(true);
	is_int(show(ctl_identity_print, NULL, false, m, 1), 0, "identity show JSON");
	golden_is(out, "identity-show.json", "  ... public_key in base64, refs, file");
	m[0] = identity_reply(pubkey(0xe0, 32), 32, 2, "/etc/mptcpsec/identity.key");
	begin_pretty();
	is_int(show(ctl_identity_print, NULL, false, m, 1), 0, "identity show JSON, pretty");
	golden_is(out, "identity-show.pretty.json", "  ... one member per line");
	m[0] = identity_reply(pubkey(0xe0, 32), 32, 0, NULL);
	begin(true);
	is_int(show(ctl_identity_print, NULL, false, m, 1), 0,
	       "identity show JSON, loaded from standard input");
	golden_is(out, "identity-show-stdin.json", "  ... file null");
	m[0] = identity_reply(pubkey(0xe0, 32), 32, -1, NULL);
	begin(true);
	is_int(show(ctl_identity_print, NULL, false, m, 1), 0, "identity show JSON, no refs sent");
	is_str(out, "{\"public_key\":\"" IDENTITY_B64 "\",\"refs\":null,\"file\":null}\n",
	       "  ... refs null");

	m[0] = identity_reply(pubkey(0xe0, 32), 32, 2, "/etc/mptcpsec/identity.key");
	begin(false);
	is_int(show(ctl_identity_print, NULL, false, m, 1), 0, "identity show text");
	is_str(out, "public-key " IDENTITY_B64 " refs 2 file /etc/mptcpsec/identity.key\n",
	       "  ... one line");
	m[0] = identity_reply(pubkey(0xe0, 32), 32, 0, NULL);
	begin(false);
	is_int(show(ctl_identity_print, NULL, false, m, 1), 0, "identity show text, stdin");
	is_str(out, "public-key " IDENTITY_B64 " refs 0\n", "  ... no file");

	/* malformed replies */
	m[0] = identity_reply(pubkey(0xe0, 31), 31, 2, NULL);
	begin(true);
	is_int(show(ctl_identity_print, NULL, false, m, 1), -EPROTO,
	       "public key of 31 bytes refused");
	ok(!strchr(out, '{'), "  ... no object printed");
	m[0] = identity_reply(pubkey(0xe0, 33), 33, 2, NULL);
	begin(false);
	is_int(show(ctl_identity_print, NULL, false, m, 1), -EPROTO,
	       "public key of 33 bytes refused");
	is_str(out, "", "  ... nothing printed");
	m[0] = identity_reply(NULL, 0, 2, "/etc/mptcpsec/identity.key");
	begin(true);
	is_int(show(ctl_identity_print, NULL, false, m, 1), -EPROTO,
	       "identity without a public key refused");
	m[0] = reply(MPTCPSEC_CMD_IDENTITY_GET);
	begin(true);
	is_int(show(ctl_identity_print, NULL, false, m, 1), -EPROTO,
	       "reply without an identity nest refused");
}

static void test_conn(void)
{
	struct nl_msg *m[2];

	m[0] = conn_entry(true, true);
	m[1] = conn_entry(false, false);
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 2), 0, "conn show JSON");
	golden_is(out, "conn-show-legacy.json",
		  "  ... connections with tokens as 8 hex digits, subflows nested; no protection"
		  " attributes (an older module): security null, counters 0");

	m[0] = conn_entry(true, true);
	m[1] = conn_entry(false, false);
	begin(false);
	is_int(show(ctl_conn_print, NULL, true, m, 2), 0, "conn show text");
	is_str(out,
	       "conn 7 established passive mode require auth psk site-a age 12.345s\n"
	       "    local-token 0a0b0c0d remote-token deadbeef in 10 pkts 30 bytes  out 20 pkts 40 bytes\n"
	       "    peer 10.0.1.1:40000\n"
	       "    protected 0 verified 0 auth-failures 0 dropped 0\n"
	       "    subflow mp-capable 10.0.1.2:5201 -> 10.0.1.1:40000 established active\n"
	       "        in 101 pkts 103 bytes  out 102 pkts 104 bytes\n"
	       "        protected 0 verified 0 auth-failures 0 dropped 0\n"
	       "    subflow mp-join    id 2   10.0.2.2:5201 -> 10.0.2.1:40001 established active backup\n"
	       "        in 201 pkts 203 bytes  out 202 pkts 204 bytes\n"
	       "        protected 0 verified 0 auth-failures 0 dropped 0\n"
	       "conn 7 established passive mode require auth none age 12.345s\n"
	       "    in 10 pkts 30 bytes  out 20 pkts 40 bytes\n"
	       "    peer [fd00:1::2]:5202\n"
	       "    protected 0 verified 0 auth-failures 0 dropped 0\n"
	       "    subflow mp-capable [fd00:1::1]:40000 -> [fd00:1::2]:5202 established active\n"
	       "        in 1 pkts 3 bytes  out 2 pkts 4 bytes\n"
	       "        protected 0 verified 0 auth-failures 0 dropped 0\n",
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

/* The ids of the "conn N" lines of a text show, comma-separated. */
static const char *conn_ids(void)
{
	static char ids[64];
	const char *p = out;
	size_t n = 0;

	ids[0] = '\0';
	while (p && *p) {
		unsigned int id;

		if (sscanf(p, "conn %u ", &id) == 1)
			n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%s%u", n ? "," : "", id);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return ids;
}

static void test_conn_security(void)
{
	struct nl_msg *m[2];

	m[0] = conn_msg(&secured);
	begin(false);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "conn show text, secured");
	is_str(out,
	       "conn 7 established passive mode require auth psk site-a age 12.345s\n"
	       "    local-token 0a0b0c0d remote-token deadbeef in 10 pkts 30 bytes  out 20 pkts 40 bytes\n"
	       "    peer 10.0.1.1:40000 security secured suite x25519-chachapoly\n"
	       "    session-id 707172737475767778797a7b7c7d7e7f\n"
	       "    protected 50 verified 40 auth-failures 1 dropped 2\n"
	       "    subflow mp-capable 10.0.1.2:5201 -> 10.0.1.1:40000 established active\n"
	       "        in 101 pkts 103 bytes  out 102 pkts 104 bytes\n"
	       "        security secured protected 30 verified 25 auth-failures 1 dropped 0\n"
	       "    subflow mp-join    id 2   10.0.2.2:5201 -> 10.0.2.1:40001 established active backup\n"
	       "        in 201 pkts 203 bytes  out 202 pkts 204 bytes\n"
	       "        security secured protected 20 verified 15 auth-failures 0 dropped 2\n",
	       "  ... peer, security, suite, session ID, protection counters");

	m[0] = conn_msg(&secured);
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "conn show JSON, secured");
	golden_is(out, "conn-show-secured.json", "  ... session_id as 32 hex digits, counters by name");

	m[0] = conn_msg(&secured);
	m[1] = conn_msg(&fallback);
	begin_pretty();
	is_int(show(ctl_conn_print, NULL, true, m, 2), 0, "conn show JSON, pretty, two connections");
	golden_is(out, "conn-show.pretty.json", "  ... nested arrays and objects indented");

	m[0] = conn_msg(&fallback);
	begin(false);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "conn show text, fallback");
	is_str(out,
	       "conn 8 established passive mode require auth none age 12.345s\n"
	       "    in 10 pkts 30 bytes  out 20 pkts 40 bytes\n"
	       "    peer [fd00:1::2]:5202 security fallback\n"
	       "    protected 0 verified 0 auth-failures 0 dropped 0\n"
	       "    subflow mp-capable [fd00:1::1]:40000 -> [fd00:1::2]:5202 established active\n"
	       "        in 1 pkts 3 bytes  out 2 pkts 4 bytes\n"
	       "        security fallback protected 0 verified 0 auth-failures 0 dropped 0\n",
	       "  ... no suite, no session ID");

	m[0] = conn_msg(&fallback);
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "conn show JSON, fallback");
	golden_is(out, "conn-show-fallback.json", "  ... suite and session_id null");

	/* auth pinned: the pinned key in base64 after the (null) key name */
	m[0] = conn_msg_pk(&secured, pubkey(0x40, 32), 32);
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "conn show JSON, auth pinned");
	golden_is(out, "conn-show-pinned.json", "  ... auth pinned, key null, peer_key");
	m[0] = conn_msg_pk(&secured, pubkey(0x40, 32), 32);
	begin(false);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "conn show text, auth pinned");
	{
		static const char first[] = "conn 7 established passive mode require auth pinned "
					    CONN_KEY_B64 " age 12.345s\n";

		ok(!strncmp(out, first, sizeof(first) - 1), "  ... the key after auth pinned");
	}
	m[0] = conn_msg_pk(&secured, pubkey(0x40, 31), 31);
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 1), -EPROTO, "conn peer key of 31 bytes refused");
	is_str(out, "[]\n", "  ... no connection, no peer_key printed");
	m[0] = conn_msg_pk(&secured, pubkey(0x40, 33), 33);
	begin(false);
	is_int(show(ctl_conn_print, NULL, true, m, 1), -EPROTO, "conn peer key of 33 bytes refused");
	is_str(out, "", "  ... nothing printed");

	/* Another suite prints as hex; a negotiating connection has no session ID. */
	{
		struct cspec cs = { 3, false, false, MPTCPSEC_STATE_SYN_RCVD,
				    MPTCPSEC_SECURITY_NEGOTIATING, 0x5b, false };

		m[0] = conn_msg(&cs);
	}
	begin(false);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "conn show text, unknown suite");
	ok(strstr(out, "\n    peer [fd00:1::2]:5202 security negotiating suite 0x5b\n"
		       "    protected 0 ") != NULL, "  ... suite in hex, no session-id line");
	{
		struct cspec cs = { 3, false, false, MPTCPSEC_STATE_SYN_RCVD, 9, 0x5b, false };

		m[0] = conn_msg(&cs);
	}
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "security value from a newer kernel");
	ok(strstr(out, "\"security\":\"unknown\",\"suite\":\"0x5b\",\"session_id\":null,") != NULL,
	   "  ... prints as \"unknown\"");

	/* The peer is the initial subflow's remote end, wherever it is in the message. */
	{
		struct nl_msg *b = reply(MPTCPSEC_CMD_CONN_GET);
		struct nlattr *nest = nla_nest_start(b, MPTCPSEC_A_CONN | NLA_F_NESTED);

		nla_put_u32(b, MPTCPSEC_A_CONN_ID, 4);
		nla_put_u8(b, MPTCPSEC_A_CONN_SECURITY, MPTCPSEC_SECURITY_SECURED);
		subflow(b, AF_INET, "10.0.2.2", "10.0.2.1", 5201, 40001,
			MPTCPSEC_KIND_MP_JOIN, 2, false, 0, MPTCPSEC_SECURITY_SECURED, sf2_prot);
		subflow(b, AF_INET, "10.0.1.2", "10.0.1.1", 5201, 40000,
			MPTCPSEC_KIND_MP_CAPABLE, -1, false, 0, MPTCPSEC_SECURITY_SECURED, sf1_prot);
		nla_nest_end(b, nest);
		m[0] = b;
	}
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "conn show, join listed first");
	ok(strstr(out, "\"peer\":\"10.0.1.1\",\"peer_port\":40000,") != NULL,
	   "  ... peer is the initial subflow's remote end");
	{
		struct nl_msg *b = reply(MPTCPSEC_CMD_CONN_GET);
		struct nlattr *nest = nla_nest_start(b, MPTCPSEC_A_CONN | NLA_F_NESTED);

		nla_put_u32(b, MPTCPSEC_A_CONN_ID, 5);
		subflow(b, AF_INET, "10.0.2.2", "10.0.2.1", 5201, 40001,
			MPTCPSEC_KIND_MP_JOIN, 2, false, 0, -1, NULL);
		subflow(b, AF_INET, "10.0.3.2", "10.0.3.1", 5201, 40002,
			MPTCPSEC_KIND_MP_JOIN, 3, false, 0, -1, NULL);
		nla_nest_end(b, nest);
		m[0] = b;
	}
	begin(false);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "conn show, initial subflow gone");
	ok(strstr(out, "\n    peer 10.0.2.1:40001\n") != NULL,
	   "  ... peer is the first subflow's remote end");
	{
		struct nl_msg *b = reply(MPTCPSEC_CMD_CONN_GET);
		struct nlattr *nest = nla_nest_start(b, MPTCPSEC_A_CONN | NLA_F_NESTED);

		nla_put_u32(b, MPTCPSEC_A_CONN_ID, 6);
		nla_put_u8(b, MPTCPSEC_A_CONN_SECURITY, MPTCPSEC_SECURITY_NONE);
		nla_nest_end(b, nest);
		m[0] = b;
	}
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 1), 0, "conn show, no subflow");
	ok(strstr(out, "\"peer\":null,\"peer_port\":null,\"security\":\"none\",") != NULL,
	   "  ... peer null");

	{
		struct nl_msg *b = reply(MPTCPSEC_CMD_CONN_GET);
		struct nlattr *nest = nla_nest_start(b, MPTCPSEC_A_CONN | NLA_F_NESTED);

		nla_put_u32(b, MPTCPSEC_A_CONN_ID, 1);
		nla_put_u8(b, MPTCPSEC_A_CONN_SECURITY, MPTCPSEC_SECURITY_SECURED);
		nla_put(b, MPTCPSEC_A_CONN_SESSION_ID, 8, "01234567");
		nla_nest_end(b, nest);
		m[0] = b;
	}
	begin(true);
	is_int(show(ctl_conn_print, NULL, true, m, 1), -EPROTO, "session ID of 8 bytes refused");
	is_str(out, "[]\n", "  ... nothing printed");
}

/* conn show with @f over: 7 secured, 8 fallback, 9 negotiating, 10 secured closing. */
static const char *filtered(const struct ctl_conn_filter *f, bool json)
{
	struct cspec c9 = { 9, false, false, MPTCPSEC_STATE_SYN_SENT,
			    MPTCPSEC_SECURITY_NEGOTIATING, 0, false };
	struct cspec c10 = { 10, true, false, MPTCPSEC_STATE_CLOSING,
			     MPTCPSEC_SECURITY_SECURED, 0x5a, true };
	struct nl_msg *m[4];

	m[0] = conn_msg(&secured);
	m[1] = conn_msg(&fallback);
	m[2] = conn_msg(&c9);
	m[3] = conn_msg(&c10);
	begin(json);
	if (show(ctl_conn_print, (void *)f, true, m, 4))
		return "(error)";
	return json ? out : conn_ids();
}

static struct ctl_conn_filter filter(const char *peer, int state, int security,
				     const char *session)
{
	struct ctl_conn_filter f = { .state = state, .security = security };

	if (peer) {
		f.has_peer = true;
		f.peer.family = strchr(peer, ':') ? AF_INET6 : AF_INET;
		inet_pton(f.peer.family, peer, f.peer.addr);
	}
	if (session)
		snprintf(f.session, sizeof(f.session), "%s", session);
	return f;
}

static void test_conn_filter(void)
{
	struct ctl_conn_filter f;

	f = filter(NULL, -1, -1, NULL);
	is_str(filtered(&f, false), "7,8,9,10", "conn show, empty filter: every connection");
	is_str(filtered(NULL, false), "7,8,9,10", "conn show, no filter: every connection");
	f = filter(NULL, -1, MPTCPSEC_SECURITY_SECURED, NULL);
	is_str(filtered(&f, false), "7,10", "filter security secured");
	f = filter(NULL, -1, MPTCPSEC_SECURITY_FALLBACK, NULL);
	is_str(filtered(&f, false), "8", "filter security fallback");
	f = filter(NULL, -1, MPTCPSEC_SECURITY_FAILED, NULL);
	is_str(filtered(&f, false), "", "filter security failed: none");
	f = filter(NULL, MPTCPSEC_STATE_ESTABLISHED, -1, NULL);
	is_str(filtered(&f, false), "7,8", "filter state established");
	f = filter(NULL, MPTCPSEC_STATE_SYN_SENT, -1, NULL);
	is_str(filtered(&f, false), "9", "filter state syn-sent");
	f = filter("10.0.1.1", -1, -1, NULL);
	is_str(filtered(&f, false), "7,10", "filter peer IPv4");
	f = filter("fd00:1::2", -1, -1, NULL);
	is_str(filtered(&f, false), "8,9", "filter peer IPv6");
	f = filter("10.0.1.2", -1, -1, NULL);
	is_str(filtered(&f, false), "", "filter peer: the local address is no peer");
	f = filter("10.0.2.1", -1, -1, NULL);
	is_str(filtered(&f, false), "", "filter peer: a joined subflow's remote is no peer");
	f = filter(NULL, -1, -1, "7071");
	is_str(filtered(&f, false), "7", "filter session prefix");
	f = filter(NULL, -1, -1, "707172737475767778797a7b7c7d7e7f");
	is_str(filtered(&f, false), "7", "filter session, the whole ID");
	f = filter(NULL, -1, -1, "a");
	is_str(filtered(&f, false), "10", "filter session, one digit");
	f = filter(NULL, -1, -1, "7072");
	is_str(filtered(&f, false), "", "filter session, no such prefix");
	f = filter(NULL, MPTCPSEC_STATE_CLOSING, MPTCPSEC_SECURITY_SECURED, NULL);
	is_str(filtered(&f, false), "10", "filters combine: state closing security secured");
	f = filter("10.0.1.1", -1, MPTCPSEC_SECURITY_FALLBACK, NULL);
	is_str(filtered(&f, false), "", "filters combine: peer 10.0.1.1 security fallback");
	f = filter("10.0.1.1", MPTCPSEC_STATE_ESTABLISHED, MPTCPSEC_SECURITY_SECURED, "70");
	is_str(filtered(&f, false), "7", "every filter at once");

	f = filter(NULL, -1, MPTCPSEC_SECURITY_REFUSED, NULL);
	is_str(filtered(&f, true), "[]\n", "filtered JSON, nothing matches: an empty array");
	f = filter(NULL, -1, -1, "a0");
	filtered(&f, true);
	ok(!strncmp(out, "[{\"id\":10,", 10) && !strstr(out, "\"id\":7,") &&
	   strstr(out, "\"session_id\":\"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf\"") && out[strlen(out) - 3] == '}',
	   "filtered JSON: the one connection");
}

static void test_stats(void)
{
	struct nl_msg *m[1];

	m[0] = stats_reply();
	begin(true);
	is_int(show(ctl_stats_print, NULL, false, m, 1), 0, "stats JSON");
	golden_is(out, "stats-show.json", "  ... every counter of the spec, by name");
	m[0] = stats_reply();
	begin(false);
	is_int(show(ctl_stats_print, NULL, false, m, 1), 0, "stats text");
	ok(strstr(out, "pkts_in                       1000  TCP segments seen by the ingress hooks\n") != NULL,
	   "  ... name, value and meaning on one line");
	ok(strstr(out, "policy_lookups               17000  Policy resolutions for new MPTCP connections\n") != NULL,
	   "  ... and the older ones");
	ok(strstr(out, "handshake_failures           22000  Handshakes aborted") != NULL,
	   "  ... the protection counters");
	ok(strstr(out, "conns_reset                  32000  Secured subflows reset by conn flush\n") != NULL,
	   "  ... and the newer ones");
	ok(strstr(out, "options_compacted            36000  Segments whose MPTCP options were shortened to fit (lossless)\n") != NULL,
	   "  ... and the newer ones");
	ok(strstr(out, "handshakes_current           37000  Handshakes holding state now (at most max_handshakes)\n") != NULL,
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
	test_identity();
	test_conn();
	test_conn_security();
	test_conn_filter();
	test_stats();
	fclose(f);
	free(out);
	return tap_done();
}
