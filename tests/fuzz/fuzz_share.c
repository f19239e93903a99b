// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the key-share parser of the module (module/wire.c,
 * built unchanged), with ASan and UBSan.
 *
 * The input is a TCP payload. Besides memory safety it checks what the
 * parser promises: an accepted share has the payload's length, at least
 * 70 bytes, the expected type and suite, and rebuilding it from the parsed
 * fields gives back its first 70 bytes (but for the length field, and with
 * unknown flag bits cleared: P and S are known).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../module/wire.h"

static void check(const uint8_t *data, size_t size, uint8_t type, uint8_t suite)
{
	struct mptcpsec_share s;
	uint8_t again[MPTCPSEC_SHARE_LEN];
	unsigned int len = size > 0x20000 ? 0x20000 : (unsigned int)size;

	if (mptcpsec_share_parse(data, len, type, suite, &s))
		return;
	if (len < MPTCPSEC_SHARE_LEN || s.length != len || s.version != 1 ||
	    s.type != type || s.suite != suite || (s.flags & ~MPTCPSEC_SHARE_FLAGS))
		abort();
	if (mptcpsec_share_build(again, sizeof(again), s.type, s.suite, s.flags,
				 s.nonce, s.pub) != MPTCPSEC_SHARE_LEN)
		abort();
	/* the rebuilt share has no extensions: its length field is 70 */
	if (memcmp(again, data, 2) || again[4] != data[4] ||
	    again[5] != (data[5] & MPTCPSEC_SHARE_FLAGS) ||
	    memcmp(again + 6, data + 6, MPTCPSEC_SHARE_LEN - 6))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, MPTCPSEC_SHARE_OFFER, MPTCPSEC_TEP_X25519_CHACHAPOLY);
	check(data, size, MPTCPSEC_SHARE_ANSWER, MPTCPSEC_TEP_X25519_CHACHAPOLY);
	if (size > 4)
		check(data, size, data[1], data[4]);
	return 0;
}
