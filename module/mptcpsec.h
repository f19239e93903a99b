/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mptcpsec: shared definitions of the module's core.
 *
 * Locking, in one place:
 *  - mptcpsec_net.lock (spinlock, BH-safe) serialises every change of the
 *    connection and subflow tables, the conns list, the per-connection
 *    subflow lists, and the state/key fields of connections and subflows.
 *    The data path takes it only to create, change state of, or destroy a
 *    subflow; per-segment work is lockless (RCU lookup, atomic counters).
 *  - Lookups in the rhashtables run under RCU (netfilter hooks already hold
 *    rcu_read_lock). Objects are freed after a grace period and carry a
 *    @dead flag, set under the lock, that a reader re-checks after taking it.
 *  - mptcpsec_net.cfg_lock (mutex) serialises policy and key changes from
 *    netlink; the data path reads policies and keys under RCU.
 */
#ifndef _MPTCPSEC_H
#define _MPTCPSEC_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <linux/mptcpsec.h>

#include "pn.h"
#include "policy_match.h"
#include "stats.h"
#include "tcpopt.h"

struct net;
struct sk_buff;

/* Module parameters (main.c) */
extern unsigned int mptcpsec_default_mode;
extern unsigned int mptcpsec_idle_timeout;
extern unsigned int mptcpsec_syn_timeout;
extern unsigned int mptcpsec_close_linger_ms;
extern unsigned int mptcpsec_max_subflows;
extern unsigned int mptcpsec_max_handshakes;
extern unsigned int mptcpsec_handshake_rate;
extern unsigned int mptcpsec_max_auth_failures;
extern unsigned long mptcpsec_rekey_bytes;
extern unsigned int mptcpsec_rekey_seconds;

/* Bits of mptcpsec_subflow.flags */
enum {
	MPTCPSEC_SF_MSS_RESERVED,	/* the socket reserves option room */
	MPTCPSEC_SF_COMPROMISED,	/* reset for too many auth failures */
};

/**
 * struct mptcpsec_tuple - a subflow's addresses as seen from this host
 * @laddr: local address (IPv4 uses the first 4 bytes, rest zero)
 * @raddr: remote address
 * @lport: local port, host order
 * @rport: remote port, host order
 * @family: AF_INET or AF_INET6
 * @pad: zero; the whole struct is the hash key
 */
struct mptcpsec_tuple {
	u8 laddr[16];
	u8 raddr[16];
	u16 lport;
	u16 rport;
	u8 family;
	u8 pad[3];
};

enum mptcpsec_dir {
	MPTCPSEC_DIR_IN,
	MPTCPSEC_DIR_OUT,
};

/**
 * struct mptcpsec_pkt - what the hooks extracted from one TCP segment
 * @tuple: subflow tuple from this host's point of view
 * @dir: MPTCPSEC_DIR_IN or MPTCPSEC_DIR_OUT
 * @syn: SYN flag
 * @ack: ACK flag
 * @fin: FIN flag
 * @rst: RST flag
 * @segs: number of wire segments (GSO super-packets count each)
 * @payload: TCP payload bytes
 * @opts: parsed option area, valid when @opts_parsed and !@opts_err
 * @opt_len: length of the option area
 * @opts_parsed: @opts was filled
 * @opts_err: the option area was malformed
 * @optbuf: copy of the option area
 * @sf: its tracked subflow, valid when @sf_looked (RCU)
 * @sf_looked: the subflow table was searched for it
 * @drop: tracking decided the segment must not pass
 */
struct mptcpsec_pkt {
	struct mptcpsec_tuple tuple;
	u8 dir;
	bool syn, ack, fin, rst;
	unsigned int segs;
	unsigned int payload;
	struct mptcpsec_tcpopts opts;
	u8 opt_len;
	bool opts_parsed;
	bool opts_err;
	u8 optbuf[MPTCPSEC_TCPOPT_MAX_LEN];
	struct mptcpsec_subflow *sf;
	bool sf_looked;
	bool drop;
};

/* Indexes of mptcpsec_conn.retired[] */
enum {
	RET_PKTS_IN, RET_PKTS_OUT, RET_BYTES_IN, RET_BYTES_OUT,
	RET_PROTECTED, RET_VERIFIED, RET_AUTH_FAILURES, RET_DROPPED,
	RET_MAX
};

struct mptcpsec_conn;
struct mptcpsec_sf_crypto;
struct mptcpsec_conn_crypto;
struct mptcpsec_hs;

/**
 * struct mptcpsec_subflow - one tracked TCP subflow
 * @node: in mptcpsec_net.subflows, keyed by @tuple
 * @tuple: addresses and ports (constant)
 * @conn_list: in @conn->subflows (mptcpsec_net.lock)
 * @conn: owning connection (constant)
 * @rcu: deferred free
 * @kind: enum mptcpsec_kind (constant)
 * @role: enum mptcpsec_role (constant)
 * @addr_id: MP_JOIN address ID (constant)
 * @state: enum mptcpsec_state (written under mptcpsec_net.lock, read locklessly)
 * @backup: backup flag from MP_JOIN or MP_PRIO (lockless, advisory)
 * @fin_in: FIN received (mptcpsec_net.lock)
 * @fin_out: FIN sent (mptcpsec_net.lock)
 * @dead: removed from the tables (mptcpsec_net.lock)
 * @last_seen: jiffies of the last segment (lockless)
 * @closed_at: jiffies when @state became closed (mptcpsec_net.lock)
 * @pkts_in: segments received (atomic)
 * @pkts_out: segments sent (atomic)
 * @bytes_in: payload bytes received (atomic)
 * @bytes_out: payload bytes sent (atomic)
 * @sec: enum mptcpsec_security (written under mptcpsec_net.lock, read
 *	locklessly)
 * @protected: segments sent with protection (atomic)
 * @verified: segments received that authenticated (atomic)
 * @auth_failures: segments dropped for a bad tag (atomic)
 * @dropped: other segments dropped by protection (atomic)
 * @crypto: protection state once keys exist (see protect.h); published once
 *	with rcu_assign_pointer() under mptcpsec_net.lock, constant after,
 *	wiped and freed with the subflow
 * @hs: handshake state of an MP_CAPABLE subflow until it is secured
 *	(RCU; published and retired under mptcpsec_net.lock)
 * @isn_local: this host's initial sequence number (set once, under the lock)
 * @isn_remote: the peer's initial sequence number (set once, under the lock)
 * @flags: MPTCPSEC_SF_* bits, each set once, atomically (set_bit):
 *	the socket reserves room for the MPTCPsec option (by the egress
 *	hook); the subflow was reset as compromised
 * @join_nonce_local: MP_JOIN random number this host sent (set once,
 *	under the lock, before the subflow has keys)
 * @join_nonce_remote: MP_JOIN random number the peer sent (likewise)
 */
struct mptcpsec_subflow {
	struct rhash_head node;
	struct mptcpsec_tuple tuple;
	struct list_head conn_list;
	struct mptcpsec_conn *conn;
	struct rcu_head rcu;
	u8 kind;
	u8 role;
	u8 addr_id;
	u8 state;
	bool backup;
	bool fin_in;
	bool fin_out;
	bool dead;
	unsigned long last_seen;
	unsigned long closed_at;
	atomic64_t pkts_in;
	atomic64_t pkts_out;
	atomic64_t bytes_in;
	atomic64_t bytes_out;
	u8 sec;
	atomic64_t protected;
	atomic64_t verified;
	atomic64_t auth_failures;
	atomic64_t dropped;
	struct mptcpsec_sf_crypto __rcu *crypto;
	struct mptcpsec_hs __rcu *hs;
	u32 isn_local;
	u32 isn_remote;
	unsigned long flags;
	u8 join_nonce_local[4];
	u8 join_nonce_remote[4];
};

/**
 * struct mptcpsec_conn - one tracked MPTCP connection
 * @lnode: in mptcpsec_net.ltokens once @ltoken is known
 * @rnode: in mptcpsec_net.rtokens once @rtoken is known
 * @list: in mptcpsec_net.conns (mptcpsec_net.lock)
 * @subflows: its subflows (mptcpsec_net.lock)
 * @rcu: deferred free (the free wipes the keys)
 * @id: module-local identifier (constant)
 * @ltoken: this host's token, from @lkey (set once, under the lock)
 * @rtoken: the peer's token, from @rkey (set once, under the lock)
 * @lkey: this host's MPTCP key; secret, never exported (set once)
 * @rkey: the peer's MPTCP key; secret, never exported (set once)
 * @has_lkey: @lkey and @ltoken are valid
 * @has_rkey: @rkey and @rtoken are valid
 * @lindexed: @lnode is in the table
 * @rindexed: @rnode is in the table
 * @dead: removed from the tables (mptcpsec_net.lock)
 * @role: enum mptcpsec_role of the initial subflow (constant)
 * @mode: enum mptcpsec_mode resolved at creation (constant)
 * @auth: enum mptcpsec_auth resolved at creation (constant)
 * @key_name: PSK name resolved at creation, auth psk (constant)
 * @peer_key: pinned peer public key resolved at creation, auth pinned
 *	(constant)
 * @created: jiffies at creation (constant)
 * @nsubflows: number of entries in @subflows (mptcpsec_net.lock)
 * @retired: counters of already forgotten subflows: pkts in/out, bytes
 *	in/out, protected, verified, auth failures, dropped
 *	(mptcpsec_net.lock)
 * @sec: enum mptcpsec_security (written under mptcpsec_net.lock, read
 *	locklessly)
 * @suite: negotiated TEP identifier, 0 when not secured (set once)
 * @session_id: session ID, valid when @sec is MPTCPSEC_SECURITY_SECURED
 *	(set once, before @sec becomes secured)
 * @secrets: connection secrets from the key schedule (keysched.h);
 *	published once under mptcpsec_net.lock, wiped and freed with the
 *	connection
 * @modref: the connection holds a reference on the module (secured
 *	connections only; mptcpsec_net.lock)
 * @join_tx_pn: packet number of the next join SYN this host sends (atomic)
 * @join_rx: join SYNs received: largest PN and replay window
 *	(mptcpsec_net.lock)
 */
struct mptcpsec_conn {
	struct rhash_head lnode;
	struct rhash_head rnode;
	struct list_head list;
	struct list_head subflows;
	struct rcu_head rcu;
	u32 id;
	u32 ltoken;
	u32 rtoken;
	u64 lkey;
	u64 rkey;
	bool has_lkey;
	bool has_rkey;
	bool lindexed;
	bool rindexed;
	bool dead;
	u8 role;
	u8 mode;
	u8 auth;
	union {
		char key_name[MPTCPSEC_KEY_NAME_LEN];
		u8 peer_key[MPTCPSEC_KEY_NAME_LEN];
	};
	unsigned long created;
	unsigned int nsubflows;
	u64 retired[RET_MAX];
	u8 sec;
	u8 suite;
	u8 session_id[16];
	struct mptcpsec_conn_crypto __rcu *secrets;
	bool modref;
	atomic64_t join_tx_pn;
	struct mptcpsec_replay join_rx;
};

struct mptcpsec_policy_table;

/**
 * struct mptcpsec_net - per network namespace state
 * @net: the namespace
 * @lock: see the locking notes at the top of this file
 * @subflows: subflows by tuple
 * @ltokens: connections by this host's token
 * @rtokens: connections by the peer's token
 * @conns: every tracked connection (@lock)
 * @nconns: entries in @conns (@lock)
 * @nsubflows: entries in @subflows (@lock)
 * @next_id: next connection identifier (@lock)
 * @gc_work: periodic expiry of idle and closed subflows
 * @cfg_lock: serialises policy and key changes
 * @policies: policy table, replaced as a whole (RCU, written under @cfg_lock)
 * @keys: pre-shared keys, struct mptcpsec_psk (RCU list, written under
 *	@cfg_lock)
 * @identity: static identity key pair for auth pinned, or NULL (RCU,
 *	written under @cfg_lock)
 * @keylog_portid: netlink port of the key log listener, 0 for none
 *	(written under @cfg_lock, read locklessly)
 * @cfg_gen: bumped on every policy or key change (written under @cfg_lock,
 *	read locklessly); lets dumps flag themselves interrupted
 * @stats: per-CPU counters
 * @dying: set when the namespace or module goes away; stops @gc_work
 * @nhandshakes: handshakes with state in this namespace (@lock)
 * @hs_pending: B's handshakes (answering a SYN), oldest first: the one
 *	evicted when @nhandshakes reaches max_handshakes (@lock)
 * @rate_window: the second @rate counts (@lock)
 * @rate: SYNs accepted for a handshake per source bucket in @rate_window
 *	(@lock)
 */
struct mptcpsec_net {
	struct net *net;
	spinlock_t lock;	/* tables, lists, conn/subflow state */
	struct rhashtable subflows;
	struct rhashtable ltokens;
	struct rhashtable rtokens;
	struct list_head conns;
	unsigned int nconns;
	unsigned int nsubflows;
	u32 next_id;
	struct delayed_work gc_work;
	struct mutex cfg_lock;	/* policy and key changes */
	struct mptcpsec_policy_table __rcu *policies;
	struct list_head keys;
	struct mptcpsec_identity __rcu *identity;
	u32 keylog_portid;
	unsigned int cfg_gen;
	struct mptcpsec_stats __percpu *stats;
	bool dying;
	unsigned int nhandshakes;
	struct list_head hs_pending;
	unsigned long rate_window;
	u16 rate[256];
};

struct mptcpsec_net *mptcpsec_pernet(const struct net *net);

/* conn.c */
int mptcpsec_conn_net_init(struct mptcpsec_net *mn);
void mptcpsec_conn_net_exit(struct mptcpsec_net *mn);
void mptcpsec_conn_track(struct mptcpsec_net *mn, struct mptcpsec_pkt *pkt);
unsigned int mptcpsec_conn_flush(struct mptcpsec_net *mn);
bool mptcpsec_pkt_opts(struct mptcpsec_net *mn, struct mptcpsec_pkt *pkt);
struct mptcpsec_subflow *mptcpsec_subflow_lookup(struct mptcpsec_net *mn,
						 const struct mptcpsec_tuple *t);
void mptcpsec_subflow_forget(struct mptcpsec_net *mn,
			     struct mptcpsec_subflow *sf);

/* sock.c */
bool mptcpsec_sock_alive(struct net *net, const struct mptcpsec_tuple *t);
bool mptcpsec_sock_reset(struct net *net, const struct mptcpsec_tuple *t);
int mptcpsec_sock_reset_async(struct net *net, const struct mptcpsec_tuple *t);
void mptcpsec_sock_flush(void);
int mptcpsec_sock_init(void);
void mptcpsec_sock_exit(void);

/* hooks.c */
int mptcpsec_hooks_register(struct net *net);
void mptcpsec_hooks_unregister(struct net *net);

/* policy.c */
void mptcpsec_policy_net_init(struct mptcpsec_net *mn);
void mptcpsec_policy_net_exit(struct mptcpsec_net *mn);
bool mptcpsec_policy_resolve(struct mptcpsec_net *mn, unsigned int family,
			     const u8 *addr, u16 port,
			     struct mptcpsec_policy_entry *out);

/* keys.c */
void mptcpsec_keys_net_exit(struct mptcpsec_net *mn);

/* Caller holds mn->cfg_lock: a policy or key changed. */
static inline void mptcpsec_cfg_changed(struct mptcpsec_net *mn)
{
	WRITE_ONCE(mn->cfg_gen, mn->cfg_gen + 1);
}

/* netlink.c */
int mptcpsec_netlink_register(void);
int mptcpsec_nl_subflow_ids(struct sk_buff *msg,
			    const struct mptcpsec_subflow *sf);
void mptcpsec_netlink_unregister(void);

#endif /* _MPTCPSEC_H */
