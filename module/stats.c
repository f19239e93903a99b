// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace counters: summing the per-CPU copies.
 */
#include <linux/cpumask.h>
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
