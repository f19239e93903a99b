// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl key: add, replace, del, show, generate.
 *
 * Key material comes only from a file or standard input, never from the
 * command line; it is never printed, and every buffer that held it is
 * wiped (the request included, see ctl_nl_talk()). The one exception is
 * `key generate`, whose output is a new key.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/mptcpsec.h>
#include <netlink/genl/genl.h>

#include "keyfile.h"
#include "nl.h"
#include "objects.h"
#include "print.h"

#define GENERATED_KEY_LEN	32

struct nla_policy ctl_key_attrs[MPTCPSEC_A_KEY_MAX + 1] = {
	[MPTCPSEC_A_KEY_NAME]	= { .type = NLA_STRING, .maxlen = CTL_KEY_NAME_MAX + 1 },
	[MPTCPSEC_A_KEY_SECRET]	= { .minlen = CTL_KEY_MIN_LEN, .maxlen = CTL_KEY_MAX_LEN },
	[MPTCPSEC_A_KEY_LEN]	= { .type = NLA_U32 },
	[MPTCPSEC_A_KEY_REFS]	= { .type = NLA_U32 },
	[MPTCPSEC_A_KEY_FILE]	= { .type = NLA_STRING, .maxlen = CTL_PATH_MAX },
};

/**
 * ctl_read_key_file() - read and decode a key file
 * @path: the file, "-" for standard input
 * @key: receives the key; the caller wipes it
 * @len: receives its length (CTL_KEY_MIN_LEN..CTL_KEY_MAX_LEN)
 *
 * Return: 0, or the exit status 1 with a message printed.
 */
int ctl_read_key_file(const char *path, uint8_t key[CTL_KEY_MAX_LEN], size_t *len)
{
	char text[CTL_KEYFILE_MAX + 1];
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "standard input" : path;
	size_t n = 0;
	struct stat st;
	ssize_t r;
	int fd, err;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr, "Error: cannot open key file %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && (st.st_mode & (S_IRGRP | S_IROTH)))
		fprintf(stderr, "Warning: key file %s is readable by group or others (chmod 600 it)\n",
			name);
	do {
		r = read(fd, text + n, sizeof(text) - n);
		if (r > 0)
			n += (size_t)r;
	} while ((r > 0 && n < sizeof(text)) || (r < 0 && errno == EINTR));
	err = r < 0 ? errno : 0;
	if (!is_stdin)
		close(fd);
	if (err) {
		ctl_wipe(text, sizeof(text));
		fprintf(stderr, "Error: cannot read key file %s: %s\n", name, strerror(err));
		return 1;
	}
	err = n > CTL_KEYFILE_MAX ? CTL_KEY_LONG : ctl_key_decode(text, n, key, len);
	ctl_wipe(text, sizeof(text));
	if (err) {
		fprintf(stderr, "Error: key file %s: %s (expected one key of 16 to 64 bytes, base64 or hex)\n",
			name, ctl_key_strerror(err));
		return 1;
	}
	return 0;
}

/**
 * ctl_key_print() - print one key of a key show
 * @top: top-level attributes of the reply
 * @unused: unused
 *
 * Text:  site-a           len 32 refs 1 file /etc/mptcpsec/site-a.key
 * JSON:  {"name", "len", "refs", "file" (null when not read from a file)}
 */
int ctl_key_print(struct nlattr **top, void *unused)
{
	struct nlattr *tb[MPTCPSEC_A_KEY_MAX + 1];
	char name[CTL_KEY_NAME_MAX + 1];

	(void)unused;
	if (ctl_nl_nested(tb, MPTCPSEC_A_KEY_MAX, top[MPTCPSEC_A_KEY], ctl_key_attrs) ||
	    !tb[MPTCPSEC_A_KEY_NAME])
		return -EPROTO;
	ctl_attr_string(tb[MPTCPSEC_A_KEY_NAME], name, sizeof(name));
	print_open_object(NULL);
	print_string("name", "%-16s", name);
	if (tb[MPTCPSEC_A_KEY_LEN])
		print_uint("len", " len %-3llu", nla_get_u32(tb[MPTCPSEC_A_KEY_LEN]));
	else
		print_string("len", NULL, NULL);
	if (tb[MPTCPSEC_A_KEY_REFS])
		print_uint("refs", " refs %llu", nla_get_u32(tb[MPTCPSEC_A_KEY_REFS]));
	else
		print_string("refs", NULL, NULL);
	if (tb[MPTCPSEC_A_KEY_FILE]) {
		char file[CTL_PATH_MAX];

		ctl_attr_string(tb[MPTCPSEC_A_KEY_FILE], file, sizeof(file));
		print_string("file", " file %s", file);
	} else {
		print_string("file", NULL, NULL);
	}
	print_close_object();
	print_text("\n");
	return 0;
}

static int key_generate(void)
{
	uint8_t key[GENERATED_KEY_LEN];
	char text[4 * ((GENERATED_KEY_LEN + 2) / 3) + 1];
	ssize_t r;

	do
		r = getrandom(key, sizeof(key), 0);
	while (r < 0 && errno == EINTR);
	if (r != (ssize_t)sizeof(key)) {
		fprintf(stderr, "Error: getrandom: %s\n", r < 0 ? strerror(errno) : "short read");
		return 2;
	}
	ctl_base64_encode(key, sizeof(key), text, sizeof(text));
	ctl_wipe(key, sizeof(key));
	print_open_object(NULL);
	print_string("key", "%s\n", text);
	print_close_object();
	print_done();
	ctl_wipe(text, sizeof(text));
	return 0;
}

static int key_show(void)
{
	struct nl_msg *msg = ctl_nl_msg(MPTCPSEC_CMD_KEY_GET, NLM_F_DUMP);
	int err;

	if (!msg)
		return ctl_nl_fail(-ENOMEM);
	print_open_array(NULL);
	err = ctl_nl_talk(msg, ctl_key_print, NULL);
	print_close_array();
	print_done();
	return err ? ctl_nl_fail(err) : 0;
}

/**
 * ctl_abs_path() - the absolute form of a file argument
 * @path: the argument; "-" (standard input) gives ""
 * @out: receives the absolute path (symbolic links resolved)
 * @size: room at @out
 *
 * Return: 0, or the exit status 1 with a message printed.
 */
int ctl_abs_path(const char *path, char *out, size_t size)
{
	char buf[PATH_MAX];

	out[0] = '\0';
	if (!strcmp(path, "-"))
		return 0;
	if (!realpath(path, buf)) {
		fprintf(stderr, "Error: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (strlen(buf) >= size) {
		fprintf(stderr, "Error: %s: path too long\n", path);
		return 1;
	}
	strcpy(out, buf);
	return 0;
}

static int key_add(const struct ctl_cmd *c)
{
	uint8_t key[CTL_KEY_MAX_LEN];
	struct nlattr *nest;
	struct nl_msg *msg;
	size_t len = 0;
	int err;

	char file[CTL_PATH_MAX];

	if (ctl_read_key_file(c->file, key, &len))
		return 1;
	/* The absolute path, kept by the kernel for "save" (never the key). */
	if (ctl_abs_path(c->file, file, sizeof(file))) {
		ctl_wipe(key, sizeof(key));
		return 1;
	}
	msg = ctl_nl_msg(MPTCPSEC_CMD_KEY_ADD, NLM_F_CREATE |
			 (c->cmd == CTL_CMD_ADD ? NLM_F_EXCL : NLM_F_REPLACE));
	nest = msg ? nla_nest_start(msg, MPTCPSEC_A_KEY | NLA_F_NESTED) : NULL;
	err = !nest || nla_put_string(msg, MPTCPSEC_A_KEY_NAME, c->key) ||
	      nla_put(msg, MPTCPSEC_A_KEY_SECRET, (int)len, key) ||
	      (file[0] && nla_put_string(msg, MPTCPSEC_A_KEY_FILE, file));
	ctl_wipe(key, sizeof(key));
	if (err) {
		if (msg) {
			memset(nlmsg_data(nlmsg_hdr(msg)), 0,
			       nlmsg_hdr(msg)->nlmsg_len - NLMSG_HDRLEN);
			nlmsg_free(msg);
		}
		return ctl_nl_fail(-ENOMEM);
	}
	nla_nest_end(msg, nest);
	err = ctl_nl_talk(msg, NULL, NULL);
	return err ? ctl_nl_fail(err) : 0;
}

/**
 * cmd_key() - run a key command
 * @c: the parsed command
 *
 * Return: exit status: 0; 1 for an unusable key file; 2 on a kernel error.
 */
int cmd_key(const struct ctl_cmd *c)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	int err;

	switch (c->cmd) {
	case CTL_CMD_ADD:
	case CTL_CMD_REPLACE:
		return key_add(c);
	case CTL_CMD_GENERATE:
		return key_generate();
	case CTL_CMD_DEL:
		msg = ctl_nl_msg(MPTCPSEC_CMD_KEY_DEL, 0);
		nest = msg ? nla_nest_start(msg, MPTCPSEC_A_KEY | NLA_F_NESTED) : NULL;
		if (!nest || nla_put_string(msg, MPTCPSEC_A_KEY_NAME, c->key)) {
			nlmsg_free(msg);
			return ctl_nl_fail(-ENOMEM);
		}
		nla_nest_end(msg, nest);
		err = ctl_nl_talk(msg, NULL, NULL);
		return err ? ctl_nl_fail(err) : 0;
	default:
		return key_show();
	}
}
