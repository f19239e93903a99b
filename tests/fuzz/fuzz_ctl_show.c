// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: mptcpsecctl's reading of the module's messages
 * (tools/mptcpsecctl, built unchanged), with ASan and UBSan.
 *
 * The first input byte picks the printer (policy show, policy get, key,
 * conn, stats, event) and the output form (text, JSON, pretty JSON); the
 * rest is the attribute payload of a generic-netlink message, parsed by
 * ctl_nl_parse() as every reply and event is. Whatever the kernel (or
 * anything impersonating it) sends, a printer reads only what the
 * policies admitted and returns 0 or -EPROTO.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/mptcpsec.h>
#include <linux/netlink.h>

#include "../../tools/mptcpsecctl/monitor.h"
#include "../../tools/mptcpsecctl/nl.h"
#include "../../tools/mptcpsecctl/objects.h"
#include "../../tools/mptcpsecctl/print.h"

#define MAX_PAYLOAD 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint32_t buf[(NLMSG_HDRLEN + GENL_HDRLEN + MAX_PAYLOAD) / 4 + 1];
	struct nlattr *tb[MPTCPSEC_A_MAX + 1];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct ctl_monitor_filter none = { 0 };
	struct timespec when = { 1, 2 };
	static FILE *sink;
	unsigned int which;
	int rc;

	if (size < 1 || size - 1 > MAX_PAYLOAD)
		return 0;
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	h->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + (uint32_t)(size - 1);
	h->nlmsg_type = 0x20;
	memcpy((uint8_t *)buf + NLMSG_HDRLEN + GENL_HDRLEN, data + 1, size - 1);
	if (ctl_nl_parse(h, tb))
		return 0;

	which = (data[0] & 0x0f) % 6;
	print_init(sink, data[0] & 0x10, data[0] & 0x20);
	switch (which) {
	case 0:
		rc = ctl_policy_print(tb, NULL);
		break;
	case 1:
		rc = ctl_policy_print(tb, (void *)1);
		break;
	case 2:
		rc = ctl_key_print(tb, NULL);
		break;
	case 3:
		rc = ctl_conn_print(tb, NULL);
		break;
	case 4:
		rc = ctl_stats_print(tb, NULL);
		break;
	default:
		rc = ctl_event_print(tb, (data[0] & 0x40) ? &none : NULL, &when);
		break;
	}
	if (rc && rc != -EPROTO)
		abort();
	print_done();
	return 0;
}
