// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the mptcpsecctl argument parser (tools/mptcpsecctl/args.c):
 * every command form, the errors the tool must catch before talking to
 * the kernel, global options, and batch line splitting.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "../../tools/mptcpsecctl/args.h"
#include "tap.h"

static struct ctl_cmd c;
static char err[256];

/* Parse a command given as one space-separated string. */
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

/* Parse and expect a usage error whose message contains @needle. */
static void fails(const char *line, const char *needle)
{
	char desc[300];
	int rc = parse(line);

	snprintf(desc, sizeof(desc), "rejected: %s", line);
	if (!tap_ok(rc == -1, __FILE__, __LINE__, desc))
		return;
	if (needle) {
		snprintf(desc, sizeof(desc), "  ... message mentions \"%s\"", needle);
		if (!tap_ok(strstr(err, needle) != NULL, __FILE__, __LINE__, desc))
			printf("#   message: %s\n", err);
	}
}

static int addr_is(int family, const char *text, unsigned int len)
{
	uint8_t want[16] = { 0 };

	if (inet_pton(family, text, want) != 1)
		return 0;
	return c.prefix.family == family && c.prefix.len == len &&
	       !memcmp(c.prefix.addr, want, sizeof(want));
}

static int opts(struct ctl_opts *o, int argc, char **argv)
{
	strcpy(err, "(none)");
	return ctl_parse_opts(argc, argv, o, err, sizeof(err));
}

static void test_policy(void)
{
	is_int(parse("policy add 10.0.0.0/8 mode require"), 0, "policy add IPv4 prefix");
	ok(c.obj == CTL_OBJ_POLICY && c.cmd == CTL_CMD_ADD, "  ... object policy, command add");
	ok(addr_is(AF_INET, "10.0.0.0", 8), "  ... prefix 10.0.0.0/8");
	is_int(c.mode, 2, "  ... mode require");
	is_int(c.auth, 0, "  ... auth defaults to none");
	ok(!c.has_port && !c.key[0], "  ... no port range, no key");

	is_int(parse("policy replace 2001:db8::/32 port 8000-8080 mode prefer auth psk site-a"), 0,
	       "policy replace IPv6 with a port range and psk");
	ok(c.cmd == CTL_CMD_REPLACE && addr_is(AF_INET6, "2001:db8::", 32), "  ... IPv6 prefix");
	ok(c.has_port && c.port_min == 8000 && c.port_max == 8080, "  ... port range 8000-8080");
	ok(c.mode == 1 && c.auth == 1 && !strcmp(c.key, "site-a"), "  ... prefer, psk site-a");

	is_int(parse("policy add 10.1.0.0/16 auth none mode off port 443"), 0,
	       "keywords in any order");
	ok(c.mode == 0 && c.auth == 0 && c.port_min == 443 && c.port_max == 443,
	   "  ... off, none, single port is a range of one");
	is_int(parse("p a 192.0.2.7 mode off"), 0, "object and command abbreviated");
	ok(c.obj == CTL_OBJ_POLICY && c.cmd == CTL_CMD_ADD, "  ... p a = policy add");
	ok(addr_is(AF_INET, "192.0.2.7", 32), "  ... address alone is a /32");
	is_int(parse("policy add 2001:db8::1 mode off"), 0, "IPv6 address alone");
	ok(addr_is(AF_INET6, "2001:db8::1", 128), "  ... is a /128");
	is_int(parse("policy add 0.0.0.0/0 mode prefer"), 0, "default route prefix /0");
	ok(addr_is(AF_INET, "0.0.0.0", 0), "  ... length 0");
	is_int(parse("policy add ::/0 port 0-65535 mode require"), 0, "IPv6 /0, full port range");
	ok(c.port_min == 0 && c.port_max == 65535, "  ... 0-65535");
	is_int(parse("policy add 10.0.0.128/25 mode off"), 0, "/25 with its bit set");
	is_int(parse("policy add 2001:db8:0:1::/64 mode off"), 0, "IPv6 /64");

	is_int(parse("policy del 10.0.0.0/8"), 0, "policy del");
	ok(c.cmd == CTL_CMD_DEL && !c.has_port && c.mode == -1, "  ... no port, no mode");
	is_int(parse("policy delete 10.0.0.0/8 port 1-1023"), 0, "policy delete with a range");
	ok(c.cmd == CTL_CMD_DEL && c.port_min == 1 && c.port_max == 1023, "  ... range kept");
	is_int(parse("policy d 10.0.0.0/8"), 0, "\"d\" means del (del and delete agree)");
	is_int(c.cmd, CTL_CMD_DEL, "  ... command del");

	is_int(parse("policy get 10.1.2.3 port 443"), 0, "policy get with a port");
	ok(c.cmd == CTL_CMD_GET && addr_is(AF_INET, "10.1.2.3", 32), "  ... host address");
	ok(c.has_port && c.port_min == 443, "  ... port 443");
	is_int(parse("policy get 2001:db8::1"), 0, "policy get without a port");
	ok(!c.has_port, "  ... no port");

	is_int(parse("policy"), 0, "object alone");
	is_int(c.cmd, CTL_CMD_SHOW, "  ... means show");
	is_int(parse("policy show"), 0, "policy show");
	is_int(parse("policy list"), 0, "policy list");
	is_int(c.cmd, CTL_CMD_SHOW, "  ... is show");
	is_int(parse("policy flush"), 0, "policy flush");
	is_int(c.cmd, CTL_CMD_FLUSH, "  ... is flush");
	is_int(parse("policy help"), 0, "policy help");
	is_int(c.cmd, CTL_CMD_HELP, "  ... is help");

	fails("policy add 10.0.0.1/8 mode require", "host bits set in 10.0.0.1/8");
	fails("policy add 10.0.0.128/24 mode require", "host bits");
	fails("policy add 2001:db8::1/64 mode off", "host bits");
	fails("policy del 10.0.0.1/8", "host bits");
	fails("policy add 10.0.0.0/33 mode require", "prefix length");
	fails("policy add 2001:db8::/129 mode require", "prefix length");
	fails("policy add 10.0.0.0/ mode require", "prefix length");
	fails("policy add 10.0.0.0/8x mode require", "prefix length");
	fails("policy add 10.0.0.0/-1 mode require", "prefix length");
	fails("policy add 10.0.0.0/+8 mode require", "prefix length");
	fails("policy add 10.0.0.0/8/8 mode require", "prefix length");
	fails("policy add 300.0.0.0/8 mode require", "invalid prefix");
	fails("policy add 10.0.0/8 mode require", "invalid prefix");
	fails("policy add fe80::1%eth0 mode require", "invalid prefix");
	fails("policy add example.com mode require", "invalid prefix");
	fails("policy add", "prefix is expected");
	fails("policy add 10.0.0.0/8", "\"mode\" is required");
	fails("policy add 10.0.0.0/8 mode", "needs a value");
	fails("policy add 10.0.0.0/8 mode sometimes", "invalid mode");
	fails("policy add 10.0.0.0/8 mode req", "invalid mode");
	fails("policy add 10.0.0.0/8 mode off mode prefer", "duplicate");
	fails("policy add 10.0.0.0/8 mode require port 9-8", "port range reversed");
	fails("policy add 10.0.0.0/8 mode require port 70000", "invalid port");
	fails("policy add 10.0.0.0/8 mode require port 1-70000", "invalid port range");
	fails("policy add 10.0.0.0/8 mode require port -5", "invalid port");
	fails("policy add 10.0.0.0/8 mode require port 5-", "invalid port");
	fails("policy add 10.0.0.0/8 mode require port http", "invalid port");
	fails("policy add 10.0.0.0/8 mode require port", "needs a value");
	fails("policy add 10.0.0.0/8 mode require port 1 port 2", "duplicate");
	fails("policy add 10.0.0.0/8 mode require auth", "needs a value");
	fails("policy add 10.0.0.0/8 mode require auth psk", "key name");
	fails("policy add 10.0.0.0/8 mode require auth psk a/b", "invalid key name");
	fails("policy add 10.0.0.0/8 mode require auth psk waytoolongnamewaytoolongname1234",
	      "invalid key name");
	fails("policy add 10.0.0.0/8 mode require auth magic", "invalid auth");
	fails("policy add 10.0.0.0/8 mode require colour blue", "unknown keyword \"colour\"");
	fails("policy add 10.0.0.0/8 mod require", "unknown keyword \"mod\"");
	fails("policy del 10.0.0.0/8 mode require", "unknown keyword \"mode\"");
	fails("policy get 10.0.0.0/8", "invalid address");
	fails("policy get", "address is expected");
	fails("policy get 10.0.0.1 port 1-2", "single port");
	fails("policy get 10.0.0.1 mode off", "unknown keyword");
	fails("policy show extra", "unexpected argument");
	fails("policy flush now", "unexpected argument");
	fails("policy frobnicate", "unknown command");
	fails("policy generate", "unknown command");
	ok(c.obj == CTL_OBJ_POLICY, "  ... the object is known for the usage hint");
}

static void test_key(void)
{
	is_int(parse("key add k1 file /etc/mptcpsec/k1.key"), 0, "key add from a file");
	ok(c.obj == CTL_OBJ_KEY && c.cmd == CTL_CMD_ADD, "  ... object key, command add");
	ok(!strcmp(c.key, "k1") && !strcmp(c.file, "/etc/mptcpsec/k1.key"), "  ... name and path");
	is_int(parse("key replace Site_A.v2-x file -"), 0, "key replace from standard input");
	ok(c.cmd == CTL_CMD_REPLACE && !strcmp(c.file, "-"), "  ... path -");
	is_int(parse("key add abcdefghijklmnopqrstuvwxyz01234 file x"), 0, "31-character name");
	is_int(parse("key del k1"), 0, "key del");
	ok(c.cmd == CTL_CMD_DEL && !strcmp(c.key, "k1") && !c.file, "  ... name, no file");
	is_int(parse("key show"), 0, "key show");
	is_int(parse("key"), 0, "key alone");
	is_int(c.cmd, CTL_CMD_SHOW, "  ... means show");
	is_int(parse("key generate"), 0, "key generate");
	is_int(c.cmd, CTL_CMD_GENERATE, "  ... is generate");
	is_int(parse("k g"), 0, "\"k g\" abbreviates key generate");
	is_int(c.cmd, CTL_CMD_GENERATE, "  ... is generate");

	/* Key material can never come from the command line. */
	fails("key add k1 c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", "only read from a file");
	ok(!strstr(err, "c2VjcmV0"), "  ... and the message does not echo the word");
	fails("key add k1 secret 000102030405060708090a0b0c0d0e0f", "only read from a file");
	fails("key add k1 hex 000102030405060708090a0b0c0d0e0f", "only read from a file");
	fails("key add k1 file /x 000102030405060708090a0b0c0d0e0f", "unexpected argument");
	ok(!strstr(err, "0001020304"), "  ... and the message does not echo it");
	fails("key add k1", "only read from a file");
	fails("key add k1 file", "needs a path");
	fails("key add", "key name is expected");
	fails("key add abcdefghijklmnopqrstuvwxyz012345 file x", "invalid key name");
	fails("key add bad/name file x", "invalid key name");
	fails("key add sp\xc3\xa9cial file x", "invalid key name");
	fails("key del", "key name is expected");
	fails("key del k1 k2", "unexpected argument");
	fails("key show k1", "unexpected argument");
	fails("key generate 32", "unexpected argument");
	fails("key get k1", "unknown command");
	fails("key flush", "unknown command");

	ok(ctl_key_name_valid("a"), "one-character key name valid");
	ok(!ctl_key_name_valid(""), "empty key name invalid");
	ok(!ctl_key_name_valid("a b"), "key name with a space invalid");
	ok(ctl_key_name_valid("A-Z_a.z-0.9"), "key name of every allowed class valid");
}

static void test_conn_stats(void)
{
	is_int(parse("conn"), 0, "conn alone");
	ok(c.obj == CTL_OBJ_CONN && c.cmd == CTL_CMD_SHOW, "  ... means show");
	is_int(parse("conn show"), 0, "conn show");
	is_int(parse("conn flush"), 0, "conn flush");
	is_int(c.cmd, CTL_CMD_FLUSH, "  ... is flush");
	is_int(parse("c f"), 0, "\"c f\" abbreviates conn flush");
	is_int(parse("stats"), 0, "stats alone");
	ok(c.obj == CTL_OBJ_STATS && c.cmd == CTL_CMD_SHOW, "  ... means show");
	is_int(parse("st sh"), 0, "\"st sh\" abbreviates stats show");
	is_int(parse("s"), 0, "\"s\" abbreviates stats");

	ok(!c.filter.has_peer && c.filter.state == -1 && c.filter.security == -1 &&
	   !c.filter.session[0], "  ... no filter");

	fails("conn add", "unknown command");
	fails("conn show all", "unknown keyword \"all\"");
	fails("conn flush peer 10.0.0.1", "unexpected argument");
	fails("conn peer 10.0.0.1", "unknown command \"peer\"");
	fails("stats flush", "unknown command");
	fails("stats show now", "unexpected argument");
	fails("bogus", "unknown object");
	ok(c.obj == CTL_OBJ_NONE, "  ... no object known");
	fails("", "object is expected");
	fails("policyx", "unknown object");
}

static void test_conn_filters(void)
{
	is_int(parse("conn show peer 10.0.1.2"), 0, "conn show peer IPv4");
	ok(c.obj == CTL_OBJ_CONN && c.cmd == CTL_CMD_SHOW && c.filter.has_peer,
	   "  ... a peer filter");
	ok(c.filter.peer.family == AF_INET && c.filter.peer.addr[0] == 10 &&
	   c.filter.peer.addr[3] == 2, "  ... 10.0.1.2");
	ok(c.filter.state == -1 && c.filter.security == -1 && !c.filter.session[0],
	   "  ... and no other filter");
	is_int(parse("conn show peer fd00:1::2"), 0, "conn show peer IPv6");
	ok(c.filter.peer.family == AF_INET6 && c.filter.peer.addr[0] == 0xfd &&
	   c.filter.peer.addr[15] == 2, "  ... fd00:1::2");
	is_int(parse("conn show state established"), 0, "conn show state");
	is_int(c.filter.state, 2, "  ... established");
	is_int(parse("conn show state syn-sent"), 0, "state syn-sent");
	is_int(c.filter.state, 0, "  ... is 0");
	is_int(parse("conn show state closed"), 0, "state closed");
	is_int(c.filter.state, 4, "  ... is 4");
	is_int(parse("conn show security secured"), 0, "conn show security");
	is_int(c.filter.security, 2, "  ... secured");
	is_int(parse("conn show security none"), 0, "security none");
	is_int(c.filter.security, 0, "  ... is 0");
	is_int(parse("conn show security failed"), 0, "security failed");
	is_int(c.filter.security, 5, "  ... is 5");
	is_int(parse("conn show session 0A1b"), 0, "conn show session, mixed case");
	is_str(c.filter.session, "0a1b", "  ... stored in lowercase");
	is_int(parse("conn show session 00112233445566778899AABBCCDDEEFF"), 0,
	       "session, all 32 digits");
	is_str(c.filter.session, "00112233445566778899aabbccddeeff", "  ... kept whole");
	is_int(parse("conn list security fallback state closing peer 10.0.0.1 session f"), 0,
	       "every filter, any order, with list");
	ok(c.filter.security == 3 && c.filter.state == 3 && c.filter.has_peer &&
	   !strcmp(c.filter.session, "f"), "  ... all four set");
	is_int(parse("c s security refused"), 0, "\"c s\" abbreviates conn show, filters follow");
	is_int(c.filter.security, 4, "  ... refused");
	fails("conn show sec secured", "unknown keyword \"sec\"");

	fails("conn show peer", "needs a value");
	fails("conn show peer 10.0.0.0/8", "invalid peer address");
	fails("conn show peer example.com", "invalid peer address");
	fails("conn show peer 10.0.0.1 peer 10.0.0.2", "duplicate keyword \"peer\"");
	fails("conn show state", "needs a value");
	fails("conn show state up", "invalid state \"up\"");
	ok(strstr(err, "syn-sent, syn-rcvd, established, closing, closed") != NULL,
	   "  ... message lists the states");
	fails("conn show state est", "invalid state");
	fails("conn show state established state closed", "duplicate keyword \"state\"");
	fails("conn show security", "needs a value");
	fails("conn show security secure", "invalid security \"secure\"");
	ok(strstr(err, "none, negotiating, secured, fallback, refused, failed") != NULL,
	   "  ... message lists the security states");
	fails("conn show security none security secured", "duplicate keyword \"security\"");
	fails("conn show session", "needs a value");
	fails("conn show session xyz", "invalid session ID prefix");
	fails("conn show session 0x12", "invalid session ID prefix");
	fails("conn show session 00112233445566778899aabbccddeeff0", "1 to 32 hex digits");
	fails("conn show session ab session cd", "duplicate keyword \"session\"");
	fails("conn show colour blue", "unknown keyword \"colour\"");
	fails("conn show peer 10.0.0.1 extra", "unknown keyword \"extra\"");
	ok(strstr(ctl_usage(CTL_OBJ_CONN), "session HEXPREFIX") != NULL,
	   "conn usage names the filters");
}

static void test_opts(void)
{
	struct ctl_opts o;

	{
		char *argv[] = { "mptcpsecctl", "-j", "-n", "blue", "policy", "show" };

		is_int(opts(&o, 6, argv), 4, "-j -n NETNS: options end at the object");
		ok(o.json && !o.pretty && !strcmp(o.netns, "blue"), "  ... json, netns blue");
	}
	{
		char *argv[] = { "mptcpsecctl", "-jp", "stats" };

		is_int(opts(&o, 3, argv), 2, "clustered -jp");
		ok(o.json && o.pretty, "  ... json and pretty");
	}
	{
		char *argv[] = { "mptcpsecctl", "-p", "stats" };

		is_int(opts(&o, 3, argv), 2, "-p alone");
		ok(o.json && o.pretty, "  ... implies -j");
	}
	{
		char *argv[] = { "mptcpsecctl", "--json", "--netns", "red", "--pretty", "conn" };

		is_int(opts(&o, 6, argv), 5, "long options");
		ok(o.json && o.pretty && !strcmp(o.netns, "red"), "  ... parsed");
	}
	{
		char *argv[] = { "mptcpsecctl", "-json", "-netns", "red", "conn" };

		is_int(opts(&o, 5, argv), 4, "iproute2-style -json -netns");
		ok(o.json && !strcmp(o.netns, "red"), "  ... parsed");
	}
	{
		char *argv[] = { "mptcpsecctl", "-b", "-", "-V" };

		is_int(opts(&o, 4, argv), 4, "-b - and -V");
		ok(o.batch && !strcmp(o.batch, "-") && o.version, "  ... batch from stdin, version");
	}
	{
		char *argv[] = { "mptcpsecctl", "-jn", "blue", "stats" };

		is_int(opts(&o, 4, argv), 3, "-jn NETNS: an option taking a value ends a cluster");
		ok(o.json && !strcmp(o.netns, "blue"), "  ... parsed");
	}
	{
		char *argv[] = { "mptcpsecctl", "--", "-x" };

		is_int(opts(&o, 3, argv), 2, "-- ends the options");
	}
	{
		char *argv[] = { "mptcpsecctl", "-h" };

		is_int(opts(&o, 2, argv), 2, "-h");
		ok(o.help, "  ... help");
	}
	{
		char *argv[] = { "mptcpsecctl", "stats", "-j" };

		is_int(opts(&o, 3, argv), 1, "options only before the object");
		ok(!o.json, "  ... a later -j is not an option");
	}
	{
		char *argv[] = { "mptcpsecctl", "-n" };

		is_int(opts(&o, 2, argv), -1, "-n without a name rejected");
	}
	{
		char *argv[] = { "mptcpsecctl", "-n", "../etc", "stats" };

		is_int(opts(&o, 4, argv), -1, "namespace name with a slash rejected");
	}
	{
		char *argv[] = { "mptcpsecctl", "-n", "..", "stats" };

		is_int(opts(&o, 4, argv), -1, "namespace name .. rejected");
	}
	{
		char *argv[] = { "mptcpsecctl", "-b" };

		is_int(opts(&o, 2, argv), -1, "-b without a file rejected");
	}
	{
		char *argv[] = { "mptcpsecctl", "-nj", "blue" };

		is_int(opts(&o, 3, argv), -1, "-nj rejected (-n must end the cluster)");
	}
	{
		char *argv[] = { "mptcpsecctl", "-x", "stats" };

		is_int(opts(&o, 3, argv), -1, "unknown option rejected");
		ok(strstr(err, "-x") != NULL, "  ... message names it");
	}
	{
		char *argv[] = { "mptcpsecctl", "--frobnicate" };

		is_int(opts(&o, 2, argv), -1, "unknown long option rejected");
	}
}

static void test_split(void)
{
	char line[256], *w[8];

	strcpy(line, "  policy add 10.0.0.0/8\tmode require  \n");
	is_int(ctl_split_line(line, w, 8, err, sizeof(err)), 5, "batch line split on blanks");
	ok(!strcmp(w[0], "policy") && !strcmp(w[2], "10.0.0.0/8") && !strcmp(w[4], "require"),
	   "  ... words");
	strcpy(line, "key add k1 file \"/etc/my keys/k1\" # the key\n");
	is_int(ctl_split_line(line, w, 8, err, sizeof(err)), 5, "quoted word and comment");
	is_str(w[4], "/etc/my keys/k1", "  ... quotes group a path with a blank");
	strcpy(line, "key add k1 file '/a b'\"/c d\"");
	is_int(ctl_split_line(line, w, 8, err, sizeof(err)), 5, "adjacent quotes join");
	is_str(w[4], "/a b/c d", "  ... into one word");
	strcpy(line, "   # only a comment\n");
	is_int(ctl_split_line(line, w, 8, err, sizeof(err)), 0, "comment line has no words");
	strcpy(line, "\n");
	is_int(ctl_split_line(line, w, 8, err, sizeof(err)), 0, "empty line has no words");
	strcpy(line, "stats#notacomment");
	is_int(ctl_split_line(line, w, 8, err, sizeof(err)), 1, "# inside a word is not a comment");
	strcpy(line, "key add k1 file \"/unterminated");
	is_int(ctl_split_line(line, w, 8, err, sizeof(err)), -1, "unterminated quote rejected");
	strcpy(line, "a b c d e f g h i");
	is_int(ctl_split_line(line, w, 8, err, sizeof(err)), -1, "too many words rejected");
	strcpy(line, "policy \"\" x");
	is_int(ctl_split_line(line, w, 8, err, sizeof(err)), 3, "empty quoted word kept");
	is_str(w[1], "", "  ... as an empty word");
}

/* Words are quoted back in errors: their control characters must not be. */
static void test_error_text(void)
{
	char w0[] = "key", w1[] = "replace\nkey\x1b[2J", *argv[] = { w0, w1 };
	char w2[] = "policy", w3[] = "add", w4[] = "10.0.0.0/8", w5[] = "mode",
	     w6[] = "requ\rire\x7f", *argv2[] = { w2, w3, w4, w5, w6 };
	const char *p;
	int bad = 0;

	is_int(ctl_parse_cmd(2, argv, &c, err, sizeof(err)), -1,
	       "unknown command with a newline and an escape in it rejected");
	for (p = err; *p; p++)
		bad |= (unsigned char)*p < 0x20 || *p == 0x7f;
	ok(!bad && strstr(err, "replace?key?[2J"), "  ... message one plain line, controls as '?'");
	if (bad || !strstr(err, "replace?key?[2J"))
		printf("#   message: %s\n", err);
	bad = 0;
	is_int(ctl_parse_cmd(5, argv2, &c, err, sizeof(err)), -1, "mode with a CR and DEL rejected");
	for (p = err; *p; p++)
		bad |= (unsigned char)*p < 0x20 || *p == 0x7f;
	ok(!bad && strstr(err, "requ?ire?"), "  ... message one plain line, controls as '?'");
}

static void test_pinned_identity_keylog(void)
{
	/* 32 bytes 0x01..0x20 in base64 and in hex */
	static const char b64[] = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
	static const char hex[] =
		"0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
	char line[200];
	unsigned int i;
	int same = 1;

	snprintf(line, sizeof(line), "policy add 10.0.0.0/8 mode require auth pinned %s", b64);
	is_int(parse(line), 0, "policy auth pinned BASE64 parses");
	is_int(c.auth, 2, "  ... auth is pinned");
	for (i = 0; i < 32; i++)
		same &= c.peer_key[i] == i + 1;
	ok(same, "  ... the peer key decoded");
	snprintf(line, sizeof(line), "policy replace 10.0.0.0/8 mode prefer auth pinned %s port 443",
		 hex);
	is_int(parse(line), 0, "policy auth pinned HEX, then port, parses");
	ok(c.peer_key[31] == 0x20 && c.has_port && c.port_min == 443, "  ... key and port");
	fails("policy add 10.0.0.0/8 mode require auth pinned", "needs the peer's public key");
	fails("policy add 10.0.0.0/8 mode require auth pinned AAAA", "invalid public key");
	fails("policy add 10.0.0.0/8 mode require auth pinned "
	      "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021",
	      "invalid public key");
	fails("policy add 10.0.0.0/8 mode require auth bogus", "pinned PEERKEY");

	is_int(parse("identity generate"), 0, "identity generate parses");
	ok(c.obj == CTL_OBJ_IDENTITY && c.cmd == CTL_CMD_GENERATE, "  ... object and command");
	is_int(parse("identity load /etc/mptcpsec/identity.key"), 0, "identity load FILE parses");
	is_str(c.file, "/etc/mptcpsec/identity.key", "  ... with its file");
	is_int(parse("identity"), 0, "identity alone parses");
	is_int(c.cmd, CTL_CMD_SHOW, "  ... as show");
	is_int(parse("id del"), 0, "id del parses");
	ok(c.obj == CTL_OBJ_IDENTITY && c.cmd == CTL_CMD_DEL, "  ... identity del");
	fails("identity load", "a file is expected");
	fails("identity load a b", "unexpected");
	fails("identity show x", "unexpected");
	fails("identity add x", "identity");

	is_int(parse("keylog /tmp/keys.log"), 0, "keylog FILE parses");
	ok(c.obj == CTL_OBJ_KEYLOG && !strcmp(c.file, "/tmp/keys.log"), "  ... object and file");
	is_int(parse("keyl help"), 0, "keyl help parses");
	ok(c.obj == CTL_OBJ_KEYLOG && c.cmd == CTL_CMD_HELP, "  ... as keylog help");
	fails("keylog", "a file is expected");
	fails("keylog a b", "unexpected");
	is_int(parse("k show"), 0, "k stays key (keylog is abbreviated past key)");
	is_int(c.obj, CTL_OBJ_KEY, "  ... object key");
	is_int(parse("key"), 0, "key stays key");
	is_int(c.obj, CTL_OBJ_KEY, "  ... object key");
	fails("", "object");
}

/* save [ FILE | help ] and restore [ FILE | help ], never abbreviated */
static void test_save_restore(void)
{
	char w0[] = "restore", w1[] = "", *argv[] = { w0, w1 };

	is_int(parse("save"), 0, "save alone parses");
	ok(c.obj == CTL_OBJ_SAVE && c.cmd == CTL_CMD_SHOW && !c.file,
	   "  ... object save, no file (standard output)");
	is_int(parse("save /etc/mptcpsec/mptcpsec.conf"), 0, "save FILE parses");
	is_str(c.file, "/etc/mptcpsec/mptcpsec.conf", "  ... with its file");
	is_int(parse("save -"), 0, "save - parses");
	is_str(c.file, "-", "  ... file - (standard output)");
	is_int(parse("save help"), 0, "save help parses");
	ok(c.obj == CTL_OBJ_SAVE && c.cmd == CTL_CMD_HELP && !c.file, "  ... as help, not a file");
	is_int(parse("restore"), 0, "restore alone parses");
	ok(c.obj == CTL_OBJ_RESTORE && c.cmd == CTL_CMD_SHOW && !c.file,
	   "  ... object restore, no file (the default)");
	is_int(parse("restore ./my.conf"), 0, "restore FILE parses");
	is_str(c.file, "./my.conf", "  ... with its file");
	is_int(parse("restore help"), 0, "restore help parses");
	is_int(c.cmd, CTL_CMD_HELP, "  ... as help");
	fails("save a.conf b.conf", "unexpected argument \"b.conf\"");
	ok(c.obj == CTL_OBJ_SAVE, "  ... the object is known for the usage hint");
	fails("restore a.conf extra", "unexpected argument \"extra\"");
	fails("restore help me", "unexpected argument");
	strcpy(err, "(none)");
	is_int(ctl_parse_cmd(2, argv, &c, err, sizeof(err)), -1, "restore with an empty file name rejected");
	ok(strstr(err, "empty") != NULL, "  ... message says the name is empty");
	is_int(parse("s"), 0, "\"s\" still abbreviates stats");
	is_int(c.obj, CTL_OBJ_STATS, "  ... object stats");
	fails("sa", "unknown object \"sa\"");
	fails("sav x", "unknown object");
	fails("r", "unknown object \"r\"");
	fails("rest /etc/mptcpsec/mptcpsec.conf", "unknown object");
	fails("restor", "unknown object");
	fails("Restore", "unknown object");
	fails("bogus", "save, restore)");
	is_str(ctl_object_name(CTL_OBJ_SAVE), "save", "object name of save");
	is_str(ctl_object_name(CTL_OBJ_RESTORE), "restore", "object name of restore");
	ok(ctl_usage(CTL_OBJ_SAVE) == ctl_usage(CTL_OBJ_RESTORE) &&
	   strstr(ctl_usage(CTL_OBJ_SAVE), "mptcpsecctl restore [ FILE ]") &&
	   strstr(ctl_usage(CTL_OBJ_SAVE), "CONFIGURATION FILE"),
	   "save and restore share a usage naming both and the format's section");
	ok(strstr(ctl_usage(CTL_OBJ_NONE), "{ save | restore } [ FILE ]") != NULL,
	   "program usage names save and restore");
}

int main(void)
{
	test_save_restore();
	test_pinned_identity_keylog();
	test_policy();
	test_key();
	test_conn_stats();
	test_conn_filters();
	test_opts();
	test_split();
	test_error_text();
	is_str(ctl_enum_name(ctl_mode_names, CTL_N_MODES, 2), "require", "enum name of mode 2");
	is_str(ctl_enum_name(ctl_mode_names, CTL_N_MODES, 7), "unknown", "enum name out of range");
	ok(strstr(ctl_usage(CTL_OBJ_KEY), "file { PATH | - }") != NULL, "key usage names the file form");
	return tap_done();
}
