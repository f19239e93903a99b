/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink plumbing of mptcpsecctl (libnl-3, libnl-genl-3): one
 * socket, requests with extended ACKs, reply walking, error reporting.
 */
#ifndef MPTCPSECCTL_NL_H
#define MPTCPSECCTL_NL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "args.h"

/* ctl_nl_open(): the family is not registered (module not loaded). */
#define CTL_NL_NOT_LOADED	1
/* ctl_nl_monitor(): the family was unregistered (module unloaded). */
#define CTL_NL_UNLOADED		2

/* Called with the top-level attributes of each reply message. */
typedef int (*ctl_nl_cb)(struct nlattr **tb, void *arg);

int ctl_nl_parse(struct nlmsghdr *h, struct nlattr **tb);
int ctl_nl_open(void);
void ctl_nl_close(void);
bool ctl_nl_is_open(void);
struct nl_msg *ctl_nl_msg(uint8_t cmd, int flags);
int ctl_nl_talk(struct nl_msg *msg, ctl_nl_cb cb, void *arg);
const char *ctl_nl_extack(void);
int ctl_nl_fail(int err);
int ctl_nl_not_loaded(void);
int ctl_nl_monitor(ctl_nl_cb cb, void *arg, volatile sig_atomic_t *stop,
		   const sigset_t *waitmask);
int ctl_nl_listen(ctl_nl_cb cb, void *arg, volatile sig_atomic_t *stop,
		  const sigset_t *waitmask);

int ctl_nl_nested(struct nlattr **tb, int max, const struct nlattr *nest,
		  struct nla_policy *policy);
void ctl_attr_string(const struct nlattr *a, char *buf, size_t len);
int ctl_attr_addr(const struct nlattr *family, const struct nlattr *addr,
		  char *buf, size_t len);
int ctl_attr_u8(const struct nlattr *a, int fallback);
const char *ctl_attr_pubkey(const struct nlattr *a, char buf[CTL_PUBKEY_B64_LEN]);
int ctl_attr_u16(const struct nlattr *a, int fallback);

#endif
