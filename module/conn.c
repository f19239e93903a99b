// SPDX-License-Identifier: GPL-2.0
/*
 * Connection table: recognises MPTCP connections and their subflows from
 * the segments the hooks see, and forgets them on close, reset or timeout.
 *
 * Everything comes from parsing packets: an MP_CAPABLE SYN starts a
 * connection, the keys in the MP_CAPABLE SYN-ACK and third ACK give both
 * tokens (SHA-256 of the key, as RFC 8684 defines them), and an MP_JOIN SYN
 * names its connection by the receiver's token. MPTCP's private kernel
 * structures are never read.
 */
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <crypto/sha2.h>

#include "events.h"
#include "mptcpsec.h"
#include "protect.h"

static const struct rhashtable_params subflow_params = {
	.key_len	= sizeof(struct mptcpsec_tuple),
	.key_offset	= offsetof(struct mptcpsec_subflow, tuple),
	.head_offset	= offsetof(struct mptcpsec_subflow, node),
	.automatic_shrinking = true,
};

static const struct rhashtable_params ltoken_params = {
	.key_len	= sizeof(u32),
	.key_offset	= offsetof(struct mptcpsec_conn, ltoken),
	.head_offset	= offsetof(struct mptcpsec_conn, lnode),
	.automatic_shrinking = true,
};

static const struct rhashtable_params rtoken_params = {
	.key_len	= sizeof(u32),
	.key_offset	= offsetof(struct mptcpsec_conn, rtoken),
	.head_offset	= offsetof(struct mptcpsec_conn, rnode),
	.automatic_shrinking = true,
};

/* Token of an MPTCP key: the first 32 bits of SHA-256(key), RFC 8684 3.2. */
static u32 mptcpsec_key_token(u64 key)
{
	u8 digest[SHA256_DIGEST_SIZE];
	__be64 in = cpu_to_be64(key);
	u32 token;

	sha256((const u8 *)&in, sizeof(in), digest);
	token = get_unaligned_be32(digest);
	memzero_explicit(digest, sizeof(digest));
	memzero_explicit(&in, sizeof(in));
	return token;
}

static void conn_free(struct mptcpsec_conn *conn)
{
	bool modref = conn->modref;

	/* The connection holds MPTCP keys and secrets: wipe them. */
	kfree_sensitive(rcu_dereference_protected(conn->secrets, true));
	kfree_sensitive(conn);
	mptcpsec_obj_put(MPTCPSEC_OBJ_CONN);
	/* Module exit waits for this callback (rcu_barrier()). */
	if (modref)
		module_put(THIS_MODULE);
}

static void conn_free_rcu(struct rcu_head *head)
{
	conn_free(container_of(head, struct mptcpsec_conn, rcu));
}

static void subflow_free(struct mptcpsec_subflow *sf)
{
	mptcpsec_sf_crypto_free(rcu_dereference_protected(sf->crypto, true));
	kfree(sf);
	mptcpsec_obj_put(MPTCPSEC_OBJ_SUBFLOW);
}

static void subflow_free_rcu(struct rcu_head *head)
{
	subflow_free(container_of(head, struct mptcpsec_subflow, rcu));
}

/* Caller holds mn->lock. */
static void conn_destroy(struct mptcpsec_net *mn, struct mptcpsec_conn *conn)
{
	if (conn->dead)
		return;
	conn->dead = true;
	if (conn->lindexed)
		rhashtable_remove_fast(&mn->ltokens, &conn->lnode, ltoken_params);
	if (conn->rindexed)
		rhashtable_remove_fast(&mn->rtokens, &conn->rnode, rtoken_params);
	list_del(&conn->list);
	mn->nconns--;
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_CONNS_DESTROYED);
	call_rcu(&conn->rcu, conn_free_rcu);
}

/*
 * Caller holds mn->lock. Destroys the connection with its last subflow.
 * The subflow-removed event goes to @evq, for mptcpsec_event_flush()
 * after the unlock.
 */
static void subflow_destroy(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
			    struct sk_buff_head *evq)
{
	struct mptcpsec_conn *conn = sf->conn;

	if (sf->dead)
		return;
	sf->dead = true;
	mptcpsec_event_queue(mn, evq, sf, MPTCPSEC_EVENT_SUBFLOW_REMOVED, 0);
	mptcpsec_hs_retire_locked(mn, sf);
	rhashtable_remove_fast(&mn->subflows, &sf->node, subflow_params);
	list_del(&sf->conn_list);
	mn->nsubflows--;
	conn->nsubflows--;
	conn->retired[RET_PKTS_IN] += atomic64_read(&sf->pkts_in);
	conn->retired[RET_PKTS_OUT] += atomic64_read(&sf->pkts_out);
	conn->retired[RET_BYTES_IN] += atomic64_read(&sf->bytes_in);
	conn->retired[RET_BYTES_OUT] += atomic64_read(&sf->bytes_out);
	conn->retired[RET_PROTECTED] += atomic64_read(&sf->protected);
	conn->retired[RET_VERIFIED] += atomic64_read(&sf->verified);
	conn->retired[RET_AUTH_FAILURES] += atomic64_read(&sf->auth_failures);
	conn->retired[RET_DROPPED] += atomic64_read(&sf->dropped);
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_SUBFLOWS_DESTROYED);
	call_rcu(&sf->rcu, subflow_free_rcu);
	if (!conn->nsubflows)
		conn_destroy(mn, conn);
}

/* Caller holds mn->lock. Index a key's token; a token clash leaves it unindexed. */
static void conn_set_key(struct mptcpsec_net *mn, struct mptcpsec_conn *conn,
			 bool local, u64 key)
{
	if (local && !conn->has_lkey) {
		conn->lkey = key;
		conn->ltoken = mptcpsec_key_token(key);
		conn->has_lkey = true;
		conn->lindexed = !rhashtable_lookup_insert_fast(&mn->ltokens,
								&conn->lnode,
								ltoken_params);
	} else if (!local && !conn->has_rkey) {
		conn->rkey = key;
		conn->rtoken = mptcpsec_key_token(key);
		conn->has_rkey = true;
		conn->rindexed = !rhashtable_lookup_insert_fast(&mn->rtokens,
								&conn->rnode,
								rtoken_params);
	}
}

static struct mptcpsec_subflow *subflow_alloc(const struct mptcpsec_pkt *pkt,
					      u8 kind)
{
	struct mptcpsec_subflow *sf = kzalloc(sizeof(*sf), GFP_ATOMIC);

	if (!sf)
		return NULL;
	mptcpsec_obj_get(MPTCPSEC_OBJ_SUBFLOW);
	sf->tuple = pkt->tuple;
	sf->kind = kind;
	sf->role = pkt->dir == MPTCPSEC_DIR_OUT ? MPTCPSEC_ROLE_ACTIVE :
						  MPTCPSEC_ROLE_PASSIVE;
	sf->state = MPTCPSEC_STATE_SYN_SENT;
	sf->last_seen = jiffies;
	INIT_LIST_HEAD(&sf->conn_list);
	return sf;
}

/* Caller holds mn->lock. Returns 0 or a negative errno (sf not consumed). */
static int subflow_insert(struct mptcpsec_net *mn, struct mptcpsec_conn *conn,
			  struct mptcpsec_subflow *sf)
{
	int err;

	if (mn->nsubflows >= READ_ONCE(mptcpsec_max_subflows)) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_TABLE_FULL);
		return -ENOSPC;
	}
	err = rhashtable_lookup_insert_fast(&mn->subflows, &sf->node,
					    subflow_params);
	if (err) {
		/* Not a duplicate: the table could not grow in time. */
		if (err != -EEXIST)
			MPTCPSEC_INC(mn, MPTCPSEC_STAT_TABLE_FULL);
		return err;
	}
	sf->conn = conn;
	list_add_tail(&sf->conn_list, &conn->subflows);
	conn->nsubflows++;
	mn->nsubflows++;
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_SUBFLOWS_CREATED);
	return 0;
}

/* An MP_CAPABLE SYN: a new connection with its initial subflow. */
static void track_mpc_syn(struct mptcpsec_net *mn, struct mptcpsec_pkt *pkt)
{
	const struct mptcpsec_tuple *t = &pkt->tuple;
	struct mptcpsec_policy_entry pol;
	struct mptcpsec_subflow *sf;
	struct mptcpsec_conn *conn;
	struct sk_buff_head evq;

	/* The policy that applies is the one for the remote end. */
	mptcpsec_policy_resolve(mn, t->family, t->raddr, t->rport, &pol);

	sf = subflow_alloc(pkt, MPTCPSEC_KIND_MP_CAPABLE);
	conn = kzalloc(sizeof(*conn), GFP_ATOMIC);
	if (conn)
		mptcpsec_obj_get(MPTCPSEC_OBJ_CONN);
	if (!sf || !conn)
		goto out_free;
	INIT_LIST_HEAD(&conn->subflows);
	conn->role = sf->role;
	conn->mode = pol.mode;
	conn->auth = pol.auth;
	/* The whole union: a PSK name or a pinned peer key. */
	memcpy(conn->key_name, pol.key_name, sizeof(conn->key_name));
	conn->created = jiffies;

	spin_lock_bh(&mn->lock);
	if (subflow_insert(mn, conn, sf)) {
		spin_unlock_bh(&mn->lock);
		goto out_free;
	}
	conn->id = ++mn->next_id;
	list_add_tail(&conn->list, &mn->conns);
	mn->nconns++;
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_CONNS_CREATED);
	pkt->sf = sf;
	__skb_queue_head_init(&evq);
	mptcpsec_event_queue(mn, &evq, sf, MPTCPSEC_EVENT_SUBFLOW_ADDED, 0);
	spin_unlock_bh(&mn->lock);
	mptcpsec_event_flush(mn, &evq);
	return;

out_free:
	if (sf)
		subflow_free(sf);
	if (conn)
		conn_free(conn);
}

/* An MP_JOIN SYN: a new subflow of the connection its token names. */
static void track_mpj_syn(struct mptcpsec_net *mn, struct mptcpsec_pkt *pkt)
{
	bool out = pkt->dir == MPTCPSEC_DIR_OUT;
	u32 token = pkt->opts.mpj.token;
	struct mptcpsec_subflow *sf;
	struct mptcpsec_conn *conn;
	struct sk_buff_head evq;

	sf = subflow_alloc(pkt, MPTCPSEC_KIND_MP_JOIN);
	if (!sf)
		return;
	sf->addr_id = pkt->opts.mpj.addr_id;
	sf->backup = pkt->opts.mpj.backup;

	spin_lock_bh(&mn->lock);
	/* Outgoing joins name the peer's token, incoming ones ours. */
	if (out)
		conn = rhashtable_lookup_fast(&mn->rtokens, &token, rtoken_params);
	else
		conn = rhashtable_lookup_fast(&mn->ltokens, &token, ltoken_params);
	if (!conn || conn->dead) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_JOINS_UNKNOWN);
		goto out_unlock;
	}
	if (rcu_access_pointer(conn->secrets)) {
		/* A join of a secured connection is secured too (join.c). */
		sf->sec = MPTCPSEC_SECURITY_NEGOTIATING;
	} else if (conn->sec == MPTCPSEC_SECURITY_NEGOTIATING) {
		/* No keys yet to protect it with: it must not pass. */
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_UNPROTECTED);
		pkt->drop = true;
		goto out_unlock;
	}
	if (subflow_insert(mn, conn, sf))
		goto out_unlock;
	pkt->sf = sf;
	MPTCPSEC_INC(mn, MPTCPSEC_STAT_JOINS_MATCHED);
	__skb_queue_head_init(&evq);
	mptcpsec_event_queue(mn, &evq, sf, MPTCPSEC_EVENT_SUBFLOW_ADDED, 0);
	spin_unlock_bh(&mn->lock);
	mptcpsec_event_flush(mn, &evq);
	return;

out_unlock:
	spin_unlock_bh(&mn->lock);
	subflow_free(sf);
}

static void subflow_close(struct mptcpsec_subflow *sf)
{
	sf->state = MPTCPSEC_STATE_CLOSED;
	sf->closed_at = jiffies;
}

/* A segment of a known subflow: counters, then state changes (locked). */
static void track_known(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
			struct mptcpsec_pkt *pkt)
{
	const struct mptcpsec_tcpopts *o = &pkt->opts;
	bool out = pkt->dir == MPTCPSEC_DIR_OUT;
	bool opts_ok = pkt->opts_parsed && !pkt->opts_err;
	struct mptcpsec_conn *conn = sf->conn;
	u8 state = READ_ONCE(sf->state);
	struct sk_buff_head evq;
	bool need_keys;

	WRITE_ONCE(sf->last_seen, jiffies);
	atomic64_add(pkt->segs, out ? &sf->pkts_out : &sf->pkts_in);
	atomic64_add(pkt->payload, out ? &sf->bytes_out : &sf->bytes_in);
	if (opts_ok && mptcpsec_tcpopt_has(o, MPTCPSEC_MPTCP_PRIO))
		WRITE_ONCE(sf->backup, o->prio_backup);

	need_keys = opts_ok && mptcpsec_tcpopt_has(o, MPTCPSEC_MPTCP_MPC) &&
		    o->mpc.nkeys &&
		    (!READ_ONCE(conn->has_lkey) || !READ_ONCE(conn->has_rkey));

	/* Fast path: nothing that changes state. */
	if (!pkt->syn && !pkt->fin && !pkt->rst && !need_keys &&
	    state == MPTCPSEC_STATE_ESTABLISHED)
		return;

	__skb_queue_head_init(&evq);
	spin_lock_bh(&mn->lock);
	if (sf->dead)
		goto out_unlock;

	if (pkt->rst) {
		MPTCPSEC_INC(mn, MPTCPSEC_STAT_RESETS_SEEN);
		/*
		 * A secured subflow stays, closed, for close_linger_ms: the
		 * peer's segments still in flight make this host's stack
		 * answer with resets from no socket, and those must leave
		 * protected too; the peer's late segments are still
		 * verified. Anything else is forgotten at once.
		 */
		if (rcu_access_pointer(sf->crypto)) {
			/* An unfinished handshake's state has no use left. */
			mptcpsec_hs_retire_locked(mn, sf);
			if (sf->state != MPTCPSEC_STATE_CLOSED)
				subflow_close(sf);
		} else {
			subflow_destroy(mn, sf, &evq);
		}
		goto out_unlock;
	}

	if (pkt->syn && pkt->ack) {
		/* A SYN-ACK without MPTCP means the peer fell back to TCP. */
		bool mptcp = opts_ok &&
			(sf->kind == MPTCPSEC_KIND_MP_CAPABLE ?
			 mptcpsec_tcpopt_has(o, MPTCPSEC_MPTCP_MPC) :
			 o->mpj.form == MPTCPSEC_MPJ_SYNACK);

		if (!mptcp) {
			subflow_destroy(mn, sf, &evq);
			goto out_unlock;
		}
		if (sf->state == MPTCPSEC_STATE_SYN_SENT)
			sf->state = MPTCPSEC_STATE_SYN_RCVD;
		/* MP_CAPABLE SYN-ACK: the passive side's key. */
		if (o->mpc.nkeys == 1)
			conn_set_key(mn, conn, out, o->mpc.sndr_key);
	} else if (!pkt->syn && pkt->ack &&
		   sf->state == MPTCPSEC_STATE_SYN_RCVD) {
		sf->state = MPTCPSEC_STATE_ESTABLISHED;
	}

	/* Third ACK or first data: the sender's key, then the receiver's. */
	if (need_keys && o->mpc.nkeys == 2 && !pkt->syn) {
		conn_set_key(mn, conn, out, o->mpc.sndr_key);
		conn_set_key(mn, conn, !out, o->mpc.rcvr_key);
	}

	if (pkt->fin) {
		if (out)
			sf->fin_out = true;
		else
			sf->fin_in = true;
		if (sf->fin_in && sf->fin_out) {
			if (sf->state != MPTCPSEC_STATE_CLOSED)
				subflow_close(sf);
		} else if (sf->state != MPTCPSEC_STATE_CLOSED) {
			sf->state = MPTCPSEC_STATE_CLOSING;
		}
	}
out_unlock:
	spin_unlock_bh(&mn->lock);
	mptcpsec_event_flush(mn, &evq);
}

/**
 * mptcpsec_pkt_opts() - parse a segment's option area once, on demand
 * @mn: namespace state (a malformed area is counted)
 * @pkt: the segment
 *
 * Return: true if @pkt->opts is valid.
 */
bool mptcpsec_pkt_opts(struct mptcpsec_net *mn, struct mptcpsec_pkt *pkt)
{
	if (!pkt->opts_parsed) {
		pkt->opts_parsed = true;
		pkt->opts_err = mptcpsec_tcpopt_parse(pkt->optbuf, pkt->opt_len,
						      &pkt->opts) != 0;
		if (pkt->opts_err)
			MPTCPSEC_INC(mn, MPTCPSEC_STAT_MALFORMED);
	}
	return !pkt->opts_err;
}

/**
 * mptcpsec_conn_track() - update the tables with one segment
 * @mn: namespace state
 * @pkt: the segment, as extracted by the hooks
 *
 * Called from the netfilter hooks under rcu_read_lock(). Segments of
 * connections that are not MPTCP cost one hash lookup and nothing else:
 * options are parsed only for SYNs and for tracked subflows.
 */
void mptcpsec_conn_track(struct mptcpsec_net *mn, struct mptcpsec_pkt *pkt)
{
	struct mptcpsec_subflow *sf;
	struct sk_buff_head evq;

	sf = pkt->sf_looked ? pkt->sf :
	     rhashtable_lookup(&mn->subflows, &pkt->tuple, subflow_params);
	pkt->sf = sf;
	pkt->sf_looked = true;
	if (sf) {
		if (pkt->syn && !pkt->ack && READ_ONCE(sf->state) >= MPTCPSEC_STATE_CLOSING) {
			/* The 4-tuple is being reused by a new connection. */
			__skb_queue_head_init(&evq);
			spin_lock_bh(&mn->lock);
			subflow_destroy(mn, sf, &evq);
			spin_unlock_bh(&mn->lock);
			mptcpsec_event_flush(mn, &evq);
			sf = NULL;
			pkt->sf = NULL;
		} else {
			MPTCPSEC_ADD(mn, pkt->dir == MPTCPSEC_DIR_OUT ?
				     MPTCPSEC_STAT_MPTCP_PKTS_OUT :
				     MPTCPSEC_STAT_MPTCP_PKTS_IN, pkt->segs);
			mptcpsec_pkt_opts(mn, pkt);
			track_known(mn, sf, pkt);
			return;
		}
	}

	if (!pkt->syn || pkt->ack || !mptcpsec_pkt_opts(mn, pkt))
		return;
	if (mptcpsec_tcpopt_has(&pkt->opts, MPTCPSEC_MPTCP_MPC))
		track_mpc_syn(mn, pkt);
	else if (pkt->opts.mpj.form == MPTCPSEC_MPJ_SYN)
		track_mpj_syn(mn, pkt);
	else
		return;
	MPTCPSEC_ADD(mn, pkt->dir == MPTCPSEC_DIR_OUT ?
		     MPTCPSEC_STAT_MPTCP_PKTS_OUT : MPTCPSEC_STAT_MPTCP_PKTS_IN,
		     pkt->segs);
}

/**
 * mptcpsec_subflow_lookup() - find a tracked subflow by its tuple
 * @mn: namespace state
 * @t: the tuple, from this host's point of view
 *
 * Caller holds rcu_read_lock().
 *
 * Return: the subflow or NULL.
 */
struct mptcpsec_subflow *mptcpsec_subflow_lookup(struct mptcpsec_net *mn,
						 const struct mptcpsec_tuple *t)
{
	return rhashtable_lookup(&mn->subflows, t, subflow_params);
}

/**
 * mptcpsec_subflow_forget() - stop tracking a subflow now
 * @mn: namespace state
 * @sf: the subflow (its connection goes with its last subflow)
 */
void mptcpsec_subflow_forget(struct mptcpsec_net *mn,
			     struct mptcpsec_subflow *sf)
{
	struct sk_buff_head evq;

	__skb_queue_head_init(&evq);
	spin_lock_bh(&mn->lock);
	subflow_destroy(mn, sf, &evq);
	spin_unlock_bh(&mn->lock);
	mptcpsec_event_flush(mn, &evq);
}

/* Caller holds mn->lock. */
static bool subflow_expired(struct mptcpsec_net *mn,
			    const struct mptcpsec_subflow *sf, unsigned long now)
{
	unsigned long idle = now - READ_ONCE(sf->last_seen);
	bool secured = rcu_access_pointer(sf->crypto);

	switch (sf->state) {
	case MPTCPSEC_STATE_CLOSED:
		return time_after_eq(now, sf->closed_at +
				     msecs_to_jiffies(READ_ONCE(mptcpsec_close_linger_ms)));
	case MPTCPSEC_STATE_SYN_SENT:
	case MPTCPSEC_STATE_SYN_RCVD:
		return idle >= READ_ONCE(mptcpsec_syn_timeout) * HZ;
	default:
		if (idle < (unsigned long)READ_ONCE(mptcpsec_idle_timeout) * HZ)
			return false;
		/*
		 * Forgetting a secured subflow whose socket lives would let
		 * it send in clear: only a dead socket lets it go.
		 */
		return !secured || !mptcpsec_sock_alive(mn->net, &sf->tuple);
	}
}

static void mptcpsec_gc_work(struct work_struct *work)
{
	struct mptcpsec_net *mn = container_of(to_delayed_work(work),
					       struct mptcpsec_net, gc_work);
	struct mptcpsec_conn *conn, *ctmp;
	struct mptcpsec_subflow *sf, *stmp;
	unsigned long now = jiffies;
	struct sk_buff_head evq;

	__skb_queue_head_init(&evq);
	spin_lock_bh(&mn->lock);
	list_for_each_entry_safe(conn, ctmp, &mn->conns, list) {
		list_for_each_entry_safe(sf, stmp, &conn->subflows, conn_list) {
			if (!subflow_expired(mn, sf, now))
				continue;
			if (sf->state != MPTCPSEC_STATE_CLOSED)
				MPTCPSEC_INC(mn, MPTCPSEC_STAT_TIMEOUTS);
			/* May free conn: it is the last thing touched here. */
			subflow_destroy(mn, sf, &evq);
		}
	}
	spin_unlock_bh(&mn->lock);
	mptcpsec_event_flush(mn, &evq);

	if (!READ_ONCE(mn->dying))
		queue_delayed_work(system_power_efficient_wq, &mn->gc_work, HZ);
}

/**
 * mptcpsec_conn_flush() - forget every tracked connection
 * @mn: namespace state
 *
 * Return: the number of connections forgotten.
 */
unsigned int mptcpsec_conn_flush(struct mptcpsec_net *mn)
{
	struct mptcpsec_conn *conn, *ctmp;
	struct mptcpsec_subflow *sf, *stmp;
	struct mptcpsec_tuple *tuples = NULL;
	unsigned int n = 0, nt = 0, max, i;
	struct sk_buff_head evq;

	/*
	 * Secured subflows are reset first (process context, no lock held:
	 * the stack's resets leave protected while the subflows are still
	 * tracked), then everything is forgotten.
	 */
	spin_lock_bh(&mn->lock);
	max = mn->nsubflows;
	spin_unlock_bh(&mn->lock);
	if (max)
		tuples = kvcalloc(max, sizeof(*tuples), GFP_KERNEL);
	if (tuples) {
		spin_lock_bh(&mn->lock);
		list_for_each_entry(conn, &mn->conns, list) {
			if (!rcu_access_pointer(conn->secrets))
				continue;
			list_for_each_entry(sf, &conn->subflows, conn_list)
				if (nt < max && rcu_access_pointer(sf->crypto))
					tuples[nt++] = sf->tuple;
		}
		spin_unlock_bh(&mn->lock);
		for (i = 0; i < nt; i++)
			if (mptcpsec_sock_reset(mn->net, &tuples[i]))
				MPTCPSEC_INC(mn, MPTCPSEC_STAT_CONNS_RESET);
		kvfree(tuples);
	}

	/* No event while the namespace goes away (events.c checks dying). */
	__skb_queue_head_init(&evq);
	spin_lock_bh(&mn->lock);
	list_for_each_entry_safe(conn, ctmp, &mn->conns, list) {
		n++;
		list_for_each_entry_safe(sf, stmp, &conn->subflows, conn_list)
			subflow_destroy(mn, sf, &evq);
	}
	spin_unlock_bh(&mn->lock);
	mptcpsec_event_flush(mn, &evq);
	return n;
}

/**
 * mptcpsec_conn_net_init() - set up a namespace's connection table
 * @mn: namespace state
 *
 * Return: 0 or a negative errno.
 */
int mptcpsec_conn_net_init(struct mptcpsec_net *mn)
{
	int err;

	spin_lock_init(&mn->lock);
	INIT_LIST_HEAD(&mn->conns);
	INIT_LIST_HEAD(&mn->hs_pending);
	err = rhashtable_init(&mn->subflows, &subflow_params);
	if (err)
		return err;
	err = rhashtable_init(&mn->ltokens, &ltoken_params);
	if (err)
		goto err_subflows;
	err = rhashtable_init(&mn->rtokens, &rtoken_params);
	if (err)
		goto err_ltokens;
	INIT_DELAYED_WORK(&mn->gc_work, mptcpsec_gc_work);
	queue_delayed_work(system_power_efficient_wq, &mn->gc_work, HZ);
	return 0;

err_ltokens:
	rhashtable_destroy(&mn->ltokens);
err_subflows:
	rhashtable_destroy(&mn->subflows);
	return err;
}

/**
 * mptcpsec_conn_net_exit() - tear down a namespace's connection table
 * @mn: namespace state
 *
 * The hooks must already be unregistered, so nothing adds entries.
 */
void mptcpsec_conn_net_exit(struct mptcpsec_net *mn)
{
	WRITE_ONCE(mn->dying, true);
	cancel_delayed_work_sync(&mn->gc_work);
	mptcpsec_conn_flush(mn);
	rhashtable_destroy(&mn->rtokens);
	rhashtable_destroy(&mn->ltokens);
	rhashtable_destroy(&mn->subflows);
}
