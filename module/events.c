// SPDX-License-Identifier: GPL-2.0
/*
 * Event stream (events.h): every message names one subflow and its
 * connection, from a snapshot taken without the module's locks (fields
 * that change are read with READ_ONCE(), the session ID through the
 * RCU-published connection secrets). Only identifiers and states leave:
 * never a key, a token's preimage or a secret of the key schedule.
 */
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "events.h"
#include "keysched.h"
#include "mptcpsec.h"
#include "netlink_gen.h"

/*
 * The family is registered: set after genl_register_family(), cleared
 * (then a grace period) before genl_unregister_family(). Read under RCU.
 */
static bool events_on;

/*
 * Rate limit of auth-failure events: jiffies of the last one per bucket
 * of subflows (hash of the subflow's address; 0: none yet). Updated with
 * cmpxchg(), so the data path needs no lock. Subflows sharing a bucket
 * share its budget; the count in the next event covers what was skipped.
 */
#define AUTH_EVENT_BUCKETS_BITS	8
static unsigned long auth_event_last[1 << AUTH_EVENT_BUCKETS_BITS];

/**
 * mptcpsec_events_start() - allow events (the family is registered)
 */
void mptcpsec_events_start(void)
{
	WRITE_ONCE(events_on, true);
}

/**
 * mptcpsec_events_stop() - stop events before the family goes away
 *
 * Process context. After it returns no sender uses the family.
 */
void mptcpsec_events_stop(void)
{
	WRITE_ONCE(events_on, false);
	synchronize_rcu();
}

/* Caller holds rcu_read_lock(). Is anybody to be told? */
static bool events_wanted(struct mptcpsec_net *mn)
{
	return READ_ONCE(events_on) && !READ_ONCE(mn->dying) &&
	       genl_has_listeners(&mptcpsec_nl_family, mn->net,
				  MPTCPSEC_NLGRP_EVENTS) > 0;
}

/* True when an auth-failure event of @sf was sent less than a second ago. */
static bool auth_event_limited(const struct mptcpsec_subflow *sf)
{
	unsigned long *slot = &auth_event_last[hash_ptr(sf, AUTH_EVENT_BUCKETS_BITS)];
	unsigned long last = READ_ONCE(*slot);
	unsigned long now = jiffies ?: 1;

	if (last && time_before(now, last + HZ))
		return true;
	/* Lost the race to another CPU: that one reports it. */
	return cmpxchg(slot, last, now) != last;
}

/* Size of an event message (attributes as event_fill() puts them). */
static size_t event_size(void)
{
	size_t sf = nla_total_size(sizeof(u16)) +		/* family */
		    2 * nla_total_size(16) +			/* laddr, raddr */
		    2 * nla_total_size(sizeof(u16)) +		/* lport, rport */
		    5 * nla_total_size(sizeof(u8)) +		/* kind, state, role,
								 * addr-id, security
								 */
		    nla_total_size(0);				/* backup */
	size_t conn = nla_total_size(sizeof(u32)) +		/* id */
		      4 * nla_total_size(sizeof(u8)) +		/* role, mode, security,
								 * suite
								 */
		      nla_total_size(MPTCPSEC_SESSION_ID_LEN) +
		      nla_total_size(sf);

	return nla_total_size(sizeof(u8)) +			/* event */
	       nla_total_size_64bit(sizeof(u64)) +		/* event-arg */
	       nla_total_size(conn);
}

static int subflow_fill(struct sk_buff *msg, const struct mptcpsec_subflow *sf)
{
	struct nlattr *nest = nla_nest_start(msg, MPTCPSEC_A_CONN_SUBFLOW);

	if (!nest)
		return -EMSGSIZE;
	if (mptcpsec_nl_subflow_ids(msg, sf)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Caller holds rcu_read_lock() (the connection secrets). */
static int event_fill(struct sk_buff *msg, const struct mptcpsec_subflow *sf,
		      enum mptcpsec_event ev, u64 arg)
{
	const struct mptcpsec_conn *conn = sf->conn;
	const struct mptcpsec_conn_crypto *cc;
	struct nlattr *nest;
	u8 sec, suite;

	/* The session ID is shown only with the state it is valid for. */
	sec = READ_ONCE(conn->sec);
	suite = READ_ONCE(conn->suite);
	cc = rcu_dereference(conn->secrets);

	if (nla_put_u8(msg, MPTCPSEC_A_EVENT, ev) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_EVENT_ARG, arg, MPTCPSEC_A_PAD))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, MPTCPSEC_A_CONN);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, MPTCPSEC_A_CONN_ID, conn->id) ||
	    nla_put_u8(msg, MPTCPSEC_A_CONN_ROLE, conn->role) ||
	    nla_put_u8(msg, MPTCPSEC_A_CONN_MODE, conn->mode) ||
	    nla_put_u8(msg, MPTCPSEC_A_CONN_SECURITY, sec) ||
	    (suite && nla_put_u8(msg, MPTCPSEC_A_CONN_SUITE, suite)) ||
	    (sec == MPTCPSEC_SECURITY_SECURED && cc &&
	     nla_put(msg, MPTCPSEC_A_CONN_SESSION_ID, MPTCPSEC_SESSION_ID_LEN,
		     cc->session_id)) ||
	    subflow_fill(msg, sf)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static const char *const event_names[] = {
	[MPTCPSEC_EVENT_CONN_SECURED]		= "conn-secured",
	[MPTCPSEC_EVENT_CONN_FALLBACK]		= "conn-fallback",
	[MPTCPSEC_EVENT_CONN_REFUSED]		= "conn-refused",
	[MPTCPSEC_EVENT_CONN_FAILED]		= "conn-failed",
	[MPTCPSEC_EVENT_SUBFLOW_ADDED]		= "subflow-added",
	[MPTCPSEC_EVENT_SUBFLOW_SECURED]	= "subflow-secured",
	[MPTCPSEC_EVENT_SUBFLOW_REMOVED]	= "subflow-removed",
	[MPTCPSEC_EVENT_SUBFLOW_RESET]		= "subflow-reset",
	[MPTCPSEC_EVENT_AUTH_FAILURE]		= "auth-failure",
	[MPTCPSEC_EVENT_REKEY]			= "rekey",
};

/*
 * Dynamic debug: one line per event (handshake outcomes, fallback, auth
 * failure, subflow reset, rekey, ...), off unless enabled through
 * dynamic_debug/control, and rate-limited like every data path log.
 * Identifiers and states only, as in the messages.
 */
static void event_debug(const struct mptcpsec_subflow *sf,
			enum mptcpsec_event ev, u64 arg)
{
	const struct mptcpsec_tuple *t = &sf->tuple;
	const char *name = ev < ARRAY_SIZE(event_names) && event_names[ev] ?
			   event_names[ev] : "unknown";

	if (t->family == MPTCPSEC_AF_INET)
		net_dbg_ratelimited("conn %u %s %pI4:%u -> %pI4:%u arg %llu\n",
				    sf->conn->id, name, t->laddr, t->lport,
				    t->raddr, t->rport, arg);
	else
		net_dbg_ratelimited("conn %u %s [%pI6c]:%u -> [%pI6c]:%u arg %llu\n",
				    sf->conn->id, name, t->laddr, t->lport,
				    t->raddr, t->rport, arg);
}

/**
 * mptcpsec_nl_live() - may messages of the family be sent
 *
 * Caller holds rcu_read_lock() across the check and the send.
 *
 * Return: true between mptcpsec_events_start() and mptcpsec_events_stop().
 */
bool mptcpsec_nl_live(void)
{
	return READ_ONCE(events_on);
}

/* Caller holds rcu_read_lock(). The message, or NULL (not wanted, no memory). */
static struct sk_buff *event_build(struct mptcpsec_net *mn,
				   const struct mptcpsec_subflow *sf,
				   enum mptcpsec_event ev, u64 arg)
{
	struct sk_buff *msg;
	void *hdr;

	event_debug(sf, ev, arg);
	if (!events_wanted(mn))
		return NULL;
	if (ev == MPTCPSEC_EVENT_AUTH_FAILURE && auth_event_limited(sf))
		return NULL;
	msg = genlmsg_new(event_size(), GFP_ATOMIC);
	if (!msg)
		return NULL;
	hdr = genlmsg_put(msg, 0, 0, &mptcpsec_nl_family, 0, MPTCPSEC_CMD_EVENT);
	if (!hdr || event_fill(msg, sf, ev, arg)) {
		nlmsg_free(msg);
		return NULL;
	}
	genlmsg_end(msg, hdr);
	return msg;
}

/* Caller holds rcu_read_lock(). Consumes @msg. */
static void event_send(struct mptcpsec_net *mn, struct sk_buff *msg)
{
	if (!READ_ONCE(events_on)) {
		nlmsg_free(msg);
		return;
	}
	/* No listener left, or a full receive queue: the message is dropped. */
	genlmsg_multicast_netns(&mptcpsec_nl_family, mn->net, msg, 0,
				MPTCPSEC_NLGRP_EVENTS, GFP_ATOMIC);
}

/**
 * mptcpsec_event_sf() - report an event of a subflow to the namespace's listeners
 * @mn: namespace state of the subflow
 * @sf: the subflow (and through it, its connection); valid for the call
 * @ev: what happened
 * @arg: see events.h
 *
 * Any context; never sleeps; takes no lock of the module. See events.h.
 */
void mptcpsec_event_sf(struct mptcpsec_net *mn, const struct mptcpsec_subflow *sf,
		       enum mptcpsec_event ev, u64 arg)
{
	struct sk_buff *msg;

	rcu_read_lock();
	msg = event_build(mn, sf, ev, arg);
	if (msg)
		event_send(mn, msg);
	rcu_read_unlock();
}

/**
 * mptcpsec_event_queue() - build an event message now, send it later
 * @mn: namespace state of the subflow
 * @q: the caller's queue (__skb_queue_head_init(); no lock of its own)
 * @sf: the subflow
 * @ev: what happened
 * @arg: see events.h
 *
 * For callers holding mptcpsec_net.lock: the snapshot is taken under it,
 * the message goes out at mptcpsec_event_flush(). A queue that already
 * holds MPTCPSEC_EVENT_QUEUE_MAX messages is sent first, in order, so a
 * large flush does not pile up memory (sending is safe under the lock).
 */
void mptcpsec_event_queue(struct mptcpsec_net *mn, struct sk_buff_head *q,
			  const struct mptcpsec_subflow *sf,
			  enum mptcpsec_event ev, u64 arg)
{
	struct sk_buff *msg;

	rcu_read_lock();
	msg = event_build(mn, sf, ev, arg);
	rcu_read_unlock();
	if (!msg)
		return;
	if (skb_queue_len(q) >= MPTCPSEC_EVENT_QUEUE_MAX)
		mptcpsec_event_flush(mn, q);
	__skb_queue_tail(q, msg);
}

/**
 * mptcpsec_event_flush() - send the messages of a queue, in order
 * @mn: namespace state the messages belong to
 * @q: the queue; empty afterwards
 */
void mptcpsec_event_flush(struct mptcpsec_net *mn, struct sk_buff_head *q)
{
	struct sk_buff *msg;

	if (skb_queue_empty(q))
		return;
	rcu_read_lock();
	while ((msg = __skb_dequeue(q)))
		event_send(mn, msg);
	rcu_read_unlock();
}
