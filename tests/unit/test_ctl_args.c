// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the mptcpsecctl argument parser (tools/mptcpsecctl/args.c).
 */
#include <stdio.h>

#include "../../tools/mptcpsecctl/args.h"
#include "tap.h"

static struct ctl_cmd c;
static char err[256];

static int parse(const char *line)
{
	static char buf[512];
	char *argv[32];
	int argc = 0;
	char *tok;

	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok(buf, " "); tok && argc < 32; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	err[0] = '\0';
	return ctl_parse_cmd(argc, argv, &c, err, sizeof(err));
}

static int opts(int argc, char **argv, struct ctl_opts *o)
{
	return ctl_parse_opts(argc, argv, o, err, sizeof(err));
}

int main(void)
{
	struct ctl_opts o;

	is_int(parse("policy add 10.0.0.0/8 mode require"), 0, "policy add IPv4");
	ok(c.obj == OBJ_POLICY && c.verb == VERB_ADD, "object and verb");
	ok(c.family == 2 && c.prefixlen == 8 && c.addr[0] == 10, "prefix parsed");
	is_int(c.mode, 2, "mode require");
	ok(!c.has_ports && c.auth == -1, "no ports, auth defaulted later");

	is_int(parse("pol rep 2001:db8::/32 port 8000-8080 mode prefer auth psk site-a"), 0,
	       "abbreviated policy replace IPv6 with range and psk");
	ok(c.verb == VERB_REPLACE && c.family == 10 && c.prefixlen == 32, "IPv6 prefix");
	ok(c.has_ports && c.port_min == 8000 && c.port_max == 8080, "port range");
	ok(c.auth == 1 && !strcmp(c.key_name, "site-a"), "psk key name");

	is_int(parse("policy add 192.0.2.7 mode off"), 0, "host prefix without length");
	is_int(c.prefixlen, 32, "defaults to /32");
	is_int(parse("policy del 10.0.0.0/8 port 443"), 0, "policy del with a port");
	ok(c.port_min == 443 && c.port_max == 443, "single port is a range of one");
	is_int(parse("policy get 10.1.2.3 port 443"), 0, "policy get");
	ok(c.verb == VERB_GET && c.port_min == 443 && c.prefixlen == 32, "get address and port");
	is_int(parse("policy"), 0, "object alone");
	is_int(c.verb, VERB_SHOW, "object alone means show");
	is_int(parse("policy flush"), 0, "policy flush");

	is_int(parse("policy add 10.0.0.1/8 mode require"), -1, "host bits rejected");
	ok(strstr(err, "host bits") != NULL, "error names host bits");
	is_int(parse("policy add 10.0.0.0/33 mode require"), -1, "/33 rejected");
	is_int(parse("policy add 2001:db8::/129 mode require"), -1, "/129 rejected");
	is_int(parse("policy add 10.0.0.0/ mode require"), -1, "empty length rejected");
	is_int(parse("policy add 10.0.0.0/8x mode require"), -1, "trailing garbage rejected");
	is_int(parse("policy add 300.0.0.0/8 mode require"), -1, "bad address rejected");
	is_int(parse("policy add 10.0.0.0/8"), -1, "mode is required");
	is_int(parse("policy add 10.0.0.0/8 mode"), -1, "mode value missing");
	is_int(parse("policy add 10.0.0.0/8 mode maybe"), -1, "unknown mode rejected");
	is_int(parse("policy add 10.0.0.0/8 mode require port 9-8"), -1, "reversed range rejected");
	ok(strstr(err, "reversed") != NULL, "error says reversed");
	is_int(parse("policy add 10.0.0.0/8 mode require port 70000"), -1, "port over 65535");
	is_int(parse("policy add 10.0.0.0/8 mode require auth psk"), -1, "psk needs a key name");
	is_int(parse("policy add 10.0.0.0/8 mode require auth psk a/b"), -1, "bad key name");
	is_int(parse("policy add 10.0.0.0/8 mode require colour blue"), -1, "unknown keyword");
	is_int(parse("policy get 10.0.0.0/8"), -1, "get wants an address, not a prefix");
	is_int(parse("policy get 10.0.0.1 port 1-2"), -1, "get wants a single port");
	is_int(parse("policy show extra"), -1, "extra argument rejected");

	is_int(parse("key add k1 file /etc/k"), 0, "key add from a file");
	ok(!strcmp(c.name, "k1") && !strcmp(c.file, "/etc/k"), "key name and file");
	is_int(parse("key add k1 file -"), 0, "key add from stdin");
	is_int(parse("key add k1 c2VjcmV0c2VjcmV0c2VjcmV0"), -1, "secret on argv impossible");
	ok(strstr(err, "file") != NULL, "error points at the file form");
	is_int(parse("key add k1 file"), -1, "file path required");
	is_int(parse("key add k1 file a b"), -1, "extra word after path");
	is_int(parse("key del k1"), 0, "key del");
	is_int(parse("key del"), -1, "key del needs a name");
	is_int(parse("key add waytoolongnamewaytoolongname1234 file x"), -1, "name over 31 chars");
	is_int(parse("key generate"), 0, "key generate");
	is_int(parse("key show"), 0, "key show");

	is_int(parse("conn"), 0, "conn alone");
	is_int(parse("conn flush"), 0, "conn flush");
	is_int(parse("conn add"), -1, "conn add rejected");
	is_int(parse("stats"), 0, "stats");
	is_int(parse("stats flush"), -1, "stats flush rejected");
	is_int(parse("bogus"), -1, "unknown object");
	is_int(parse("policy frobnicate"), -1, "unknown command");
	is_int(parse(""), -1, "empty command");

	{
		char *argv[] = { "mptcpsecctl", "-j", "-n", "blue", "policy", "show" };

		is_int(opts(6, argv, &o), 4, "options end at the object");
		ok(o.json && !strcmp(o.netns, "blue"), "-j and -n parsed");
	}
	{
		char *argv[] = { "mptcpsecctl", "-p", "stats" };

		is_int(opts(3, argv, &o), 2, "-p alone");
		ok(o.json && o.pretty, "-p implies JSON");
	}
	{
		char *argv[] = { "mptcpsecctl", "-n" };

		is_int(opts(2, argv, &o), -1, "-n without a name");
	}
	{
		char *argv[] = { "mptcpsecctl", "-n", "../etc", "stats" };

		is_int(opts(4, argv, &o), -1, "namespace name with a slash");
	}
	{
		char *argv[] = { "mptcpsecctl", "-x", "stats" };

		is_int(opts(3, argv, &o), -1, "unknown option");
	}
	{
		char *argv[] = { "mptcpsecctl", "-b", "-", "-V" };

		is_int(opts(4, argv, &o), 4, "batch from stdin and -V");
		ok(o.batch && !strcmp(o.batch, "-") && o.version, "batch and version set");
	}
	return tap_done();
}
