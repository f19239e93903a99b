// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the configuration file of mptcpsecctl save and restore
 * (tools/mptcpsecctl/conffile.c): which file restore reads, which
 * commands a file may hold, paths relative to the file, quoting, and the
 * lines save writes read back by the batch parser into the same command,
 * both ways.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "../../tools/mptcpsecctl/args.h"
#include "../../tools/mptcpsecctl/conffile.h"
#include "tap.h"

static struct ctl_cmd c;
static char err[256];

/* Split and parse one line as restore does. */
static int parse_line(const char *line, struct ctl_cmd *out)
{
	static char buf[2][8192];
	static int which;
	char *words[64];
	int n;

	which ^= 1;
	snprintf(buf[which], sizeof(buf[which]), "%s", line);
	strcpy(err, "(none)");
	n = ctl_split_line(buf[which], words, 64, err, sizeof(err));
	if (n <= 0)
		return -1;
	return ctl_parse_cmd(n, words, out, err, sizeof(err));
}

static int allowed(const char *line)
{
	if (parse_line(line, &c)) {
		printf("# does not parse: %s: %s\n", line, err);
		return -2;
	}
	strcpy(err, "(none)");
	return ctl_conf_allowed(&c, err, sizeof(err));
}

static void test_path(void)
{
	is_str(ctl_conf_path("/x.conf", "/env.conf"), "/x.conf",
	       "FILE argument wins over $MPTCPSEC_CONF");
	is_str(ctl_conf_path(NULL, "/env.conf"), "/env.conf", "$MPTCPSEC_CONF replaces the default");
	is_str(ctl_conf_path(NULL, ""), "/etc/mptcpsec/mptcpsec.conf",
	       "empty $MPTCPSEC_CONF: the default");
	is_str(ctl_conf_path(NULL, NULL), "/etc/mptcpsec/mptcpsec.conf", "unset: the default");
	is_str(CTL_CONF_ENV, "MPTCPSEC_CONF", "the variable is MPTCPSEC_CONF");
}

static void test_allowed(void)
{
	static const char *const good[] = {
		"key add k1 file /etc/mptcpsec/k1.key", "key replace k1 file k1.key",
		"policy add 10.0.0.0/8 mode require", "policy replace ::/0 mode prefer",
		"p a 10.0.0.0/8 mode off", "identity load /etc/mptcpsec/identity.key", NULL };
	static const char *const bad[] = {
		"key del k1", "key show", "key generate", "key help", "policy del 10.0.0.0/8",
		"policy flush", "policy get 10.0.0.1", "policy show", "policy", "conn flush",
		"conn show", "stats", "monitor", "keylog /tmp/log", "identity generate",
		"identity del", "identity show", "save", "save /tmp/x", "restore",
		"restore /etc/mptcpsec/mptcpsec.conf", NULL };
	char desc[200];
	int i;

	for (i = 0; good[i]; i++) {
		snprintf(desc, sizeof(desc), "allowed in a configuration file: %s", good[i]);
		is_int(allowed(good[i]), 0, desc);
	}
	for (i = 0; bad[i]; i++) {
		snprintf(desc, sizeof(desc), "not allowed in a configuration file: %s", bad[i]);
		is_int(allowed(bad[i]), -1, desc);
	}
	allowed("policy flush");
	ok(strstr(err, "\"policy flush\" is not a configuration command"),
	   "  ... the message names the command");
	ok(strstr(err, "key add|replace, policy add|replace, identity load"),
	   "  ... and lists what is allowed");
	allowed("restore x.conf");
	ok(strstr(err, "\"restore\" is not"), "  ... restore named alone");
	is_int(allowed("key add k1 file -"), -1, "key add from standard input not allowed");
	ok(strstr(err, "standard input"), "  ... message says why");
	is_int(allowed("key replace k1 file -"), -1, "key replace from standard input not allowed");
	is_int(ctl_conf_allowed(&c, NULL, 0), -1, "no message buffer: still refused");
}

static void test_resolve(void)
{
	char out[64];

	is_int(ctl_conf_resolve("/etc/mptcpsec/mptcpsec.conf", "site.key", out, sizeof(out)), 0,
	       "relative key path resolved");
	is_str(out, "/etc/mptcpsec/site.key", "  ... against the file's directory");
	ctl_conf_resolve("/etc/mptcpsec/mptcpsec.conf", "keys/a.key", out, sizeof(out));
	is_str(out, "/etc/mptcpsec/keys/a.key", "relative path with a directory");
	ctl_conf_resolve("/etc/mptcpsec/mptcpsec.conf", "/srv/k.key", out, sizeof(out));
	is_str(out, "/srv/k.key", "absolute path unchanged");
	ctl_conf_resolve("mptcpsec.conf", "k.key", out, sizeof(out));
	is_str(out, "k.key", "file without a directory: the working directory");
	ctl_conf_resolve("conf/m.conf", "k.key", out, sizeof(out));
	is_str(out, "conf/k.key", "relative file: relative directory");
	ctl_conf_resolve("-", "k.key", out, sizeof(out));
	is_str(out, "k.key", "standard input: the working directory");
	ctl_conf_resolve("/m.conf", "k.key", out, sizeof(out));
	is_str(out, "/k.key", "file in /");
	is_int(ctl_conf_resolve("/etc/mptcpsec/mptcpsec.conf", "a-very-long-key-file-name-indeed.key",
				out, 32), -1, "result too long rejected");
}

static void test_quote(void)
{
	static const char *const words[] = {
		"/etc/my keys/k1", "it's", "\"", "'", "''", "#comment", "a#b", "tab\there",
		"$HOME", "back\\slash", "mixed '\" both", "cr\rin", "sp ace", "\xc3\xa9t\xc3\xa9",
		"/plain/path_1.2-3+4,5:6@7%8=9", NULL };
	char out[128], line[160], *w[4];
	char desc[200];
	int i, n;

	is_int(ctl_conf_quote("/etc/mptcpsec/k1.key", out, sizeof(out)), 0, "plain path");
	is_str(out, "/etc/mptcpsec/k1.key", "  ... written as is");
	ctl_conf_quote("/etc/my keys/k1", out, sizeof(out));
	is_str(out, "'/etc/my keys/k1'", "path with a blank single-quoted");
	ctl_conf_quote("it's", out, sizeof(out));
	is_str(out, "'it'\"'\"'s'", "single quote as '\"'\"'");
	is_int(ctl_conf_quote("", out, sizeof(out)), -1, "empty word refused");
	is_int(ctl_conf_quote("a\nb", out, sizeof(out)), -1, "word with a newline refused");
	is_int(ctl_conf_quote("/etc/mptcpsec/k1.key", out, 20), -1, "plain word one byte too long");
	is_int(ctl_conf_quote("/etc/mptcpsec/k1.ke", out, 20), 0, "plain word that just fits");
	is_int(ctl_conf_quote("a b", out, 6), 0, "quoted word that just fits");
	is_int(ctl_conf_quote("a b", out, 5), -1, "quoted word one byte too long");
	is_int(ctl_conf_quote("'", out, 8), 0, "lone quote that just fits");
	is_int(ctl_conf_quote("'", out, 7), -1, "lone quote one byte too long");
	for (i = 0; words[i]; i++) {
		snprintf(desc, sizeof(desc), "quoted word read back whole: [%s]", words[i]);
		if (ctl_conf_quote(words[i], out, sizeof(out))) {
			ok(0, desc);
			continue;
		}
		snprintf(line, sizeof(line), "x %s y", out);
		n = ctl_split_line(line, w, 4, err, sizeof(err));
		if (!ok(n == 3 && !strcmp(w[1], words[i]) && !strcmp(w[2], "y"), desc))
			printf("#   quoted as: %s\n", out);
	}
}

/* Lines written as save writes them: parse, write again, the same text. */
static void test_line_round_trip(void)
{
	static const char *const lines[] = {
		"key add k1 file /etc/mptcpsec/k1.key",
		"key replace Site_A.v2-x file '/etc/my keys/a.key'",
		"key add q file '/o'\"'\"'neil/k'",
		"identity load /etc/mptcpsec/identity.key",
		"policy add 10.0.0.0/8 mode prefer",
		"policy add 10.1.0.0/16 port 443 mode require auth psk site-a",
		"policy replace 2001:db8::/32 port 8000-8080 mode require",
		"policy add 0.0.0.0/0 mode off",
		"policy add ::/0 port 0-65535 mode prefer",
		"policy add 192.0.2.7/32 port 0 mode off",
		"policy add fd00:1::2/128 mode require auth pinned "
			"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
		NULL };
	struct ctl_cmd back;
	char out[512], desc[300];
	int i;

	for (i = 0; lines[i]; i++) {
		snprintf(desc, sizeof(desc), "written back the same: %s", lines[i]);
		if (parse_line(lines[i], &c)) {
			ok(0, desc);
			printf("#   does not parse: %s\n", err);
			continue;
		}
		is_int(ctl_conf_line(&c, out, sizeof(out)), 0, desc);
		is_str(out, lines[i], "  ... identical text");
		is_int(parse_line(out, &back), 0, "  ... parses again");
		ok(back.obj == c.obj && back.cmd == c.cmd && back.mode == c.mode &&
		   back.auth == c.auth && !strcmp(back.key, c.key) &&
		   back.has_port == c.has_port && back.port_min == c.port_min &&
		   back.port_max == c.port_max &&
		   !memcmp(&back.prefix, &c.prefix, sizeof(c.prefix)) &&
		   !memcmp(back.peer_key, c.peer_key, sizeof(c.peer_key)) &&
		   (!c.file || !strcmp(back.file, c.file)), "  ... into the same command");
	}
}

/* Other spellings are written in the one form save uses. */
static void test_line_canonical(void)
{
	static const char *const pairs[][2] = {
		{ "p a 10.0.0.1 auth none mode off", "policy add 10.0.0.1/32 mode off" },
		{ "policy replace 2001:DB8:0:0::/64 mode prefer port 22",
		  "policy replace 2001:db8::/64 port 22 mode prefer" },
		{ "policy add 10.0.0.0/8 port 5-5 mode require", "policy add 10.0.0.0/8 port 5 mode require" },
		{ "policy add 10.2.0.1 mode require auth pinned "
		  "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
		  "policy add 10.2.0.1/32 mode require auth pinned "
		  "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=" },
		{ "key add k1 file \"/a b\"", "key add k1 file '/a b'" },
		{ "id load 'k.key'", "identity load k.key" },
		{ NULL, NULL } };
	char out[512], desc[300];
	int i;

	for (i = 0; pairs[i][0]; i++) {
		snprintf(desc, sizeof(desc), "%s -> %s", pairs[i][0], pairs[i][1]);
		if (parse_line(pairs[i][0], &c) || ctl_conf_line(&c, out, sizeof(out))) {
			ok(0, desc);
			printf("#   %s\n", err);
			continue;
		}
		is_str(out, pairs[i][1], desc);
	}
}

static void test_line_refused(void)
{
	char out[512];

	parse_line("key del k1", &c);
	is_int(ctl_conf_line(&c, out, sizeof(out)), -1, "no line for key del");
	parse_line("policy flush", &c);
	is_int(ctl_conf_line(&c, out, sizeof(out)), -1, "no line for policy flush");
	parse_line("policy add 10.0.0.0/8 mode off", &c);
	c.mode = 7;
	is_int(ctl_conf_line(&c, out, sizeof(out)), -1, "no line for a mode this tool does not know");
	c.mode = 0;
	c.auth = 5;
	is_int(ctl_conf_line(&c, out, sizeof(out)), -1, "no line for an auth this tool does not know");
	c.auth = 1;
	strcpy(c.key, "bad name");
	is_int(ctl_conf_line(&c, out, sizeof(out)), -1, "no line for an invalid psk key name");
	c.auth = 0;
	is_int(ctl_conf_line(&c, out, 20), -1, "no line when it does not fit");
	is_int(ctl_conf_line(&c, out, sizeof(out)), 0, "  ... but with room it is written");
	parse_line("key add k1 file /x", &c);
	c.file = "/a\nb";
	is_int(ctl_conf_line(&c, out, sizeof(out)), -1, "no line for a path with a newline");
	c.file = "-";
	is_int(ctl_conf_line(&c, out, sizeof(out)), -1, "no line for a key from standard input");
}

static void test_same_entry(void)
{
	struct ctl_cmd a;

	parse_line("policy add 10.0.0.0/8 mode off", &a);
	parse_line("policy replace 10.0.0.0/8 port 0-65535 mode require", &c);
	ok(ctl_conf_same_entry(&a, &c), "no port range and 0-65535 are the same entry");
	parse_line("policy add 10.0.0.0/8 port 443 mode off", &c);
	ok(!ctl_conf_same_entry(&a, &c), "another port range is another entry");
	parse_line("policy add 10.0.0.0/8 port 443 mode require auth psk k", &a);
	ok(ctl_conf_same_entry(&a, &c), "same prefix and port, other mode: the same entry");
	parse_line("policy add 10.0.0.0/16 port 443 mode off", &a);
	ok(!ctl_conf_same_entry(&a, &c), "another length is another entry");
	parse_line("policy add ::/0 mode off", &a);
	parse_line("policy add 0.0.0.0/0 mode off", &c);
	ok(!ctl_conf_same_entry(&a, &c), "another family is another entry");
}

/*
 * The example configuration: prose, then after "# For example:" commented
 * lines that must be configuration lines.
 */
static void test_example(void)
{
	FILE *f = fopen("../../tools/systemd/mptcpsec.conf", "r");
	char line[512], desc[600];
	int n = 0, examples = 0;

	if (!ok(f != NULL, "the example configuration is readable"))
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!examples || strncmp(line, "# ", 2)) {
			examples |= !strcmp(line, "# For example:");
			continue;
		}
		snprintf(desc, sizeof(desc), "example line parses and is allowed: %s", line + 2);
		if (!ok(!parse_line(line + 2, &c) && !ctl_conf_allowed(&c, err, sizeof(err)), desc))
			printf("#   %s\n", err);
		n++;
	}
	fclose(f);
	ok(n >= 4, "the example shows keys, an identity and policies");
}

int main(void)
{
	test_path();
	test_allowed();
	test_resolve();
	test_quote();
	test_line_round_trip();
	test_line_canonical();
	test_line_refused();
	test_same_entry();
	test_example();
	return tap_done();
}
