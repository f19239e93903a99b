// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl argument parser (pure).
 *
 * Grammar: mptcpsecctl [OPTIONS] OBJECT [COMMAND [ARGS]...]
 *   policy { add | replace } PREFIX [ port P[-Q] ] mode MODE [ auth { none | psk NAME } ]
 *   policy del PREFIX [ port P[-Q] ]
 *   policy get ADDR [ port P ]
 *   policy { show | flush }
 *   key { add | replace } NAME file PATH
 *   key del NAME
 *   key { show | generate }
 *   conn { show | flush }
 *   stats [ show ]
 * Objects and commands may be abbreviated to a unique prefix; keywords
 * (port, mode, auth, psk, file) must be exact. Key material is never an
 * argument: only a file (or "-" for standard input) names it.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "../../module/policy_match.h"

const char *const ctl_mode_names[] = { "off", "prefer", "require", NULL };
const char *const ctl_auth_names[] = { "none", "psk", NULL };

static int errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Unique-prefix match of @word in @names; -1 none, -2 ambiguous. */
static int match_prefix(const char *word, const char *const *names)
{
	size_t n = strlen(word);
	int i, found = -1;

	if (!n)
		return -1;
	for (i = 0; names[i]; i++) {
		if (!strcmp(word, names[i]))
			return i;
		if (!strncmp(word, names[i], n))
			found = found == -1 ? i : -2;
	}
	return found;
}

static int match_exact(const char *word, const char *const *names)
{
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(word, names[i]))
			return i;
	return -1;
}

/**
 * ctl_key_name_valid() - 1..31 characters out of [A-Za-z0-9_.-]
 */
bool ctl_key_name_valid(const char *name)
{
	size_t i, n = strlen(name);

	if (!n || n >= CTL_NAME_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("_.-", name[i]))
			return false;
	return true;
}

static int parse_u16(const char *s, uint16_t *out)
{
	char *end;
	unsigned long v;

	if (!*s || !isdigit((unsigned char)*s))
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v > 65535)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

static int parse_addr(const char *s, struct ctl_cmd *c)
{
	memset(c->addr, 0, sizeof(c->addr));
	if (inet_pton(AF_INET, s, c->addr) == 1) {
		c->family = MPTCPSEC_AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, c->addr) == 1) {
		c->family = MPTCPSEC_AF_INET6;
		return 0;
	}
	return -1;
}

static int parse_prefix(const char *arg, struct ctl_cmd *c, char *err, size_t errlen)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash, *end;
	long len;

	if (strlen(arg) >= sizeof(buf))
		return errf(err, errlen, "invalid prefix \"%s\"", arg);
	strcpy(buf, arg);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (parse_addr(buf, c))
		return errf(err, errlen, "invalid prefix \"%s\"", arg);
	c->prefixlen = c->family == MPTCPSEC_AF_INET ? 32 : 128;
	if (slash) {
		len = strtol(slash + 1, &end, 10);
		if (!slash[1] || *end || len < 0 || len > c->prefixlen)
			return errf(err, errlen, "invalid prefix length in \"%s\"", arg);
		c->prefixlen = (int)len;
	}
	if (!mptcpsec_prefix_valid(c->family, c->addr, c->prefixlen))
		return errf(err, errlen, "host bits set in %s (prefix length %d)", arg,
			    c->prefixlen);
	return 0;
}

static int parse_ports(const char *arg, struct ctl_cmd *c, bool range_ok,
		       char *err, size_t errlen)
{
	char buf[16], *dash;

	if (strlen(arg) >= sizeof(buf))
		return errf(err, errlen, "invalid port \"%s\"", arg);
	strcpy(buf, arg);
	dash = strchr(buf, '-');
	if (dash) {
		if (!range_ok)
			return errf(err, errlen, "a single port is expected, not \"%s\"", arg);
		*dash = '\0';
	}
	if (parse_u16(buf, &c->port_min) ||
	    parse_u16(dash ? dash + 1 : buf, &c->port_max))
		return errf(err, errlen, "invalid port \"%s\"", arg);
	if (c->port_min > c->port_max)
		return errf(err, errlen, "port range reversed in \"%s\"", arg);
	c->has_ports = true;
	return 0;
}

static int need(int argc, int i, const char *what, char *err, size_t errlen)
{
	if (i >= argc)
		return errf(err, errlen, "%s expected", what);
	return 0;
}

static int parse_policy(int argc, char **argv, struct ctl_cmd *c, char *err, size_t errlen)
{
	int i = 0;

	switch (c->verb) {
	case VERB_SHOW:
	case VERB_FLUSH:
		if (argc)
			return errf(err, errlen, "unexpected argument \"%s\"", argv[0]);
		return 0;
	case VERB_GET:
		if (need(argc, 0, "address", err, errlen))
			return -1;
		if (strchr(argv[0], '/') || parse_addr(argv[0], c))
			return errf(err, errlen, "invalid address \"%s\"", argv[0]);
		c->prefixlen = c->family == MPTCPSEC_AF_INET ? 32 : 128;
		for (i = 1; i < argc; i += 2) {
			if (strcmp(argv[i], "port"))
				return errf(err, errlen, "unknown keyword \"%s\"", argv[i]);
			if (need(argc, i + 1, "port number", err, errlen) ||
			    parse_ports(argv[i + 1], c, false, err, errlen))
				return -1;
		}
		return 0;
	case VERB_ADD:
	case VERB_REPLACE:
	case VERB_DEL:
		break;
	default:
		return errf(err, errlen, "command not supported for policy");
	}

	if (need(argc, 0, "prefix", err, errlen) || parse_prefix(argv[0], c, err, errlen))
		return -1;
	for (i = 1; i < argc; i += 2) {
		const char *kw = argv[i];

		if (!strcmp(kw, "port")) {
			if (need(argc, i + 1, "port or port range", err, errlen) ||
			    parse_ports(argv[i + 1], c, true, err, errlen))
				return -1;
		} else if (!strcmp(kw, "mode") && c->verb != VERB_DEL) {
			if (need(argc, i + 1, "mode (off, prefer, require)", err, errlen))
				return -1;
			c->mode = match_exact(argv[i + 1], ctl_mode_names);
			if (c->mode < 0)
				return errf(err, errlen, "invalid mode \"%s\" (off, prefer, require)",
					    argv[i + 1]);
		} else if (!strcmp(kw, "auth") && c->verb != VERB_DEL) {
			if (need(argc, i + 1, "auth (none, psk NAME)", err, errlen))
				return -1;
			c->auth = match_exact(argv[i + 1], ctl_auth_names);
			if (c->auth < 0)
				return errf(err, errlen, "invalid auth \"%s\" (none, psk NAME)",
					    argv[i + 1]);
			if (c->auth == 1) {
				if (need(argc, i + 2, "key name after psk", err, errlen))
					return -1;
				if (!ctl_key_name_valid(argv[i + 2]))
					return errf(err, errlen, "invalid key name \"%s\"", argv[i + 2]);
				strcpy(c->key_name, argv[i + 2]);
				i++;
			}
		} else {
			return errf(err, errlen, "unknown keyword \"%s\"", kw);
		}
	}
	if (c->verb != VERB_DEL && c->mode < 0)
		return errf(err, errlen, "mode expected (off, prefer, require)");
	return 0;
}

static int parse_key(int argc, char **argv, struct ctl_cmd *c, char *err, size_t errlen)
{
	switch (c->verb) {
	case VERB_SHOW:
	case VERB_GENERATE:
		if (argc)
			return errf(err, errlen, "unexpected argument \"%s\"", argv[0]);
		return 0;
	case VERB_ADD:
	case VERB_REPLACE:
	case VERB_DEL:
		break;
	default:
		return errf(err, errlen, "command not supported for key");
	}
	if (need(argc, 0, "key name", err, errlen))
		return -1;
	if (!ctl_key_name_valid(argv[0]))
		return errf(err, errlen, "invalid key name \"%s\" (1-31 of A-Z a-z 0-9 _ . -)",
			    argv[0]);
	strcpy(c->name, argv[0]);
	if (c->verb == VERB_DEL) {
		if (argc > 1)
			return errf(err, errlen, "unexpected argument \"%s\"", argv[1]);
		return 0;
	}
	if (argc < 3 || strcmp(argv[1], "file"))
		return errf(err, errlen,
			    "key material is read from a file: key %s NAME file PATH (or - for stdin)",
			    c->verb == VERB_ADD ? "add" : "replace");
	if (argc > 3)
		return errf(err, errlen, "unexpected argument \"%s\"", argv[3]);
	c->file = argv[2];
	return 0;
}

/**
 * ctl_parse_cmd() - parse OBJECT [COMMAND [ARGS]...]
 * @argc: number of words
 * @argv: the words (not modified)
 * @cmd: filled on success
 * @err: receives a one-line message on failure
 * @errlen: size of @err
 *
 * Return: 0 on success, -1 on a usage error.
 */
int ctl_parse_cmd(int argc, char **argv, struct ctl_cmd *cmd, char *err, size_t errlen)
{
	static const char *const objs[] = { "policy", "key", "conn", "stats", NULL };
	static const char *const verbs[] = { "show", "list", "add", "replace", "del",
					     "delete", "get", "flush", "generate", NULL };
	static const enum ctl_verb verb_of[] = { VERB_SHOW, VERB_SHOW, VERB_ADD,
						 VERB_REPLACE, VERB_DEL, VERB_DEL,
						 VERB_GET, VERB_FLUSH, VERB_GENERATE };
	int o, v;

	memset(cmd, 0, sizeof(*cmd));
	cmd->mode = -1;
	cmd->auth = -1;
	if (argc < 1)
		return errf(err, errlen, "object expected (policy, key, conn, stats)");
	o = match_prefix(argv[0], objs);
	if (o < 0)
		return errf(err, errlen, "unknown object \"%s\" (policy, key, conn, stats)",
			    argv[0]);
	cmd->obj = (enum ctl_obj)(o + 1);
	cmd->verb = VERB_SHOW;
	if (argc >= 2) {
		v = match_prefix(argv[1], verbs);
		if (v == -2 && !strcmp(argv[1], "de"))
			v = 4;
		if (v < 0)
			return errf(err, errlen, "unknown command \"%s\"", argv[1]);
		cmd->verb = verb_of[v];
	}
	argc = argc >= 2 ? argc - 2 : 0;
	argv += 2;

	switch (cmd->obj) {
	case OBJ_POLICY:
		return parse_policy(argc, argv, cmd, err, errlen);
	case OBJ_KEY:
		return parse_key(argc, argv, cmd, err, errlen);
	case OBJ_CONN:
		if (cmd->verb != VERB_SHOW && cmd->verb != VERB_FLUSH)
			return errf(err, errlen, "conn supports show and flush");
		break;
	case OBJ_STATS:
		if (cmd->verb != VERB_SHOW)
			return errf(err, errlen, "stats supports show");
		break;
	default:
		break;
	}
	if (argc)
		return errf(err, errlen, "unexpected argument \"%s\"", argv[0]);
	return 0;
}

/**
 * ctl_parse_opts() - parse the global options
 * @argc: number of words
 * @argv: the words
 * @opts: filled on success
 * @err: receives a one-line message on failure
 * @errlen: size of @err
 *
 * Return: the index of the first non-option word, or -1 on a usage error.
 */
int ctl_parse_opts(int argc, char **argv, struct ctl_opts *opts, char *err, size_t errlen)
{
	int i;

	memset(opts, 0, sizeof(*opts));
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--"))
			return i + 1;
		if (!strcmp(a, "-j") || !strcmp(a, "-json") || !strcmp(a, "--json")) {
			opts->json = true;
		} else if (!strcmp(a, "-p") || !strcmp(a, "-pretty") || !strcmp(a, "--pretty")) {
			opts->pretty = true;
		} else if (!strcmp(a, "-V") || !strcmp(a, "-Version") || !strcmp(a, "--version")) {
			opts->version = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "-help") || !strcmp(a, "--help")) {
			opts->help = true;
		} else if (!strcmp(a, "-n") || !strcmp(a, "-netns") || !strcmp(a, "--netns")) {
			if (i + 1 >= argc || !argv[i + 1][0])
				return errf(err, errlen, "%s needs a namespace name", a);
			if (strchr(argv[i + 1], '/') || !strcmp(argv[i + 1], ".") ||
			    !strcmp(argv[i + 1], ".."))
				return errf(err, errlen, "invalid namespace name \"%s\"", argv[i + 1]);
			opts->netns = argv[++i];
		} else if (!strcmp(a, "-b") || !strcmp(a, "-batch") || !strcmp(a, "--batch")) {
			if (i + 1 >= argc)
				return errf(err, errlen, "%s needs a file name (or -)", a);
			opts->batch = argv[++i];
		} else {
			return errf(err, errlen, "unknown option \"%s\"", a);
		}
	}
	if (opts->pretty)
		opts->json = opts->json || opts->pretty;
	return i;
}
