// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: one line of the configuration file of mptcpsecctl
 * restore, read as restore reads it (tools/mptcpsecctl/args.c splitting
 * and parsing, tools/mptcpsecctl/conffile.c checking), with ASan and UBSan.
 *
 * Besides memory safety it checks the round trip save relies on: a line
 * restore accepts is written back by ctl_conf_line() (unless its file
 * holds a newline, which no line can carry), and that line reads back
 * into a command written as the very same line. A relative file name
 * resolves under the configuration file's directory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/mptcpsecctl/args.h"
#include "../../tools/mptcpsecctl/conffile.h"

#define MAX_WORDS	64
#define LINE_MAX_LEN	8192

/* Split and parse @line (modified) as restore does; 0 when it is allowed. */
static int read_line(char *line, struct ctl_cmd *c)
{
	char *words[MAX_WORDS], err[256];
	int n;

	err[0] = '\0';
	n = ctl_split_line(line, words, MAX_WORDS, err, sizeof(err));
	if (n < 0 && !err[0])
		abort();	/* a refusal always says why */
	if (n <= 0)
		return -1;
	if (ctl_parse_cmd(n, words, c, err, sizeof(err))) {
		if (!err[0])
			abort();
		return -1;
	}
	err[0] = '\0';
	if (ctl_conf_allowed(c, err, sizeof(err))) {
		if (!err[0])
			abort();
		return -1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[LINE_MAX_LEN], out[2][5 * LINE_MAX_LEN], path[4096];
	struct ctl_cmd c, again;

	if (size >= sizeof(line) || memchr(data, '\n', size))
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (read_line(line, &c))
		return 0;
	if (c.file && !c.file[0])
		abort();
	if (c.file && ctl_conf_resolve("/etc/mptcpsec/mptcpsec.conf", c.file, path,
				       sizeof(path)) == 0 &&
	    (path[0] != '/' ||
	     (c.file[0] != '/' && strncmp(path, "/etc/mptcpsec/", 14))))
		abort();
	if (ctl_conf_line(&c, out[0], sizeof(out[0]))) {
		if (c.file && strchr(c.file, '\n'))
			return 0;
		abort();	/* an accepted line can always be saved */
	}
	if (strlen(out[0]) >= sizeof(line))
		return 0;
	memcpy(line, out[0], strlen(out[0]) + 1);
	if (read_line(line, &again))
		abort();	/* what save writes, restore reads */
	if (again.obj != c.obj || again.cmd != c.cmd ||
	    ctl_conf_line(&again, out[1], sizeof(out[1])) || strcmp(out[0], out[1]))
		abort();
	return 0;
}
