// SPDX-License-Identifier: GPL-2.0
/*
 * Opt-in key log (keylog.h).
 *
 * mptcpsec_net.keylog_portid names the one socket of a namespace that
 * receives keylog messages; 0 when none. It changes with cmpxchg() only
 * (start, stop, the socket's release, a failed send), so the data path
 * reads it without a lock and costs one load when no key log runs.
 */
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "mptcpsec.h"
#include "events.h"
#include "keylog.h"
#include "keysched.h"
#include "netlink_gen.h"

/**
 * mptcpsec_keylog_start() - send the secrets of new subflows to a socket
 * @mn: namespace state
 * @portid: netlink port of the requesting socket
 * @extack: error reporting
 *
 * The caller checked CAP_NET_ADMIN in the initial user namespace.
 *
 * Return: 0, or -EBUSY when another socket already runs a key log.
 */
int mptcpsec_keylog_start(struct mptcpsec_net *mn, u32 portid,
			  struct netlink_ext_ack *extack)
{
	u32 old = cmpxchg(&mn->keylog_portid, 0, portid);

	if (old && old != portid) {
		NL_SET_ERR_MSG_MOD(extack, "a key log already runs in this namespace");
		return -EBUSY;
	}
	pr_warn("key log started by pid %d (%s): secrets of new subflows leave the kernel\n",
		task_pid_nr(current), current->comm);
	return 0;
}

/**
 * mptcpsec_keylog_stop() - stop the key log a socket started
 * @mn: namespace state
 * @portid: netlink port of the requesting socket
 * @extack: error reporting
 *
 * Return: 0, or -ENOENT when that socket runs no key log.
 */
int mptcpsec_keylog_stop(struct mptcpsec_net *mn, u32 portid,
			 struct netlink_ext_ack *extack)
{
	if (!portid || cmpxchg(&mn->keylog_portid, portid, 0) != portid) {
		NL_SET_ERR_MSG_MOD(extack, "this socket runs no key log");
		return -ENOENT;
	}
	pr_info("key log stopped\n");
	return 0;
}

static size_t keylog_size(void)
{
	return nla_total_size(nla_total_size(MPTCPSEC_SESSION_ID_LEN) +
			      nla_total_size(sizeof(u16)) +
			      2 * nla_total_size(16) +
			      2 * nla_total_size(sizeof(u16)) +
			      2 * nla_total_size(MPTCPSEC_KEY_LEN) +
			      2 * nla_total_size(MPTCPSEC_PAD_LEN));
}

static int keylog_fill(struct sk_buff *msg, const struct mptcpsec_subflow *sf,
		       const struct mptcpsec_conn_crypto *cc,
		       const u8 *key_i2r, const u8 *key_r2i, bool initial)
{
	const struct mptcpsec_tuple *t = &sf->tuple;
	bool local_init = sf->role == MPTCPSEC_ROLE_ACTIVE;
	unsigned int alen = mptcpsec_af_addr_len(t->family);
	struct nlattr *nest;

	nest = nla_nest_start(msg, MPTCPSEC_A_KEYLOG);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(msg, MPTCPSEC_A_KEYLOG_SESSION_ID, MPTCPSEC_SESSION_ID_LEN,
		    cc->session_id) ||
	    nla_put_u16(msg, MPTCPSEC_A_KEYLOG_FAMILY, t->family) ||
	    nla_put(msg, MPTCPSEC_A_KEYLOG_INIT_ADDR, alen,
		    local_init ? t->laddr : t->raddr) ||
	    nla_put_u16(msg, MPTCPSEC_A_KEYLOG_INIT_PORT,
			local_init ? t->lport : t->rport) ||
	    nla_put(msg, MPTCPSEC_A_KEYLOG_RESP_ADDR, alen,
		    local_init ? t->raddr : t->laddr) ||
	    nla_put_u16(msg, MPTCPSEC_A_KEYLOG_RESP_PORT,
			local_init ? t->rport : t->lport) ||
	    nla_put(msg, MPTCPSEC_A_KEYLOG_KEY_I2R, MPTCPSEC_KEY_LEN, key_i2r) ||
	    nla_put(msg, MPTCPSEC_A_KEYLOG_KEY_R2I, MPTCPSEC_KEY_LEN, key_r2i) ||
	    (initial &&
	     (nla_put(msg, MPTCPSEC_A_KEYLOG_PAD_A, MPTCPSEC_PAD_LEN, cc->pad_a) ||
	      nla_put(msg, MPTCPSEC_A_KEYLOG_PAD_B, MPTCPSEC_PAD_LEN, cc->pad_b)))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mptcpsec_keylog_sf() - log the secrets of a newly secured subflow
 * @mn: namespace state of the subflow
 * @sf: the subflow
 * @cc: the connection secrets (session ID, key pads)
 * @key_i2r: generation-0 traffic key from the SYN's sender to the other host
 * @key_r2i: generation-0 traffic key of the other direction
 * @initial: the connection's initial subflow: the key pads are logged too
 *
 * Any context; never sleeps. Does nothing (one load) without a key log.
 * A message that cannot be delivered (the socket is gone) ends the log;
 * one lost to a full receive queue is lost.
 */
void mptcpsec_keylog_sf(struct mptcpsec_net *mn,
			const struct mptcpsec_subflow *sf,
			const struct mptcpsec_conn_crypto *cc,
			const u8 *key_i2r, const u8 *key_r2i, bool initial)
{
	u32 portid = READ_ONCE(mn->keylog_portid);
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (!portid)
		return;
	msg = genlmsg_new(keylog_size(), GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &mptcpsec_nl_family, 0, MPTCPSEC_CMD_KEYLOG);
	if (!hdr || keylog_fill(msg, sf, cc, key_i2r, key_r2i, initial)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	rcu_read_lock();
	if (!mptcpsec_nl_live() || READ_ONCE(mn->dying)) {
		rcu_read_unlock();
		nlmsg_free(msg);
		return;
	}
	err = genlmsg_unicast(mn->net, msg, portid);
	rcu_read_unlock();
	if (err == -ECONNREFUSED)
		cmpxchg(&mn->keylog_portid, portid, 0);
}

/* A generic netlink socket closed: end the key log it ran, if any. */
static int keylog_release(struct notifier_block *nb, unsigned long state,
			  void *ptr)
{
	struct netlink_notify *n = ptr;
	struct mptcpsec_net *mn;

	if (state != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;
	mn = mptcpsec_pernet(n->net);
	if (cmpxchg(&mn->keylog_portid, n->portid, 0) == n->portid)
		pr_info("key log stopped (its socket closed)\n");
	return NOTIFY_DONE;
}

static struct notifier_block keylog_nb = {
	.notifier_call = keylog_release,
};

/**
 * mptcpsec_keylog_init() - watch sockets that run a key log
 *
 * Call after the pernet state exists.
 *
 * Return: 0 or a negative errno.
 */
int mptcpsec_keylog_init(void)
{
	return netlink_register_notifier(&keylog_nb);
}

/**
 * mptcpsec_keylog_exit() - stop watching
 */
void mptcpsec_keylog_exit(void)
{
	netlink_unregister_notifier(&keylog_nb);
}
