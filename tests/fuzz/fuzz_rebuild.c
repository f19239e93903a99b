// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the option-area rebuild of the module (module/wire.c
 * and module/tcpopt.c, built unchanged), with ASan and UBSan.
 *
 * The first input byte selects the rebuild options, the rest is the option
 * area. The output buffer is exactly 40 bytes on the heap, so any write
 * past it is caught. A successful rebuild must give at most 40 bytes, a
 * multiple of 4, that parse again, with exactly one MPTCPsec option (at
 * the reported offset, with the requested PN field) when one was asked
 * for, no timestamp when it was to be dropped and the ENO when required.
 * Its associated data must be computable too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../module/wire.h"
#include "../../module/tcpopt.h"

static const uint8_t enos[4][6] = {
	{ 69, 3, 0x5a },
	{ 69, 4, 0x21, 0x5a },
	{ 69, 6, 0x00, 0x5a, 0x5b, 0x5c },
	{ 69, 2 },			/* malformed: must be refused */
};
static const uint8_t eno_lens[4] = { 3, 4, 6, 2 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mptcpsec_rebuild how = { 0 };
	unsigned int len, out_len = 0, secopt_off = 0, dropped = 0, compacted = 0;
	static const uint8_t hmac[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct mptcpsec_tcpopts in_p, out_p;
	uint8_t *in, *out, ad[40];
	uint8_t sel;
	int err;

	if (!size)
		return 0;
	sel = data[0];
	how.drop_ts = sel & 0x01;
	how.eno_optional = sel & 0x02;
	how.add_secopt = sel & 0x04;
	if (sel & 0x08) {
		how.eno = enos[(sel >> 4) & 3];
		how.eno_len = eno_lens[(sel >> 4) & 3];
	}
	how.pnf = (uint16_t)(sel * 0x0101u) ^ 0x5a5a;
	how.compact = sel & 0x40;

	len = size - 1 > 48 ? 48 : (unsigned int)(size - 1);
	in = malloc(len ? len : 1);
	out = malloc(MPTCPSEC_TCPOPT_MAX_LEN);
	memcpy(in, data + 1, len);

	err = mptcpsec_opts_rebuild(in, len, &how, out, &out_len, &secopt_off, &dropped, &compacted);
	if (err == 0) {
		if (out_len > MPTCPSEC_TCPOPT_MAX_LEN || out_len % 4)
			abort();
		if (mptcpsec_tcpopt_parse(in, len, &in_p) || dropped > 4)
			abort();
		if (mptcpsec_tcpopt_parse(out, out_len, &out_p))
			abort();
		if (how.add_secopt) {
			if (out_p.secopt.count != 1 || out_p.secopt.off != secopt_off ||
			    out_p.secopt.pnf != how.pnf)
				abort();
			if (mptcpsec_ad_options(out, out_len, secopt_off, 0x12345678, ad))
				abort();
		} else if (out_p.secopt.count || secopt_off) {
			abort();
		}
		if (how.drop_ts && out_p.has_ts)
			abort();
		if (how.eno && !how.eno_optional && out_p.eno.count != 1)
			abort();
		if (!how.eno && out_p.eno.count)
			abort();
		if (compacted > 2 || (!how.compact && compacted))
			abort();
		/* A compacted ADD_ADDR: the receiver's restore always has room. */
		if (how.compact && how.add_secopt && in_p.addaddr.hmac) {
			struct mptcpsec_tcpopts r_p;

			if (out_p.addaddr.hmac || !compacted)
				abort();
			memset(out + secopt_off, 1, MPTCPSEC_SECOPT_LEN);
			if (mptcpsec_opts_addaddr_restore(out, out_len, hmac))
				abort();
			if (mptcpsec_tcpopt_parse(out, out_len, &r_p) || !r_p.addaddr.hmac ||
			    r_p.addaddr.len != in_p.addaddr.len ||
			    memcmp(out + r_p.addaddr.off + r_p.addaddr.len - 8, hmac, 8) ||
			    memcmp(out + r_p.addaddr.off + 2, in + in_p.addaddr.off + 2,
				   in_p.addaddr.len - 10))
				abort();
		}
	} else if (err == -EINVAL) {
		if (!mptcpsec_tcpopt_parse(in, len, &in_p) && (!how.eno || how.eno_len != 2))
			abort();
	} else if (err != -ENOSPC) {
		abort();
	}
	free(in);
	free(out);
	return 0;
}
