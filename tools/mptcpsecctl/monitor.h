/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mptcpsecctl monitor: the event stream of the module (multicast group
 * "events"), one line per event.
 */
#ifndef MPTCPSECCTL_MONITOR_H
#define MPTCPSECCTL_MONITOR_H

#include <time.h>

#include "args.h"

struct nlattr;

int cmd_monitor(const struct ctl_cmd *c);

/*
 * Print one event message (@tb: its top-level attributes) received at
 * @when, unless @filter (may be NULL) excludes it. Return 0, or -EPROTO
 * for a malformed message (nothing printed).
 */
int ctl_event_print(struct nlattr **tb, const struct ctl_monitor_filter *filter,
		    const struct timespec *when);

#endif
