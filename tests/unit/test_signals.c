// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of option compaction (docs/PROTOCOL.md section 6.4), built
 * from module/wire.c, module/tcpopt.c and module/hkdf.c as they are: the
 * MPTCP signals that do not fit next to the MPTCPsec option are shortened
 * losslessly on the way out (ADD_ADDR without its HMAC, a 32-bit
 * DATA_ACK) and the receiver gives the ADD_ADDR its HMAC back. The HMAC
 * vectors were computed with Python's hmac module (RFC 8684 section
 * 3.4.1: HMAC-SHA256 keyed by the sender's then the receiver's key, over
 * ID, address and port, rightmost 64 bits).
 */
#include <stdlib.h>
#include <string.h>

#include "../../module/hkdf.h"
#include "../../module/tcpopt.h"
#include "../../module/wire.h"
#include "tap.h"

/* The sender's and the receiver's MPTCP keys, big endian */
static const unsigned char keys[16] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
};

/* ADD_ADDR ID 5 fd00:3::2, no port: HMAC 9c5c7f9d7f6da212 */
static const unsigned char add6[28] = {
	30, 28, 0x30, 5, 0xfd, 0x00, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	0x9c, 0x5c, 0x7f, 0x9d, 0x7f, 0x6d, 0xa2, 0x12,
};

/* ADD_ADDR ID 7 10.0.3.2 port 8080: HMAC d5cb6829e5e0af34 */
static const unsigned char add4p[18] = {
	30, 18, 0x30, 7, 10, 0, 3, 2, 0x1f, 0x90,
	0xd5, 0xcb, 0x68, 0x29, 0xe5, 0xe0, 0xaf, 0x34,
};

struct res {
	int err;
	unsigned int len, secoff, sack, compacted;
	unsigned char out[40];
};

static void rebuild(const unsigned char *in, unsigned int len, bool compact,
		    struct res *r)
{
	struct mptcpsec_rebuild how = {
		.drop_ts = true, .add_secopt = true, .pnf = 9, .compact = compact,
	};
	unsigned char *out = malloc(40);

	memset(out, 0xcc, 40);
	r->compacted = 99;
	r->err = mptcpsec_opts_rebuild(in, len, &how, out, &r->len, &r->secoff,
				       &r->sack, &r->compacted);
	memcpy(r->out, out, 40);
	free(out);
}

/* What the receiving module does after the tag verified. */
static int receive(struct res *r, unsigned char *area)
{
	unsigned char msg[MPTCPSEC_ADDADDR_MSG_MAX], mac[32];
	struct mptcpsec_tcpopts o;
	unsigned int n;

	memcpy(area, r->out, r->len);
	if (mptcpsec_tcpopt_parse(area, r->len, &o))
		return -100;
	mptcpsec_opts_nop_out(area, r->len, o.secopt.off, MPTCPSEC_SECOPT_LEN);
	n = mptcpsec_addaddr_msg(r->out, r->len, &o, msg);
	if (!n)
		return -101;
	mptcpsec_hmac_sha256(keys, sizeof(keys), msg, n, mac);
	return mptcpsec_opts_addaddr_restore(area, r->len, mac + 24);
}

static void test_addaddr_v6(void)
{
	unsigned char area[40], rs[40];
	struct mptcpsec_tcpopts o;
	struct res r;

	/* 28 + 14 does not fit: this is the segment no_room used to drop. */
	rebuild(add6, sizeof(add6), false, &r);
	is_int(r.err, -ENOSPC, "v6 ADD_ADDR with HMAC and the option: 42 bytes, no room");

	rebuild(add6, sizeof(add6), true, &r);
	is_int(r.err, 0, "compacted: fits");
	is_int(r.len, 36, "  ... 20-byte ADD_ADDR, 14-byte option, 2 NOPs");
	is_int(r.compacted, 1, "  ... one option shortened");
	is_mem(r.out, ((unsigned char[]){ 30, 20, 0x30, 5 }), 4,
	       "  ... ADD_ADDR length 20, E flag clear, same ID");
	is_mem(r.out + 4, add6 + 4, 16, "  ... same address");
	is_int(r.secoff, 20, "  ... MPTCPsec option right after it");
	ok(!mptcpsec_tcpopt_parse(r.out, r.len, &o) && !o.addaddr.echo &&
	   !o.addaddr.hmac && o.addaddr.v6 && !o.addaddr.port,
	   "  ... parses as an IPv6 ADD_ADDR without HMAC, not an echo");

	is_int(receive(&r, area), 0, "receiver restores the HMAC");
	is_mem(area, add6, sizeof(add6), "  ... the ADD_ADDR the sender's stack wrote, byte for byte");
	ok(area[28] == 1 && area[35] == 1, "  ... NOPs up to the received length");
	ok(!mptcpsec_tcpopt_parse(area, r.len, &o) && o.addaddr.hmac &&
	   o.secopt.count == 0, "  ... parses with its HMAC and no MPTCPsec option");

	/* No room for 8 more bytes: nothing is written. */
	memcpy(rs, r.out, 20);
	is_int(mptcpsec_opts_addaddr_restore(rs, 20, add6 + 20), -ENOSPC,
	       "restore without 8 spare bytes: -ENOSPC");
	is_mem(rs, r.out, 20, "  ... area untouched");
}

static void test_addaddr_v4_port(void)
{
	unsigned char in[20] = { 0 }, area[40];
	struct res r;

	/* As the stack pads it: ADD_ADDR with port, then 2 NOPs. */
	memcpy(in, add4p, sizeof(add4p));
	in[18] = 1;
	in[19] = 1;
	rebuild(in, sizeof(in), true, &r);
	is_int(r.err, 0, "v4 ADD_ADDR with port compacted");
	is_int(r.len, 24, "  ... 10 + 14 bytes");
	is_mem(r.out, ((unsigned char[]){ 30, 10, 0x30, 7, 10, 0, 3, 2, 0x1f, 0x90 }), 10,
	       "  ... ID, address and port kept, HMAC gone");
	is_int(receive(&r, area), 0, "receiver restores it");
	is_mem(area, add4p, sizeof(add4p), "  ... with the HMAC over ID, address and port");
}

static void test_addaddr_echo(void)
{
	unsigned char echo[20] = { 30, 20, 0x31, 5, 0xfd, 0, 0, 3 };
	unsigned char area[40];
	struct res r;

	echo[19] = 2;
	rebuild(echo, sizeof(echo), true, &r);
	is_int(r.err, 0, "v6 echo: fits as is");
	is_int(r.compacted, 0, "  ... not shortened (an echo has no HMAC)");
	is_mem(r.out, echo, sizeof(echo), "  ... sent unchanged");
	is_int(receive(&r, area), -EINVAL, "receiver: nothing to restore in an echo");
}

/* DSS: ack64 + map64 (26 bytes), as Linux writes a data segment. */
static const unsigned char dss26[26] = {
	30, 26, 0x20, 0x0f,
	0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,	/* DATA_ACK */
	0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8,	/* DSN */
	0, 0, 0, 1,					/* SSN */
	0x05, 0x90,					/* length */
};

static void test_dss_ack32(void)
{
	unsigned char in[32];
	struct mptcpsec_tcpopts o;
	struct res r;

	rebuild(dss26, sizeof(dss26), true, &r);
	is_int(r.err, 0, "DSS alone fits");
	is_int(r.compacted, 0, "  ... and keeps its 64-bit DATA_ACK");
	is_mem(r.out, dss26, sizeof(dss26), "  ... unchanged");

	/* DSS + RM_ADDR(ID 3): 26 + 4 + 14 = 44 */
	memcpy(in, dss26, 26);
	memcpy(in + 26, ((unsigned char[]){ 1, 1, 30, 4, 0x40, 3 }), 6);
	rebuild(in, sizeof(in), false, &r);
	is_int(r.err, -ENOSPC, "DSS + REMOVE_ADDR + option without compaction: no room");
	rebuild(in, sizeof(in), true, &r);
	is_int(r.err, 0, "with compaction: fits");
	is_int(r.len, 40, "  ... exactly 40 bytes");
	is_int(r.compacted, 1, "  ... one option shortened");
	is_mem(r.out, ((unsigned char[]){ 30, 22, 0x20, 0x0d, 0xa5, 0xa6, 0xa7, 0xa8 }), 8,
	       "  ... DSS length 22, flag a clear, low 32 bits of the DATA_ACK");
	is_mem(r.out + 8, dss26 + 12, 14, "  ... mapping unchanged");
	is_mem(r.out + 22, ((unsigned char[]){ 30, 4, 0x40, 3 }), 4,
	       "  ... REMOVE_ADDR kept whole");
	ok(!mptcpsec_tcpopt_parse(r.out, r.len, &o) && o.dss_flags == 0x0d &&
	   mptcpsec_tcpopt_has(&o, MPTCPSEC_MPTCP_RM_ADDR) && o.secopt.count == 1,
	   "  ... the result parses");

	/* DSS + MP_PRIO: 26 + 3 + 14 = 43 */
	memcpy(in + 26, ((unsigned char[]){ 30, 3, 0x51, 1, 1, 1 }), 6);
	rebuild(in, sizeof(in), true, &r);
	is_int(r.err, 0, "DSS + MP_PRIO compacted: fits");
	is_mem(r.out + 22, ((unsigned char[]){ 30, 3, 0x51 }), 3, "  ... MP_PRIO kept");

	/* DSS + REMOVE_ADDR of two IDs: 22 + 5 + 14 = 41 even compacted */
	memcpy(in + 26, ((unsigned char[]){ 1, 30, 5, 0x40, 3, 4 }), 6);
	rebuild(in, sizeof(in), true, &r);
	is_int(r.err, -ENOSPC, "DSS + REMOVE_ADDR of two IDs: still no room (counted, section 6.4)");
}

static void test_msg_bounds(void)
{
	unsigned char msg[MPTCPSEC_ADDADDR_MSG_MAX];
	struct mptcpsec_tcpopts o;

	memset(&o, 0, sizeof(o));
	is_int(mptcpsec_addaddr_msg(add6, sizeof(add6), &o, msg), 0,
	       "msg: no ADD_ADDR parsed, nothing");
	ok(!mptcpsec_tcpopt_parse(add6, sizeof(add6), &o), "v6 ADD_ADDR parses");
	is_int(mptcpsec_addaddr_msg(add6, sizeof(add6), &o, msg), 19,
	       "msg: ID, 16 address bytes, 2 port bytes");
	is_mem(msg + 17, ((unsigned char[]){ 0, 0 }), 2, "  ... port zero when absent");
	is_int(mptcpsec_addaddr_msg(add6, 10, &o, msg), 0,
	       "msg: area shorter than the option, nothing");
}

int main(void)
{
	test_addaddr_v6();
	test_addaddr_v4_port();
	test_addaddr_echo();
	test_dss_ack32();
	test_msg_bounds();
	return tap_done();
}
