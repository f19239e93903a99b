/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mptcpsecctl argument parser: argv in, a command description out.
 * Pure: no I/O, no netlink, so it is unit-tested and fuzzed as is.
 */
#ifndef MPTCPSECCTL_ARGS_H
#define MPTCPSECCTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CTL_NAME_LEN	32

enum ctl_obj { OBJ_NONE, OBJ_POLICY, OBJ_KEY, OBJ_CONN, OBJ_STATS };

enum ctl_verb {
	VERB_SHOW, VERB_ADD, VERB_REPLACE, VERB_DEL, VERB_GET, VERB_FLUSH,
	VERB_GENERATE,
};

/**
 * struct ctl_opts - global options (before the object)
 */
struct ctl_opts {
	bool json;
	bool pretty;
	bool version;
	bool help;
	const char *netns;
	const char *batch;
};

/**
 * struct ctl_cmd - one parsed command
 */
struct ctl_cmd {
	enum ctl_obj obj;
	enum ctl_verb verb;
	/* policy */
	int family;			/* 2 (AF_INET) or 10 (AF_INET6) */
	uint8_t addr[16];
	int prefixlen;
	bool has_ports;
	uint16_t port_min, port_max;
	int mode;			/* enum mptcpsec_mode, -1 if not given */
	int auth;			/* enum mptcpsec_auth, -1 if not given */
	char key_name[CTL_NAME_LEN];
	/* key */
	char name[CTL_NAME_LEN];
	const char *file;
};

int ctl_parse_opts(int argc, char **argv, struct ctl_opts *opts,
		   char *err, size_t errlen);
int ctl_parse_cmd(int argc, char **argv, struct ctl_cmd *cmd,
		  char *err, size_t errlen);
bool ctl_key_name_valid(const char *name);

extern const char *const ctl_mode_names[];
extern const char *const ctl_auth_names[];

#endif
