/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP producer for the userspace unit tests.
 *
 * Each test program calls ok()/is_int()/is_mem() and ends with tap_done(),
 * which prints the plan and returns the exit status (non-zero on failure).
 */
#ifndef MPTCPSEC_TEST_TAP_H
#define MPTCPSEC_TEST_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *file, int line,
			 const char *desc)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, desc);
	if (!cond)
		printf("#   failed at %s:%d\n", file, line);
	return cond;
}

#define ok(cond, desc) tap_ok(!!(cond), __FILE__, __LINE__, (desc))

#define is_int(got, want, desc) ({					\
	long long __g = (long long)(got), __w = (long long)(want);	\
	int __r = tap_ok(__g == __w, __FILE__, __LINE__, (desc));	\
	if (!__r)							\
		printf("#   got %lld, want %lld\n", __g, __w);		\
	__r; })

#define is_mem(got, want, len, desc)					\
	tap_ok(memcmp((got), (want), (len)) == 0, __FILE__, __LINE__, (desc))

#define is_str(got, want, desc) ({					\
	const char *__g = (got), *__w = (want);				\
	int __r = tap_ok(__g && __w && !strcmp(__g, __w),		\
			 __FILE__, __LINE__, (desc));			\
	if (!__r)							\
		printf("#   got \"%s\", want \"%s\"\n",			\
		       __g ? __g : "(null)", __w ? __w : "(null)");	\
	__r; })

/* Bytes of a hex string constant; a malformed constant stops the test. */
static inline unsigned int unhex(const char *s, unsigned char *out)
{
	unsigned int n = 0;

	while (s[0] && s[1]) {
		unsigned int v;

		if (sscanf(s, "%2x", &v) != 1) {
			fprintf(stderr, "bad hex constant: %s\n", s);
			exit(2);
		}
		out[n++] = (unsigned char)v;
		s += 2;
	}
	return n;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
