// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl identity: generate, load, show, del.
 *
 * The namespace's static X25519 key pair of auth pinned. The private key
 * comes only from a file, is never printed (except by `identity
 * generate`, whose output is a new key) and every buffer that held it is
 * wiped; `show` prints the public key, which peers pin.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <linux/mptcpsec.h>
#include <netlink/genl/genl.h>

#include "keyfile.h"
#include "nl.h"
#include "objects.h"
#include "print.h"

struct nla_policy ctl_identity_attrs[MPTCPSEC_A_IDENTITY_MAX + 1] = {
	[MPTCPSEC_A_IDENTITY_PUBLIC]	= { .minlen = CTL_PUBKEY_LEN, .maxlen = CTL_PUBKEY_LEN },
	[MPTCPSEC_A_IDENTITY_FILE]	= { .type = NLA_STRING, .maxlen = CTL_PATH_MAX },
	[MPTCPSEC_A_IDENTITY_REFS]	= { .type = NLA_U32 },
};

/**
 * ctl_identity_print() - print the reply of identity show
 * @top: top-level attributes of the reply
 * @unused: unused
 *
 * Text:  public-key BASE64 refs 1 file /etc/mptcpsec/identity.key
 * JSON:  {"public_key", "refs", "file" (null when not read from a file)}
 */
int ctl_identity_print(struct nlattr **top, void *unused)
{
	struct nlattr *tb[MPTCPSEC_A_IDENTITY_MAX + 1];
	char pub[CTL_PUBKEY_B64_LEN], file[CTL_PATH_MAX];

	(void)unused;
	if (ctl_nl_nested(tb, MPTCPSEC_A_IDENTITY_MAX, top[MPTCPSEC_A_IDENTITY],
			  ctl_identity_attrs) ||
	    !ctl_attr_pubkey(tb[MPTCPSEC_A_IDENTITY_PUBLIC], pub))
		return -EPROTO;
	ctl_attr_string(tb[MPTCPSEC_A_IDENTITY_FILE], file, sizeof(file));
	print_open_object(NULL);
	print_string("public_key", "public-key %s", pub);
	if (tb[MPTCPSEC_A_IDENTITY_REFS])
		print_uint("refs", " refs %llu", nla_get_u32(tb[MPTCPSEC_A_IDENTITY_REFS]));
	else
		print_string("refs", NULL, NULL);
	print_string("file", " file %s", tb[MPTCPSEC_A_IDENTITY_FILE] ? file : NULL);
	print_close_object();
	print_text("\n");
	return 0;
}

static int identity_generate(void)
{
	uint8_t key[CTL_PUBKEY_LEN];
	char text[CTL_PUBKEY_B64_LEN];
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
	print_string("private_key", "%s\n", text);
	print_close_object();
	print_done();
	ctl_wipe(text, sizeof(text));
	return 0;
}

static int identity_load(const struct ctl_cmd *c)
{
	uint8_t key[CTL_KEY_MAX_LEN];
	char file[CTL_PATH_MAX];
	struct nlattr *nest;
	struct nl_msg *msg;
	size_t len = 0;
	int err;

	if (ctl_read_key_file(c->file, key, &len))
		return 1;
	if (len != CTL_PUBKEY_LEN) {
		ctl_wipe(key, sizeof(key));
		fprintf(stderr, "Error: identity file %s: %zu bytes, an X25519 private key has 32 (make one with 'mptcpsecctl identity generate')\n",
			strcmp(c->file, "-") ? c->file : "standard input", len);
		return 1;
	}
	if (ctl_abs_path(c->file, file, sizeof(file))) {
		ctl_wipe(key, sizeof(key));
		return 1;
	}
	msg = ctl_nl_msg(MPTCPSEC_CMD_IDENTITY_SET, 0);
	nest = msg ? nla_nest_start(msg, MPTCPSEC_A_IDENTITY | NLA_F_NESTED) : NULL;
	err = !nest || nla_put(msg, MPTCPSEC_A_IDENTITY_PRIVATE, CTL_PUBKEY_LEN, key) ||
	      (file[0] && nla_put_string(msg, MPTCPSEC_A_IDENTITY_FILE, file));
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
 * cmd_identity() - run an identity command
 * @c: the parsed command
 *
 * Return: exit status: 0; 1 for an unusable key file; 2 on a kernel error
 * (show without an identity included).
 */
int cmd_identity(const struct ctl_cmd *c)
{
	struct nl_msg *msg;
	int err;

	switch (c->cmd) {
	case CTL_CMD_GENERATE:
		return identity_generate();
	case CTL_CMD_LOAD:
		return identity_load(c);
	case CTL_CMD_DEL:
		msg = ctl_nl_msg(MPTCPSEC_CMD_IDENTITY_DEL, 0);
		if (!msg)
			return ctl_nl_fail(-ENOMEM);
		err = ctl_nl_talk(msg, NULL, NULL);
		return err ? ctl_nl_fail(err) : 0;
	default:
		msg = ctl_nl_msg(MPTCPSEC_CMD_IDENTITY_GET, 0);
		if (!msg)
			return ctl_nl_fail(-ENOMEM);
		err = ctl_nl_talk(msg, ctl_identity_print, NULL);
		if (!err)
			print_done();
		return err ? ctl_nl_fail(err) : 0;
	}
}
