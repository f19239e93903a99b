// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the MPTCPsec wire formats (module/wire.c, built as is):
 * key shares, option-area rebuilding on Linux's real option layouts,
 * associated data.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../module/wire.h"
#include "../../module/tcpopt.h"
#include "tap.h"

static const unsigned char eno_5a[] = { 69, 3, 0x5a };

/* ---------------------------------------------------------------- shares */

static void fill(unsigned char *p, unsigned int n, unsigned char start)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = start + i;
}

static void test_share_roundtrip(void)
{
	unsigned char nonce[32], pub[32], buf[80], before[80];
	struct mptcpsec_share s;

	fill(nonce, 32, 0x10);
	fill(pub, 32, 0x80);
	memset(buf, 0xee, sizeof(buf));
	memcpy(before, buf, sizeof(buf));
	is_int(mptcpsec_share_build(buf, 69, MPTCPSEC_SHARE_OFFER, 0x5a, 0, nonce, pub), 0,
	       "share build: 69 bytes of room is too small");
	is_mem(buf, before, sizeof(buf), "share build: nothing written without room");
	is_int(mptcpsec_share_build(buf, 70, MPTCPSEC_SHARE_OFFER, 0x5a, 0xff, nonce, pub), 70,
	       "share build: 70 bytes");
	is_mem(buf, ((unsigned char[]){ 1, 1, 0, 70, 0x5a, 0x03 }), 6,
	       "share build: header, only flags P and S sent");
	is_mem(buf + 6, nonce, 32, "share build: nonce at 6");
	is_mem(buf + 38, pub, 32, "share build: public key at 38");
	is_int(buf[70], 0xee, "share build: byte 70 untouched");

	is_int(mptcpsec_share_parse(buf, 70, MPTCPSEC_SHARE_OFFER, 0x5a, &s), 0,
	       "share parse: built offer parses");
	ok(s.version == 1 && s.type == 1 && s.suite == 0x5a && s.length == 70,
	   "share parse: version, type, suite, length");
	is_int(s.flags, MPTCPSEC_SHARE_FLAG_P | MPTCPSEC_SHARE_FLAG_S, "share parse: flags P and S");
	is_mem(s.nonce, nonce, 32, "share parse: nonce");
	is_mem(s.pub, pub, 32, "share parse: public key");

	mptcpsec_share_build(buf, sizeof(buf), MPTCPSEC_SHARE_ANSWER, 0x5a, 0, nonce, pub);
	is_int(mptcpsec_share_parse(buf, 70, MPTCPSEC_SHARE_ANSWER, 0x5a, &s), 0,
	       "share parse: answer parses");
	is_int(s.flags, 0, "share parse: no flag");
	buf[5] = 0xfe;
	is_int(mptcpsec_share_parse(buf, 70, MPTCPSEC_SHARE_ANSWER, 0x5a, &s), 0,
	       "share parse: unknown flag bits accepted");
	is_int(s.flags, MPTCPSEC_SHARE_FLAG_S, "share parse: unknown flag bits ignored, S kept");
}

static void test_share_malformed(void)
{
	unsigned char nonce[32] = { 1 }, pub[32] = { 2 }, buf[300];
	struct mptcpsec_share s;
	unsigned char *big;

	mptcpsec_share_build(buf, sizeof(buf), MPTCPSEC_SHARE_OFFER, 0x5a, 0, nonce, pub);
	is_int(mptcpsec_share_parse(buf, 71, 1, 0x5a, &s), -EINVAL,
	       "share: payload longer than length is malformed");
	is_int(mptcpsec_share_parse(buf, 69, 1, 0x5a, &s), -EINVAL,
	       "share: payload shorter than 70 is malformed");
	is_int(mptcpsec_share_parse(buf, 0, 1, 0x5a, &s), -EINVAL, "share: empty payload");
	buf[3] = 69;
	is_int(mptcpsec_share_parse(buf, 69, 1, 0x5a, &s), -EINVAL,
	       "share: length 69 (= payload) is malformed");
	buf[3] = 70;
	buf[0] = 2;
	is_int(mptcpsec_share_parse(buf, 70, 1, 0x5a, &s), -EINVAL, "share: version 2");
	buf[0] = 0;
	is_int(mptcpsec_share_parse(buf, 70, 1, 0x5a, &s), -EINVAL, "share: version 0");
	buf[0] = 1;
	is_int(mptcpsec_share_parse(buf, 70, 2, 0x5a, &s), -EINVAL,
	       "share: offer where an answer is expected");
	is_int(mptcpsec_share_parse(buf, 70, 1, 0x5b, &s), -EINVAL,
	       "share: suite differs from the ENO choice");
	is_int(s.length, 0, "share: output cleared on failure");

	/* extensions: {7, 0}, {9, 3, abc}: 70 + 2 + 5 = 77 */
	memcpy(buf + 70, ((unsigned char[]){ 7, 0, 9, 3, 'a', 'b', 'c' }), 7);
	buf[3] = 77;
	is_int(mptcpsec_share_parse(buf, 77, 1, 0x5a, &s), 0, "share: unknown extensions skipped");
	is_int(s.length, 77, "share: length includes extensions");
	buf[3] = 76;
	is_int(mptcpsec_share_parse(buf, 76, 1, 0x5a, &s), -EINVAL,
	       "share: extension value running past length");
	buf[3] = 73;
	is_int(mptcpsec_share_parse(buf, 73, 1, 0x5a, &s), -EINVAL,
	       "share: extension without its length byte");
	buf[3] = 72;
	is_int(mptcpsec_share_parse(buf, 72, 1, 0x5a, &s), 0, "share: one empty extension");
	buf[3] = 71;
	is_int(mptcpsec_share_parse(buf, 71, 1, 0x5a, &s), -EINVAL,
	       "share: one lone extension type byte");
	buf[70] = 1;
	buf[71] = 255;
	buf[3] = 72;
	is_int(mptcpsec_share_parse(buf, 72, 1, 0x5a, &s), -EINVAL,
	       "share: extension length 255 past the end");

	/* The largest share: 65535 bytes of empty extensions (and one byte). */
	big = calloc(1, 65536);
	mptcpsec_share_build(big, 65535, 1, 0x5a, 0, nonce, pub);
	big[2] = 0xff;
	big[3] = 0xff;
	is_int(mptcpsec_share_parse(big, 65535, 1, 0x5a, &s), -EINVAL,
	       "share: 65535 bytes, odd tail is malformed");
	big[65533] = 1;		/* {0, 1, x}: the last extension ends at 65535 */
	is_int(mptcpsec_share_parse(big, 65535, 1, 0x5a, &s), 0,
	       "share: 65535 bytes of extensions parse");
	is_int(mptcpsec_share_parse(big, 65536, 1, 0x5a, &s), -EINVAL,
	       "share: payload beyond 65535 never matches the length");
	free(big);
}

/* --------------------------------------------------------------- rebuild */

static const unsigned char key_a[8] = { 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8 };
static const unsigned char key_b[8] = { 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8 };

struct rb {
	int err;
	unsigned int len, secopt_off, sack_dropped;
	unsigned char out[40];
	struct mptcpsec_tcpopts p;
	int perr;
};

/* Rebuild into an exactly 40-byte heap buffer, so ASan sees any overrun. */
static void rebuild(const unsigned char *in, unsigned int len,
		    const struct mptcpsec_rebuild *how, struct rb *r)
{
	unsigned char *out = malloc(40);

	memset(out, 0xcc, 40);
	r->len = 99;
	r->secopt_off = 99;
	r->sack_dropped = 99;
	r->err = mptcpsec_opts_rebuild(in, len, how, out, &r->len, &r->secopt_off,
				       &r->sack_dropped, NULL);
	memcpy(r->out, out, 40);
	free(out);
	r->perr = r->err ? -1 : mptcpsec_tcpopt_parse(r->out, r->len, &r->p);
}

static void put_secopt(unsigned char *p, unsigned int pnf)
{
	unsigned char s[14] = { 253, 14, 0x4d, 0x53, pnf >> 8, pnf & 0xff };

	memcpy(p, s, 14);
}

static void test_rebuild_syn(void)
{
	unsigned char syn[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0x11, 0x22, 0x33, 0x44,
				0, 0, 0, 0, 1, 3, 3, 7, 30, 4, 0x01, 0x81 };
	unsigned char want[] = { 2, 4, 0x05, 0xb4, 4, 2, 3, 3, 7, 30, 4, 0x01, 0x81,
				 69, 3, 0x5a };
	unsigned char want_ts[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0x11, 0x22, 0x33, 0x44,
				    0, 0, 0, 0, 3, 3, 7, 30, 4, 0x01, 0x81, 69, 3, 0x5a,
				    1, 1 };
	struct mptcpsec_rebuild how = { .drop_ts = true, .eno = eno_5a, .eno_len = 3 };
	struct rb r;

	rebuild(syn, sizeof(syn), &how, &r);
	is_int(r.err, 0, "rebuild SYN: ok");
	is_int(r.len, 16, "rebuild SYN: TS dropped, ENO added: 16 bytes");
	is_mem(r.out, want, sizeof(want), "rebuild SYN: bytes");
	ok(r.secopt_off == 0 && r.sack_dropped == 0, "rebuild SYN: no secopt, no SACK dropped");
	ok(!r.perr && !r.p.has_ts && r.p.eno.count == 1 && r.p.eno.off == 13 &&
	   r.p.mpc.flags == 0x81 && r.p.has_wscale && r.p.mss == 1460,
	   "rebuild SYN: output parses, ENO at 13, MPC kept");

	how.drop_ts = false;
	rebuild(syn, sizeof(syn), &how, &r);
	ok(!r.err && r.len == 28, "rebuild SYN keeping TS: 26 + 2 NOPs");
	is_mem(r.out, want_ts, sizeof(want_ts), "rebuild SYN keeping TS: bytes");

	/* An ENO the stack (or a retransmission) already carries is replaced. */
	{
		unsigned char again[] = { 2, 4, 0x05, 0xb4, 4, 2, 69, 4, 0x21, 0x5a, 1, 1,
					  3, 3, 7, 30, 4, 0x01, 0x81, 1 };

		how.drop_ts = true;
		rebuild(again, sizeof(again), &how, &r);
		ok(!r.err && r.len == 16 && !memcmp(r.out, want, 16),
		   "rebuild SYN: existing ENO replaced");
	}
}

static void test_rebuild_handshake(void)
{
	/* SYN-ACK of B without TS: mss, nop nop sackOK, nop wscale, MPC+key */
	unsigned char synack[24] = { 2, 4, 0x05, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7,
				     30, 12, 0x01, 0x01 };
	unsigned char want_sa[40] = { 2, 4, 0x05, 0xb4, 4, 2, 3, 3, 7, 30, 12, 0x01, 0x01 };
	unsigned char ack[20] = { 30, 20, 0x01, 0x01 };
	unsigned char want_ack[40] = { 30, 20, 0x01, 0x01 };
	unsigned char data[24] = { 30, 22, 0x01, 0x01 };
	unsigned char csum[24] = { 30, 24, 0x01, 0x81 };
	struct mptcpsec_rebuild how = { .eno = eno_5a, .eno_len = 3, .add_secopt = true };
	struct rb r;

	memcpy(synack + 16, key_b, 8);
	memcpy(want_sa + 13, key_b, 8);
	memcpy(want_sa + 21, eno_5a, 3);
	put_secopt(want_sa + 24, 0);
	want_sa[38] = 1;
	want_sa[39] = 1;
	rebuild(synack, sizeof(synack), &how, &r);
	is_int(r.err, 0, "rebuild SYN-ACK: fits");
	is_int(r.len, 40, "rebuild SYN-ACK: 21 + ENO + secopt = 38, padded to 40");
	is_mem(r.out, want_sa, 40, "rebuild SYN-ACK: bytes");
	is_int(r.secopt_off, 24, "rebuild SYN-ACK: secopt offset");
	ok(!r.perr && r.p.secopt.count == 1 && r.p.secopt.off == 24 && r.p.secopt.pnf == 0 &&
	   r.p.eno.count == 1 && r.p.mpc.nkeys == 1, "rebuild SYN-ACK: output parses");

	memcpy(ack + 4, key_a, 8);
	memcpy(ack + 12, key_b, 8);
	memcpy(want_ack + 4, key_a, 8);
	memcpy(want_ack + 12, key_b, 8);
	memcpy(want_ack + 20, eno_5a, 3);
	put_secopt(want_ack + 23, 0);
	want_ack[37] = 1;
	want_ack[38] = 1;
	want_ack[39] = 1;
	how.eno_optional = true;
	rebuild(ack, sizeof(ack), &how, &r);
	ok(!r.err && r.len == 40, "rebuild third ACK: 20 + ENO + secopt = 37 -> 40");
	is_mem(r.out, want_ack, 40, "rebuild third ACK: bytes");
	is_int(r.secopt_off, 23, "rebuild third ACK: secopt offset");

	memcpy(data + 4, key_a, 8);
	memcpy(data + 12, key_b, 8);
	data[20] = 0x05;
	data[21] = 0xa0;
	data[22] = 1;
	data[23] = 1;
	how.pnf = 0x8001;
	rebuild(data, sizeof(data), &how, &r);
	ok(!r.err && r.len == 40, "rebuild MPC ACK+data: 22 + ENO + secopt = 39 -> 40");
	ok(!memcmp(r.out, data, 22) && !memcmp(r.out + 22, eno_5a, 3) && r.secopt_off == 25 &&
	   r.out[29] == 0x80 && r.out[30] == 0x01 && r.out[39] == 1,
	   "rebuild MPC ACK+data: MPC, ENO, secopt with PN field, NOP");
	ok(!r.perr && r.p.mpc.len == 22 && r.p.secopt.pnf == 0x8001,
	   "rebuild MPC ACK+data: output parses");

	/* With a DSS checksum the MPC is 24 bytes: the optional ENO is left out. */
	memcpy(csum + 4, key_a, 8);
	memcpy(csum + 12, key_b, 8);
	rebuild(csum, sizeof(csum), &how, &r);
	ok(!r.err && r.len == 40 && r.secopt_off == 24, "rebuild MPC 24: fits without ENO");
	ok(!r.perr && r.p.eno.count == 0 && r.p.secopt.count == 1,
	   "rebuild MPC 24: optional ENO omitted");
	how.eno_optional = false;
	rebuild(csum, sizeof(csum), &how, &r);
	is_int(r.err, -ENOSPC, "rebuild MPC 24: a required ENO does not fit");
}

static void test_rebuild_data(void)
{
	/* DSS ack64 + map64 (26) and two NOPs: the largest data options */
	unsigned char dss[28] = { 30, 26, 0x20, 0x0f };
	struct mptcpsec_rebuild how = { .add_secopt = true, .pnf = 0x1234 };
	unsigned char want[40];
	struct rb r;

	fill(dss + 4, 22, 0x40);
	dss[26] = 1;
	dss[27] = 1;
	memcpy(want, dss, 26);
	put_secopt(want + 26, 0x1234);
	rebuild(dss, sizeof(dss), &how, &r);
	ok(!r.err && r.len == 40, "rebuild data DSS 26: exactly 40 bytes");
	is_mem(r.out, want, 40, "rebuild data DSS 26: bytes");
	is_int(r.secopt_off, 26, "rebuild data DSS 26: secopt offset");

	how.eno = eno_5a;
	how.eno_len = 3;
	rebuild(dss, sizeof(dss), &how, &r);
	is_int(r.err, -ENOSPC, "rebuild data DSS 26 + required ENO: -ENOSPC");
	how.eno_optional = true;
	rebuild(dss, sizeof(dss), &how, &r);
	ok(!r.err && r.len == 40 && !r.p.eno.count, "rebuild data DSS 26 + optional ENO: omitted");

	/* With timestamps: 12 + 26 + 14 = 52 even without NOPs. */
	{
		unsigned char ts[40] = { 1, 1, 8, 10 };

		memcpy(ts + 12, dss, 28);
		how.eno = NULL;
		rebuild(ts, 40, &how, &r);
		is_int(r.err, -ENOSPC, "rebuild TS + DSS 26: -ENOSPC");
		how.drop_ts = true;
		rebuild(ts, 40, &how, &r);
		ok(!r.err && r.len == 40 && !memcmp(r.out, want, 40),
		   "rebuild TS + DSS 26 with drop_ts: fits");
		how.drop_ts = false;
	}
}

static void test_rebuild_sack(void)
{
	/* Pure ACK: nop nop SACK(3 blocks) DSS ack64 = 40 */
	unsigned char ack3[40] = { 1, 1, 5, 26 };
	unsigned char ack3_32[36] = { 1, 1, 5, 26 };
	unsigned char one[40] = { 1, 1, 5, 10 };
	struct mptcpsec_rebuild how = { .add_secopt = true, .pnf = 7 };
	unsigned char want[40];
	struct rb r;

	fill(ack3 + 4, 24, 0x60);
	memcpy(ack3 + 28, ((unsigned char[]){ 30, 12, 0x20, 0x03 }), 4);
	fill(ack3 + 32, 8, 0xd0);
	rebuild(ack3, 40, &how, &r);
	ok(!r.err && r.len == 36, "rebuild SACK x3 + DSS 12: fits in 36");
	is_int(r.sack_dropped, 2, "rebuild SACK x3 + DSS 12: two blocks dropped");
	memcpy(want, ((unsigned char[]){ 5, 10 }), 2);
	memcpy(want + 2, ack3 + 4, 8);
	memcpy(want + 10, ack3 + 28, 12);
	put_secopt(want + 22, 7);
	is_mem(r.out, want, 36, "rebuild SACK x3 + DSS 12: first block kept, bytes");
	ok(!r.perr && r.p.sack_blocks == 1 && r.p.secopt.off == 22, "rebuild SACK: output parses");

	fill(ack3_32 + 4, 24, 0x60);
	memcpy(ack3_32 + 28, ((unsigned char[]){ 30, 8, 0x20, 0x01, 9, 9, 9, 9 }), 8);
	rebuild(ack3_32, 36, &how, &r);
	ok(!r.err && r.len == 40 && r.sack_dropped == 1, "rebuild SACK x3 + DSS 8: one block dropped");
	ok(!r.perr && r.p.sack_blocks == 2 && r.p.sack_len == 18 && r.p.sack_off == 0,
	   "rebuild SACK x3 + DSS 8: two blocks left");

	/* SACK with one block + DSS 26: the SACK option goes entirely. */
	fill(one + 4, 8, 0x70);
	memcpy(one + 12, ((unsigned char[]){ 30, 26, 0x20, 0x0f }), 4);
	fill(one + 16, 22, 0x30);
	one[38] = 1;
	one[39] = 1;
	rebuild(one, 40, &how, &r);
	ok(!r.err && r.len == 40 && r.sack_dropped == 1, "rebuild SACK x1 + DSS 26: one block dropped");
	ok(!r.perr && r.p.sack_blocks == 0 && r.out[0] == 30 && r.secopt_off == 26,
	   "rebuild SACK x1 + DSS 26: no SACK option left");

	how.add_secopt = false;
	rebuild(ack3, 40, &how, &r);
	ok(!r.err && r.len == 40 && r.sack_dropped == 0 && r.secopt_off == 0,
	   "rebuild without secopt: SACK kept");
}

static void test_rebuild_misc(void)
{
	struct mptcpsec_rebuild how = { .add_secopt = true, .pnf = 3 };
	/* an old MPTCPsec option and another experiment; EOL then garbage */
	unsigned char mixed[32] = { 253, 14, 0x4d, 0x53, 0, 9 };
	unsigned char add6[32] = { 30, 30, 0x30, 1 };
	unsigned char eol[] = { 30, 8, 0x20, 0x01, 0, 0, 0, 1, 0, 99, 99, 99 };
	struct rb r;

	memcpy(mixed + 14, ((unsigned char[]){ 253, 6, 0x12, 0x34, 5, 6, 30, 8, 0x20,
					       0x01, 1, 2, 3, 4, 1, 1 }), 16);
	mixed[30] = 1;
	mixed[31] = 1;
	rebuild(mixed, 32, &how, &r);
	ok(!r.err && r.len == 28, "rebuild: old secopt removed, other ExID kept");
	ok(!memcmp(r.out, mixed + 14, 14) && r.secopt_off == 14 && r.out[19] == 3,
	   "rebuild: other experiment copied, new secopt appended");
	ok(!r.perr && r.p.secopt.count == 1, "rebuild: exactly one secopt");

	rebuild(add6, 32, &how, &r);
	is_int(r.err, -ENOSPC, "rebuild: ADD_ADDR v6 30 + secopt does not fit");

	rebuild(eol, sizeof(eol), &how, &r);
	ok(!r.err && r.len == 24 && r.secopt_off == 8 && r.out[22] == 1,
	   "rebuild: bytes after EOL dropped");

	rebuild(NULL, 0, &how, &r);
	ok(!r.err && r.len == 16 && r.secopt_off == 0 && r.out[14] == 1,
	   "rebuild: empty area gets the secopt");
	how.add_secopt = false;
	rebuild(NULL, 0, &how, &r);
	ok(!r.err && r.len == 0, "rebuild: empty area stays empty");
}

static void test_rebuild_malformed(void)
{
	struct mptcpsec_rebuild how = { .add_secopt = true };
	unsigned char trunc[] = { 2, 4, 0x05 };
	unsigned char past[] = { 30, 20, 0x01, 0x01 };
	unsigned char big[41] = { 0 };
	unsigned char badsec[] = { 253, 12, 0x4d, 0x53, 0, 0, 0, 0, 0, 0, 0, 0 };
	unsigned char mss[] = { 2, 4, 0x05, 0xb4 };
	unsigned char eno_v[] = { 69, 3, 0xda };
	unsigned char eno_2[] = { 69, 2 };
	unsigned char eno_k[] = { 68, 3, 0x5a };
	struct rb r;

	rebuild(trunc, sizeof(trunc), &how, &r);
	is_int(r.err, -EINVAL, "rebuild: truncated option rejected");
	rebuild(past, sizeof(past), &how, &r);
	is_int(r.err, -EINVAL, "rebuild: option running past the area rejected");
	rebuild(big, sizeof(big), &how, &r);
	is_int(r.err, -EINVAL, "rebuild: 41-byte area rejected");
	rebuild(badsec, sizeof(badsec), &how, &r);
	is_int(r.err, -EINVAL, "rebuild: MPTCPsec option of length 12 rejected");
	how.eno = eno_v;
	how.eno_len = 3;
	rebuild(mss, sizeof(mss), &how, &r);
	is_int(r.err, -EINVAL, "rebuild: ENO with v = 1 rejected");
	how.eno = eno_2;
	how.eno_len = 2;
	rebuild(mss, sizeof(mss), &how, &r);
	is_int(r.err, -EINVAL, "rebuild: ENO of length 2 rejected");
	how.eno = eno_k;
	how.eno_len = 3;
	rebuild(mss, sizeof(mss), &how, &r);
	is_int(r.err, -EINVAL, "rebuild: ENO with the wrong kind rejected");
	how.eno = eno_5a;
	how.eno_len = 2;
	rebuild(mss, sizeof(mss), &how, &r);
	is_int(r.err, -EINVAL, "rebuild: ENO length differs from eno_len");
	how.eno_len = 3;
	rebuild(mss, sizeof(mss), &how, &r);
	ok(!r.err && r.len == 24 && r.secopt_off == 7, "rebuild: valid ENO after MSS");
}

/* Random areas and options: bounded output that always reparses. */
static void test_rebuild_random(void)
{
	static const unsigned char kinds[] = { 1, 0, 2, 3, 4, 5, 8, 30, 69, 253, 99 };
	unsigned int i, fits = 0, bad = 0, full = 0, errors = 0;

	srand(7);
	for (i = 0; i < 100000; i++) {
		struct mptcpsec_rebuild how = {
			.drop_ts = rand() & 1, .eno = rand() & 1 ? eno_5a : NULL, .eno_len = 3,
			.eno_optional = rand() & 1, .add_secopt = rand() & 1,
			.pnf = rand() & 0xffff,
		};
		unsigned char in[40];
		unsigned int n = rand() % 41, j = 0;
		struct rb r;

		/* mostly plausible options of random kinds and lengths */
		while (j < n) {
			unsigned int room = n - j, l = 2 + rand() % 27;

			in[j] = kinds[rand() % sizeof(kinds)];
			if (in[j] <= 1 || room < 2) {
				j++;
				continue;
			}
			if (l > room)
				l = room;
			if (in[j] == 5)
				l = 2 + 8 * (1 + rand() % 4);
			else if (in[j] == 8)
				l = 10;
			else if (in[j] == 253 && rand() & 1)
				l = 14;
			if (l > room)
				l = room;
			in[j + 1] = l;
			memset(in + j + 2, rand(), l - 2);
			if (in[j] == 253 && l >= 4) {
				in[j + 2] = 0x4d;
				in[j + 3] = 0x53;
			}
			if (in[j] == 69 && l > 2)
				memset(in + j + 2, 0x5a, l - 2);
			j += l;
		}
		rebuild(in, n, &how, &r);
		if (r.err == 0) {
			fits++;
			if (r.len > 40 || r.len % 4 || r.perr ||
			    (how.add_secopt && (r.p.secopt.count != 1 ||
						r.p.secopt.off != r.secopt_off ||
						r.p.secopt.pnf != how.pnf)) ||
			    (!how.add_secopt && r.p.secopt.count) ||
			    (how.drop_ts && r.p.has_ts) ||
			    (how.eno && !how.eno_optional && r.p.eno.count != 1))
				bad++;
		} else if (r.err == -ENOSPC) {
			full++;
		} else {
			errors++;
		}
	}
	is_int(bad, 0, "rebuild random: every output <= 40, aligned, reparses");
	ok(fits > 1000 && full > 100 && errors > 1000, "rebuild random: all outcomes exercised");
}

/* ----------------------------------------------------- associated data */

static void test_ad_header(void)
{
	unsigned char th[20] = { 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x10, 0x00,
				 0x00, 0x00, 0x20, 0x00, 0x80, 0x18, 0x02, 0x00,
				 0xab, 0xcd, 0x00, 0x07 };
	unsigned char want[20] = { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0x80, 0x18,
				   0x02, 0x00, 0, 0, 0x00, 0x07 };
	unsigned char syn[20] = { 0x12, 0x34, 0x56, 0x78, 0xff, 0xff, 0xff, 0xf0,
				  0xde, 0xad, 0xbe, 0xef, 0xa0, 0x02, 0xfa, 0xf0,
				  0x11, 0x11, 0, 0 };
	unsigned char want_syn[20] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xa0, 0x02,
				       0xfa, 0xf0, 0, 0, 0, 0 };
	unsigned char out[20];

	mptcpsec_ad_header(th, 0x00000fff, 0x00001ffe, out);
	is_mem(out, want, 20, "AD header: ports, checksum zero; seq, ack relative");
	th[4] = 0x00;
	th[5] = 0x00;
	th[6] = 0x00;
	th[7] = 0x05;
	mptcpsec_ad_header(th, 0xfffffff0, 0x00001ffe, out);
	is_mem(out + 4, ((unsigned char[]){ 0, 0, 0, 0x15 }), 4, "AD header: seq modulo 2^32");
	th[13] = 0x08;
	mptcpsec_ad_header(th, 0xfffffff0, 0x00001ffe, out);
	is_mem(out + 8, ((unsigned char[]){ 0, 0, 0, 0 }), 4, "AD header: ack zero without ACK");
	mptcpsec_ad_header(syn, 0xfffffff0, 0x12345678, out);
	is_mem(out, want_syn, 20, "AD header: SYN, seq - ISN = 0, ack zero");
}

static void test_ad_options(void)
{
	/* nop nop SACK(2 blocks) secopt nop nop = 36 */
	unsigned char o[36] = { 1, 1, 5, 18, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x20, 0x00,
				0x00, 0x00, 0x00, 0x05, 0xff, 0xff, 0xff, 0xff,
				253, 14, 0x4d, 0x53, 0x80, 0x05, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1 };
	unsigned char want[36] = { 1, 1, 5, 18, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10, 0x01,
				   0xff, 0xff, 0xf0, 0x06, 0xff, 0xff, 0xf0, 0x00,
				   253, 14, 0x4d, 0x53, 0x80, 0x05, 0, 0, 0, 0, 0, 0, 0, 0,
				   1, 1 };
	unsigned char other[20] = { 253, 6, 0x12, 0x34, 0, 0, 253, 14, 0x4d, 0x53 };
	unsigned char *out = malloc(36);
	unsigned char before[36];

	is_int(mptcpsec_ad_options(o, 36, 20, 0x00000fff, out), 0, "AD options: ok");
	is_mem(out, want, 36, "AD options: tag zeroed, SACK edges relative");
	memcpy(before, o, 36);
	is_int(mptcpsec_ad_options(o, 36, 19, 0x00000fff, out), -EINVAL,
	       "AD options: wrong secopt offset");
	is_int(mptcpsec_ad_options(o, 36, 2, 0x00000fff, out), -EINVAL,
	       "AD options: secopt offset naming the SACK option");
	is_int(mptcpsec_ad_options(o, 36, 200, 0x00000fff, out), -EINVAL,
	       "AD options: secopt offset past the area");
	is_mem(o, before, 36, "AD options: input untouched");
	o[21] = 15;
	is_int(mptcpsec_ad_options(o, 36, 20, 0x00000fff, out), -EINVAL,
	       "AD options: malformed area");
	free(out);

	out = malloc(20);
	is_int(mptcpsec_ad_options(other, 20, 0, 0, out), -EINVAL,
	       "AD options: another experiment is not the secopt");
	is_int(mptcpsec_ad_options(other, 20, 6, 0, out), 0, "AD options: secopt after it");
	ok(!memcmp(out, other, 12) && out[12] == 0 && out[19] == 0,
	   "AD options: other experiment copied as is");
	free(out);
}

static void test_nop_xor(void)
{
	unsigned char o[20] = { 30, 4, 0x01, 0x81 };
	unsigned char k[8], pad[8] = { 0xff, 0x00, 0x0f, 0xf0, 0x12, 0x34, 0x56, 0x78 };
	struct mptcpsec_tcpopts p;
	unsigned char *b;

	put_secopt(o + 4, 0x0042);
	o[18] = 1;
	o[19] = 1;
	mptcpsec_tcpopt_parse(o, 20, &p);
	mptcpsec_opts_nop_out(o, 20, p.secopt.off, MPTCPSEC_SECOPT_LEN);
	ok(!mptcpsec_tcpopt_parse(o, 20, &p) && p.secopt.count == 0 &&
	   mptcpsec_tcpopt_has(&p, MPTCPSEC_MPTCP_MPC), "nop_out: secopt gone, MPC kept");
	ok(o[4] == 1 && o[17] == 1 && o[3] == 0x81, "nop_out: exactly the option's bytes");

	b = malloc(8);
	memset(b, 0, 8);
	mptcpsec_opts_nop_out(b, 8, 4, 14);
	ok(!memcmp(b, ((unsigned char[]){ 0, 0, 0, 0, 1, 1, 1, 1 }), 8), "nop_out: clipped to the area");
	mptcpsec_opts_nop_out(b, 8, 8, 4);
	mptcpsec_opts_nop_out(b, 8, 100, 4);
	ok(b[3] == 0, "nop_out: offset at or past the end does nothing");
	free(b);

	memcpy(k, key_a, 8);
	mptcpsec_xor8(k, pad);
	is_mem(k, ((unsigned char[]){ 0x5e, 0xa2, 0xac, 0x54, 0xb7, 0x92, 0xf1, 0xd0 }), 8,
	       "xor8: masked key");
	mptcpsec_xor8(k, pad);
	is_mem(k, key_a, 8, "xor8: masking twice restores the key");
}

int main(void)
{
	test_share_roundtrip();
	test_share_malformed();
	test_rebuild_syn();
	test_rebuild_handshake();
	test_rebuild_data();
	test_rebuild_sack();
	test_rebuild_misc();
	test_rebuild_malformed();
	test_rebuild_random();
	test_ad_header();
	test_ad_options();
	test_nop_xor();
	return tap_done();
}
