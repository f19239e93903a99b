// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the TCP/MPTCP option parser of the module
 * (module/tcpopt.c, built unchanged), with ASan and UBSan.
 *
 * Besides memory safety it checks what the parser promises: offsets it
 * reports point inside the area, and a successful parse is repeatable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../module/tcpopt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mptcpsec_tcpopts a, b;
	unsigned int len = size > 40 ? 40 : (unsigned int)size;
	uint8_t *buf = malloc(len ? len : 1);
	int err;

	memcpy(buf, data, len);
	err = mptcpsec_tcpopt_parse(buf, len, &a);
	if (!err) {
		if (a.mpc.nkeys && a.mpc.key_off + 8u * a.mpc.nkeys > len)
			abort();
		if (a.mpj.form == MPTCPSEC_MPJ_ACK && a.mpj.hmac_off + 20u > len)
			abort();
		if (a.fastclose_off && a.fastclose_off + 8u > len)
			abort();
		if (a.eno.count && (a.eno.len < 3 || a.eno.off + a.eno.len > len ||
				    a.eno.ntep > MPTCPSEC_ENO_MAX_TEPS))
			abort();
		if (a.secopt.count && (a.secopt.off + 14u > len ||
				       a.secopt.tag_off != a.secopt.off + 6u))
			abort();
		if (a.has_ts && a.ts_off + 10u > len)
			abort();
		if (a.sack_blocks && (a.sack_off + a.sack_len > len ||
				      a.sack_len != 2 + 8 * a.sack_blocks))
			abort();
		if (mptcpsec_tcpopt_parse(buf, len, &b) || memcmp(&a, &b, sizeof(a)))
			abort();
	}
	free(buf);
	return 0;
}
