// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsecctl -V: the tool's version and the loaded module's (INFO_GET).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/mptcpsec.h>
#include <netlink/genl/genl.h>

#include "nl.h"
#include "objects.h"
#include "print.h"

#ifndef MPTCPSEC_VERSION
#define MPTCPSEC_VERSION "unknown"
#endif

struct info {
	char version[64];
	int default_mode;
};

static int info_cb(struct nlattr **tb, void *arg)
{
	struct info *info = arg;

	ctl_attr_string(tb[MPTCPSEC_A_VERSION], info->version, sizeof(info->version));
	info->default_mode = ctl_attr_u8(tb[MPTCPSEC_A_DEFAULT_MODE], -1);
	return 0;
}

/**
 * cmd_version() - print the versions of the tool and of the module
 *
 * Text:  mptcpsecctl 0.1.0
 *        module 0.1.0            (or "module not loaded")
 * JSON:  {"version", "module" (null when not loaded), "default_mode"}
 *
 * Return: exit status 0: a missing module is an answer, not an error.
 */
int cmd_version(void)
{
	struct info info = { .default_mode = -1 };
	const char *module = NULL, *why = NULL;
	struct nl_msg *msg;
	int err;

	err = ctl_nl_open();
	if (err == CTL_NL_NOT_LOADED) {
		why = "not loaded";
	} else if (err) {
		why = strerror(-err);
	} else {
		msg = ctl_nl_msg(MPTCPSEC_CMD_INFO_GET, 0);
		err = msg ? ctl_nl_talk(msg, info_cb, &info) : -ENOMEM;
		if (err)
			why = strerror(-err);
		else
			module = info.version[0] ? info.version : "unknown";
	}

	print_open_object(NULL);
	print_string("version", "mptcpsecctl %s\n", MPTCPSEC_VERSION);
	print_string("module", "module %s\n", module);
	if (!module)
		print_text(err == CTL_NL_NOT_LOADED ? "module %s\n" : "module unknown (%s)\n",
			   why);
	if (info.default_mode >= 0)
		print_string("default_mode", NULL,
			     ctl_enum_name(ctl_mode_names, CTL_N_MODES,
					   (unsigned int)info.default_mode));
	else
		print_string("default_mode", NULL, NULL);
	print_close_object();
	print_done();
	return 0;
}
