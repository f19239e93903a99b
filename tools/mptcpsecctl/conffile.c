// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration file of save and restore (pure; see conffile.h).
 *
 * ctl_conf_line() is the inverse of ctl_parse_cmd() for the commands a
 * configuration file may hold: what `save` writes, `restore` parses back
 * into the same command (the unit test checks both directions).
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "conffile.h"
#include "keyfile.h"

/**
 * ctl_conf_path() - the file restore reads
 * @arg: the FILE argument, or NULL
 * @env: the value of $MPTCPSEC_CONF, or NULL
 *
 * Return: @arg if given, else @env if set and not empty, else
 * CTL_CONF_DEFAULT.
 */
const char *ctl_conf_path(const char *arg, const char *env)
{
	if (arg)
		return arg;
	if (env && env[0])
		return env;
	return CTL_CONF_DEFAULT;
}

/**
 * ctl_conf_allowed() - may a configuration file hold this command
 * @cmd: a command ctl_parse_cmd() accepted
 * @err: receives a one-line message when not (may be NULL)
 * @errlen: size of @err
 *
 * Only commands that configure are allowed, and a key only from a file
 * (standard input is not there when the file is restored at boot).
 *
 * Return: 0, or -1.
 */
int ctl_conf_allowed(const struct ctl_cmd *cmd, char *err, size_t errlen)
{
	static const char *const cmds[] = {
		"show", "add", "replace", "del", "get", "flush", "generate", "load", "help" };
	const char *verb = "";
	bool ok, has_cmd = false;

	switch (cmd->obj) {
	case CTL_OBJ_KEY:
	case CTL_OBJ_POLICY:
		ok = cmd->cmd == CTL_CMD_ADD || cmd->cmd == CTL_CMD_REPLACE;
		has_cmd = true;
		break;
	case CTL_OBJ_IDENTITY:
		ok = cmd->cmd == CTL_CMD_LOAD;
		has_cmd = true;
		break;
	default:
		ok = false;
	}
	if (!ok) {
		if (has_cmd && (unsigned int)cmd->cmd < sizeof(cmds) / sizeof(cmds[0]))
			verb = cmds[cmd->cmd];
		if (err && errlen)
			snprintf(err, errlen,
				 "\"%s%s%s\" is not a configuration command (key add|replace, policy add|replace, identity load)",
				 ctl_object_name(cmd->obj), verb[0] ? " " : "", verb);
		return -1;
	}
	if (cmd->file && !strcmp(cmd->file, "-")) {
		if (err && errlen)
			snprintf(err, errlen,
				 "standard input cannot hold a key in a configuration file: use file PATH");
		return -1;
	}
	return 0;
}

/**
 * ctl_conf_resolve() - the path a file argument of a configuration file names
 * @conf: the configuration file's path ("-" for standard input)
 * @file: the argument as written
 * @out: receives the path
 * @size: room at @out
 *
 * An absolute @file stays as is; a relative one is taken relative to the
 * directory of @conf (to the working directory when @conf is "-" or has
 * no directory part).
 *
 * Return: 0, or -1 when the result does not fit.
 */
int ctl_conf_resolve(const char *conf, const char *file, char *out, size_t size)
{
	const char *slash = strcmp(conf, "-") ? strrchr(conf, '/') : NULL;
	size_t dlen = slash ? (size_t)(slash - conf) + 1 : 0;
	int n;

	if (file[0] == '/')
		dlen = 0;
	n = snprintf(out, size, "%.*s%s", (int)dlen, conf, file);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static void policy_range(const struct ctl_cmd *c, unsigned int *lo, unsigned int *hi)
{
	*lo = c->has_port ? c->port_min : 0;
	*hi = c->has_port ? c->port_max : 65535;
}

/**
 * ctl_conf_same_entry() - do two policy commands name the same entry
 * @a: a policy command with a prefix
 * @b: another one
 *
 * The kernel keys entries by prefix and port range; no range is the
 * range 0-65535.
 *
 * Return: true if they do.
 */
bool ctl_conf_same_entry(const struct ctl_cmd *a, const struct ctl_cmd *b)
{
	unsigned int alo, ahi, blo, bhi;

	policy_range(a, &alo, &ahi);
	policy_range(b, &blo, &bhi);
	return a->prefix.family == b->prefix.family && a->prefix.len == b->prefix.len &&
	       !memcmp(a->prefix.addr, b->prefix.addr, sizeof(a->prefix.addr)) &&
	       alo == blo && ahi == bhi;
}

static bool is_plain(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || strchr("/._+,:@%=-", ch);
}

/**
 * ctl_conf_quote() - one word as ctl_split_line() reads it back
 * @word: the word
 * @out: receives it, quoted when needed
 * @size: room at @out
 *
 * A word of letters, digits and / . _ + , : @ % = - is written as is;
 * any other is put in single quotes, a single quote in it as '"'"'.
 *
 * Return: 0, or -1 when @word is empty or holds a newline (no line can
 * carry it) or the result does not fit.
 */
int ctl_conf_quote(const char *word, char *out, size_t size)
{
	size_t i, o = 0;
	bool plain = true;

	if (!word[0] || strchr(word, '\n'))
		return -1;
	for (i = 0; word[i]; i++)
		plain &= is_plain(word[i]);
	if (plain)
		return snprintf(out, size, "%s", word) < (int)size ? 0 : -1;
	if (size < 1)
		return -1;
	out[o++] = '\'';
	for (i = 0; word[i]; i++) {
		/* this piece, then room for the closing quote and the NUL */
		if (o + (word[i] == '\'' ? 5 : 1) + 2 > size)
			return -1;
		if (word[i] == '\'') {
			memcpy(out + o, "'\"'\"'", 5);
			o += 5;
		} else {
			out[o++] = word[i];
		}
	}
	if (o + 2 > size)
		return -1;
	out[o++] = '\'';
	out[o] = '\0';
	return 0;
}

/* Appends to @out at *@o; -1 once it does not fit. */
static int append(char *out, size_t size, size_t *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int append(char *out, size_t size, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*o >= size)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(out + *o, size - *o, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *o)
		return -1;
	*o += (size_t)n;
	return 0;
}

static int policy_line(const struct ctl_cmd *c, char *out, size_t size, size_t *o)
{
	char addr[INET6_ADDRSTRLEN], b64[CTL_PUBKEY_B64_LEN];

	if ((c->prefix.family != AF_INET && c->prefix.family != AF_INET6) ||
	    !inet_ntop(c->prefix.family, c->prefix.addr, addr, sizeof(addr)) ||
	    c->mode < 0 || c->mode >= CTL_N_MODES || c->auth >= CTL_N_AUTHS)
		return -1;
	if (append(out, size, o, " %s/%u", addr, c->prefix.len))
		return -1;
	if (c->has_port && c->port_min == c->port_max &&
	    append(out, size, o, " port %u", c->port_min))
		return -1;
	if (c->has_port && c->port_min != c->port_max &&
	    append(out, size, o, " port %u-%u", c->port_min, c->port_max))
		return -1;
	if (append(out, size, o, " mode %s", ctl_mode_names[c->mode]))
		return -1;
	switch (c->auth) {
	case 1:	/* psk */
		return ctl_key_name_valid(c->key) ?
		       append(out, size, o, " auth psk %s", c->key) : -1;
	case 2:	/* pinned */
		ctl_base64_encode(c->peer_key, CTL_PUBKEY_LEN, b64, sizeof(b64));
		return append(out, size, o, " auth pinned %s", b64);
	default:
		return 0;
	}
}

/**
 * ctl_conf_line() - the configuration file line of a command
 * @cmd: key add|replace, policy add|replace or identity load
 * @out: receives the line, without a newline
 * @size: room at @out
 *
 * ctl_split_line() and ctl_parse_cmd() read the line back into @cmd's
 * command. A policy line writes its prefix with its length, its port
 * range only when there is one, and auth only when not none.
 *
 * Return: 0, or -1 when @cmd cannot be written as a line (another
 * command, an unknown mode or auth, a path holding a newline) or the line
 * does not fit.
 */
int ctl_conf_line(const struct ctl_cmd *cmd, char *out, size_t size)
{
	const char *verb = cmd->cmd == CTL_CMD_REPLACE ? "replace" : "add";
	size_t o = 0;

	if (!size || ctl_conf_allowed(cmd, NULL, 0))
		return -1;
	out[0] = '\0';
	switch (cmd->obj) {
	case CTL_OBJ_POLICY:
		if (append(out, size, &o, "policy %s", verb))
			return -1;
		return policy_line(cmd, out, size, &o);
	case CTL_OBJ_KEY:
		if (!ctl_key_name_valid(cmd->key) || !cmd->file ||
		    append(out, size, &o, "key %s %s file ", verb, cmd->key))
			return -1;
		break;
	default:
		if (!cmd->file || append(out, size, &o, "identity load "))
			return -1;
		break;
	}
	return ctl_conf_quote(cmd->file, out + o, size - o);
}
