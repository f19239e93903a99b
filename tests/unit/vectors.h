/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inputs of the key-exchange test vectors of docs/PROTOCOL.md section 11,
 * shared by the generator (gen_vectors.c) and the test that checks the
 * document (test_keysched.c). Written from the specification by hand, not
 * with the module's own share builder, so the vectors check that code.
 */
#ifndef MPTCPSEC_TEST_VECTORS_H
#define MPTCPSEC_TEST_VECTORS_H

#include <string.h>

#define SHARE_LEN 70

/* A key share (PROTOCOL.md section 3) with a nonce of one repeated byte. */
static inline void build_share(unsigned char *s, unsigned char type,
			       unsigned char flags, unsigned char nonce_byte,
			       const unsigned char pub[32])
{
	s[0] = 1;
	s[1] = type;
	s[2] = 0;
	s[3] = SHARE_LEN;
	s[4] = 0x5a;
	s[5] = flags;
	memset(s + 6, nonce_byte, 32);
	memcpy(s + 38, pub, 32);
}

#endif
