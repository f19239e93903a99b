// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the command-line grammar of mptcpsecctl
 * (tools/mptcpsecctl/args.c, built unchanged), with ASan and UBSan.
 *
 * The input is one line of a batch file (-b): ctl_split_line() splits it
 * as the tool does, and the words go to ctl_parse_cmd(). Invariants: a
 * failure always leaves a one-line message; a success yields a known
 * object and command, in-range mode, auth and filters, an ordered port
 * range, a prefix no longer than its family allows, a valid key name
 * whenever one is needed, and a file, never empty, only for the commands
 * that take one (key add/replace, identity load, keylog, save, restore).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../tools/mptcpsecctl/args.h"

#define MAX_LINE 1024
#define MAX_WORDS 64

static void check_cmd(const struct ctl_cmd *c)
{
	if (c->obj == CTL_OBJ_NONE || c->obj > CTL_OBJ_RESTORE || c->cmd > CTL_CMD_HELP)
		abort();
	if (c->has_port && c->port_min > c->port_max)
		abort();
	if (c->obj == CTL_OBJ_POLICY && (c->cmd == CTL_CMD_ADD || c->cmd == CTL_CMD_REPLACE)) {
		if (c->mode < 0 || c->mode >= CTL_N_MODES || c->auth < 0 || c->auth >= CTL_N_AUTHS)
			abort();
		if (c->auth == 1 && !ctl_key_name_valid(c->key))
			abort();
	}
	if (c->obj == CTL_OBJ_POLICY &&
	    (c->cmd == CTL_CMD_ADD || c->cmd == CTL_CMD_REPLACE || c->cmd == CTL_CMD_DEL ||
	     c->cmd == CTL_CMD_GET)) {
		if (c->prefix.family != AF_INET && c->prefix.family != AF_INET6)
			abort();
		if (c->prefix.len > (c->prefix.family == AF_INET ? 32u : 128u))
			abort();
	}
	if (c->obj == CTL_OBJ_KEY &&
	    (c->cmd == CTL_CMD_ADD || c->cmd == CTL_CMD_REPLACE || c->cmd == CTL_CMD_DEL) &&
	    !ctl_key_name_valid(c->key))
		abort();
	if (c->file && !(c->obj == CTL_OBJ_KEY &&
			 (c->cmd == CTL_CMD_ADD || c->cmd == CTL_CMD_REPLACE)) &&
	    !(c->obj == CTL_OBJ_IDENTITY && c->cmd == CTL_CMD_LOAD) &&
	    c->obj != CTL_OBJ_KEYLOG && c->obj != CTL_OBJ_SAVE && c->obj != CTL_OBJ_RESTORE)
		abort();
	if (c->file && !c->file[0])
		abort();
	if (c->obj == CTL_OBJ_CONN) {
		if (c->filter.state < -1 || c->filter.state >= CTL_N_STATES ||
		    c->filter.security < -1 || c->filter.security >= CTL_N_SECURITY ||
		    strlen(c->filter.session) > 2 * CTL_SESSION_ID_LEN)
			abort();
	}
	if (c->obj == CTL_OBJ_MONITOR && (c->monitor.events >> CTL_N_EVENTS))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[MAX_LINE + 1], err[256];
	char *argv[MAX_WORDS];
	struct ctl_cmd cmd;
	int n;

	if (size > MAX_LINE)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	err[0] = '\0';
	n = ctl_split_line(line, argv, MAX_WORDS, err, sizeof(err));
	if (n < 0) {
		if (!err[0] || strchr(err, '\n'))
			abort();
		return 0;
	}
	if (n == 0)
		return 0;
	memset(&cmd, 0, sizeof(cmd));
	err[0] = '\0';
	if (ctl_parse_cmd(n, argv, &cmd, err, sizeof(err))) {
		if (!err[0] || strchr(err, '\n'))
			abort();
		return 0;
	}
	check_cmd(&cmd);
	return 0;
}
