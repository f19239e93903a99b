// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl keylog FILE: the opt-in key log.
 *
 * Asks the kernel for the secrets of every subflow secured from now on
 * (KEYLOG_START: CAP_NET_ADMIN in the initial user namespace) and appends
 * them to FILE, one record per line, until SIGINT or SIGTERM; the kernel
 * ends the log when this socket closes. The file is created with mode
 * 0600 and refused when others could read it. Format (mptcpsecctl(8),
 * KEY LOG FORMAT):
 *
 *   CONN <session id> <pad a> <pad b>
 *   SUBFLOW <session id> <init addr> <init port> <resp addr> <resp port>
 *           <key init>resp> <key resp>init>       (on one line)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/mptcpsec.h>
#include <netlink/genl/genl.h>

#include "keyfile.h"
#include "nl.h"
#include "objects.h"

#define KEYLOG_KEY_LEN	32
#define KEYLOG_PAD_LEN	8
#define KEYLOG_SID_LEN	16

static struct nla_policy keylog_attrs[MPTCPSEC_A_KEYLOG_MAX + 1] = {
	[MPTCPSEC_A_KEYLOG_SESSION_ID]	= { .minlen = KEYLOG_SID_LEN, .maxlen = KEYLOG_SID_LEN },
	[MPTCPSEC_A_KEYLOG_FAMILY]	= { .type = NLA_U16 },
	[MPTCPSEC_A_KEYLOG_INIT_ADDR]	= { .minlen = 4, .maxlen = 16 },
	[MPTCPSEC_A_KEYLOG_INIT_PORT]	= { .type = NLA_U16 },
	[MPTCPSEC_A_KEYLOG_RESP_ADDR]	= { .minlen = 4, .maxlen = 16 },
	[MPTCPSEC_A_KEYLOG_RESP_PORT]	= { .type = NLA_U16 },
	[MPTCPSEC_A_KEYLOG_KEY_I2R]	= { .minlen = KEYLOG_KEY_LEN, .maxlen = KEYLOG_KEY_LEN },
	[MPTCPSEC_A_KEYLOG_KEY_R2I]	= { .minlen = KEYLOG_KEY_LEN, .maxlen = KEYLOG_KEY_LEN },
	[MPTCPSEC_A_KEYLOG_PAD_A]	= { .minlen = KEYLOG_PAD_LEN, .maxlen = KEYLOG_PAD_LEN },
	[MPTCPSEC_A_KEYLOG_PAD_B]	= { .minlen = KEYLOG_PAD_LEN, .maxlen = KEYLOG_PAD_LEN },
};

struct keylog {
	FILE *f;
	unsigned long records;
};

/* Lowercase hex of an attribute of exactly @len bytes into @out; false if not. */
static bool hex_attr(const struct nlattr *a, int len, char *out)
{
	const uint8_t *p;
	int i;

	if (!a || nla_len(a) != len)
		return false;
	p = nla_data(a);
	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	return true;
}

static int on_record(struct nlattr **top, void *arg)
{
	struct nlattr *tb[MPTCPSEC_A_KEYLOG_MAX + 1];
	char sid[2 * KEYLOG_SID_LEN + 1], ki[2 * KEYLOG_KEY_LEN + 1], kr[2 * KEYLOG_KEY_LEN + 1];
	char pa[2 * KEYLOG_PAD_LEN + 1], pb[2 * KEYLOG_PAD_LEN + 1];
	char ia[INET6_ADDRSTRLEN], ra[INET6_ADDRSTRLEN];
	struct keylog *kl = arg;
	unsigned int lines = 1;
	int rc = -EPROTO;

	if (!top[MPTCPSEC_A_KEYLOG])
		return 0;
	if (ctl_nl_nested(tb, MPTCPSEC_A_KEYLOG_MAX, top[MPTCPSEC_A_KEYLOG], keylog_attrs) ||
	    !hex_attr(tb[MPTCPSEC_A_KEYLOG_SESSION_ID], KEYLOG_SID_LEN, sid) ||
	    ctl_attr_addr(tb[MPTCPSEC_A_KEYLOG_FAMILY], tb[MPTCPSEC_A_KEYLOG_INIT_ADDR],
			  ia, sizeof(ia)) ||
	    ctl_attr_addr(tb[MPTCPSEC_A_KEYLOG_FAMILY], tb[MPTCPSEC_A_KEYLOG_RESP_ADDR],
			  ra, sizeof(ra)) ||
	    !tb[MPTCPSEC_A_KEYLOG_INIT_PORT] || !tb[MPTCPSEC_A_KEYLOG_RESP_PORT] ||
	    !hex_attr(tb[MPTCPSEC_A_KEYLOG_KEY_I2R], KEYLOG_KEY_LEN, ki) ||
	    !hex_attr(tb[MPTCPSEC_A_KEYLOG_KEY_R2I], KEYLOG_KEY_LEN, kr))
		goto out;
	if (tb[MPTCPSEC_A_KEYLOG_PAD_A] || tb[MPTCPSEC_A_KEYLOG_PAD_B]) {
		if (!hex_attr(tb[MPTCPSEC_A_KEYLOG_PAD_A], KEYLOG_PAD_LEN, pa) ||
		    !hex_attr(tb[MPTCPSEC_A_KEYLOG_PAD_B], KEYLOG_PAD_LEN, pb))
			goto out;
		fprintf(kl->f, "CONN %s %s %s\n", sid, pa, pb);
		lines++;
	}
	fprintf(kl->f, "SUBFLOW %s %s %u %s %u %s %s\n", sid, ia,
		nla_get_u16(tb[MPTCPSEC_A_KEYLOG_INIT_PORT]), ra,
		nla_get_u16(tb[MPTCPSEC_A_KEYLOG_RESP_PORT]), ki, kr);
	if (fflush(kl->f)) {
		fprintf(stderr, "Warning: cannot write the key log: %s\n", strerror(errno));
	} else {
		kl->records += lines;
	}
	rc = 0;
out:
	ctl_wipe(ki, sizeof(ki));
	ctl_wipe(kr, sizeof(kr));
	ctl_wipe(pa, sizeof(pa));
	ctl_wipe(pb, sizeof(pb));
	return rc;
}

/* FILE for appending, created 0600; refused if others can read it. */
static FILE *open_log(const char *path)
{
	struct stat st;
	FILE *f;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
		  0600);
	if (fd < 0) {
		fprintf(stderr, "Error: cannot open key log %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (st.st_mode & (S_IRWXG | S_IRWXO)) || st.st_uid != geteuid()) {
		fprintf(stderr, "Error: key log %s must be a regular file of yours that only you can read (chmod 600 it)\n",
			path);
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "a");
	if (!f)
		close(fd);
	return f;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/**
 * cmd_keylog() - write the key log until SIGINT or SIGTERM
 * @c: the parsed command; @c->file is the log file
 *
 * Return: exit status: 0 when interrupted; 1 when FILE is unusable; 2 when
 * the kernel refuses (no permission, a key log already running) or the
 * module goes away.
 */
int cmd_keylog(const struct ctl_cmd *c)
{
	struct keylog kl = { 0 };
	struct sigaction sa;
	sigset_t block, waitmask;
	struct nl_msg *msg;
	int err;

	kl.f = open_log(c->file);
	if (!kl.f)
		return 1;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	msg = ctl_nl_msg(MPTCPSEC_CMD_KEYLOG_START, 0);
	if (!msg) {
		fclose(kl.f);
		return ctl_nl_fail(-ENOMEM);
	}
	err = ctl_nl_talk(msg, NULL, NULL);
	if (err) {
		fclose(kl.f);
		/* genetlink refuses before the module can say why */
		if (err == -EPERM && !ctl_nl_extack()) {
			fprintf(stderr, "Error: the key log needs CAP_NET_ADMIN in the initial user namespace: %s\n",
				strerror(EPERM));
			return 2;
		}
		return ctl_nl_fail(err);
	}
	fprintf(kl.f, "# mptcpsec key log, format 1: CONN and SUBFLOW records (mptcpsecctl(8))\n");
	fflush(kl.f);
	fprintf(stderr, "Key log: secrets of subflows secured from now on go to %s; anyone who reads it can decrypt them. Stop with Ctrl-C.\n",
		c->file);
	err = ctl_nl_listen(on_record, &kl, &stop, &waitmask);
	fclose(kl.f);
	fprintf(stderr, "Key log: %lu records written\n", kl.records);
	if (err == CTL_NL_UNLOADED) {
		fprintf(stderr, "Error: the mptcpsec module was unloaded\n");
		return 2;
	}
	return err ? ctl_nl_fail(err) : 0;
}
