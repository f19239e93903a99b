/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event stream: one generic netlink message (MPTCPSEC_CMD_EVENT) per
 * event, sent to the multicast group "events" of the subflow's namespace.
 *
 * Context: callable from any context (softirq, process, with or without
 * rcu_read_lock()); never sleeps (GFP_ATOMIC) and takes no lock of the
 * module, so it is even safe with mptcpsec_net.lock held. Callers that
 * hold that lock queue the message instead (mptcpsec_event_queue()) and
 * send it after unlocking (mptcpsec_event_flush()), which keeps the lock
 * hold time short. Costs one listener check when nobody listens. No
 * event is sent while the namespace goes away or the family is not
 * registered. Joining the group needs CAP_NET_ADMIN in the namespace's
 * user namespace (GENL_MCAST_CAP_NET_ADMIN, netlink_gen.c).
 */
#ifndef _MPTCPSEC_EVENTS_H
#define _MPTCPSEC_EVENTS_H

#include <linux/skbuff.h>
#include <linux/types.h>

#include <linux/mptcpsec.h>

struct genl_family;
struct mptcpsec_net;
struct mptcpsec_subflow;

/* enum mptcpsec_event (generated from the yaml enum "event", values MPTCPSEC_EVENT_*):
 * conn-secured, conn-fallback, conn-refused, conn-failed, subflow-added,
 * subflow-secured, subflow-removed, subflow-reset, auth-failure, rekey
 *
 * @arg: auth-failure and subflow-reset: the subflow's authentication
 * failure count; rekey: MPTCPSEC_EVENT_REKEY_ARG(); 0 for the others.
 * auth-failure events are rate-limited here (at most one per subflow per
 * second; the next one carries the running count).
 */
void mptcpsec_event_sf(struct mptcpsec_net *mn, const struct mptcpsec_subflow *sf,
		       enum mptcpsec_event ev, u64 arg);

/* Direction of a rekey event (the high 32 bits of its argument). */
#define MPTCPSEC_EVENT_DIR_TX	0
#define MPTCPSEC_EVENT_DIR_RX	1
/* Argument of a rekey event: direction and the new key phase number. */
#define MPTCPSEC_EVENT_REKEY_ARG(dir, phase_count) \
	(((u64)(dir) << 32) | (u32)(phase_count))

/* Most messages a queue holds; past that the queue is sent as it grows. */
#define MPTCPSEC_EVENT_QUEUE_MAX	64

void mptcpsec_event_queue(struct mptcpsec_net *mn, struct sk_buff_head *q,
			  const struct mptcpsec_subflow *sf,
			  enum mptcpsec_event ev, u64 arg);
void mptcpsec_event_flush(struct mptcpsec_net *mn, struct sk_buff_head *q);

/* netlink.c: the family whose group "events" the messages go to */
extern struct genl_family mptcpsec_nl_family;
void mptcpsec_events_start(void);
void mptcpsec_events_stop(void);
bool mptcpsec_nl_live(void);

#endif /* _MPTCPSEC_EVENTS_H */
