// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl stats: the namespace's counters, each with its meaning.
 */
#include <errno.h>
#include <stdio.h>

#include <linux/mptcpsec.h>
#include <netlink/genl/genl.h>

#include "nl.h"
#include "objects.h"
#include "print.h"

/* Names and meanings as in uapi/mptcpsec.yaml (attribute-set "stats"). */
static const struct {
	int attr;
	const char *name;
	const char *meaning;
} counters[] = {
	{ MPTCPSEC_A_STATS_PKTS_IN, "pkts_in",
	  "TCP segments seen by the ingress hooks" },
	{ MPTCPSEC_A_STATS_PKTS_OUT, "pkts_out",
	  "TCP segments seen by the egress hooks" },
	{ MPTCPSEC_A_STATS_MPTCP_PKTS_IN, "mptcp_pkts_in",
	  "Ingress segments of tracked MPTCP subflows" },
	{ MPTCPSEC_A_STATS_MPTCP_PKTS_OUT, "mptcp_pkts_out",
	  "Egress segments of tracked MPTCP subflows" },
	{ MPTCPSEC_A_STATS_CONNS_CREATED, "conns_created",
	  "MPTCP connections that started being tracked" },
	{ MPTCPSEC_A_STATS_CONNS_DESTROYED, "conns_destroyed",
	  "MPTCP connections forgotten" },
	{ MPTCPSEC_A_STATS_CONNS_CURRENT, "conns_current",
	  "MPTCP connections tracked now" },
	{ MPTCPSEC_A_STATS_SUBFLOWS_CREATED, "subflows_created",
	  "Subflows that started being tracked (MP_CAPABLE or MP_JOIN)" },
	{ MPTCPSEC_A_STATS_SUBFLOWS_DESTROYED, "subflows_destroyed",
	  "Subflows forgotten (close, reset, timeout or flush)" },
	{ MPTCPSEC_A_STATS_SUBFLOWS_CURRENT, "subflows_current",
	  "Subflows tracked now" },
	{ MPTCPSEC_A_STATS_JOINS_MATCHED, "joins_matched",
	  "MP_JOIN SYNs whose token named a tracked connection" },
	{ MPTCPSEC_A_STATS_JOINS_UNKNOWN, "joins_unknown",
	  "MP_JOIN SYNs whose token named no tracked connection" },
	{ MPTCPSEC_A_STATS_RESETS_SEEN, "resets_seen",
	  "RST segments seen on tracked subflows" },
	{ MPTCPSEC_A_STATS_TIMEOUTS, "timeouts",
	  "Subflows forgotten because they were idle too long" },
	{ MPTCPSEC_A_STATS_MALFORMED, "malformed",
	  "Segments with a malformed TCP or MPTCP option area" },
	{ MPTCPSEC_A_STATS_TABLE_FULL, "table_full",
	  "Subflows not tracked because the table was full" },
	{ MPTCPSEC_A_STATS_POLICY_LOOKUPS, "policy_lookups",
	  "Policy resolutions for new MPTCP connections" },
	{ MPTCPSEC_A_STATS_HANDSHAKES, "handshakes",
	  "MPTCPsec handshakes begun (offers sent, or offers accepted)" },
	{ MPTCPSEC_A_STATS_CONNS_SECURED, "conns_secured",
	  "Connections whose MPTCPsec handshake completed" },
	{ MPTCPSEC_A_STATS_FALLBACKS, "fallbacks",
	  "Connections under prefer that continued as plain MPTCP" },
	{ MPTCPSEC_A_STATS_REFUSED, "refused",
	  "Connections refused under require (the peer did not negotiate)" },
	{ MPTCPSEC_A_STATS_HANDSHAKE_FAILURES, "handshake_failures",
	  "Handshakes aborted (bad key share or ENO, SYN-ACK not authentic)" },
	{ MPTCPSEC_A_STATS_HANDSHAKE_LIMITED, "handshake_limited",
	  "Handshakes dropped by the bounds (per-source rate; oldest evicted from a full table)" },
	{ MPTCPSEC_A_STATS_PROTECTED, "protected",
	  "Segments sent with MPTCPsec protection" },
	{ MPTCPSEC_A_STATS_VERIFIED, "verified",
	  "Segments received that authenticated and were decrypted" },
	{ MPTCPSEC_A_STATS_AUTH_FAILURES, "auth_failures",
	  "Segments dropped because their tag did not verify" },
	{ MPTCPSEC_A_STATS_REPLAYS, "replays",
	  "Segments dropped as replays or older than the replay window" },
	{ MPTCPSEC_A_STATS_UNPROTECTED, "unprotected",
	  "Segments of secured subflows dropped for lacking protection" },
	{ MPTCPSEC_A_STATS_NO_ROOM, "no_room",
	  "Segments dropped on egress: no room for the MPTCPsec option" },
	{ MPTCPSEC_A_STATS_SW_SEGMENTED, "sw_segmented",
	  "GSO or oversized packets split in software before protection" },
	{ MPTCPSEC_A_STATS_BAD_CHECKSUM, "bad_checksum",
	  "Segments of secured subflows dropped for a bad TCP checksum" },
	{ MPTCPSEC_A_STATS_CONNS_RESET, "conns_reset",
	  "Secured subflows reset by conn flush" },
	{ MPTCPSEC_A_STATS_SUBFLOWS_COMPROMISED, "subflows_compromised",
	  "Secured subflows reset after too many authentication failures" },
	{ MPTCPSEC_A_STATS_REKEYS_TX, "rekeys_tx",
	  "Key updates of a subflow's sending direction" },
	{ MPTCPSEC_A_STATS_REKEYS_RX, "rekeys_rx",
	  "Key updates of a subflow's receiving direction" },
	{ MPTCPSEC_A_STATS_OPTIONS_COMPACTED, "options_compacted",
	  "Segments whose MPTCP options were shortened to fit (lossless)" },
	{ MPTCPSEC_A_STATS_HANDSHAKES_CURRENT, "handshakes_current",
	  "Handshakes holding state now (at most max_handshakes)" },
};

#define N_COUNTERS	(sizeof(counters) / sizeof(counters[0]))

/**
 * ctl_stats_print() - print the counters of a stats reply
 * @top: top-level attributes of the reply
 * @unused: unused
 *
 * Text:  one line per counter: name, value, meaning.
 * JSON:  {"pkts_in": N, ...}; a counter the kernel did not send is absent.
 */
int ctl_stats_print(struct nlattr **top, void *unused)
{
	struct nla_policy pol[MPTCPSEC_A_STATS_MAX + 1] = { { 0 } };
	struct nlattr *tb[MPTCPSEC_A_STATS_MAX + 1];
	unsigned int i;

	(void)unused;
	for (i = 1; i <= MPTCPSEC_A_STATS_MAX; i++)
		pol[i].type = NLA_U64;
	if (ctl_nl_nested(tb, MPTCPSEC_A_STATS_MAX, top[MPTCPSEC_A_STATS], pol))
		return -EPROTO;
	print_open_object(NULL);
	for (i = 0; i < N_COUNTERS; i++) {
		if (!tb[counters[i].attr])
			continue;
		print_text("%-19s ", counters[i].name);
		print_uint(counters[i].name, "%14llu  ", nla_get_u64(tb[counters[i].attr]));
		print_text("%s\n", counters[i].meaning);
	}
	print_close_object();
	return 0;
}

/**
 * cmd_stats() - show the counters
 * @c: the parsed command
 *
 * Return: exit status: 0, or 2 on a kernel or netlink error.
 */
int cmd_stats(const struct ctl_cmd *c)
{
	struct nl_msg *msg = ctl_nl_msg(MPTCPSEC_CMD_STATS_GET, 0);
	int err;

	(void)c;
	if (!msg)
		return ctl_nl_fail(-ENOMEM);
	err = ctl_nl_talk(msg, ctl_stats_print, NULL);
	if (err)
		return ctl_nl_fail(err);
	print_done();
	return 0;
}
