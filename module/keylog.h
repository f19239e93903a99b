/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opt-in key log: the secrets of every newly secured subflow of a
 * namespace, sent to one netlink socket that asked for them
 * (mptcpsecctl keylog FILE), for decrypting captures. Off unless started
 * by a process with CAP_NET_ADMIN in the initial user namespace; stops
 * when that socket asks or closes.
 */
#ifndef _MPTCPSEC_KEYLOG_H
#define _MPTCPSEC_KEYLOG_H

#include <linux/types.h>

struct mptcpsec_net;
struct mptcpsec_subflow;
struct mptcpsec_conn_crypto;
struct netlink_ext_ack;

int mptcpsec_keylog_start(struct mptcpsec_net *mn, u32 portid,
			  struct netlink_ext_ack *extack);
int mptcpsec_keylog_stop(struct mptcpsec_net *mn, u32 portid,
			 struct netlink_ext_ack *extack);
void mptcpsec_keylog_sf(struct mptcpsec_net *mn,
			const struct mptcpsec_subflow *sf,
			const struct mptcpsec_conn_crypto *cc,
			const u8 *key_i2r, const u8 *key_r2i, bool initial);
int mptcpsec_keylog_init(void);
void mptcpsec_keylog_exit(void);

#endif /* _MPTCPSEC_KEYLOG_H */
