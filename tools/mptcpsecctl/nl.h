/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink plumbing of mptcpsecctl (libnl-3).
 */
#ifndef MPTCPSECCTL_NL_H
#define MPTCPSECCTL_NL_H

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#define NL_NOT_LOADED	(-100000)

typedef int (*ctl_nl_cb)(struct nlattr **tb, void *arg);

int ctl_nl_open(void);
void ctl_nl_close(void);
struct nl_msg *ctl_nl_msg(int cmd, int flags);
int ctl_nl_request(struct nl_msg *msg, ctl_nl_cb cb, void *arg);
int ctl_nl_error(int err, const char *what);

#endif
