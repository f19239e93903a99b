/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The objects mptcpsecctl manages: one function per command.
 */
#ifndef MPTCPSECCTL_OBJECTS_H
#define MPTCPSECCTL_OBJECTS_H

#include "args.h"

int cmd_policy(const struct ctl_cmd *c);
int cmd_key(const struct ctl_cmd *c);
int cmd_conn(const struct ctl_cmd *c);
int cmd_stats(const struct ctl_cmd *c);
int ctl_module_version(char *buf, size_t len);

const char *ctl_enum_name(const char *const *names, unsigned int n, unsigned int v);
void ctl_addr_str(int family, const void *addr, char *buf, size_t len);

#endif
