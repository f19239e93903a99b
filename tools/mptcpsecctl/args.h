/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mptcpsecctl argument parser: words in, a command description out.
 *
 * Pure: no I/O, no netlink, no allocation, no global state. The same code
 * parses the command line and every line of a batch file, and is unit
 * tested (tests/unit/test_ctl_args.c) as is.
 */
#ifndef MPTCPSECCTL_ARGS_H
#define MPTCPSECCTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Key names: 1..31 characters out of [A-Za-z0-9_.-] (plus the NUL). */
#define CTL_KEY_NAME_MAX	31

enum ctl_object {
	CTL_OBJ_NONE,
	CTL_OBJ_POLICY,
	CTL_OBJ_KEY,
	CTL_OBJ_CONN,
	CTL_OBJ_STATS,
	CTL_OBJ_MONITOR,
	CTL_OBJ_IDENTITY,
	CTL_OBJ_KEYLOG,
	/* save and restore: commands of their own, no object */
	CTL_OBJ_SAVE,
	CTL_OBJ_RESTORE,
};

enum ctl_command {
	CTL_CMD_SHOW,
	CTL_CMD_ADD,
	CTL_CMD_REPLACE,
	CTL_CMD_DEL,
	CTL_CMD_GET,
	CTL_CMD_FLUSH,
	CTL_CMD_GENERATE,
	CTL_CMD_LOAD,
	CTL_CMD_HELP,
};

/**
 * struct ctl_prefix - an address with a prefix length
 * @family: AF_INET or AF_INET6
 * @addr: the address, network order (4 bytes used for AF_INET, rest zero)
 * @len: prefix length in bits (32 or 128 for a host address)
 */
struct ctl_prefix {
	int family;
	uint8_t addr[16];
	unsigned int len;
};

/* X25519 public keys (auth pinned, identity): 32 bytes. */
#define CTL_PUBKEY_LEN		32
/* ... in base64, NUL included */
#define CTL_PUBKEY_B64_LEN	45

/* Session IDs: 16 bytes, shown as 32 lowercase hex digits. */
#define CTL_SESSION_ID_LEN	16

/**
 * struct ctl_conn_filter - conn show filters; every one given must match
 * @has_peer: @peer was given
 * @peer: peer address (family, address; the length is unused)
 * @state: enum mptcpsec_state of the connection, or -1 for any
 * @security: enum mptcpsec_security of the connection, or -1 for any
 * @session: leading lowercase hex digits of the session ID, "" for any
 */
struct ctl_conn_filter {
	bool has_peer;
	struct ctl_prefix peer;
	int state;
	int security;
	char session[2 * CTL_SESSION_ID_LEN + 1];
};

/**
 * struct ctl_monitor_filter - monitor filters; every one given must match
 * @has_conn: @conn was given
 * @conn: connection id
 * @events: bit (1 << enum mptcpsec_event) of every event to print; 0 for
 *	every event
 */
struct ctl_monitor_filter {
	bool has_conn;
	uint32_t conn;
	uint32_t events;
};

/**
 * struct ctl_cmd - one parsed command
 * @obj: the object; set as soon as it is recognised, also on failure, so
 *	the caller can print that object's usage
 * @cmd: the command (CTL_CMD_SHOW when only the object was given)
 * @prefix: policy add/replace/del: the prefix; policy get: the address
 * @has_port: a port (get) or port range (add/replace/del) was given
 * @port_min: first port of the range (the port, for get)
 * @port_max: last port of the range
 * @mode: policy add/replace: enum mptcpsec_mode
 * @auth: policy add/replace: enum mptcpsec_auth (none when not given)
 * @key: policy auth psk: the key's name; key add/replace/del: the name
 * @peer_key: policy auth pinned: the peer's X25519 public key
 * @file: key add/replace: path of the key file, "-" for standard input;
 *	identity load: path of the private key file; keylog: the log file;
 *	save: the file to write, restore: the file to read (NULL when not
 *	given: standard output, the default configuration file)
 * @filter: conn show: the filters
 * @monitor: monitor: the filters
 */
struct ctl_cmd {
	enum ctl_object obj;
	enum ctl_command cmd;
	struct ctl_prefix prefix;
	bool has_port;
	uint16_t port_min;
	uint16_t port_max;
	int mode;
	int auth;
	char key[CTL_KEY_NAME_MAX + 1];
	uint8_t peer_key[CTL_PUBKEY_LEN];
	const char *file;
	struct ctl_conn_filter filter;
	struct ctl_monitor_filter monitor;
};

/**
 * struct ctl_opts - global options, given before the object
 * @json: -j, JSON output
 * @pretty: -p, indented JSON output (implies @json)
 * @version: -V
 * @help: -h
 * @netns: -n NETNS, or NULL
 * @batch: -b FILE ("-" for standard input), or NULL
 */
struct ctl_opts {
	bool json;
	bool pretty;
	bool version;
	bool help;
	const char *netns;
	const char *batch;
};

int ctl_parse_opts(int argc, char *const argv[], struct ctl_opts *opts,
		   char *err, size_t errlen);
int ctl_parse_cmd(int argc, char *const argv[], struct ctl_cmd *cmd,
		  char *err, size_t errlen);
int ctl_split_line(char *line, char *argv[], int max, char *err, size_t errlen);

bool ctl_key_name_valid(const char *name);
const char *ctl_usage(enum ctl_object obj);
const char *ctl_object_name(enum ctl_object obj);

/*
 * Spec names of enum mptcpsec_mode, mptcpsec_auth, mptcpsec_state,
 * mptcpsec_security and mptcpsec_event (NULL-terminated).
 */
extern const char *const ctl_mode_names[];
extern const char *const ctl_auth_names[];
extern const char *const ctl_state_names[];
extern const char *const ctl_security_names[];
extern const char *const ctl_event_names[];
#define CTL_N_MODES	3
#define CTL_N_AUTHS	3
#define CTL_N_STATES	5
#define CTL_N_SECURITY	6
#define CTL_N_EVENTS	10
/* @names[@v] when @v < @n, else "unknown" (a value from a newer kernel). */
const char *ctl_enum_name(const char *const *names, unsigned int n, unsigned int v);

#endif
