/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Golden files for the JSON tests (see README.md here), on top of tap.h.
 *
 * golden_is(got, name, desc) is two TAP assertions: @got equals the file
 * GOLDEN_DIR/@name byte for byte (on a mismatch, TAP comments show the
 * first differing line, expected and got), and that file is valid JSON
 * according to jq(1): one document for NAME.json, one document per line
 * for NAME.jsonl. A missing jq fails the second assertion.
 *
 * With UPDATE_GOLDEN=1 in the environment the first assertion instead
 * (re)writes the file from @got and passes; a TAP comment names each file
 * whose content changed. Review the change before committing it: the
 * files are the JSON interface of mptcpsecctl.
 *
 * GOLDEN_DIR is set by the Makefile (-D) to this directory's absolute
 * path, so that the tests run from anywhere; "golden" otherwise.
 */
#ifndef MPTCPSEC_TEST_GOLDEN_H
#define MPTCPSEC_TEST_GOLDEN_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tap.h"

#ifndef GOLDEN_DIR
#define GOLDEN_DIR "golden"
#endif

/* Longest excerpt of a differing line printed in a comment. */
#define GOLDEN_SHOWN	120

static inline bool golden_updating(void)
{
	const char *u = getenv("UPDATE_GOLDEN");

	return u && !strcmp(u, "1");
}

static inline void golden_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", GOLDEN_DIR, name);
}

/* The whole file, NUL-terminated (free it), or NULL with errno set. */
static inline char *golden_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, room = 0;

	if (!fp)
		return NULL;
	for (;;) {
		size_t r;

		if (room - n < 4096) {
			char *nb = realloc(buf, room + 65536);

			if (!nb) {
				free(buf);
				fclose(fp);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			room += 65536;
		}
		r = fread(buf + n, 1, room - n - 1, fp);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		fclose(fp);
		errno = EIO;
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Write @len bytes of @data to @path through a temporary file. */
static inline int golden_write(const char *path, const char *data, size_t len)
{
	char tmp[4096 + 8];
	FILE *fp;
	int err = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fp = fopen(tmp, "wb");
	if (!fp)
		return -errno;
	if (fwrite(data, 1, len, fp) != len)
		err = -EIO;
	if (fclose(fp) && !err)
		err = -EIO;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

/* One line of a diff hint: @mark, then the line at @s (up to '\n') around @col. */
static inline void golden_show_line(char mark, const char *s, size_t len, size_t col)
{
	size_t n = 0, from = 0;

	while (n < len && s[n] != '\n')
		n++;
	if (n > GOLDEN_SHOWN && col > GOLDEN_SHOWN / 3)
		from = col - GOLDEN_SHOWN / 3;
	if (from > n)
		from = n;
	printf("#   %c%s%.*s%s\n", mark, from ? "..." : "",
	       (int)(n - from < GOLDEN_SHOWN ? n - from : GOLDEN_SHOWN), s + from,
	       n - from > GOLDEN_SHOWN ? "..." : "");
}

/* The first difference of @want and @got, as a short unified diff. */
static inline void golden_diff(const char *name, const char *want, size_t wlen,
			       const char *got, size_t glen)
{
	size_t i = 0, bol = 0, line = 1;

	while (i < wlen && i < glen && want[i] == got[i]) {
		if (want[i] == '\n') {
			bol = i + 1;
			line++;
		}
		i++;
	}
	printf("#   output differs from golden/%s at line %zu, column %zu\n", name, line,
	       i - bol + 1);
	printf("#   --- golden/%s\n#   +++ output\n#   @@ line %zu @@\n", name, line);
	if (bol < wlen)
		golden_show_line('-', want + bol, wlen - bol, i - bol);
	else
		printf("#   -(end of file)\n");
	if (bol < glen)
		golden_show_line('+', got + bol, glen - bol, i - bol);
	else
		printf("#   +(end of output)\n");
	printf("#   (UPDATE_GOLDEN=1 rewrites the golden files from the output)\n");
}

/* @got against the golden file @name, or the file rewritten from @got. */
static inline int golden_compare(const char *got, const char *name, const char *desc,
				 const char *file, int line)
{
	char path[4096];
	size_t glen = got ? strlen(got) : 0, wlen = 0;
	char *want;
	int r;

	golden_path(path, sizeof(path), name);
	want = golden_read(path, &wlen);
	if (!got) {
		free(want);
		r = tap_ok(0, file, line, desc);
		printf("#   no output\n");
		return r;
	}
	if (golden_updating()) {
		int err = 0;

		if (!want || wlen != glen || memcmp(want, got, glen))
			err = golden_write(path, got, glen);
		r = tap_ok(!err, file, line, desc);
		if (err)
			printf("#   cannot write %s: %s\n", path, strerror(-err));
		else if (!want || wlen != glen || memcmp(want, got, glen))
			printf("#   updated golden/%s\n", name);
		free(want);
		return r;
	}
	if (!want) {
		r = tap_ok(0, file, line, desc);
		printf("#   cannot read %s: %s (UPDATE_GOLDEN=1 creates it)\n", path,
		       strerror(errno));
		return r;
	}
	r = tap_ok(wlen == glen && !memcmp(want, got, glen), file, line, desc);
	if (!r)
		golden_diff(name, want, wlen, got, glen);
	free(want);
	return r;
}

/*
 * jq on the golden file @name: exactly one document for .json, one per
 * line for .jsonl. Its messages become TAP comments.
 */
static inline int golden_valid(const char *name, const char *desc, const char *file,
			       int line)
{
	static const char *const one_doc[] = { "jq", "-e", "-s", "length == 1", NULL };
	static const char *const per_line[] = { "jq", "-R", "fromjson | empty", NULL };
	size_t nlen = strlen(name);
	bool lines = nlen > 6 && !strcmp(name + nlen - 6, ".jsonl");
	const char *const *argv = lines ? per_line : one_doc;
	char path[4096], msg[1024], chunk[512];
	size_t mlen = 0;
	int pipefd[2], status = -1, in, ferr, r;
	ssize_t n;
	pid_t pid;

	golden_path(path, sizeof(path), name);
	in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		r = tap_ok(0, file, line, desc);
		printf("#   cannot open %s: %s\n", path, strerror(errno));
		return r;
	}
	if (pipe2(pipefd, O_CLOEXEC)) {
		close(in);
		r = tap_ok(0, file, line, desc);
		printf("#   pipe: %s\n", strerror(errno));
		return r;
	}
	fflush(stdout);
	pid = fork();
	ferr = errno;
	if (pid == 0) {
		dup2(in, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in);
	close(pipefd[1]);
	/* Read to the end (keeping what fits), so jq never blocks on a full pipe. */
	while ((n = read(pipefd[0], chunk, sizeof(chunk))) > 0 || (n < 0 && errno == EINTR)) {
		size_t take = n > 0 ? (size_t)n : 0;

		if (take > sizeof(msg) - 1 - mlen)
			take = sizeof(msg) - 1 - mlen;
		memcpy(msg + mlen, chunk, take);
		mlen += take;
	}
	msg[mlen] = '\0';
	close(pipefd[0]);
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	r = tap_ok(pid > 0 && WIFEXITED(status) && !WEXITSTATUS(status), file, line, desc);
	if (!r) {
		char *p = msg, *nl;

		if (pid < 0)
			printf("#   fork: %s\n", strerror(ferr));
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			printf("#   jq not found: install jq (make check installs it)\n");
		else if (!lines && !strncmp(msg, "false", 5))
			printf("#   golden/%s holds more or less than one JSON document\n", name);
		for (; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl) {
				printf("#   jq: %s\n", p);
				break;
			}
			printf("#   jq: %.*s\n", (int)(nl - p), p);
		}
	}
	return r;
}

#define golden_is(got, name, desc) ({					\
	const char *__n = (name);					\
	int __r = golden_compare((got), __n, (desc), __FILE__, __LINE__); \
	golden_valid(__n, "  ... golden/" name " is valid JSON",	\
		     __FILE__, __LINE__) && __r; })

#endif
