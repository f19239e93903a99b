// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl: control the mptcpsec kernel module over generic netlink.
 * Exit status: 0 success, 1 usage error, 2 kernel or netlink error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/mptcpsec.h>

#include "args.h"
#include "nl.h"
#include "objects.h"
#include "print.h"

#ifndef MPTCPSEC_VERSION
#define MPTCPSEC_VERSION "unknown"
#endif

static const char usage_text[] =
"Usage: mptcpsecctl [OPTIONS] OBJECT [COMMAND [ARGS]...]\n"
"OPTIONS: -j (JSON)  -p (pretty JSON)  -n NETNS  -b FILE (batch)  -V  -h\n"
"OBJECT := { policy | key | conn | stats }\n"
"  policy { add | replace } PREFIX [ port P[-Q] ] mode { off | prefer | require }\n"
"                          [ auth { none | psk KEYNAME } ]\n"
"  policy del PREFIX [ port P[-Q] ]\n"
"  policy get ADDRESS [ port P ]\n"
"  policy { show | flush }\n"
"  key { add | replace } NAME file { PATH | - }\n"
"  key del NAME\n"
"  key { show | generate }\n"
"  conn { show | flush }\n"
"  stats\n"
"See mptcpsecctl(8).\n";

const char *ctl_enum_name(const char *const *names, unsigned int n, unsigned int v)
{
	return v < n ? names[v] : "unknown";
}

void ctl_addr_str(int family, const void *addr, char *buf, size_t len)
{
	if (!inet_ntop(family == AF_INET ? AF_INET : AF_INET6, addr, buf, len))
		snprintf(buf, len, "?");
}

static int info_cb(struct nlattr **tb, void *arg)
{
	char *buf = arg;

	if (tb[MPTCPSEC_A_VERSION])
		snprintf(buf, 64, "%s", nla_get_string(tb[MPTCPSEC_A_VERSION]));
	return 0;
}

static int not_loaded(void)
{
	fprintf(stderr, "mptcpsec module not loaded (modprobe mptcpsec)\n");
	return 2;
}

static int open_netlink(void)
{
	int err = ctl_nl_open();

	if (err == NL_NOT_LOADED)
		return not_loaded();
	if (err) {
		fprintf(stderr, "Error: cannot open generic netlink socket: %s\n",
			strerror(-err));
		return 2;
	}
	return 0;
}

static int show_version(void)
{
	char ver[64] = "";
	struct nl_msg *msg;

	printf("mptcpsecctl %s\n", MPTCPSEC_VERSION);
	if (ctl_nl_open()) {
		printf("module not loaded\n");
		return 0;
	}
	msg = ctl_nl_msg(MPTCPSEC_CMD_INFO_GET, 0);
	if (msg && !ctl_nl_request(msg, info_cb, ver) && ver[0])
		printf("module %s\n", ver);
	else
		printf("module unknown\n");
	ctl_nl_close();
	return 0;
}

static int enter_netns(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "Error: cannot open network namespace \"%s\": %s\n", name,
			strerror(errno));
		return 2;
	}
	if (setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "Error: cannot enter network namespace \"%s\": %s\n", name,
			strerror(errno));
		close(fd);
		return 2;
	}
	close(fd);
	return 0;
}

static int run(const struct ctl_cmd *c)
{
	switch (c->obj) {
	case OBJ_POLICY:
		return cmd_policy(c);
	case OBJ_KEY:
		return cmd_key(c);
	case OBJ_CONN:
		return cmd_conn(c);
	case OBJ_STATS:
		return cmd_stats(c);
	default:
		return 1;
	}
}

/* `key generate` needs no kernel; everything else does. */
static bool needs_kernel(const struct ctl_cmd *c)
{
	return !(c->obj == OBJ_KEY && c->verb == VERB_GENERATE);
}

static int run_words(int argc, char **argv)
{
	struct ctl_cmd c;
	char err[256];
	int rc;

	if (ctl_parse_cmd(argc, argv, &c, err, sizeof(err))) {
		fprintf(stderr, "Error: %s\nTry \"mptcpsecctl -h\".\n", err);
		return 1;
	}
	if (needs_kernel(&c)) {
		rc = open_netlink();
		if (rc)
			return rc;
	}
	rc = run(&c);
	ctl_nl_close();
	return rc;
}

static int run_batch(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char line[1024];
	int lineno = 0, rc = 0;

	if (!f) {
		fprintf(stderr, "Error: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *words[64], *tok, *save = NULL;
		int n = 0;

		lineno++;
		line[strcspn(line, "#\n")] = '\0';
		for (tok = strtok_r(line, " \t", &save); tok && n < 64;
		     tok = strtok_r(NULL, " \t", &save))
			words[n++] = tok;
		if (!n)
			continue;
		rc = run_words(n, words);
		if (rc) {
			fprintf(stderr, "Command failed %s:%d\n", path, lineno);
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	struct ctl_opts opts;
	char err[256];
	int first, rc;

	first = ctl_parse_opts(argc, argv, &opts, err, sizeof(err));
	if (first < 0) {
		fprintf(stderr, "Error: %s\n%s", err, usage_text);
		return 1;
	}
	if (opts.help) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (opts.netns) {
		rc = enter_netns(opts.netns);
		if (rc)
			return rc;
	}
	if (opts.version)
		return show_version();
	out_init(opts.json, opts.pretty);
	if (opts.batch)
		return run_batch(opts.batch);
	if (first >= argc) {
		fputs(usage_text, stderr);
		return 1;
	}
	return run_words(argc - first, argv + first);
}
