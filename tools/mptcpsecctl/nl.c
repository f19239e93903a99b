// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing: resolve the family, send a request asking for
 * an ACK with extended attributes (NETLINK_EXT_ACK), hand every reply to a
 * callback, and turn failures into "Error: <kernel's message>".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/mptcpsec.h>
#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "keyfile.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK	10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK	11
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS	0x200
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED	0x100
#endif

/* Large enough for any dump message the kernel builds for this reader. */
#define RECV_BUF_SIZE	(64 * 1024)

static struct nl_sock *sk;
static int family;
/* The kernel's extack message of the last failed request, or "". */
static char extack[256];
/* A local description of the last failure (libnl, malformed reply), or "". */
static char local_err[128];

static struct nla_policy root_policy[MPTCPSEC_A_MAX + 1] = {
	[MPTCPSEC_A_VERSION]		= { .type = NLA_STRING, .maxlen = 64 },
	[MPTCPSEC_A_DEFAULT_MODE]	= { .type = NLA_U8 },
	[MPTCPSEC_A_POLICY]		= { .type = NLA_NESTED },
	[MPTCPSEC_A_KEY]		= { .type = NLA_NESTED },
	[MPTCPSEC_A_CONN]		= { .type = NLA_NESTED },
	[MPTCPSEC_A_STATS]		= { .type = NLA_NESTED },
	[MPTCPSEC_A_EVENT]		= { .type = NLA_U8 },
	[MPTCPSEC_A_EVENT_ARG]		= { .type = NLA_U64 },
	[MPTCPSEC_A_IDENTITY]		= { .type = NLA_NESTED },
	[MPTCPSEC_A_KEYLOG]		= { .type = NLA_NESTED },
};

/**
 * ctl_nl_parse() - the top-level attributes of one message of the family
 * @h: the message: a reply or an event
 * @tb: receives MPTCPSEC_A_MAX + 1 attribute pointers
 *
 * Every reply and event goes through here, with the one root policy.
 *
 * Return: 0, or a negative libnl error for a malformed message.
 */
int ctl_nl_parse(struct nlmsghdr *h, struct nlattr **tb)
{
	return genlmsg_parse(h, 0, tb, MPTCPSEC_A_MAX, root_policy);
}

/* Receive buffer of a monitor: room for bursts (a flush, a timeout sweep). */
#define MONITOR_RCVBUF	(1024 * 1024)

/**
 * ctl_nl_open() - open a generic netlink socket and resolve the family
 *
 * Return: 0; CTL_NL_NOT_LOADED when the family "mptcpsec" is not
 * registered; or a negative errno when no socket could be opened.
 */
int ctl_nl_open(void)
{
	int one = 1, err;

	if (sk)
		return 0;
	errno = 0;
	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	err = genl_connect(sk);
	if (err) {
		err = errno ? errno : ECONNREFUSED;
		nl_socket_free(sk);
		sk = NULL;
		return -err;
	}
	/*
	 * Extended ACKs carry the kernel's error messages (best effort: 4.12
	 * and later). Capped ACKs do not echo the request back, so a refused
	 * key-add does not bring its secret back into this process.
	 */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_enable_msg_peek(sk);
	nl_socket_set_msg_buf_size(sk, RECV_BUF_SIZE);
	family = genl_ctrl_resolve(sk, MPTCPSEC_FAMILY_NAME);
	if (family < 0) {
		ctl_nl_close();
		return CTL_NL_NOT_LOADED;
	}
	return 0;
}

void ctl_nl_close(void)
{
	if (sk)
		nl_socket_free(sk);
	sk = NULL;
}

bool ctl_nl_is_open(void)
{
	return sk != NULL;
}

/**
 * ctl_nl_not_loaded() - report that the module is not loaded
 *
 * Return: the exit status, 2.
 */
int ctl_nl_not_loaded(void)
{
	fprintf(stderr, "mptcpsec module not loaded (modprobe mptcpsec)\n");
	return 2;
}

/**
 * ctl_nl_msg() - a new request of the family
 * @cmd: MPTCPSEC_CMD_*
 * @flags: netlink flags besides NLM_F_REQUEST (NLM_F_DUMP, NLM_F_CREATE, ...)
 *
 * Return: the message, or NULL when out of memory.
 */
struct nl_msg *ctl_nl_msg(uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd,
			 MPTCPSEC_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct talk {
	ctl_nl_cb cb;
	void *arg;
	int err;
	bool done;
};

/* Pull NLMSGERR_ATTR_MSG out of the TLVs that follow an error at @off. */
static void parse_extack(const struct nlmsghdr *h, size_t off)
{
	const struct nlattr *a;
	int rem;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) || NLMSG_ALIGN(off) >= h->nlmsg_len)
		return;
	a = (const struct nlattr *)((const char *)h + NLMSG_ALIGN(off));
	rem = (int)(h->nlmsg_len - NLMSG_ALIGN(off));
	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		if (nla_type(a) != NLMSGERR_ATTR_MSG || nla_len(a) < 1)
			continue;
		snprintf(extack, sizeof(extack), "%.*s", nla_len(a), (const char *)nla_data(a));
		extack[strcspn(extack, "\n")] = '\0';
	}
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct talk *t = arg;
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	(void)who;
	/* Without NLM_F_CAPPED the whole request is echoed before the TLVs. */
	if (!(h->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len > NLMSG_HDRLEN)
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	parse_extack(h, off);
	t->err = e->error ? e->error : -EPROTO;
	t->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;

	(void)msg;
	t->done = true;
	return NL_STOP;
}

/* End of a dump; a dump that failed carries its errno (and extack) here. */
static int on_done(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *h = nlmsg_hdr(msg);
	struct talk *t = arg;
	int err;

	t->done = true;
	if (h->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		memcpy(&err, NLMSG_DATA(h), sizeof(err));
		if (err < 0) {
			parse_extack(h, NLMSG_HDRLEN + sizeof(int));
			t->err = err;
		}
	}
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_MAX + 1];
	struct talk *t = arg;
	int err;

	if (ctl_nl_parse(nlmsg_hdr(msg), tb)) {
		snprintf(local_err, sizeof(local_err), "malformed reply from the kernel");
		t->err = -EPROTO;
		return NL_STOP;
	}
	if (t->cb) {
		err = t->cb(tb, t->arg);
		if (err) {
			if (err == -EPROTO && !local_err[0])
				snprintf(local_err, sizeof(local_err),
					 "malformed reply from the kernel");
			t->err = err;
			return NL_STOP;
		}
	}
	return NL_OK;
}

/**
 * ctl_nl_talk() - send a request and process every reply
 * @msg: the request, consumed (wiped: it may hold key material)
 * @cb: called for each reply message, or NULL
 * @arg: passed to @cb
 *
 * Do requests are acknowledged (NLM_F_ACK), dumps end with NLMSG_DONE.
 *
 * Return: 0, or a negative errno; ctl_nl_fail() reports it.
 */
int ctl_nl_talk(struct nl_msg *msg, ctl_nl_cb cb, void *arg)
{
	struct talk t = { .cb = cb, .arg = arg };
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nl_cb *nlcb;
	int err;

	extack[0] = '\0';
	local_err[0] = '\0';
	if (!sk) {
		nlmsg_free(msg);
		return -ENOTCONN;
	}
	err = nl_send_auto(sk, msg);
	memset(nlmsg_data(h), 0, h->nlmsg_len - NLMSG_HDRLEN);
	nlmsg_free(msg);
	if (err < 0) {
		snprintf(local_err, sizeof(local_err), "cannot send the request: %s",
			 nl_geterror(err));
		return -EIO;
	}
	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb)
		return -ENOMEM;
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &t);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_err(nlcb, NL_CB_CUSTOM, on_error, &t);
	while (!t.done && !t.err) {
		err = nl_recvmsgs(sk, nlcb);
		if (err < 0 && !t.err) {
			snprintf(local_err, sizeof(local_err), "%s",
				 err == -NLE_DUMP_INTR ?
				 "the kernel's state changed during the dump, try again" :
				 nl_geterror(err));
			t.err = err == -NLE_DUMP_INTR ? -EAGAIN : -EIO;
		}
	}
	nl_cb_put(nlcb);
	/* Stopped inside a dump: the rest of it must not reach the next request. */
	if (!t.done)
		ctl_nl_close();
	return t.err;
}

/**
 * ctl_nl_extack() - the kernel's message for the last failed request
 *
 * Return: the extack message, or NULL when the kernel sent none (as when
 * genetlink itself refuses a request for lack of CAP_NET_ADMIN).
 */
const char *ctl_nl_extack(void)
{
	return extack[0] ? extack : NULL;
}

/**
 * ctl_nl_fail() - report a failed request on stderr
 * @err: negative errno from ctl_nl_talk()
 *
 * Prints "Error: " and the kernel's extack message, else a local
 * description, else strerror().
 *
 * Return: the exit status of a kernel or netlink error, 2.
 */
int ctl_nl_fail(int err)
{
	if (extack[0])
		fprintf(stderr, "Error: %s\n", extack);
	else if (local_err[0])
		fprintf(stderr, "Error: %s\n", local_err);
	else
		fprintf(stderr, "Error: %s\n", strerror(err < 0 ? -err : err));
	return 2;
}

struct monitor {
	ctl_nl_cb cb;
	void *arg;
	bool unloaded;
};

/* Is @h the controller announcing that the family went away? */
static bool family_deleted(struct nlmsghdr *h)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	char name[GENL_NAMSIZ];

	if (genlmsg_parse(h, 0, tb, CTRL_ATTR_MAX, NULL) || !tb[CTRL_ATTR_FAMILY_NAME])
		return false;
	ctl_attr_string(tb[CTRL_ATTR_FAMILY_NAME], name, sizeof(name));
	return !strcmp(name, MPTCPSEC_FAMILY_NAME);
}

/* Notifications carry sequence number 0: nothing to check. */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_MAX + 1];
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct genlmsghdr *g;
	struct monitor *m = arg;

	if (!genlmsg_valid_hdr(h, 0))
		return NL_SKIP;
	g = nlmsg_data(h);
	if (h->nlmsg_type == GENL_ID_CTRL) {
		if (g->cmd == CTRL_CMD_DELFAMILY && family_deleted(h)) {
			m->unloaded = true;
			return NL_STOP;
		}
		return NL_SKIP;
	}
	if (h->nlmsg_type != family ||
	    (g->cmd != MPTCPSEC_CMD_EVENT && g->cmd != MPTCPSEC_CMD_KEYLOG))
		return NL_SKIP;
	if (ctl_nl_parse(h, tb) || m->cb(tb, m->arg))
		fprintf(stderr, "Warning: malformed event message from the kernel, skipped\n");
	return NL_OK;
}

/**
 * ctl_nl_monitor() - print the family's events until told to stop
 * @cb: called with the top-level attributes of each event message; a
 *	non-zero return means malformed (the event is skipped with a warning)
 * @arg: passed to @cb
 * @stop: set (by a signal handler) to stop
 * @waitmask: signal mask while waiting: the caller blocks the signals that
 *	set @stop, so that none is lost between a check and the wait
 *
 * Joins the multicast group "events" (CAP_NET_ADMIN in the namespace's
 * user namespace), then the controller's "notify" group, to learn when the
 * module goes away. The second join comes last on purpose: once the
 * socket is in any group, it is in the event group (tests rely on it).
 * Lost events (a full receive buffer) are reported on stderr.
 *
 * Return: 0 when stopped, CTL_NL_UNLOADED when the module was unloaded,
 * or a negative errno (ctl_nl_fail() reports it; -EPERM: not allowed).
 */
int ctl_nl_monitor(ctl_nl_cb cb, void *arg, volatile sig_atomic_t *stop,
		   const sigset_t *waitmask)
{
	int grp, err;

	extack[0] = '\0';
	local_err[0] = '\0';
	if (!sk)
		return -ENOTCONN;
	grp = genl_ctrl_resolve_grp(sk, MPTCPSEC_FAMILY_NAME, MPTCPSEC_MCGRP_EVENTS);
	if (grp < 0) {
		snprintf(local_err, sizeof(local_err),
			 "the module has no event group (\"%s\"): %s", MPTCPSEC_MCGRP_EVENTS,
			 nl_geterror(grp));
		return -ENOENT;
	}
	err = nl_socket_add_membership(sk, grp);
	if (err) {
		if (err == -NLE_PERM) {
			snprintf(local_err, sizeof(local_err),
				 "joining the event group needs CAP_NET_ADMIN: %s",
				 strerror(EPERM));
			return -EPERM;
		}
		snprintf(local_err, sizeof(local_err), "cannot join the event group: %s",
			 nl_geterror(err));
		return -EIO;
	}
	return ctl_nl_listen(cb, arg, stop, waitmask);
}

/**
 * ctl_nl_listen() - pass every message the socket receives to a callback
 * @cb: called with the top-level attributes of each message
 * @arg: passed to @cb
 * @stop: set by a signal handler to end the loop
 * @waitmask: signal mask while waiting (the stop signals unblocked)
 *
 * For messages the kernel sends unasked: events of a joined group, or
 * the key log. Ends when @stop is set or the family is unregistered.
 *
 * Return: 0 when stopped, CTL_NL_UNLOADED, or a negative errno.
 */
int ctl_nl_listen(ctl_nl_cb cb, void *arg, volatile sig_atomic_t *stop,
		  const sigset_t *waitmask)
{
	struct monitor m = { .cb = cb, .arg = arg };
	struct pollfd pfd;
	struct nl_cb *nlcb;
	int ctrl, err;

	if (!sk)
		return -ENOTCONN;
	ctrl = genl_ctrl_resolve_grp(sk, "nlctrl", "notify");
	if (ctrl >= 0)
		nl_socket_add_membership(sk, ctrl);
	nl_socket_set_buffer_size(sk, MONITOR_RCVBUF, 0);
	err = nl_socket_set_nonblocking(sk);
	if (err) {
		snprintf(local_err, sizeof(local_err), "%s", nl_geterror(err));
		return -EIO;
	}
	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb)
		return -ENOMEM;
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &m);
	nl_cb_set(nlcb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);

	pfd.fd = nl_socket_get_fd(sk);
	pfd.events = POLLIN;
	err = 0;
	while (!*stop && !m.unloaded) {
		if (ppoll(&pfd, 1, NULL, waitmask) < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		err = nl_recvmsgs(sk, nlcb);
		if (err == -NLE_AGAIN || err >= 0) {
			err = 0;
		} else if (err == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events for this socket. */
			fprintf(stderr, "Warning: events were lost (receive buffer full)\n");
			err = 0;
		} else {
			snprintf(local_err, sizeof(local_err), "cannot receive events: %s",
				 nl_geterror(err));
			err = -EIO;
			break;
		}
	}
	nl_cb_put(nlcb);
	if (!err && m.unloaded)
		return CTL_NL_UNLOADED;
	return err;
}

/**
 * ctl_nl_nested() - parse a nest of a reply, with length validation
 * @tb: receives max + 1 attribute pointers
 * @max: highest attribute type
 * @nest: the nest (may be NULL: failure)
 * @policy: type of each attribute
 *
 * Return: 0, or -EPROTO.
 */
int ctl_nl_nested(struct nlattr **tb, int max, const struct nlattr *nest,
		  struct nla_policy *policy)
{
	if (!nest || nla_parse_nested(tb, max, (struct nlattr *)nest, policy))
		return -EPROTO;
	return 0;
}

/**
 * ctl_attr_string() - copy a string attribute, NUL-terminated and bounded
 * @a: the attribute (NULL gives "")
 * @buf: destination
 * @len: its size
 */
void ctl_attr_string(const struct nlattr *a, char *buf, size_t len)
{
	size_t n = a ? (size_t)nla_len(a) : 0;

	if (!len)
		return;
	if (n && ((const char *)nla_data(a))[n - 1] == '\0')
		n--;
	if (n >= len)
		n = len - 1;
	if (n)
		memcpy(buf, nla_data(a), n);
	buf[n] = '\0';
}

/**
 * ctl_attr_addr() - format an address attribute
 * @fam: u16 address family attribute
 * @addr: 4- or 16-byte address attribute, network order
 * @buf: destination, at least INET6_ADDRSTRLEN
 * @len: its size
 *
 * Return: 0, or -EPROTO if the family is unknown or the length is wrong.
 */
int ctl_attr_addr(const struct nlattr *fam, const struct nlattr *addr,
		  char *buf, size_t len)
{
	int f = fam ? nla_get_u16((struct nlattr *)fam) : 0;
	int alen = f == AF_INET ? 4 : f == AF_INET6 ? 16 : -1;

	if (!addr || nla_len(addr) != alen ||
	    !inet_ntop(f, nla_data(addr), buf, (socklen_t)len))
		return -EPROTO;
	return 0;
}

/* A u8 attribute, or @fallback when absent. */
int ctl_attr_u8(const struct nlattr *a, int fallback)
{
	return a ? nla_get_u8((struct nlattr *)a) : fallback;
}

/* A u16 attribute (a port), or @fallback when absent. */
int ctl_attr_u16(const struct nlattr *a, int fallback)
{
	return a ? nla_get_u16((struct nlattr *)a) : fallback;
}

/*
 * A public key attribute (CTL_PUBKEY_LEN bytes) in base64 in @buf, or
 * NULL when absent or of another length.
 */
const char *ctl_attr_pubkey(const struct nlattr *a, char buf[CTL_PUBKEY_B64_LEN])
{
	if (!a || nla_len(a) != CTL_PUBKEY_LEN)
		return NULL;
	ctl_base64_encode(nla_data(a), CTL_PUBKEY_LEN, buf, CTL_PUBKEY_B64_LEN);
	return buf;
}
