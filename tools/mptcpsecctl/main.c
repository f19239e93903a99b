// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl: configure and inspect the mptcpsec kernel module over
 * generic netlink.
 *
 * Exit status: 0 success, 1 usage or parse error, 2 kernel or netlink
 * error (the module not being loaded included).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "monitor.h"
#include "nl.h"
#include "objects.h"
#include "print.h"

#define MAX_WORDS	64

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
	case CTL_OBJ_POLICY:
		return cmd_policy(c);
	case CTL_OBJ_KEY:
		return cmd_key(c);
	case CTL_OBJ_CONN:
		return cmd_conn(c);
	case CTL_OBJ_STATS:
		return cmd_stats(c);
	case CTL_OBJ_MONITOR:
		return cmd_monitor(c);
	case CTL_OBJ_IDENTITY:
		return cmd_identity(c);
	case CTL_OBJ_KEYLOG:
		return cmd_keylog(c);
	case CTL_OBJ_SAVE:
		return cmd_save(c);
	default:
		return 1;
	}
}

/**
 * run_words() - parse and run one command
 * @argc: number of words
 * @argv: OBJECT [ COMMAND [ ARGUMENTS ]... ]
 * @batch: the batch file being read, or NULL on the command line
 *
 * Return: exit status.
 */
static int run_words(int argc, char **argv, const char *batch)
{
	struct ctl_cmd c;
	char err[256];
	int rc;

	if (ctl_parse_cmd(argc, argv, &c, err, sizeof(err))) {
		fprintf(stderr, "Error: %s\n", err);
		if (!batch && c.obj != CTL_OBJ_NONE)
			fprintf(stderr, "Try \"mptcpsecctl %s help\".\n", ctl_object_name(c.obj));
		else if (!batch)
			fprintf(stderr, "Try \"mptcpsecctl -h\".\n");
		return 1;
	}
	if (c.cmd == CTL_CMD_HELP) {
		fputs(ctl_usage(c.obj), stdout);
		return 0;
	}
	/* New keys need no kernel. */
	if (c.obj == CTL_OBJ_KEY && c.cmd == CTL_CMD_GENERATE)
		return cmd_key(&c);
	if (c.obj == CTL_OBJ_IDENTITY && c.cmd == CTL_CMD_GENERATE)
		return cmd_identity(&c);
	if (c.obj == CTL_OBJ_RESTORE && batch) {
		fprintf(stderr, "Error: restore replaces the configuration: not in a batch file\n");
		return 1;
	}
	/* restore checks its whole file before it opens a socket */
	if (c.obj == CTL_OBJ_RESTORE)
		return cmd_restore(&c);
	if (c.obj == CTL_OBJ_MONITOR && batch) {
		fprintf(stderr, "Error: monitor runs until interrupted: not in a batch file\n");
		return 1;
	}
	if (c.obj != CTL_OBJ_SAVE && c.file && !strcmp(c.file, "-") && batch &&
	    !strcmp(batch, "-")) {
		fprintf(stderr, "Error: standard input holds the batch, not a key: use file PATH\n");
		return 1;
	}
	rc = ctl_nl_open();
	if (rc == CTL_NL_NOT_LOADED)
		return ctl_nl_not_loaded();
	if (rc) {
		fprintf(stderr, "Error: cannot open a generic netlink socket: %s\n",
			strerror(-rc));
		return 2;
	}
	return run(&c);
}

/*
 * -b FILE: one command per line, # comments; stop at the first failure,
 * reporting its line, with its exit status.
 */
static int run_batch(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	const char *name = f == stdin ? "-" : path;
	char *line = NULL, *words[MAX_WORDS];
	unsigned long lineno = 0;
	size_t cap = 0;
	int n, rc = 0;
	char err[128];

	if (!f) {
		fprintf(stderr, "Error: cannot open batch file %s: %s\n", path, strerror(errno));
		return 1;
	}
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		n = ctl_split_line(line, words, MAX_WORDS, err, sizeof(err));
		if (n < 0) {
			fprintf(stderr, "Error: %s\n", err);
			rc = 1;
		} else if (n > 0) {
			rc = run_words(n, words, path);
		}
		if (rc) {
			fprintf(stderr, "Command failed %s:%lu\n", name, lineno);
			break;
		}
	}
	if (!rc && ferror(f)) {
		fprintf(stderr, "Error: cannot read batch file %s: %s\n", name, strerror(errno));
		rc = 1;
	}
	free(line);
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
		fprintf(stderr, "Error: %s\nTry \"mptcpsecctl -h\".\n", err);
		return 1;
	}
	if (opts.help) {
		fputs(ctl_usage(CTL_OBJ_NONE), stdout);
		return 0;
	}
	if (opts.batch && first < argc) {
		fprintf(stderr, "Error: -b takes the commands from the file, not the command line\n");
		return 1;
	}
	if (!opts.version && !opts.batch && first >= argc) {
		fputs(ctl_usage(CTL_OBJ_NONE), stderr);
		return 1;
	}
	print_init(stdout, opts.json, opts.pretty);
	if (opts.netns) {
		rc = enter_netns(opts.netns);
		if (rc)
			return rc;
	}
	if (opts.version)
		rc = cmd_version();
	else if (opts.batch)
		rc = run_batch(opts.batch);
	else
		rc = run_words(argc - first, argv + first, NULL);
	ctl_nl_close();
	if (fflush(stdout) && !rc) {
		fprintf(stderr, "Error: cannot write the output: %s\n", strerror(errno));
		rc = 2;
	}
	return rc;
}
