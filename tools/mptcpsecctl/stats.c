// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl stats: the namespace's counters, each with its meaning.
 */
#include <errno.h>
#include <stdio.h>

#include <linux/mptcpsec.h>

#include "nl.h"
#include "objects.h"
#include "print.h"

static const struct {
	int attr;
	const char *name;
	const char *meaning;
} counters[] = {
	{ MPTCPSEC_A_STATS_PKTS_IN, "pkts_in", "TCP segments seen by the ingress hooks" },
	{ MPTCPSEC_A_STATS_PKTS_OUT, "pkts_out", "TCP segments seen by the egress hooks" },
	{ MPTCPSEC_A_STATS_MPTCP_PKTS_IN, "mptcp_pkts_in", "ingress segments of tracked MPTCP subflows" },
	{ MPTCPSEC_A_STATS_MPTCP_PKTS_OUT, "mptcp_pkts_out", "egress segments of tracked MPTCP subflows" },
	{ MPTCPSEC_A_STATS_CONNS_CREATED, "conns_created", "MPTCP connections that started being tracked" },
	{ MPTCPSEC_A_STATS_CONNS_DESTROYED, "conns_destroyed", "MPTCP connections forgotten" },
	{ MPTCPSEC_A_STATS_CONNS_CURRENT, "conns_current", "MPTCP connections tracked now" },
	{ MPTCPSEC_A_STATS_SUBFLOWS_CREATED, "subflows_created", "subflows that started being tracked (MP_CAPABLE or MP_JOIN)" },
	{ MPTCPSEC_A_STATS_SUBFLOWS_DESTROYED, "subflows_destroyed", "subflows forgotten (close, reset, timeout or flush)" },
	{ MPTCPSEC_A_STATS_SUBFLOWS_CURRENT, "subflows_current", "subflows tracked now" },
	{ MPTCPSEC_A_STATS_JOINS_MATCHED, "joins_matched", "MP_JOIN SYNs whose token named a tracked connection" },
	{ MPTCPSEC_A_STATS_JOINS_UNKNOWN, "joins_unknown", "MP_JOIN SYNs whose token named no tracked connection" },
	{ MPTCPSEC_A_STATS_RESETS_SEEN, "resets_seen", "RST segments seen on tracked subflows" },
	{ MPTCPSEC_A_STATS_TIMEOUTS, "timeouts", "subflows forgotten because they were idle too long" },
	{ MPTCPSEC_A_STATS_MALFORMED, "malformed", "segments with a malformed TCP or MPTCP option area" },
	{ MPTCPSEC_A_STATS_TABLE_FULL, "table_full", "subflows not tracked because the table was full" },
	{ MPTCPSEC_A_STATS_POLICY_LOOKUPS, "policy_lookups", "policy resolutions for new MPTCP connections" },
};

static int print_stats(struct nlattr **top, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_STATS_MAX + 1];
	unsigned int i;
	char fmt[64];

	(void)arg;
	if (!top[MPTCPSEC_A_STATS] ||
	    nla_parse_nested(tb, MPTCPSEC_A_STATS_MAX, top[MPTCPSEC_A_STATS], NULL))
		return -EPROTO;
	out_object_begin(NULL);
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		uint64_t v = tb[counters[i].attr] ? nla_get_u64(tb[counters[i].attr]) : 0;

		snprintf(fmt, sizeof(fmt), "%-20s %%12llu  ", counters[i].name);
		out_u64(counters[i].name, fmt, v);
		out_text("%s\n", counters[i].meaning);
	}
	out_object_end();
	return 0;
}

/**
 * cmd_stats() - show the counters
 * @c: the parsed command
 *
 * Return: exit status.
 */
int cmd_stats(const struct ctl_cmd *c)
{
	struct nl_msg *msg = ctl_nl_msg(MPTCPSEC_CMD_STATS_GET, 0);
	int err;

	(void)c;
	if (!msg)
		return ctl_nl_error(-ENOMEM, "stats");
	err = ctl_nl_request(msg, print_stats, NULL);
	out_finish();
	return err ? ctl_nl_error(err, "stats") : 0;
}
