// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the TCP/MPTCP option parser (module/tcpopt.c, built as is).
 * Byte strings are laid out the way Linux writes them (see the capture
 * notes in docs/DESIGN.md).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../module/tcpopt.h"
#include "tap.h"

#define KEY_A 0x0102030405060708ULL
#define KEY_B 0x1112131415161718ULL

static void put64(unsigned char *p, unsigned long long v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = v & 0xff;
}

static void test_syn(void)
{
	/* mss 1460, sackOK+TS, nop, wscale 7, MP_CAPABLE v1 flags A|H */
	unsigned char o[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0,
			      0, 0, 1, 3, 3, 7, 30, 4, 0x01, 0x81 };
	struct mptcpsec_tcpopts p;

	is_int(mptcpsec_tcpopt_parse(o, sizeof(o), &p), 0, "SYN parses");
	ok(p.has_mss && p.mss == 1460, "SYN: MSS 1460");
	ok(p.has_ts && p.has_sack_perm, "SYN: timestamps and SACK permitted");
	ok(p.has_wscale && p.wscale == 7, "SYN: window scale 7");
	ok(mptcpsec_tcpopt_has(&p, MPTCPSEC_MPTCP_MPC), "SYN: MP_CAPABLE seen");
	is_int(p.mpc.version, 1, "SYN: MPTCP version 1");
	is_int(p.mpc.flags, 0x81, "SYN: flags");
	is_int(p.mpc.nkeys, 0, "SYN: v1 SYN carries no key");
	is_int(p.mptcp_count, 1, "SYN: one MPTCP option");
}

static void test_mpc_keys(void)
{
	unsigned char synack[12] = { 30, 12, 0x01, 0x01 };
	unsigned char ack[20] = { 30, 20, 0x01, 0x01 };
	unsigned char data[24] = { 30, 22, 0x01, 0x01 };
	struct mptcpsec_tcpopts p;

	put64(synack + 4, KEY_B);
	is_int(mptcpsec_tcpopt_parse(synack, sizeof(synack), &p), 0, "MPC SYN-ACK parses");
	is_int(p.mpc.nkeys, 1, "MPC SYN-ACK: one key");
	ok(p.mpc.sndr_key == KEY_B, "MPC SYN-ACK: sender key read big-endian");
	is_int(p.mpc.key_off, 4, "MPC SYN-ACK: key offset");

	put64(ack + 4, KEY_A);
	put64(ack + 12, KEY_B);
	is_int(mptcpsec_tcpopt_parse(ack, sizeof(ack), &p), 0, "MPC ACK parses");
	is_int(p.mpc.nkeys, 2, "MPC ACK: two keys");
	ok(p.mpc.sndr_key == KEY_A && p.mpc.rcvr_key == KEY_B, "MPC ACK: both keys in order");

	put64(data + 4, KEY_A);
	put64(data + 12, KEY_B);
	data[20] = 0x05;
	data[21] = 0xa0;
	data[22] = 1;
	data[23] = 1;
	is_int(mptcpsec_tcpopt_parse(data, sizeof(data), &p), 0, "MPC ACK+data + 2 NOPs parses");
	is_int(p.mpc.len, 22, "MPC ACK+data: length 22");
	ok(p.mpc.sndr_key == KEY_A && p.mpc.rcvr_key == KEY_B, "MPC ACK+data: keys");

	synack[1] = 13;
	is_int(mptcpsec_tcpopt_parse(synack, sizeof(synack), &p), -EINVAL,
	       "MPC with impossible length 13 (past area) rejected");
	{
		unsigned char bad[16] = { 30, 16, 0x01, 0x01 };

		is_int(mptcpsec_tcpopt_parse(bad, sizeof(bad), &p), -EINVAL,
		       "MPC with length 16 rejected");
	}
}

static void test_mpj(void)
{
	unsigned char syn[12] = { 30, 12, 0x11, 5, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 42 };
	unsigned char synack[16] = { 30, 16, 0x10, 7 };
	unsigned char ack[24] = { 30, 24, 0x10, 0 };
	struct mptcpsec_tcpopts p;

	is_int(mptcpsec_tcpopt_parse(syn, sizeof(syn), &p), 0, "MPJ SYN parses");
	is_int(p.mpj.form, MPTCPSEC_MPJ_SYN, "MPJ SYN: form");
	ok(p.mpj.backup, "MPJ SYN: backup flag");
	is_int(p.mpj.addr_id, 5, "MPJ SYN: address id");
	ok(p.mpj.token == 0xdeadbeef, "MPJ SYN: token");
	is_int(p.mpj.nonce, 42, "MPJ SYN: nonce");

	put64(synack + 4, KEY_A);
	synack[15] = 9;
	is_int(mptcpsec_tcpopt_parse(synack, sizeof(synack), &p), 0, "MPJ SYN-ACK parses");
	is_int(p.mpj.form, MPTCPSEC_MPJ_SYNACK, "MPJ SYN-ACK: form");
	ok(!p.mpj.backup && p.mpj.addr_id == 7, "MPJ SYN-ACK: flags and id");
	ok(p.mpj.thmac == KEY_A && p.mpj.nonce == 9, "MPJ SYN-ACK: truncated HMAC and nonce");

	is_int(mptcpsec_tcpopt_parse(ack, sizeof(ack), &p), 0, "MPJ ACK parses");
	is_int(p.mpj.form, MPTCPSEC_MPJ_ACK, "MPJ ACK: form");
	is_int(p.mpj.hmac_off, 4, "MPJ ACK: HMAC offset");

	syn[1] = 11;
	is_int(mptcpsec_tcpopt_parse(syn, 11, &p), -EINVAL, "MPJ with length 11 rejected");
}

static void test_dss(void)
{
	/* ack64 + map64: 4 + 8 + 8 + 4 + 2 = 26, then 2 NOPs */
	unsigned char o[28] = { 30, 26, 0x20, 0x0f };
	unsigned char a32[8] = { 30, 8, 0x20, 0x01 };
	unsigned char csum[30] = { 30, 28, 0x20, 0x0f };
	struct mptcpsec_tcpopts p;

	o[26] = 1;
	o[27] = 1;
	is_int(mptcpsec_tcpopt_parse(o, sizeof(o), &p), 0, "DSS ack64+map64 parses");
	is_int(p.dss_flags, 0x0f, "DSS flags");
	is_int(mptcpsec_tcpopt_parse(a32, sizeof(a32), &p), 0, "DSS ack32 only parses");
	is_int(mptcpsec_tcpopt_parse(csum, 28, &p), 0, "DSS with checksum parses");
	o[1] = 24;
	is_int(mptcpsec_tcpopt_parse(o, 24, &p), -EINVAL, "DSS with wrong length rejected");
	a32[1] = 10;
	is_int(mptcpsec_tcpopt_parse(a32, 8, &p), -EINVAL, "DSS running past the area rejected");
	{
		unsigned char fin[20] = { 30, 18, 0x20, 0x1c };

		is_int(mptcpsec_tcpopt_parse(fin, 20, &p), 0, "DATA_FIN mapping parses");
		ok(p.dss_flags & MPTCPSEC_DSS_DATA_FIN, "DATA_FIN flag seen");
	}
}

static void test_signals(void)
{
	unsigned char fc[12] = { 30, 12, 0x70, 0 };
	unsigned char add4[16] = { 30, 16, 0x30, 1, 10, 0, 2, 1 };
	unsigned char add6port_echo[22] = { 30, 22, 0x31, 1 };
	unsigned char rm[4] = { 30, 4, 0x40, 3 };
	unsigned char prio[4] = { 30, 3, 0x51, 1 };
	unsigned char fail[12] = { 30, 12, 0x60, 0 };
	unsigned char rst[4] = { 30, 4, 0x80, 0x02 };
	struct mptcpsec_tcpopts p;

	put64(fc + 4, KEY_B);
	is_int(mptcpsec_tcpopt_parse(fc, 12, &p), 0, "MP_FASTCLOSE parses");
	ok(p.fastclose_key == KEY_B && p.fastclose_off == 4, "MP_FASTCLOSE key and offset");
	is_int(mptcpsec_tcpopt_parse(add4, 16, &p), 0, "ADD_ADDR v4 with HMAC parses");
	ok(mptcpsec_tcpopt_has(&p, MPTCPSEC_MPTCP_ADD_ADDR), "ADD_ADDR seen");
	is_int(mptcpsec_tcpopt_parse(add6port_echo, 22, &p), 0, "ADD_ADDR v6 echo with port parses");
	add4[1] = 12;
	is_int(mptcpsec_tcpopt_parse(add4, 12, &p), -EINVAL, "ADD_ADDR length 12 rejected");
	is_int(mptcpsec_tcpopt_parse(rm, 4, &p), 0, "REMOVE_ADDR parses");
	is_int(mptcpsec_tcpopt_parse(prio, 4, &p), 0, "MP_PRIO + NOP parses");
	ok(p.prio_backup, "MP_PRIO backup flag");
	is_int(mptcpsec_tcpopt_parse(fail, 12, &p), 0, "MP_FAIL parses");
	is_int(mptcpsec_tcpopt_parse(rst, 4, &p), 0, "MP_TCPRST parses");
	rst[1] = 5;
	is_int(mptcpsec_tcpopt_parse(rst, 4, &p), -EINVAL, "MP_TCPRST length 5 rejected");
}

static void test_malformed(void)
{
	struct mptcpsec_tcpopts p;
	unsigned char lone_kind[] = { 1, 1, 2 };
	unsigned char zero_len[] = { 8, 0, 1, 1 };
	unsigned char one_len[] = { 5, 1, 1, 1 };
	unsigned char dup[] = { 30, 4, 0x80, 0, 30, 4, 0x80, 0 };
	unsigned char eol[] = { 1, 0, 0xff, 0xff };
	unsigned char unknown[] = { 99, 4, 0, 0, 30, 4, 0x01, 0x81 };
	unsigned char big[44] = { 0 };
	unsigned char sack[] = { 1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2 };
	unsigned char badsack[] = { 5, 9, 0, 0, 0, 1, 0, 0, 0 };
	unsigned char mss_bad[] = { 2, 3, 0 };
	unsigned char mptcp_short[] = { 30, 2 };

	is_int(mptcpsec_tcpopt_parse(lone_kind, 3, &p), -EINVAL, "kind without length byte rejected");
	is_int(mptcpsec_tcpopt_parse(zero_len, 4, &p), -EINVAL, "length 0 rejected");
	is_int(mptcpsec_tcpopt_parse(one_len, 4, &p), -EINVAL, "length 1 rejected");
	is_int(mptcpsec_tcpopt_parse(dup, 8, &p), -EINVAL, "repeated MPTCP suboption rejected");
	is_int(mptcpsec_tcpopt_parse(eol, 4, &p), 0, "bytes after EOL ignored");
	is_int(mptcpsec_tcpopt_parse(unknown, 8, &p), 0, "unknown kind skipped");
	ok(mptcpsec_tcpopt_has(&p, MPTCPSEC_MPTCP_MPC), "option after an unknown kind still parsed");
	is_int(mptcpsec_tcpopt_parse(big, 44, &p), -EINVAL, "area over 40 bytes rejected");
	is_int(mptcpsec_tcpopt_parse(sack, sizeof(sack), &p), 0, "SACK with one block parses");
	is_int(p.sack_blocks, 1, "one SACK block");
	is_int(mptcpsec_tcpopt_parse(badsack, sizeof(badsack), &p), -EINVAL, "SACK length 9 rejected");
	is_int(mptcpsec_tcpopt_parse(mss_bad, 3, &p), -EINVAL, "MSS length 3 rejected");
	is_int(mptcpsec_tcpopt_parse(mptcp_short, 2, &p), -EINVAL, "MPTCP option without subtype rejected");
	is_int(mptcpsec_tcpopt_parse(NULL, 0, &p), 0, "empty area parses");
}

static void test_eno(void)
{
	/* SYN without TS: mss, sackOK, wscale, MPC, ENO offering 0x5a */
	unsigned char syn[] = { 2, 4, 0x05, 0xb4, 4, 2, 3, 3, 7, 30, 4, 0x01,
				0x81, 69, 3, 0x5a };
	/* general suboptions 0x00 and 0x1f skipped, two TEPs kept */
	unsigned char glob[] = { 69, 6, 0x00, 0x5a, 0x1f, 0x21, 1, 1 };
	unsigned char many[] = { 69, 12, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
				 0x26, 0x27, 0x28, 0x29 };
	unsigned char vbit[] = { 69, 4, 0x5a, 0xda };
	unsigned char short2[] = { 69, 2, 1, 1 };
	unsigned char two[] = { 69, 3, 0x5a, 69, 3, 0x21 };
	unsigned char onlyglob[] = { 69, 3, 0x01, 1 };
	struct mptcpsec_tcpopts p;

	is_int(mptcpsec_tcpopt_parse(syn, sizeof(syn), &p), 0, "ENO: SYN parses");
	is_int(p.eno.count, 1, "ENO: one option");
	is_int(p.eno.off, 13, "ENO: offset");
	is_int(p.eno.len, 3, "ENO: length");
	ok(p.eno.ntep == 1 && p.eno.tep[0] == 0x5a, "ENO: TEP 0x5a");
	ok(mptcpsec_tcpopt_has(&p, MPTCPSEC_MPTCP_MPC), "ENO: MPC still seen");

	is_int(mptcpsec_tcpopt_parse(glob, sizeof(glob), &p), 0,
	       "ENO with general suboptions parses");
	ok(p.eno.ntep == 2 && p.eno.tep[0] == 0x5a && p.eno.tep[1] == 0x21,
	   "ENO: general suboptions skipped, TEPs in order");

	is_int(mptcpsec_tcpopt_parse(many, sizeof(many), &p), 0, "ENO with 10 TEPs parses");
	ok(p.eno.ntep == 8 && p.eno.tep[7] == 0x27, "ENO: first 8 TEPs stored");

	is_int(mptcpsec_tcpopt_parse(vbit, sizeof(vbit), &p), -EINVAL,
	       "ENO with a v = 1 suboption is malformed");
	vbit[3] = 0x80;
	is_int(mptcpsec_tcpopt_parse(vbit, sizeof(vbit), &p), -EINVAL,
	       "ENO with byte 0x80 is malformed");
	is_int(mptcpsec_tcpopt_parse(short2, sizeof(short2), &p), -EINVAL,
	       "ENO of length 2 is malformed");
	is_int(mptcpsec_tcpopt_parse(two, sizeof(two), &p), 0, "two ENO options parse");
	ok(p.eno.count == 2 && p.eno.off == 0 && p.eno.tep[0] == 0x5a,
	   "two ENO options: counted, first recorded");
	is_int(mptcpsec_tcpopt_parse(onlyglob, sizeof(onlyglob), &p), 0,
	       "ENO with only a general suboption parses");
	ok(p.eno.count == 1 && p.eno.ntep == 0, "ENO: no TEP");
}

static void test_secopt(void)
{
	/* DSS ack64+map64 (26) + MPTCPsec option (14) = 40 */
	unsigned char data[40] = { 30, 26, 0x20, 0x0f };
	unsigned char other[] = { 253, 6, 0x12, 0x34, 0, 0, 1, 1 };
	unsigned char short_exp[] = { 253, 3, 0x4d, 1 };
	unsigned char two[28] = { 253, 14, 0x4d, 0x53, 0x00, 0x01 };
	unsigned char badlen[] = { 253, 10, 0x4d, 0x53, 0, 0, 0, 0, 0, 0 };
	unsigned char ts_sack[] = { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2,
				    1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2,
				    0, 0, 0, 3, 0, 0, 0, 4 };
	struct mptcpsec_tcpopts p;

	memcpy(data + 26, (unsigned char[]){ 253, 14, 0x4d, 0x53, 0x80, 0x2a,
					     1, 2, 3, 4, 5, 6, 7, 8 }, 14);
	is_int(mptcpsec_tcpopt_parse(data, sizeof(data), &p), 0, "DSS + MPTCPsec option parses");
	is_int(p.secopt.count, 1, "secopt: one");
	is_int(p.secopt.off, 26, "secopt: offset");
	is_int(p.secopt.pnf, 0x802a, "secopt: PN field");
	is_int(p.secopt.tag_off, 32, "secopt: tag offset");
	is_int(p.dss_flags, 0x0f, "secopt: DSS still parsed");

	is_int(mptcpsec_tcpopt_parse(other, sizeof(other), &p), 0, "other ExID skipped");
	is_int(p.secopt.count, 0, "other ExID is not an MPTCPsec option");
	is_int(mptcpsec_tcpopt_parse(short_exp, sizeof(short_exp), &p), 0,
	       "experimental option without ExID skipped");
	is_int(p.secopt.count, 0, "no ExID, no MPTCPsec option");

	memcpy(two + 14, two, 14);
	two[19] = 2;
	is_int(mptcpsec_tcpopt_parse(two, sizeof(two), &p), 0, "two MPTCPsec options parse");
	ok(p.secopt.count == 2 && p.secopt.off == 0 && p.secopt.pnf == 1,
	   "two MPTCPsec options: counted, first recorded");
	is_int(mptcpsec_tcpopt_parse(badlen, sizeof(badlen), &p), -EINVAL,
	       "MPTCPsec option of length 10 is malformed");

	is_int(mptcpsec_tcpopt_parse(ts_sack, sizeof(ts_sack), &p), 0, "TS + SACK parses");
	ok(p.has_ts && p.ts_off == 2, "TS offset");
	ok(p.sack_blocks == 2 && p.sack_off == 14 && p.sack_len == 18, "SACK offset and length");
}

/* Random areas: the parser must stay inside the buffer (ASan checks). */
static void test_random(void)
{
	unsigned int i, n, errors = 0;
	struct mptcpsec_tcpopts p;

	srand(1);
	for (i = 0; i < 200000; i++) {
		unsigned char *buf;
		unsigned int j;

		n = rand() % 41;
		buf = malloc(n ? n : 1);
		for (j = 0; j < n; j++) {
			int r = rand() % 10;

			buf[j] = r == 0 ? 30 : r == 1 ? 1 : r == 2 ? 69 :
				 r == 3 ? 253 : (unsigned char)rand();
		}
		if (mptcpsec_tcpopt_parse(buf, n, &p))
			errors++;
		free(buf);
	}
	ok(errors > 0 && errors < 200000, "200000 random areas parsed without a fault");
}

int main(void)
{
	test_syn();
	test_mpc_keys();
	test_mpj();
	test_dss();
	test_signals();
	test_malformed();
	test_eno();
	test_secopt();
	test_random();
	return tap_done();
}
