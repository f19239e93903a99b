/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-namespace counters, kept per CPU so the data path never shares a
 * cache line for counting.
 */
#ifndef _MPTCPSEC_STATS_H
#define _MPTCPSEC_STATS_H

#include <linux/atomic.h>
#include <linux/percpu.h>
#include <linux/types.h>

/* Order and names follow the "stats" attribute set of the netlink spec. */
enum mptcpsec_stat {
	MPTCPSEC_STAT_PKTS_IN,
	MPTCPSEC_STAT_PKTS_OUT,
	MPTCPSEC_STAT_MPTCP_PKTS_IN,
	MPTCPSEC_STAT_MPTCP_PKTS_OUT,
	MPTCPSEC_STAT_CONNS_CREATED,
	MPTCPSEC_STAT_CONNS_DESTROYED,
	MPTCPSEC_STAT_CONNS_CURRENT,		/* gauge, filled at read time */
	MPTCPSEC_STAT_SUBFLOWS_CREATED,
	MPTCPSEC_STAT_SUBFLOWS_DESTROYED,
	MPTCPSEC_STAT_SUBFLOWS_CURRENT,		/* gauge, filled at read time */
	MPTCPSEC_STAT_JOINS_MATCHED,
	MPTCPSEC_STAT_JOINS_UNKNOWN,
	MPTCPSEC_STAT_RESETS_SEEN,
	MPTCPSEC_STAT_TIMEOUTS,
	MPTCPSEC_STAT_MALFORMED,
	MPTCPSEC_STAT_TABLE_FULL,
	MPTCPSEC_STAT_POLICY_LOOKUPS,
	MPTCPSEC_STAT_HANDSHAKES,
	MPTCPSEC_STAT_CONNS_SECURED,
	MPTCPSEC_STAT_FALLBACKS,
	MPTCPSEC_STAT_REFUSED,
	MPTCPSEC_STAT_HS_FAILURES,
	MPTCPSEC_STAT_HS_LIMITED,
	MPTCPSEC_STAT_PROTECTED,
	MPTCPSEC_STAT_VERIFIED,
	MPTCPSEC_STAT_AUTH_FAILURES,
	MPTCPSEC_STAT_REPLAYS,
	MPTCPSEC_STAT_UNPROTECTED,
	MPTCPSEC_STAT_NO_ROOM,
	MPTCPSEC_STAT_SW_SEGMENTED,
	MPTCPSEC_STAT_BAD_CSUM,
	MPTCPSEC_STAT_CONNS_RESET,
	MPTCPSEC_STAT_SF_COMPROMISED,
	MPTCPSEC_STAT_REKEYS_TX,
	MPTCPSEC_STAT_REKEYS_RX,
	MPTCPSEC_STAT_OPTS_COMPACTED,
	MPTCPSEC_STAT_HS_CURRENT,		/* gauge, filled at read time */
	MPTCPSEC_STAT_MAX
};

/**
 * struct mptcpsec_stats - one CPU's share of the namespace counters
 * @c: counters indexed by enum mptcpsec_stat; only this CPU writes its copy
 */
struct mptcpsec_stats {
	u64 c[MPTCPSEC_STAT_MAX];
};

#define MPTCPSEC_INC(mn, idx)		this_cpu_inc((mn)->stats->c[idx])
#define MPTCPSEC_ADD(mn, idx, n)	this_cpu_add((mn)->stats->c[idx], (n))

void mptcpsec_stats_read(struct mptcpsec_stats __percpu *pcpu,
			 u64 out[MPTCPSEC_STAT_MAX]);

/* Live objects of the whole module, to prove nothing leaks at unload. */
enum mptcpsec_obj {
	MPTCPSEC_OBJ_CONN,
	MPTCPSEC_OBJ_SUBFLOW,
	MPTCPSEC_OBJ_KEY,
	MPTCPSEC_OBJ_POLICY_TABLE,
	MPTCPSEC_OBJ_HANDSHAKE,
	MPTCPSEC_OBJ_CRYPTO,
	MPTCPSEC_OBJ_MAX
};

extern atomic_t mptcpsec_live_objs[MPTCPSEC_OBJ_MAX];

static inline void mptcpsec_obj_get(enum mptcpsec_obj o)
{
	atomic_inc(&mptcpsec_live_objs[o]);
}

static inline void mptcpsec_obj_put(enum mptcpsec_obj o)
{
	atomic_dec(&mptcpsec_live_objs[o]);
}

bool mptcpsec_obj_report_leaks(void);

#endif /* _MPTCPSEC_STATS_H */
