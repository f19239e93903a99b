// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing: resolve the family, send a request, walk the
 * replies, and turn errors into "Error: <extack message>".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/mptcpsec.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static struct nl_sock *sk;
static int family_id;
static char extack_msg[256];

/**
 * ctl_nl_open() - connect and resolve the mptcpsec family
 *
 * Return: 0, NL_NOT_LOADED if the family does not exist, or -errno.
 */
int ctl_nl_open(void)
{
	int one = 1;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	if (genl_connect(sk)) {
		nl_socket_free(sk);
		sk = NULL;
		return -ECONNREFUSED;
	}
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	family_id = genl_ctrl_resolve(sk, MPTCPSEC_FAMILY_NAME);
	if (family_id < 0) {
		ctl_nl_close();
		return NL_NOT_LOADED;
	}
	return 0;
}

void ctl_nl_close(void)
{
	if (sk)
		nl_socket_free(sk);
	sk = NULL;
}

/**
 * ctl_nl_msg() - a new request of the family
 * @cmd: MPTCPSEC_CMD_*
 * @flags: extra netlink flags (NLM_F_DUMP, NLM_F_CREATE, ...)
 */
struct nl_msg *ctl_nl_msg(int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family_id, 0,
			 flags | NLM_F_REQUEST, cmd, MPTCPSEC_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct req_ctx {
	ctl_nl_cb cb;
	void *arg;
	int err;
	int done;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct req_ctx *ctx = arg;
	struct nlattr *tb[MPTCPSEC_A_MAX + 1];
	int err;

	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, MPTCPSEC_A_MAX, NULL);
	if (err) {
		ctx->err = -EPROTO;
		return NL_STOP;
	}
	if (ctx->cb) {
		err = ctx->cb(tb, ctx->arg);
		if (err) {
			ctx->err = err;
			return NL_STOP;
		}
	}
	return NL_OK;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct req_ctx *ctx = arg;

	(void)msg;
	ctx->done = 1;
	return NL_STOP;
}

/* Pull NLMSGERR_ATTR_MSG out of an error message carrying an extack. */
static void parse_extack(struct nlmsgerr *e)
{
	struct nlmsghdr *h = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	struct nlattr *a;
	int rem;

	extack_msg[0] = '\0';
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (off >= h->nlmsg_len)
		return;
	a = (struct nlattr *)((char *)h + NLMSG_ALIGN(off));
	rem = (int)h->nlmsg_len - (int)NLMSG_ALIGN(off);
	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG) {
			snprintf(extack_msg, sizeof(extack_msg), "%.*s",
				 nla_len(a), (const char *)nla_data(a));
			extack_msg[strcspn(extack_msg, "\n")] = '\0';
		}
	}
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req_ctx *ctx = arg;

	(void)nla;
	parse_extack(e);
	ctx->err = e->error;
	ctx->done = 1;
	return NL_STOP;
}

/**
 * ctl_nl_request() - send a request and process every reply
 * @msg: the request (consumed)
 * @cb: called with the parsed top-level attributes of each reply, or NULL
 * @arg: passed to @cb
 *
 * Return: 0, or a negative errno (the kernel's error; see ctl_nl_error()).
 */
int ctl_nl_request(struct nl_msg *msg, ctl_nl_cb cb, void *arg)
{
	struct req_ctx ctx = { .cb = cb, .arg = arg };
	struct nl_cb *nlcb;
	int err;

	extack_msg[0] = '\0';
	/* Dumps end with NLMSG_DONE; every other request asks for an ACK. */
	if (!(nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP))
		nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	err = nl_send_auto(sk, msg);
	/* Requests may carry key material: wipe before freeing. */
	memset(nlmsg_hdr(msg), 0, nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
	if (err < 0)
		return -EIO;
	nlcb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!nlcb)
		return -ENOMEM;
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &ctx);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &ctx);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_finish, &ctx);
	nl_cb_err(nlcb, NL_CB_CUSTOM, on_error, &ctx);
	while (!ctx.done && !ctx.err) {
		err = nl_recvmsgs(sk, nlcb);
		if (err < 0 && !ctx.err) {
			ctx.err = -EIO;
			break;
		}
	}
	nl_cb_put(nlcb);
	return ctx.err;
}

/**
 * ctl_nl_error() - report a failed request on stderr
 * @err: negative errno from ctl_nl_request()
 * @what: what was being done, for errors without an extack message
 *
 * Return: the exit status for a kernel error (2).
 */
int ctl_nl_error(int err, const char *what)
{
	if (extack_msg[0])
		fprintf(stderr, "Error: %s\n", extack_msg);
	else
		fprintf(stderr, "Error: %s: %s\n", what, strerror(-err));
	return 2;
}
