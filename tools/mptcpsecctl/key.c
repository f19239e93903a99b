// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl key: add, replace, del, show, generate. Key material comes
 * only from a file or standard input, is wiped after use, and is never
 * printed (except by generate, whose whole purpose is a new key).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/mptcpsec.h>

#include "keyfile.h"
#include "nl.h"
#include "objects.h"
#include "print.h"

static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

/* Read and decode the key file; 0 or exit status 1 with a message. */
static int read_key(const char *path, uint8_t *key, size_t *len)
{
	char text[512];
	size_t n = 0;
	ssize_t r;
	int fd, ret = 0;
	struct stat st;

	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	if (fd < 0) {
		fprintf(stderr, "Error: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (fd != STDIN_FILENO && !fstat(fd, &st) && (st.st_mode & 077))
		fprintf(stderr, "Warning: %s is accessible by group or others (chmod 600)\n",
			path);
	while (n < sizeof(text) && (r = read(fd, text + n, sizeof(text) - n)) > 0)
		n += r;
	if (fd != STDIN_FILENO)
		close(fd);
	if (n == sizeof(text) || ctl_key_decode(text, n, key, len)) {
		fprintf(stderr,
			"Error: %s: expected one key of 16 to 64 bytes, base64 or hex encoded\n",
			path);
		ret = 1;
	}
	wipe(text, sizeof(text));
	return ret;
}

static int print_key(struct nlattr **top, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_KEY_MAX + 1];

	(void)arg;
	if (!top[MPTCPSEC_A_KEY] ||
	    nla_parse_nested(tb, MPTCPSEC_A_KEY_MAX, top[MPTCPSEC_A_KEY], NULL) ||
	    !tb[MPTCPSEC_A_KEY_NAME])
		return -EPROTO;
	out_object_begin(NULL);
	out_str("name", "%s ", nla_get_string(tb[MPTCPSEC_A_KEY_NAME]));
	if (tb[MPTCPSEC_A_KEY_LEN])
		out_u64("len", "len %llu ", nla_get_u32(tb[MPTCPSEC_A_KEY_LEN]));
	if (tb[MPTCPSEC_A_KEY_REFS])
		out_u64("refs", "refs %llu", nla_get_u32(tb[MPTCPSEC_A_KEY_REFS]));
	out_object_end();
	out_text("\n");
	return 0;
}

static int key_generate(void)
{
	uint8_t key[32];
	char text[64];

	if (getrandom(key, sizeof(key), 0) != sizeof(key)) {
		fprintf(stderr, "Error: getrandom: %s\n", strerror(errno));
		return 1;
	}
	ctl_base64_encode(key, sizeof(key), text, sizeof(text));
	printf("%s\n", text);
	wipe(key, sizeof(key));
	wipe(text, sizeof(text));
	return 0;
}

/**
 * cmd_key() - run a key command
 * @c: the parsed command
 *
 * Return: exit status.
 */
int cmd_key(const struct ctl_cmd *c)
{
	uint8_t key[KEY_MAX_LEN + 2];
	struct nl_msg *msg;
	struct nlattr *nest;
	size_t len = 0;
	int err;

	switch (c->verb) {
	case VERB_ADD:
	case VERB_REPLACE:
		if (read_key(c->file, key, &len))
			return 1;
		msg = ctl_nl_msg(MPTCPSEC_CMD_KEY_ADD, NLM_F_CREATE |
				 (c->verb == VERB_ADD ? NLM_F_EXCL : NLM_F_REPLACE));
		if (!msg)
			break;
		nest = nla_nest_start(msg, MPTCPSEC_A_KEY);
		nla_put_string(msg, MPTCPSEC_A_KEY_NAME, c->name);
		nla_put(msg, MPTCPSEC_A_KEY_SECRET, len, key);
		nla_nest_end(msg, nest);
		wipe(key, sizeof(key));
		/* ctl_nl_request() wipes the request buffer before freeing it */
		err = ctl_nl_request(msg, NULL, NULL);
		return err ? ctl_nl_error(err, "key add") : 0;
	case VERB_DEL:
		msg = ctl_nl_msg(MPTCPSEC_CMD_KEY_DEL, 0);
		if (!msg)
			break;
		nest = nla_nest_start(msg, MPTCPSEC_A_KEY);
		nla_put_string(msg, MPTCPSEC_A_KEY_NAME, c->name);
		nla_nest_end(msg, nest);
		err = ctl_nl_request(msg, NULL, NULL);
		return err ? ctl_nl_error(err, "key del") : 0;
	case VERB_GENERATE:
		return key_generate();
	default:
		msg = ctl_nl_msg(MPTCPSEC_CMD_KEY_GET, NLM_F_DUMP);
		if (!msg)
			break;
		out_array_begin(NULL);
		err = ctl_nl_request(msg, print_key, NULL);
		out_array_end();
		out_finish();
		return err ? ctl_nl_error(err, "key show") : 0;
	}
	return ctl_nl_error(-ENOMEM, "key");
}
