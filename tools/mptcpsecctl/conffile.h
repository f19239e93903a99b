/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration file of `mptcpsecctl save` and `restore` (pure: no
 * I/O, no netlink, no allocation).
 *
 * The file holds mptcpsecctl batch lines (ctl_split_line(), then
 * ctl_parse_cmd()), # comments and blank lines, and only the commands
 * that configure: key add|replace NAME file PATH, policy add|replace ...,
 * identity load PATH. A relative PATH is relative to the file's directory.
 */
#ifndef MPTCPSECCTL_CONFFILE_H
#define MPTCPSECCTL_CONFFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "args.h"

/* What `restore` reads without a FILE argument, and what overrides it. */
#define CTL_CONF_DEFAULT	"/etc/mptcpsec/mptcpsec.conf"
#define CTL_CONF_ENV		"MPTCPSEC_CONF"

const char *ctl_conf_path(const char *arg, const char *env);
int ctl_conf_allowed(const struct ctl_cmd *cmd, char *err, size_t errlen);
int ctl_conf_resolve(const char *conf, const char *file, char *out, size_t size);
bool ctl_conf_same_entry(const struct ctl_cmd *a, const struct ctl_cmd *b);
int ctl_conf_quote(const char *word, char *out, size_t size);
int ctl_conf_line(const struct ctl_cmd *cmd, char *out, size_t size);

#endif
