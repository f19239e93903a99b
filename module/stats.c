// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace counters: summing the per-CPU copies.
 */
#include <linux/cpumask.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "stats.h"

/**
 * mptcpsec_stats_read() - sum the per-CPU counters
 * @pcpu: per-CPU counters of one namespace
 * @out: receives the sums, indexed by enum mptcpsec_stat
 *
 * Counters are read without synchronisation: each value is a snapshot that
 * may miss increments in flight, which is fine for monitoring.
 */
void mptcpsec_stats_read(struct mptcpsec_stats __percpu *pcpu,
			 u64 out[MPTCPSEC_STAT_MAX])
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * MPTCPSEC_STAT_MAX);
	for_each_possible_cpu(cpu) {
		const struct mptcpsec_stats *s = per_cpu_ptr(pcpu, cpu);

		for (i = 0; i < MPTCPSEC_STAT_MAX; i++)
			out[i] += READ_ONCE(s->c[i]);
	}
}

atomic_t mptcpsec_live_objs[MPTCPSEC_OBJ_MAX];

static const char * const obj_names[MPTCPSEC_OBJ_MAX] = {
	[MPTCPSEC_OBJ_CONN]		= "connection",
	[MPTCPSEC_OBJ_SUBFLOW]		= "subflow",
	[MPTCPSEC_OBJ_KEY]		= "key",
	[MPTCPSEC_OBJ_POLICY_TABLE]	= "policy table",
	[MPTCPSEC_OBJ_HANDSHAKE]	= "handshake",
	[MPTCPSEC_OBJ_CRYPTO]		= "subflow key",
};

/**
 * mptcpsec_obj_report_leaks() - log every object type still alive
 *
 * Called at module exit, after every deferred free has run. A leak is
 * logged as "mptcpsec: leak: ..." (the VM tests fail on such a line).
 *
 * Return: true if something leaked.
 */
bool mptcpsec_obj_report_leaks(void)
{
	bool leaked = false;
	int i, n;

	for (i = 0; i < MPTCPSEC_OBJ_MAX; i++) {
		n = atomic_read(&mptcpsec_live_objs[i]);
		if (n) {
			pr_err("leak: %d %s object(s) still allocated\n", n, obj_names[i]);
			leaked = true;
		}
	}
	return leaked;
}
