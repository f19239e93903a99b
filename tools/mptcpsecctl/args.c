// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl argument parser (pure; see args.h).
 *
 * Grammar (objects and commands may be abbreviated to a unique prefix;
 * keywords and their values are written in full):
 *
 *   policy { add | replace } PREFIX [ port P[-Q] ] mode MODE [ auth AUTH ]
 *   policy del PREFIX [ port P[-Q] ]
 *   policy get ADDRESS [ port P ]
 *   policy [ show | flush | help ]
 *   key { add | replace } NAME file { PATH | - }
 *   key del NAME
 *   key [ show | generate | help ]
 *   conn [ show [ FILTER ]... | flush | help ]
 *   stats [ show | help ]
 *   monitor [ conn ID ] [ event EVENT [ EVENT ]... ] | monitor help
 *   save [ FILE | help ]                  (written in full, never abbreviated)
 *   restore [ FILE | help ]               (written in full, never abbreviated)
 *
 *   MODE := { off | prefer | require }    AUTH := { none | psk KEYNAME }
 *   FILTER := { peer ADDRESS | state STATE | security SECURITY |
 *               session HEXPREFIX }
 *   EVENT := one of ctl_event_names
 *
 * Key material is never an argument: only a file (or "-" for standard
 * input) names it, so no grammar accepts a secret on the command line.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "args.h"
#include "keyfile.h"

const char *const ctl_mode_names[] = { "off", "prefer", "require", NULL };
const char *const ctl_auth_names[] = { "none", "psk", "pinned", NULL };
const char *const ctl_state_names[] = {
	"syn-sent", "syn-rcvd", "established", "closing", "closed", NULL };
const char *const ctl_security_names[] = {
	"none", "negotiating", "secured", "fallback", "refused", "failed", NULL };
const char *const ctl_event_names[] = {
	"conn-secured", "conn-fallback", "conn-refused", "conn-failed",
	"subflow-added", "subflow-secured", "subflow-removed", "subflow-reset",
	"auth-failure", "rekey", NULL };

const char *ctl_enum_name(const char *const *names, unsigned int n, unsigned int v)
{
	return v < n ? names[v] : "unknown";
}

static const char usage_main[] =
"Usage: mptcpsecctl [ OPTIONS ] OBJECT [ COMMAND [ ARGUMENTS ]... ]\n"
"       mptcpsecctl [ OPTIONS ] -b FILE\n"
"       mptcpsecctl [ -n NETNS ] { save | restore } [ FILE ]\n"
"OPTIONS := { -j[son] | -p[retty] | -n[etns] NETNS | -b[atch] FILE |\n"
"             -V[ersion] | -h[elp] }\n"
"OBJECT := { policy | key | conn | stats | monitor | identity | keylog }\n"
"Try \"mptcpsecctl OBJECT help\" or see mptcpsecctl(8).\n";

static const char usage_policy[] =
"Usage: mptcpsecctl policy { add | replace } PREFIX [ port PORT[-PORT] ] mode MODE\n"
"                          [ auth AUTH ]\n"
"       mptcpsecctl policy del PREFIX [ port PORT[-PORT] ]\n"
"       mptcpsecctl policy get ADDRESS [ port PORT ]\n"
"       mptcpsecctl policy [ show | flush ]\n"
"PREFIX := ADDRESS[/LENGTH]   (IPv4 or IPv6; a host address by default)\n"
"MODE := { off | prefer | require }\n"
"AUTH := { none | psk KEYNAME | pinned PEERKEY }\n"
"PEERKEY := the peer's identity public key (base64 or hex, 32 bytes)\n";

static const char usage_key[] =
"Usage: mptcpsecctl key { add | replace } NAME file { PATH | - }\n"
"       mptcpsecctl key del NAME\n"
"       mptcpsecctl key [ show | generate ]\n"
"NAME := 1 to 31 of A-Z a-z 0-9 _ . -\n"
"The file holds one key of 16 to 64 bytes, base64 or hex encoded.\n";

static const char usage_conn[] =
"Usage: mptcpsecctl conn [ show [ FILTER ]... | flush ]\n"
"FILTER := { peer ADDRESS | state STATE | security SECURITY | session HEXPREFIX }\n"
"STATE := { syn-sent | syn-rcvd | established | closing | closed }\n"
"SECURITY := { none | negotiating | secured | fallback | refused | failed }\n"
"HEXPREFIX := 1 to 32 hex digits, the start of a session ID\n";

static const char usage_identity[] =
"Usage: mptcpsecctl identity { generate | show | del }\n"
"       mptcpsecctl identity load FILE\n"
"generate prints a new private key; load installs one from FILE (base64\n"
"or hex, 32 bytes); show prints the public key peers pin.\n";

static const char usage_keylog[] =
"Usage: mptcpsecctl keylog FILE\n"
"Appends the secrets of every subflow secured from now on to FILE\n"
"(created with mode 0600) until interrupted. Anyone with FILE can decrypt\n"
"those connections. Needs CAP_NET_ADMIN in the initial user namespace.\n";

static const char usage_config[] =
"Usage: mptcpsecctl save [ FILE ]\n"
"       mptcpsecctl restore [ FILE ]\n"
"save writes the running identity, keys (by file name) and policy as a\n"
"configuration file: FILE, replaced atomically, or standard output.\n"
"restore checks every line of FILE (default $MPTCPSEC_CONF, else\n"
"/etc/mptcpsec/mptcpsec.conf), then replaces the running configuration\n"
"with it. The format is in mptcpsecctl(8), CONFIGURATION FILE.\n";

static const char usage_stats[] =
"Usage: mptcpsecctl stats [ show ]\n";

static const char usage_monitor[] =
"Usage: mptcpsecctl monitor [ conn ID ] [ event EVENT [ EVENT ]... ]\n"
"EVENT := { conn-secured | conn-fallback | conn-refused | conn-failed |\n"
"           subflow-added | subflow-secured | subflow-removed | subflow-reset |\n"
"           auth-failure | rekey }\n"
"Prints one line per event (with -j, one JSON object per line) until\n"
"interrupted. Needs CAP_NET_ADMIN.\n";

/**
 * ctl_usage() - usage text of an object, or of the program
 * @obj: the object, CTL_OBJ_NONE for the program
 *
 * Return: a static string ending in a newline.
 */
const char *ctl_usage(enum ctl_object obj)
{
	switch (obj) {
	case CTL_OBJ_POLICY:
		return usage_policy;
	case CTL_OBJ_KEY:
		return usage_key;
	case CTL_OBJ_CONN:
		return usage_conn;
	case CTL_OBJ_STATS:
		return usage_stats;
	case CTL_OBJ_MONITOR:
		return usage_monitor;
	case CTL_OBJ_IDENTITY:
		return usage_identity;
	case CTL_OBJ_KEYLOG:
		return usage_keylog;
	case CTL_OBJ_SAVE:
	case CTL_OBJ_RESTORE:
		return usage_config;
	default:
		return usage_main;
	}
}

const char *ctl_object_name(enum ctl_object obj)
{
	static const char *const names[] = {
		"", "policy", "key", "conn", "stats", "monitor", "identity", "keylog",
		"save", "restore" };

	return (unsigned int)obj < sizeof(names) / sizeof(names[0]) ? names[obj] : "";
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The message quotes words as given: control characters in them (a
 * newline, a terminal escape) print as '?', so it stays one plain line.
 */
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
		for (p = err; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
	}
	return -1;
}

struct word {
	const char *name;
	int value;
};

/*
 * Unique-prefix match of @w in @tab (terminated by a NULL name). An exact
 * match always wins; a prefix of several names is accepted when they all
 * mean the same (del/delete). Return: the value, -1 none, -2 ambiguous.
 */
static int match_word(const char *w, const struct word *tab)
{
	size_t n = strlen(w);
	int i, found = -1;

	if (!n)
		return -1;
	for (i = 0; tab[i].name; i++)
		if (!strcmp(w, tab[i].name))
			return tab[i].value;
	for (i = 0; tab[i].name; i++) {
		if (strncmp(w, tab[i].name, n))
			continue;
		if (found == -1)
			found = tab[i].value;
		else if (found != tab[i].value)
			return -2;
	}
	return found;
}

static int match_exact(const char *w, const char *const *names)
{
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(w, names[i]))
			return i;
	return -1;
}

/**
 * ctl_key_name_valid() - 1..31 characters out of [A-Za-z0-9_.-]
 * @name: NUL-terminated candidate
 */
bool ctl_key_name_valid(const char *name)
{
	size_t i, n = strlen(name);

	if (n < 1 || n > CTL_KEY_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

/* Decimal without sign, spaces or excess digits; 0 or -1. */
static int parse_uint(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > 10)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_address(const char *s, struct ctl_prefix *p)
{
	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, s, p->addr) == 1) {
		p->family = AF_INET;
		p->len = 32;
		return 0;
	}
	if (inet_pton(AF_INET6, s, p->addr) == 1) {
		p->family = AF_INET6;
		p->len = 128;
		return 0;
	}
	return -1;
}

static bool host_bits_set(const struct ctl_prefix *p)
{
	unsigned int alen = p->family == AF_INET ? 4 : 16;
	unsigned int i;

	for (i = p->len / 8; i < alen; i++) {
		uint8_t mask = i == p->len / 8 ? (uint8_t)(0xff >> (p->len % 8)) : 0xff;

		if (p->addr[i] & mask)
			return true;
	}
	return false;
}

static int parse_prefix(const char *arg, struct ctl_prefix *p, char *err, size_t errlen)
{
	char buf[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(arg, '/');
	size_t alen = slash ? (size_t)(slash - arg) : strlen(arg);
	unsigned long len;

	if (alen >= sizeof(buf))
		return fail(err, errlen, "invalid prefix \"%s\"", arg);
	memcpy(buf, arg, alen);
	buf[alen] = '\0';
	if (parse_address(buf, p))
		return fail(err, errlen, "invalid prefix \"%s\" (an IPv4 or IPv6 address, optionally /LENGTH)",
			    arg);
	if (slash) {
		if (parse_uint(slash + 1, strlen(slash + 1), p->len, &len))
			return fail(err, errlen, "invalid prefix length in \"%s\" (0 to %u)",
				    arg, p->len);
		p->len = (unsigned int)len;
	}
	if (host_bits_set(p))
		return fail(err, errlen, "host bits set in %s", arg);
	return 0;
}

/* "P" or, when @range, "P-Q" with P <= Q. */
static int parse_ports(const char *arg, struct ctl_cmd *c, bool range,
		       char *err, size_t errlen)
{
	const char *dash = strchr(arg, '-');
	unsigned long lo, hi;

	if (dash && !range)
		return fail(err, errlen, "invalid port \"%s\" (a single port is expected)", arg);
	if (dash) {
		if (parse_uint(arg, (size_t)(dash - arg), 65535, &lo) ||
		    parse_uint(dash + 1, strlen(dash + 1), 65535, &hi))
			return fail(err, errlen, "invalid port range \"%s\" (PORT-PORT, 0 to 65535)",
				    arg);
		if (lo > hi)
			return fail(err, errlen, "port range reversed in \"%s\"", arg);
	} else {
		if (parse_uint(arg, strlen(arg), 65535, &lo))
			return fail(err, errlen, "invalid port \"%s\" (0 to 65535)", arg);
		hi = lo;
	}
	c->has_port = true;
	c->port_min = (uint16_t)lo;
	c->port_max = (uint16_t)hi;
	return 0;
}

static int no_more(int argc, char *const argv[], int i, char *err, size_t errlen)
{
	if (i < argc)
		return fail(err, errlen, "unexpected argument \"%s\"", argv[i]);
	return 0;
}

/* A public key: base64 or hex of exactly CTL_PUBKEY_LEN bytes. */
static int parse_pubkey(const char *arg, uint8_t out[CTL_PUBKEY_LEN], char *err,
			size_t errlen)
{
	uint8_t buf[CTL_KEY_MAX_LEN];
	size_t n = 0;
	int rc;

	rc = ctl_key_decode(arg, strlen(arg), buf, &n);
	if (rc == CTL_KEY_OK && n == CTL_PUBKEY_LEN)
		memcpy(out, buf, CTL_PUBKEY_LEN);
	ctl_wipe(buf, sizeof(buf));
	if (rc != CTL_KEY_OK || n != CTL_PUBKEY_LEN)
		return fail(err, errlen,
			    "invalid public key (32 bytes, base64 or hex, as 'identity show' prints)");
	return 0;
}

static int parse_policy(int argc, char *const argv[], struct ctl_cmd *c,
			char *err, size_t errlen)
{
	bool seen_port = false, seen_mode = false, seen_auth = false;
	bool is_get = c->cmd == CTL_CMD_GET;
	bool is_del = c->cmd == CTL_CMD_DEL;
	int i;

	switch (c->cmd) {
	case CTL_CMD_SHOW:
	case CTL_CMD_FLUSH:
	case CTL_CMD_HELP:
		return no_more(argc, argv, 0, err, errlen);
	case CTL_CMD_GET:
		if (argc < 1)
			return fail(err, errlen, "policy get: an address is expected");
		if (strchr(argv[0], '/') || parse_address(argv[0], &c->prefix))
			return fail(err, errlen, "invalid address \"%s\" (policy get takes one IPv4 or IPv6 address)",
				    argv[0]);
		break;
	case CTL_CMD_ADD:
	case CTL_CMD_REPLACE:
	case CTL_CMD_DEL:
		if (argc < 1)
			return fail(err, errlen, "policy %s: a prefix is expected",
				    is_del ? "del" : c->cmd == CTL_CMD_ADD ? "add" : "replace");
		if (parse_prefix(argv[0], &c->prefix, err, errlen))
			return -1;
		break;
	default:
		return fail(err, errlen, "policy does not support this command");
	}

	for (i = 1; i < argc; i += 2) {
		const char *kw = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(kw, "port")) {
			if (seen_port)
				return fail(err, errlen, "duplicate keyword \"port\"");
			seen_port = true;
			if (!val)
				return fail(err, errlen, "\"port\" needs a value (%s)",
					    is_get ? "PORT" : "PORT or PORT-PORT");
			if (parse_ports(val, c, !is_get, err, errlen))
				return -1;
		} else if (!strcmp(kw, "mode") && !is_get && !is_del) {
			if (seen_mode)
				return fail(err, errlen, "duplicate keyword \"mode\"");
			seen_mode = true;
			if (!val)
				return fail(err, errlen, "\"mode\" needs a value (off, prefer, require)");
			c->mode = match_exact(val, ctl_mode_names);
			if (c->mode < 0)
				return fail(err, errlen, "invalid mode \"%s\" (off, prefer, require)",
					    val);
		} else if (!strcmp(kw, "auth") && !is_get && !is_del) {
			if (seen_auth)
				return fail(err, errlen, "duplicate keyword \"auth\"");
			seen_auth = true;
			if (!val)
				return fail(err, errlen,
					    "\"auth\" needs a value (none, psk KEYNAME, pinned PEERKEY)");
			c->auth = match_exact(val, ctl_auth_names);
			if (c->auth < 0)
				return fail(err, errlen,
					    "invalid auth \"%s\" (none, psk KEYNAME, pinned PEERKEY)",
					    val);
			if (c->auth == 2) {
				if (i + 2 >= argc)
					return fail(err, errlen,
						    "\"auth pinned\" needs the peer's public key");
				if (parse_pubkey(argv[i + 2], c->peer_key, err, errlen))
					return -1;
				i++;
			}
			if (c->auth == 1) {
				if (i + 2 >= argc)
					return fail(err, errlen, "\"auth psk\" needs a key name");
				if (!ctl_key_name_valid(argv[i + 2]))
					return fail(err, errlen,
						    "invalid key name \"%s\" (1 to 31 of A-Z a-z 0-9 _ . -)",
						    argv[i + 2]);
				strcpy(c->key, argv[i + 2]);
				i++;
			}
		} else {
			return fail(err, errlen, "unknown keyword \"%s\"", kw);
		}
	}
	if (!is_get && !is_del && !seen_mode)
		return fail(err, errlen, "\"mode\" is required (off, prefer, require)");
	if (!seen_auth)
		c->auth = 0;
	return 0;
}

static int parse_identity(int argc, char *const argv[], struct ctl_cmd *c,
			  char *err, size_t errlen)
{
	switch (c->cmd) {
	case CTL_CMD_SHOW:
	case CTL_CMD_GENERATE:
	case CTL_CMD_DEL:
	case CTL_CMD_HELP:
		return no_more(argc, argv, 0, err, errlen);
	case CTL_CMD_LOAD:
		if (argc < 1 || !argv[0][0])
			return fail(err, errlen, "identity load: a file is expected");
		c->file = argv[0];
		return no_more(argc, argv, 1, err, errlen);
	default:
		return fail(err, errlen, "identity does not support this command");
	}
}

/* keylog FILE | keylog help: no command word, like monitor. */
static int parse_keylog(int argc, char *const argv[], struct ctl_cmd *c,
			char *err, size_t errlen)
{
	if (argc >= 1 && !strcmp(argv[0], "help")) {
		c->cmd = CTL_CMD_HELP;
		return no_more(argc, argv, 1, err, errlen);
	}
	if (argc < 1 || !argv[0][0])
		return fail(err, errlen, "keylog: a file is expected");
	c->file = argv[0];
	return no_more(argc, argv, 1, err, errlen);
}

/* save [ FILE | help ], restore [ FILE | help ]: the words after the command */
static int parse_config(int argc, char *const argv[], struct ctl_cmd *c,
			char *err, size_t errlen)
{
	if (argc >= 1 && !strcmp(argv[0], "help"))
		c->cmd = CTL_CMD_HELP;
	else if (argc >= 1 && !argv[0][0])
		return fail(err, errlen, "%s: the file name is empty", ctl_object_name(c->obj));
	else if (argc >= 1)
		c->file = argv[0];
	return no_more(argc, argv, 1, err, errlen);
}

static int parse_key(int argc, char *const argv[], struct ctl_cmd *c,
		     char *err, size_t errlen)
{
	const char *verb = c->cmd == CTL_CMD_ADD ? "add" : "replace";

	switch (c->cmd) {
	case CTL_CMD_SHOW:
	case CTL_CMD_GENERATE:
	case CTL_CMD_HELP:
		return no_more(argc, argv, 0, err, errlen);
	case CTL_CMD_ADD:
	case CTL_CMD_REPLACE:
	case CTL_CMD_DEL:
		break;
	default:
		return fail(err, errlen, "key does not support this command");
	}
	if (argc < 1)
		return fail(err, errlen, "a key name is expected");
	if (!ctl_key_name_valid(argv[0]))
		return fail(err, errlen, "invalid key name \"%s\" (1 to 31 of A-Z a-z 0-9 _ . -)",
			    argv[0]);
	strcpy(c->key, argv[0]);
	if (c->cmd == CTL_CMD_DEL)
		return no_more(argc, argv, 1, err, errlen);
	/*
	 * Anything but "file PATH" is refused without echoing it: the word
	 * could be key material typed on the command line by mistake.
	 */
	if (argc < 2 || strcmp(argv[1], "file"))
		return fail(err, errlen,
			    "key material is only read from a file: key %s NAME file { PATH | - }",
			    verb);
	if (argc < 3 || !argv[2][0])
		return fail(err, errlen, "\"file\" needs a path (or - for standard input)");
	if (argc > 3)
		return fail(err, errlen, "unexpected argument after the file path");
	c->file = argv[2];
	return 0;
}

/* 1 to 32 hex digits, stored in lowercase. */
static int parse_session(const char *arg, char *out, char *err, size_t errlen)
{
	size_t i, n = strlen(arg);

	if (n < 1 || n > 2 * CTL_SESSION_ID_LEN)
		return fail(err, errlen, "invalid session ID prefix \"%s\" (1 to %d hex digits)",
			    arg, 2 * CTL_SESSION_ID_LEN);
	for (i = 0; i < n; i++) {
		char ch = arg[i];

		if (ch >= 'A' && ch <= 'F')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
			return fail(err, errlen,
				    "invalid session ID prefix \"%s\" (1 to %d hex digits)",
				    arg, 2 * CTL_SESSION_ID_LEN);
		out[i] = ch;
	}
	out[n] = '\0';
	return 0;
}

static int parse_conn(int argc, char *const argv[], struct ctl_cmd *c,
		      char *err, size_t errlen)
{
	static const char states[] =
		"syn-sent, syn-rcvd, established, closing, closed";
	static const char securities[] =
		"none, negotiating, secured, fallback, refused, failed";
	struct ctl_conn_filter *f = &c->filter;
	bool seen_session = false;
	int i;

	if (c->cmd != CTL_CMD_SHOW)
		return no_more(argc, argv, 0, err, errlen);
	for (i = 0; i < argc; i += 2) {
		const char *kw = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(kw, "peer")) {
			if (f->has_peer)
				return fail(err, errlen, "duplicate keyword \"peer\"");
			if (!val)
				return fail(err, errlen, "\"peer\" needs a value (an IPv4 or IPv6 address)");
			if (strchr(val, '/') || parse_address(val, &f->peer))
				return fail(err, errlen,
					    "invalid peer address \"%s\" (one IPv4 or IPv6 address)",
					    val);
			f->has_peer = true;
		} else if (!strcmp(kw, "state")) {
			if (f->state >= 0)
				return fail(err, errlen, "duplicate keyword \"state\"");
			if (!val)
				return fail(err, errlen, "\"state\" needs a value (%s)", states);
			f->state = match_exact(val, ctl_state_names);
			if (f->state < 0)
				return fail(err, errlen, "invalid state \"%s\" (%s)", val, states);
		} else if (!strcmp(kw, "security")) {
			if (f->security >= 0)
				return fail(err, errlen, "duplicate keyword \"security\"");
			if (!val)
				return fail(err, errlen, "\"security\" needs a value (%s)", securities);
			f->security = match_exact(val, ctl_security_names);
			if (f->security < 0)
				return fail(err, errlen, "invalid security \"%s\" (%s)", val,
					    securities);
		} else if (!strcmp(kw, "session")) {
			if (seen_session)
				return fail(err, errlen, "duplicate keyword \"session\"");
			seen_session = true;
			if (!val)
				return fail(err, errlen, "\"session\" needs a value (1 to %d hex digits)",
					    2 * CTL_SESSION_ID_LEN);
			if (parse_session(val, f->session, err, errlen))
				return -1;
		} else {
			return fail(err, errlen, "unknown keyword \"%s\"", kw);
		}
	}
	return 0;
}

/* ctl_event_names, for messages (the unit test checks they agree) */
static const char event_list[] =
	"conn-secured, conn-fallback, conn-refused, conn-failed, subflow-added, "
	"subflow-secured, subflow-removed, subflow-reset, auth-failure, rekey";

static bool is_monitor_keyword(const char *w)
{
	return !strcmp(w, "conn") || !strcmp(w, "event");
}

/* monitor [ conn ID ] [ event EVENT [ EVENT ]... ]: the words after "monitor" */
static int parse_monitor(int argc, char *const argv[], struct ctl_cmd *c,
			 char *err, size_t errlen)
{
	struct ctl_monitor_filter *f = &c->monitor;
	bool seen_event = false;
	unsigned long id;
	int i, ev;

	if (argc >= 1 && !strcmp(argv[0], "help")) {
		c->cmd = CTL_CMD_HELP;
		return no_more(argc, argv, 1, err, errlen);
	}
	for (i = 0; i < argc; i++) {
		const char *kw = argv[i];

		if (!strcmp(kw, "conn")) {
			if (f->has_conn)
				return fail(err, errlen, "duplicate keyword \"conn\"");
			if (i + 1 >= argc)
				return fail(err, errlen, "\"conn\" needs a value (a connection id)");
			if (parse_uint(argv[i + 1], strlen(argv[i + 1]), 4294967295UL, &id) || !id)
				return fail(err, errlen,
					    "invalid connection id \"%s\" (1 to 4294967295)",
					    argv[i + 1]);
			f->has_conn = true;
			f->conn = (uint32_t)id;
			i++;
		} else if (!strcmp(kw, "event")) {
			if (seen_event)
				return fail(err, errlen, "duplicate keyword \"event\"");
			seen_event = true;
			if (i + 1 >= argc || is_monitor_keyword(argv[i + 1]))
				return fail(err, errlen, "\"event\" needs at least one event (%s)",
					    event_list);
			/* Every word up to the next keyword names an event. */
			for (; i + 1 < argc && !is_monitor_keyword(argv[i + 1]); i++) {
				ev = match_exact(argv[i + 1], ctl_event_names);
				if (ev < 0)
					return fail(err, errlen, "unknown event \"%s\" (%s)",
						    argv[i + 1], event_list);
				f->events |= 1u << ev;
			}
		} else {
			return fail(err, errlen, "unknown keyword \"%s\"", kw);
		}
	}
	return 0;
}

/**
 * ctl_parse_cmd() - parse OBJECT [ COMMAND [ ARGUMENTS ]... ]
 * @argc: number of words
 * @argv: the words (not modified; @cmd->file may point into them)
 * @cmd: the result; @cmd->obj is set even on failure once recognised
 * @err: receives a one-line message on failure (may be NULL)
 * @errlen: size of @err
 *
 * Return: 0, or -1 on a usage error.
 */
int ctl_parse_cmd(int argc, char *const argv[], struct ctl_cmd *cmd,
		  char *err, size_t errlen)
{
	static const struct word objects[] = {
		{ "policy", CTL_OBJ_POLICY }, { "key", CTL_OBJ_KEY },
		{ "conn", CTL_OBJ_CONN }, { "stats", CTL_OBJ_STATS },
		{ "monitor", CTL_OBJ_MONITOR }, { "identity", CTL_OBJ_IDENTITY },
		{ "keylog", CTL_OBJ_KEYLOG }, { NULL, 0 } };
	static const struct word policy_cmds[] = {
		{ "add", CTL_CMD_ADD }, { "replace", CTL_CMD_REPLACE },
		{ "del", CTL_CMD_DEL }, { "delete", CTL_CMD_DEL }, { "get", CTL_CMD_GET },
		{ "show", CTL_CMD_SHOW }, { "list", CTL_CMD_SHOW },
		{ "flush", CTL_CMD_FLUSH }, { "help", CTL_CMD_HELP }, { NULL, 0 } };
	static const struct word key_cmds[] = {
		{ "add", CTL_CMD_ADD }, { "replace", CTL_CMD_REPLACE },
		{ "del", CTL_CMD_DEL }, { "delete", CTL_CMD_DEL },
		{ "show", CTL_CMD_SHOW }, { "list", CTL_CMD_SHOW },
		{ "generate", CTL_CMD_GENERATE }, { "help", CTL_CMD_HELP }, { NULL, 0 } };
	static const struct word conn_cmds[] = {
		{ "show", CTL_CMD_SHOW }, { "list", CTL_CMD_SHOW },
		{ "flush", CTL_CMD_FLUSH }, { "help", CTL_CMD_HELP }, { NULL, 0 } };
	static const struct word identity_cmds[] = {
		{ "generate", CTL_CMD_GENERATE }, { "load", CTL_CMD_LOAD },
		{ "show", CTL_CMD_SHOW }, { "list", CTL_CMD_SHOW },
		{ "del", CTL_CMD_DEL }, { "delete", CTL_CMD_DEL },
		{ "help", CTL_CMD_HELP }, { NULL, 0 } };
	static const struct word stats_cmds[] = {
		{ "show", CTL_CMD_SHOW }, { "list", CTL_CMD_SHOW },
		{ "help", CTL_CMD_HELP }, { NULL, 0 } };
	const struct word *cmds;
	int o, v, rest;

	memset(cmd, 0, sizeof(*cmd));
	cmd->mode = -1;
	cmd->auth = -1;
	cmd->filter.state = -1;
	cmd->filter.security = -1;
	if (argc < 1 || !argv[0])
		return fail(err, errlen, "an object is expected (policy, key, conn, stats, monitor, identity, keylog, save, restore)");
	/* restore replaces everything: it and save are never abbreviated ("s" is stats) */
	if (!strcmp(argv[0], "save") || !strcmp(argv[0], "restore")) {
		cmd->obj = argv[0][0] == 's' ? CTL_OBJ_SAVE : CTL_OBJ_RESTORE;
		cmd->cmd = CTL_CMD_SHOW;
		return parse_config(argc - 1, argv + 1, cmd, err, errlen);
	}
	/* "k" and "key" stay key: keylog is only ever abbreviated past "key". */
	o = argv[0][0] && !strncmp(argv[0], "key", strlen(argv[0])) ? CTL_OBJ_KEY :
	    match_word(argv[0], objects);
	if (o < 0)
		return fail(err, errlen, "%s object \"%s\" (policy, key, conn, stats, monitor, identity, keylog, save, restore)",
			    o == -2 ? "ambiguous" : "unknown", argv[0]);
	cmd->obj = (enum ctl_object)o;
	cmds = o == CTL_OBJ_POLICY ? policy_cmds : o == CTL_OBJ_KEY ? key_cmds :
	       o == CTL_OBJ_CONN ? conn_cmds : o == CTL_OBJ_IDENTITY ? identity_cmds :
	       stats_cmds;
	cmd->cmd = CTL_CMD_SHOW;
	/* monitor takes no command, only filters (and help) */
	if (o == CTL_OBJ_MONITOR)
		return parse_monitor(argc - 1, argv + 1, cmd, err, errlen);
	if (o == CTL_OBJ_KEYLOG)
		return parse_keylog(argc - 1, argv + 1, cmd, err, errlen);
	if (argc >= 2) {
		v = match_word(argv[1], cmds);
		if (v < 0)
			return fail(err, errlen, "%s command \"%s\" for %s",
				    v == -2 ? "ambiguous" : "unknown", argv[1],
				    ctl_object_name(cmd->obj));
		cmd->cmd = (enum ctl_command)v;
	}
	rest = argc > 2 ? argc - 2 : 0;
	argv += argc > 2 ? 2 : argc;

	switch (cmd->obj) {
	case CTL_OBJ_POLICY:
		return parse_policy(rest, argv, cmd, err, errlen);
	case CTL_OBJ_KEY:
		return parse_key(rest, argv, cmd, err, errlen);
	case CTL_OBJ_CONN:
		return parse_conn(rest, argv, cmd, err, errlen);
	case CTL_OBJ_IDENTITY:
		return parse_identity(rest, argv, cmd, err, errlen);
	default:
		/* stats commands take no arguments */
		return no_more(rest, argv, 0, err, errlen);
	}
}

static int set_netns(struct ctl_opts *o, const char *opt, const char *val,
		     char *err, size_t errlen)
{
	if (!val || !val[0])
		return fail(err, errlen, "option %s needs a namespace name", opt);
	if (strchr(val, '/') || !strcmp(val, ".") || !strcmp(val, "..") ||
	    strlen(val) > 200)
		return fail(err, errlen, "invalid namespace name \"%s\"", val);
	o->netns = val;
	return 0;
}

static int set_batch(struct ctl_opts *o, const char *opt, const char *val,
		     char *err, size_t errlen)
{
	if (!val || !val[0])
		return fail(err, errlen, "option %s needs a file name (or - for standard input)", opt);
	o->batch = val;
	return 0;
}

/**
 * ctl_parse_opts() - parse the global options
 * @argc: number of words, including the program name
 * @argv: the words
 * @opts: the result
 * @err: receives a one-line message on failure (may be NULL)
 * @errlen: size of @err
 *
 * Accepts -j -p -V -h -n NETNS -b FILE, their long forms (--json, ...),
 * the iproute2 single-dash words (-json, -netns, ...), clusters of flags
 * (-jp) and "--" to end the options.
 *
 * Return: the index of the first word after the options, or -1.
 */
int ctl_parse_opts(int argc, char *const argv[], struct ctl_opts *opts,
		   char *err, size_t errlen)
{
	static const struct word longs[] = {
		{ "json", 'j' }, { "pretty", 'p' }, { "netns", 'n' }, { "batch", 'b' },
		{ "Version", 'V' }, { "version", 'V' }, { "help", 'h' }, { NULL, 0 } };
	int i;

	memset(opts, 0, sizeof(*opts));
	for (i = 1; i < argc && argv[i] && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		int f;

		if (!strcmp(a, "--"))
			return i + 1;
		/* --word or -word (at least two letters): a long option */
		if (a[1] == '-' || (a[1] && a[2])) {
			const char *w = a + (a[1] == '-' ? 2 : 1);

			f = strlen(w) >= 2 || a[1] == '-' ? match_word(w, longs) : -1;
			if (f < 0 && a[1] != '-')
				goto cluster;
			if (f < 0)
				return fail(err, errlen, "unknown option \"%s\"", a);
			switch (f) {
			case 'n':
				if (set_netns(opts, a, next, err, errlen))
					return -1;
				i++;
				break;
			case 'b':
				if (set_batch(opts, a, next, err, errlen))
					return -1;
				i++;
				break;
			case 'j':
				opts->json = true;
				break;
			case 'p':
				opts->pretty = true;
				break;
			case 'V':
				opts->version = true;
				break;
			case 'h':
				opts->help = true;
				break;
			}
			continue;
		}
cluster:
		for (f = 1; a[f]; f++) {
			switch (a[f]) {
			case 'j':
				opts->json = true;
				break;
			case 'p':
				opts->pretty = true;
				break;
			case 'V':
				opts->version = true;
				break;
			case 'h':
				opts->help = true;
				break;
			case 'n':
			case 'b':
				if (a[f + 1])
					return fail(err, errlen, "option -%c must end \"%s\"", a[f], a);
				if (a[f] == 'n' ? set_netns(opts, "-n", next, err, errlen) :
						  set_batch(opts, "-b", next, err, errlen))
					return -1;
				i++;
				break;
			default:
				return fail(err, errlen, "unknown option \"%s\"", a);
			}
		}
	}
	if (opts->pretty)
		opts->json = true;
	return i;
}

/**
 * ctl_split_line() - split one batch line into words, in place
 * @line: NUL-terminated line; modified
 * @argv: receives pointers into @line
 * @max: room in @argv
 * @err: receives a one-line message on failure (may be NULL)
 * @errlen: size of @err
 *
 * Words are separated by blanks; "double" or 'single' quotes group blanks
 * into a word; a word starting with # starts a comment that runs to the
 * end of the line.
 *
 * Return: the number of words (0 for a blank or comment line), or -1.
 */
int ctl_split_line(char *line, char *argv[], int max, char *err, size_t errlen)
{
	char *r = line, *w = line;
	int n = 0;

	for (;;) {
		char quote = 0;

		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r || *r == '#')
			break;
		if (n == max)
			return fail(err, errlen, "too many words on the line");
		argv[n++] = w;
		while (*r) {
			if (quote) {
				if (*r == quote)
					quote = 0;
				else
					*w++ = *r;
				r++;
				continue;
			}
			if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
				break;
			if (*r == '"' || *r == '\'')
				quote = *r;
			else
				*w++ = *r;
			r++;
		}
		if (quote)
			return fail(err, errlen, "unterminated quote");
		/* r is at a blank or the end; w <= r, so the NUL never lands past r */
		if (*r)
			r++;
		*w++ = '\0';
	}
	return n;
}
