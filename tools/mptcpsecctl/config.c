// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl save and restore: a namespace's running configuration
 * (identity, keys, policy) to and from a configuration file (conffile.h).
 *
 * Neither handles key material: save writes the paths the kernel keeps
 * for its keys (a key read from standard input has none and is left
 * out), restore has `key add` and `identity load` read those files.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/mptcpsec.h>
#include <netlink/genl/genl.h>

#include "conffile.h"
#include "keyfile.h"
#include "nl.h"
#include "objects.h"

#define MAX_WORDS	64
/* Room for any line save writes: a quoted path takes up to 5 bytes a byte. */
#define LINE_LEN	(5 * CTL_PATH_MAX + 64)

/* --- save */

struct save {
	FILE *out;		/* the text, in memory until every dump is done */
	unsigned int unsaved;	/* what could not be written as a line */
	char line[LINE_LEN];
};

/* The line of @c, or a comment and a warning saying what was left out. */
static void save_line(struct save *s, const struct ctl_cmd *c, const char *what,
		      const char *why)
{
	if (!why && !ctl_conf_line(c, s->line, sizeof(s->line))) {
		fprintf(s->out, "%s\n", s->line);
		return;
	}
	if (!why)
		why = "not expressible as a configuration line";
	fprintf(s->out, "# %s: %s, not saved\n", what, why);
	fprintf(stderr, "Warning: %s: %s, not saved\n", what, why);
	s->unsaved++;
}

static int save_identity(struct nlattr **top, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_IDENTITY_MAX + 1];
	char file[CTL_PATH_MAX];
	struct save *s = arg;
	struct ctl_cmd c = { .obj = CTL_OBJ_IDENTITY, .cmd = CTL_CMD_LOAD, .file = file };

	if (ctl_nl_nested(tb, MPTCPSEC_A_IDENTITY_MAX, top[MPTCPSEC_A_IDENTITY],
			  ctl_identity_attrs))
		return -EPROTO;
	ctl_attr_string(tb[MPTCPSEC_A_IDENTITY_FILE], file, sizeof(file));
	save_line(s, &c, "identity",
		  tb[MPTCPSEC_A_IDENTITY_FILE] ? NULL : "loaded from standard input");
	return 0;
}

static int save_key(struct nlattr **top, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_KEY_MAX + 1];
	char file[CTL_PATH_MAX], what[CTL_KEY_NAME_MAX + 8];
	struct save *s = arg;
	struct ctl_cmd c = { .obj = CTL_OBJ_KEY, .cmd = CTL_CMD_ADD, .file = file };

	if (ctl_nl_nested(tb, MPTCPSEC_A_KEY_MAX, top[MPTCPSEC_A_KEY], ctl_key_attrs) ||
	    !tb[MPTCPSEC_A_KEY_NAME])
		return -EPROTO;
	ctl_attr_string(tb[MPTCPSEC_A_KEY_NAME], c.key, sizeof(c.key));
	ctl_attr_string(tb[MPTCPSEC_A_KEY_FILE], file, sizeof(file));
	if (!ctl_key_name_valid(c.key))
		return -EPROTO;
	snprintf(what, sizeof(what), "key %s", c.key);
	save_line(s, &c, what, tb[MPTCPSEC_A_KEY_FILE] ? NULL : "loaded from standard input");
	return 0;
}

static int save_policy(struct nlattr **top, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_POLICY_MAX + 1];
	char addr[INET6_ADDRSTRLEN], what[INET6_ADDRSTRLEN + 16];
	struct save *s = arg;
	struct ctl_cmd c = { .obj = CTL_OBJ_POLICY, .cmd = CTL_CMD_ADD };

	if (ctl_nl_nested(tb, MPTCPSEC_A_POLICY_MAX, top[MPTCPSEC_A_POLICY], ctl_policy_attrs) ||
	    !tb[MPTCPSEC_A_POLICY_MODE] || !tb[MPTCPSEC_A_POLICY_PREFIXLEN] ||
	    ctl_attr_addr(tb[MPTCPSEC_A_POLICY_FAMILY], tb[MPTCPSEC_A_POLICY_ADDR],
			  addr, sizeof(addr)))
		return -EPROTO;
	c.prefix.family = nla_get_u16(tb[MPTCPSEC_A_POLICY_FAMILY]);
	memcpy(c.prefix.addr, nla_data(tb[MPTCPSEC_A_POLICY_ADDR]),
	       (size_t)nla_len(tb[MPTCPSEC_A_POLICY_ADDR]));
	c.prefix.len = nla_get_u8(tb[MPTCPSEC_A_POLICY_PREFIXLEN]);
	c.has_port = tb[MPTCPSEC_A_POLICY_PORT_MIN] && tb[MPTCPSEC_A_POLICY_PORT_MAX];
	c.port_min = (uint16_t)ctl_attr_u16(tb[MPTCPSEC_A_POLICY_PORT_MIN], 0);
	c.port_max = (uint16_t)ctl_attr_u16(tb[MPTCPSEC_A_POLICY_PORT_MAX], 65535);
	c.mode = ctl_attr_u8(tb[MPTCPSEC_A_POLICY_MODE], 0);
	c.auth = ctl_attr_u8(tb[MPTCPSEC_A_POLICY_AUTH], MPTCPSEC_AUTH_NONE);
	ctl_attr_string(tb[MPTCPSEC_A_POLICY_KEY_NAME], c.key, sizeof(c.key));
	if (tb[MPTCPSEC_A_POLICY_PEER_KEY])
		memcpy(c.peer_key, nla_data(tb[MPTCPSEC_A_POLICY_PEER_KEY]), CTL_PUBKEY_LEN);
	else if (c.auth == MPTCPSEC_AUTH_PINNED)
		return -EPROTO;
	snprintf(what, sizeof(what), "policy %s/%u", addr, c.prefix.len);
	save_line(s, &c, what, NULL);
	return 0;
}

/* A dump (or get) whose replies go to @cb; reports a failure, exit status 2. */
static int save_dump(uint8_t cmd, int flags, ctl_nl_cb cb, struct save *s, bool none_ok)
{
	struct nl_msg *msg = ctl_nl_msg(cmd, flags);
	int err;

	if (!msg)
		return ctl_nl_fail(-ENOMEM);
	err = ctl_nl_talk(msg, cb, s);
	if (err == -ENOENT && none_ok)
		return 0;
	return err ? ctl_nl_fail(err) : 0;
}

/* Write @text to @path.tmp (0600), flush it to disk, rename it over @path. */
static int write_atomic(const char *path, const char *text, size_t len)
{
	char tmp[PATH_MAX], dir[PATH_MAX], *slash;
	size_t off = 0;
	ssize_t w;
	int fd, dfd;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		fprintf(stderr, "Error: %s: path too long\n", path);
		return 1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "Error: cannot create %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	/* a leftover file of another mode keeps it: set it */
	if (fchmod(fd, 0600))
		goto fail;
	while (off < len) {
		w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		off += (size_t)w;
	}
	if (fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail;
	/* the rename itself reaches the disk with the directory */
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	fprintf(stderr, "Error: cannot write %s: %s\n", tmp, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return 1;
}

/**
 * cmd_save() - write the running configuration as a configuration file
 * @c: the parsed command; @c->file is the file, NULL or "-" for standard
 *	output
 *
 * The header, the identity, every key (key add NAME file PATH, in the
 * kernel's order) and every policy entry (policy add, in match order).
 * Nothing is written unless every dump succeeded. What cannot be saved (a
 * key read from standard input) is a comment line and a warning.
 *
 * Return: exit status: 0; 1 when something was not saved or the file
 * could not be written; 2 on a kernel or netlink error.
 */
int cmd_save(const struct ctl_cmd *c)
{
	struct save *s = calloc(1, sizeof(*s));
	bool to_stdout = !c->file || !strcmp(c->file, "-");
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!s) {
		fprintf(stderr, "Error: %s\n", strerror(ENOMEM));
		return 2;
	}
	s->out = open_memstream(&text, &len);
	if (!s->out) {
		fprintf(stderr, "Error: %s\n", strerror(errno));
		free(s);
		return 2;
	}
	fprintf(s->out, "# mptcpsec configuration, written by mptcpsecctl %s save.\n"
		"# Read back by mptcpsecctl restore; format: mptcpsecctl(8), CONFIGURATION FILE.\n",
		MPTCPSEC_VERSION);
	rc = save_dump(MPTCPSEC_CMD_IDENTITY_GET, 0, save_identity, s, true);
	if (!rc)
		rc = save_dump(MPTCPSEC_CMD_KEY_GET, NLM_F_DUMP, save_key, s, false);
	if (!rc)
		rc = save_dump(MPTCPSEC_CMD_POLICY_GET, NLM_F_DUMP, save_policy, s, false);
	if (fclose(s->out) && !rc) {
		fprintf(stderr, "Error: %s\n", strerror(errno));
		rc = 2;
	}
	if (!rc && to_stdout && fwrite(text, 1, len, stdout) != len) {
		fprintf(stderr, "Error: cannot write the output: %s\n", strerror(errno));
		rc = 2;
	}
	if (!rc && !to_stdout)
		rc = write_atomic(c->file, text, len);
	if (!rc && s->unsaved)
		rc = 1;
	free(text);
	free(s);
	return rc;
}

/* --- restore */

/**
 * struct conf_line - one command of a configuration file
 * @lineno: its line number
 * @text: the line, split in place: @cmd's words point into it
 * @file: @cmd's file argument resolved against the file's directory
 * @cmd: the parsed command (@cmd.file is @file)
 */
struct conf_line {
	unsigned long lineno;
	char *text;
	char *file;
	struct ctl_cmd cmd;
};

struct conf {
	const char *name;	/* as messages show it */
	struct conf_line *lines;
	size_t n, cap;
	unsigned int errors;
};

static void conf_error(struct conf *cf, unsigned long lineno, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void conf_error(struct conf *cf, unsigned long lineno, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%lu: ", cf->name, lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cf->errors++;
}

/*
 * A key file restore can read: a regular file holding one key (of
 * CTL_PUBKEY_LEN bytes for an @identity). The command reads it again when
 * it runs; nothing read here is kept.
 */
static int check_key_file(struct conf *cf, const struct conf_line *l, bool identity)
{
	const char *kind = identity ? "identity file" : "key file";
	char text[CTL_KEYFILE_MAX + 1];
	uint8_t key[CTL_KEY_MAX_LEN];
	size_t n = 0, len = 0;
	struct stat st;
	ssize_t r;
	int fd, err;

	fd = open(l->file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		conf_error(cf, l->lineno, "%s %s: %s", kind, l->file, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		conf_error(cf, l->lineno, "%s %s: not a regular file", kind, l->file);
		return -1;
	}
	do {
		r = read(fd, text + n, sizeof(text) - n);
		if (r > 0)
			n += (size_t)r;
	} while ((r > 0 && n < sizeof(text)) || (r < 0 && errno == EINTR));
	err = r < 0 ? errno : 0;
	close(fd);
	if (err) {
		ctl_wipe(text, sizeof(text));
		conf_error(cf, l->lineno, "%s %s: %s", kind, l->file, strerror(err));
		return -1;
	}
	err = n > CTL_KEYFILE_MAX ? CTL_KEY_LONG : ctl_key_decode(text, n, key, &len);
	ctl_wipe(text, sizeof(text));
	ctl_wipe(key, sizeof(key));
	if (err) {
		conf_error(cf, l->lineno, "%s %s: %s", kind, l->file, ctl_key_strerror(err));
		return -1;
	}
	if (identity && len != CTL_PUBKEY_LEN) {
		conf_error(cf, l->lineno, "identity file %s: %zu bytes, an X25519 private key has %d",
			   l->file, len, CTL_PUBKEY_LEN);
		return -1;
	}
	return 0;
}

/*
 * What the kernel would refuse once the configuration is cleared: a
 * second add of a key or entry, a psk key or a pinned identity that no
 * line above provides. Checked here, so that a bad file changes nothing.
 */
static void check_refs(struct conf *cf, const struct conf_line *l)
{
	const struct ctl_cmd *c = &l->cmd, *p;
	bool key_seen = false, identity_seen = false;
	size_t i;

	for (i = 0; i < cf->n; i++) {
		p = &cf->lines[i].cmd;
		if (p->obj == CTL_OBJ_IDENTITY)
			identity_seen = true;
		if (c->obj == CTL_OBJ_KEY && c->cmd == CTL_CMD_ADD && p->obj == CTL_OBJ_KEY &&
		    !strcmp(p->key, c->key)) {
			conf_error(cf, l->lineno,
				   "key %s is defined on line %lu already (key replace overwrites it)",
				   c->key, cf->lines[i].lineno);
			return;
		}
		if (c->obj == CTL_OBJ_POLICY && c->cmd == CTL_CMD_ADD &&
		    p->obj == CTL_OBJ_POLICY && ctl_conf_same_entry(p, c)) {
			conf_error(cf, l->lineno,
				   "the entry for this prefix and port range is defined on line %lu already (policy replace overwrites it)",
				   cf->lines[i].lineno);
			return;
		}
		if (p->obj == CTL_OBJ_KEY && !strcmp(p->key, c->key))
			key_seen = true;
	}
	if (c->obj != CTL_OBJ_POLICY)
		return;
	if (c->auth == MPTCPSEC_AUTH_PSK && !key_seen)
		conf_error(cf, l->lineno,
			   "auth psk %s: no line above defines key %s (key add %s file PATH)",
			   c->key, c->key, c->key);
	if (c->auth == MPTCPSEC_AUTH_PINNED && !identity_seen)
		conf_error(cf, l->lineno,
			   "auth pinned needs an identity: no identity load line above");
}

/* Split, parse and check one line; a command is added to @cf->lines. */
static void conf_add(struct conf *cf, char *text, unsigned long lineno)
{
	char *words[MAX_WORDS], err[256], path[PATH_MAX];
	struct conf_line *l;
	int n;

	n = ctl_split_line(text, words, MAX_WORDS, err, sizeof(err));
	if (n <= 0) {
		if (n < 0)
			conf_error(cf, lineno, "%s", err);
		free(text);
		return;
	}
	if (cf->n == cf->cap) {
		size_t cap = cf->cap ? 2 * cf->cap : 16;
		struct conf_line *p = realloc(cf->lines, cap * sizeof(*p));

		if (!p) {
			conf_error(cf, lineno, "%s", strerror(ENOMEM));
			free(text);
			return;
		}
		cf->lines = p;
		cf->cap = cap;
	}
	l = &cf->lines[cf->n];
	memset(l, 0, sizeof(*l));
	l->lineno = lineno;
	l->text = text;
	if (ctl_parse_cmd(n, words, &l->cmd, err, sizeof(err)) ||
	    ctl_conf_allowed(&l->cmd, err, sizeof(err))) {
		conf_error(cf, lineno, "%s", err);
		free(text);
		return;
	}
	if (l->cmd.file) {
		if (ctl_conf_resolve(cf->name, l->cmd.file, path, sizeof(path))) {
			conf_error(cf, lineno, "%s: path too long", l->cmd.file);
			free(text);
			return;
		}
		l->file = strdup(path);
		if (!l->file) {
			conf_error(cf, lineno, "%s", strerror(ENOMEM));
			free(text);
			return;
		}
		l->cmd.file = l->file;
		/* kept even when bad: later lines may name it */
		check_key_file(cf, l, l->cmd.obj == CTL_OBJ_IDENTITY);
	}
	check_refs(cf, l);
	cf->n++;
}

static void conf_free(struct conf *cf)
{
	size_t i;

	for (i = 0; i < cf->n; i++) {
		free(cf->lines[i].text);
		free(cf->lines[i].file);
	}
	free(cf->lines);
}

/* Read and check every line of @path; 0 when all are good, else 1. */
static int conf_read(struct conf *cf, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	unsigned long lineno = 0;
	char *line = NULL;
	size_t cap = 0;

	cf->name = path;
	if (!f) {
		fprintf(stderr, "Error: cannot open configuration file %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	while (getline(&line, &cap, f) >= 0) {
		conf_add(cf, line, ++lineno);
		line = NULL;
		cap = 0;
	}
	free(line);
	if (ferror(f)) {
		fprintf(stderr, "Error: cannot read configuration file %s: %s\n", path,
			strerror(errno));
		cf->errors++;
	}
	if (f != stdin)
		fclose(f);
	return cf->errors ? 1 : 0;
}

struct key_names {
	char (*names)[CTL_KEY_NAME_MAX + 1];
	size_t n;
};

static int collect_key(struct nlattr **top, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_KEY_MAX + 1];
	struct key_names *k = arg;
	void *p;

	if (ctl_nl_nested(tb, MPTCPSEC_A_KEY_MAX, top[MPTCPSEC_A_KEY], ctl_key_attrs) ||
	    !tb[MPTCPSEC_A_KEY_NAME])
		return -EPROTO;
	p = realloc(k->names, (k->n + 1) * sizeof(*k->names));
	if (!p)
		return -ENOMEM;
	k->names = p;
	ctl_attr_string(tb[MPTCPSEC_A_KEY_NAME], k->names[k->n], sizeof(*k->names));
	k->n++;
	return 0;
}

/* Policy flush, every key deleted, the identity deleted. */
static int clear_config(void)
{
	struct ctl_cmd c = { .obj = CTL_OBJ_POLICY, .cmd = CTL_CMD_FLUSH };
	struct key_names k = { 0 };
	struct nl_msg *msg;
	size_t i;
	int rc, err;

	rc = cmd_policy(&c);
	if (rc)
		return rc;
	msg = ctl_nl_msg(MPTCPSEC_CMD_KEY_GET, NLM_F_DUMP);
	if (!msg)
		return ctl_nl_fail(-ENOMEM);
	err = ctl_nl_talk(msg, collect_key, &k);
	if (err) {
		free(k.names);
		return ctl_nl_fail(err);
	}
	c.obj = CTL_OBJ_KEY;
	c.cmd = CTL_CMD_DEL;
	for (i = 0; i < k.n && !rc; i++) {
		snprintf(c.key, sizeof(c.key), "%s", k.names[i]);
		rc = cmd_key(&c);
	}
	free(k.names);
	if (rc)
		return rc;
	msg = ctl_nl_msg(MPTCPSEC_CMD_IDENTITY_DEL, 0);
	if (!msg)
		return ctl_nl_fail(-ENOMEM);
	err = ctl_nl_talk(msg, NULL, NULL);
	return err && err != -ENOENT ? ctl_nl_fail(err) : 0;
}

/*
 * Run one line. What the command prints on standard error ("Error: " and
 * the kernel's message, a warning about a key file) is caught and printed
 * again after FILE:LINE, so that every message names its line.
 */
static int apply_line(const struct conf *cf, const struct conf_line *l)
{
	FILE *saved = stderr, *mem;
	char *buf = NULL, *p, *nl;
	size_t len = 0;
	int rc;

	mem = open_memstream(&buf, &len);
	if (mem)
		stderr = mem;
	switch (l->cmd.obj) {
	case CTL_OBJ_POLICY:
		rc = cmd_policy(&l->cmd);
		break;
	case CTL_OBJ_KEY:
		rc = cmd_key(&l->cmd);
		break;
	default:
		rc = cmd_identity(&l->cmd);
		break;
	}
	if (!mem)
		return rc;
	stderr = saved;
	fclose(mem);
	for (p = buf; p && *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(p, "Error: ", 7))
			p += 7;
		fprintf(stderr, "%s:%lu: %s\n", cf->name, l->lineno, p);
	}
	free(buf);
	return rc;
}

/**
 * cmd_restore() - replace the running configuration with a file's
 * @c: the parsed command; @c->file is the file, NULL for $MPTCPSEC_CONF,
 *	else CTL_CONF_DEFAULT ("-": standard input)
 *
 * Every line is read and checked first (syntax, allowed commands, key
 * files readable and well-formed, no duplicate add, every psk key and
 * pinned identity defined above its use); any problem is reported as
 * FILE:LINE: and nothing is sent to the kernel. Then the policy is
 * flushed, every key and the identity are deleted and the lines are run
 * in order, up to the first that fails.
 *
 * Return: exit status: 0; 1 for a file that is missing or wrong (nothing
 * changed) or a key file that became unusable; 2 on a kernel or netlink
 * error (the lines before the failing one are in force).
 */
int cmd_restore(const struct ctl_cmd *c)
{
	const char *path = ctl_conf_path(c->file, getenv(CTL_CONF_ENV));
	struct conf cf = { 0 };
	size_t i;
	int rc;

	rc = conf_read(&cf, path);
	if (rc) {
		conf_free(&cf);
		return rc;
	}
	rc = ctl_nl_open();
	if (rc == CTL_NL_NOT_LOADED) {
		conf_free(&cf);
		return ctl_nl_not_loaded();
	}
	if (rc) {
		fprintf(stderr, "Error: cannot open a generic netlink socket: %s\n",
			strerror(-rc));
		conf_free(&cf);
		return 2;
	}
	rc = clear_config();
	for (i = 0; i < cf.n && !rc; i++)
		rc = apply_line(&cf, &cf.lines[i]);
	conf_free(&cf);
	return rc;
}
