// SPDX-License-Identifier: GPL-2.0
/*
 * The TCP socket behind a tracked subflow, found by its 4-tuple in the
 * namespace's established hash (never through MPTCP's private state):
 * used to tell whether an idle secured subflow still exists, and to reset
 * secured subflows on request or, from the data path, through a workqueue
 * (a compromised subflow).
 */
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/workqueue.h>
#include <net/inet_hashtables.h>
#include <net/inet6_hashtables.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mptcpsec.h"

/* A reference on the socket of @t, or NULL. Any context. */
static struct sock *tuple_sock(struct net *net, const struct mptcpsec_tuple *t)
{
	struct inet_hashinfo *hinfo = net->ipv4.tcp_death_row.hashinfo;
	struct sock *sk;

	rcu_read_lock();
	if (t->family == AF_INET) {
		__be32 laddr, raddr;

		memcpy(&laddr, t->laddr, 4);
		memcpy(&raddr, t->raddr, 4);
		sk = __inet_lookup_established(net, hinfo, raddr, htons(t->rport),
					       laddr, t->lport, 0, 0);
	} else {
		sk = __inet6_lookup_established(net, hinfo,
						(const struct in6_addr *)t->raddr,
						htons(t->rport),
						(const struct in6_addr *)t->laddr,
						t->lport, 0, 0);
	}
	rcu_read_unlock();
	return sk;
}

/**
 * mptcpsec_sock_alive() - does the subflow's TCP socket still exist
 * @net: the namespace
 * @t: the subflow's tuple
 *
 * Return: true while a socket (established, request or time-wait) holds
 * the tuple.
 */
bool mptcpsec_sock_alive(struct net *net, const struct mptcpsec_tuple *t)
{
	struct sock *sk = tuple_sock(net, t);

	if (!sk)
		return false;
	sock_gen_put(sk);
	return true;
}

/**
 * mptcpsec_sock_reset() - reset the subflow's TCP socket
 * @net: the namespace
 * @t: the subflow's tuple
 *
 * Process context. The stack sends its reset through the egress hook,
 * which protects it while the subflow is still tracked.
 *
 * Return: true if a socket was reset.
 */
bool mptcpsec_sock_reset(struct net *net, const struct mptcpsec_tuple *t)
{
	struct sock *sk = tuple_sock(net, t);
	bool done = false;

	if (!sk)
		return false;
	if (sk->sk_state != TCP_TIME_WAIT) {
		tcp_abort(sk, ECONNABORTED);
		done = true;
	}
	sock_gen_put(sk);
	return done;
}

/* Resets the data path asks for; they need process context. */
static struct workqueue_struct *mptcpsec_wq;

struct reset_work {
	struct work_struct work;
	struct net *net;
	struct mptcpsec_tuple tuple;
};

static void reset_work_fn(struct work_struct *work)
{
	struct reset_work *r = container_of(work, struct reset_work, work);

	mptcpsec_sock_reset(r->net, &r->tuple);
	kfree(r);
}

/**
 * mptcpsec_sock_reset_async() - reset the subflow's TCP socket soon
 * @net: the namespace; namespace exit waits for the reset
 *	(mptcpsec_sock_flush())
 * @t: the subflow's tuple
 *
 * Any context (GFP_ATOMIC).
 *
 * Return: 0, or -ENOMEM.
 */
int mptcpsec_sock_reset_async(struct net *net, const struct mptcpsec_tuple *t)
{
	struct reset_work *r = kzalloc(sizeof(*r), GFP_ATOMIC);

	if (!r)
		return -ENOMEM;
	INIT_WORK(&r->work, reset_work_fn);
	r->net = net;
	r->tuple = *t;
	queue_work(mptcpsec_wq, &r->work);
	return 0;
}

/**
 * mptcpsec_sock_flush() - wait for the resets already asked for
 *
 * Namespace exit calls it after the hooks are gone, so none is added.
 */
void mptcpsec_sock_flush(void)
{
	flush_workqueue(mptcpsec_wq);
}

/**
 * mptcpsec_sock_init() - create the workqueue of deferred resets
 *
 * Return: 0, or -ENOMEM.
 */
int mptcpsec_sock_init(void)
{
	mptcpsec_wq = alloc_workqueue("mptcpsec", 0, 0);
	return mptcpsec_wq ? 0 : -ENOMEM;
}

/**
 * mptcpsec_sock_exit() - run the remaining resets and free the workqueue
 */
void mptcpsec_sock_exit(void)
{
	destroy_workqueue(mptcpsec_wq);
}
