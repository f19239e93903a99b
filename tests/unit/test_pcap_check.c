// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of tests/tools/pcap_check: synthetic captures (Ethernet, SLL2 and
 * raw IP frames built here byte by byte, IPv4 and IPv6) written to a
 * temporary directory, checked by running the program and reading its exit
 * status and JSON counts. The sanitized build ./pcap_check_san (see the
 * Makefile) is used when present, else ../tools/pcap_check, built first if
 * missing; PCAP_CHECK overrides both.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define LT_EN10MB 1
#define LT_RAW 101
#define LT_SLL2 276

#define SYN 0x02
#define RST 0x04
#define PSH 0x08
#define ACK 0x10

static char dir[] = "/tmp/test_pcap_check.XXXXXX";
static const char *prog;
static char out[65536];
static unsigned char plain[4096];

struct frame {
	unsigned char b[4096];
	size_t n;
	size_t orig;	/* on-wire length when the capture cut it; 0 = n */
};

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static unsigned csum(const unsigned char *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

/* the kind-253 MPTCPsec option, padded to 16 bytes */
static const unsigned char SECOPT[16] = { 253, 14, 0x4d, 0x53, 0x00, 0x01,
	1, 2, 3, 4, 5, 6, 7, 8, 1, 1 };

struct seg {
	int linktype, v6, hbh;	/* hbh: an IPv6 hop-by-hop header first */
	unsigned sport, dport, flags;
	const unsigned char *opts;
	size_t optlen;		/* a multiple of 4 */
	const unsigned char *payload;
	size_t paylen;
};

static void build(struct frame *f, const struct seg *s)
{
	unsigned char *p = f->b, *ip, *t;
	size_t l2 = 0, iphl, tcplen = 20 + s->optlen + s->paylen;

	memset(f, 0, sizeof(*f));
	if (s->linktype == LT_EN10MB) {
		memcpy(p, "\x02\0\0\0\0\x02\x02\0\0\0\0\x01", 12);
		put16(p + 12, s->v6 ? 0x86dd : 0x0800);
		l2 = 14;
	} else if (s->linktype == LT_SLL2) {
		put16(p, s->v6 ? 0x86dd : 0x0800);
		put32(p + 4, 3);	/* ifindex */
		put16(p + 8, 1);	/* ARPHRD_ETHER */
		p[10] = 4;		/* outgoing */
		p[11] = 6;
		l2 = 20;
	}
	ip = p + l2;
	if (!s->v6) {
		iphl = 20;
		ip[0] = 0x45;
		put16(ip + 2, (unsigned)(iphl + tcplen));
		ip[6] = 0x40;
		ip[8] = 64;
		ip[9] = 6;
		memcpy(ip + 12, "\x0a\x00\x01\x01\x0a\x00\x01\x02", 8);
		put16(ip + 10, csum(ip, 20, 0));
	} else {
		iphl = 40 + (s->hbh ? 8 : 0);
		ip[0] = 0x60;
		put16(ip + 4, (unsigned)(iphl - 40 + tcplen));
		ip[6] = s->hbh ? 0 : 6;
		ip[7] = 64;
		memcpy(ip + 8, "\xfd\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
		memcpy(ip + 24, "\xfd\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\x02", 16);
		if (s->hbh) {
			ip[40] = 6;	/* next header TCP, length 0: 8 bytes */
			ip[42] = 1;	/* PadN */
			ip[43] = 4;
		}
	}
	t = ip + iphl;
	put16(t, s->sport);
	put16(t + 2, s->dport);
	put32(t + 4, 1000);
	put32(t + 8, (s->flags & ACK) ? 2000 : 0);
	t[12] = (unsigned char)((20 + s->optlen) / 4 << 4);
	t[13] = (unsigned char)s->flags;
	put16(t + 14, 65000);
	if (s->optlen)
		memcpy(t + 20, s->opts, s->optlen);
	if (s->paylen)
		memcpy(t + 20 + s->optlen, s->payload, s->paylen);
	f->n = l2 + iphl + tcplen;
}

/* magic 0: little-endian microseconds; 1: big-endian nanoseconds */
static const char *write_pcap(const char *name, int linktype, int be_nsec,
			      const struct frame *fr, int n, const void *tail,
			      size_t taillen)
{
	static char path[4][256];
	static int k;
	char *pp = path[k++ & 3];
	unsigned char h[24];
	FILE *f;
	int i;

	snprintf(pp, 256, "%s/%s", dir, name);
	f = fopen(pp, "wb");
	if (!f)
		abort();
	memset(h, 0, sizeof(h));
	if (be_nsec) {
		put32(h, 0xa1b23c4d);
		put16(h + 4, 2);
		put16(h + 6, 4);
		put32(h + 16, 262144);
		put32(h + 20, (uint32_t)linktype);
	} else {
		uint32_t v[] = { 0xa1b2c3d4, 0x00040002, 0, 0, 262144, (uint32_t)linktype };

		memcpy(h, v, sizeof(v));	/* this host is little-endian */
		h[4] = 2; h[5] = 0; h[6] = 4; h[7] = 0;
	}
	fwrite(h, 1, sizeof(h), f);
	for (i = 0; i < n; i++) {
		unsigned char r[16];
		uint32_t incl = (uint32_t)fr[i].n, orig = (uint32_t)(fr[i].orig ? fr[i].orig : fr[i].n);

		memset(r, 0, sizeof(r));
		if (be_nsec) {
			put32(r, 1700000000u + (uint32_t)i);
			put32(r + 8, incl);
			put32(r + 12, orig);
		} else {
			uint32_t v[] = { 1700000000u + (uint32_t)i, 0, incl, orig };

			memcpy(r, v, sizeof(v));
		}
		fwrite(r, 1, sizeof(r), f);
		fwrite(fr[i].b, 1, fr[i].n, f);
	}
	if (taillen)
		fwrite(tail, 1, taillen, f);
	fclose(f);
	return pp;
}

/* run prog with ARGS; stdout in out[], stderr checked for sanitizer reports */
static int run(const char *args)
{
	char cmd[8192], errpath[300];
	size_t n;
	FILE *p, *e;
	int st, clean = 1;

	snprintf(errpath, sizeof(errpath), "%s/stderr", dir);
	snprintf(cmd, sizeof(cmd), "%s %s 2>%s", prog, args, errpath);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	st = pclose(p);
	e = fopen(errpath, "r");
	if (e) {
		char line[512];

		while (fgets(line, sizeof(line), e))
			if (strstr(line, "Sanitizer") || strstr(line, "runtime error")) {
				printf("# %s", line);
				clean = 0;
			}
		fclose(e);
	}
	if (!clean)
		return 99;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static long long num(const char *key)
{
	char pat[64];
	const char *q;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	q = strstr(out, pat);
	return q ? strtoll(q + strlen(pat), NULL, 10) : -1;
}

static void fill_random(unsigned char *p, size_t n, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (unsigned char)(seed >> 16);
	}
}

static char plain_path[300], args[4096];

/* a secured handshake and data on port 5201, one unrelated segment */
static int connection(struct frame *fr, int linktype, int v6,
		      const unsigned char *data, size_t datalen)
{
	static unsigned char share[70], rnd[1200];
	struct seg s = { .linktype = linktype, .v6 = v6, .sport = 40000, .dport = 5201 };
	int n = 0;

	fill_random(share, sizeof(share), 1);
	fill_random(rnd, sizeof(rnd), 2);
	s.flags = SYN;
	s.payload = share;
	s.paylen = 70;
	build(&fr[n++], &s);			/* SYN: no MPTCPsec option */
	s.sport = 5201;
	s.dport = 40000;
	s.flags = SYN | ACK;
	s.opts = SECOPT;
	s.optlen = 16;
	build(&fr[n++], &s);			/* SYN-ACK */
	s.sport = 40000;
	s.dport = 5201;
	s.flags = ACK;
	s.paylen = 0;
	build(&fr[n++], &s);			/* third ACK */
	s.flags = ACK | PSH;
	s.payload = rnd;
	s.paylen = sizeof(rnd);
	build(&fr[n++], &s);			/* ciphertext-like data */
	s.payload = data ? data : rnd + 1;
	s.paylen = data ? datalen : 500;
	build(&fr[n++], &s);
	s.sport = 22;
	s.dport = 50000;
	s.opts = NULL;
	s.optlen = 0;
	s.payload = rnd;
	s.paylen = 300;
	build(&fr[n++], &s);			/* another connection */
	return n;
}

static void test_clean(void)
{
	struct frame fr[8];
	int n = connection(fr, LT_EN10MB, 0, NULL, 0);
	const char *cap = write_pcap("clean.pcap", LT_EN10MB, 0, fr, n, NULL, 0);

	snprintf(args, sizeof(args), "--json --plain %s --secret 0011223344556677 --port 5201 "
		 "--require-secopt --max-ip-len 1500 %s", plain_path, cap);
	is_int(run(args), 0, "clean capture passes every check");
	is_int(num("packets"), 6, "clean: 6 packets");
	is_int(num("tcp_segments"), 6, "clean: 6 TCP segments");
	is_int(num("selected_segments"), 5, "clean: 5 segments on port 5201");
	is_int(num("secopt_segments"), 4, "clean: 4 carry the MPTCPsec option");
	is_int(num("missing_secopt"), 0, "clean: the SYN without it is fine");
	is_int(num("syn_payload_bytes"), 140, "clean: SYN and SYN-ACK carry 70 bytes each");
	is_int(num("payload_bytes"), 140 + 1200 + 500, "clean: selected payload bytes");
	is_int(num("max_payload"), 1200, "clean: largest payload");
	is_int(num("max_ip_len"), 20 + 36 + 1200, "clean: largest IP packet");
	is_int(num("plain_hits") + num("secret_hits") + num("over_len"), 0, "clean: no hits");
	ok(strstr(out, "{\"src\":\"10.0.1.1\",\"sport\":40000,\"dst\":\"10.0.1.2\",\"dport\":5201,"
		  "\"segments\":4,\"payload_bytes\":1770}") != NULL, "clean: client-to-server flow");
	ok(strstr(out, "\"passed\":true") != NULL, "clean: JSON says passed");
	ok(!strstr(out, "\"sport\":22"), "clean: unselected connection not in flows");

	snprintf(args, sizeof(args), "--port 5201 --require-secopt %s", cap);
	is_int(run(args), 0, "clean: human summary mode passes");
	ok(strstr(out, "PASS") != NULL, "clean: human summary says PASS");

	snprintf(args, sizeof(args), "--json --max-ip-len 1000 %s", cap);
	is_int(run(args), 1, "an IP packet above --max-ip-len fails");
	is_int(num("over_len"), 1, "max-ip-len: one packet too long");
}

static void test_plain(void)
{
	unsigned char data[600];
	struct frame fr[8];
	const char *cap;
	int n;

	fill_random(data, sizeof(data), 3);
	memcpy(data + 37, plain + 1001, 16);	/* a window at an odd offset */
	memcpy(data + 200, plain + 2000, 15);	/* one byte short of a window */
	n = connection(fr, LT_EN10MB, 0, data, sizeof(data));
	cap = write_pcap("plain.pcap", LT_EN10MB, 0, fr, n, NULL, 0);
	snprintf(args, sizeof(args), "--json --plain %s %s", plain_path, cap);
	is_int(run(args), 1, "a 16-byte plaintext window fails the check");
	is_int(num("plain_hits"), 1, "plaintext: exactly one hit (15 bytes are not a window)");
	ok(strstr(out, "\"plain_first\":[{\"capture\":") &&
	   strstr(out, "\"packet\":5,\"offset\":37}"), "plaintext: packet 5, offset 37 reported");
	ok(strstr(out, "\"passed\":false") != NULL, "plaintext: JSON says failed");

	fill_random(data, sizeof(data), 4);
	memcpy(data + 11, plain + 3, 20);		/* file start: 5 windows */
	memcpy(data + 100, plain + sizeof(plain) - 16, 16);	/* file end */
	memcpy(data + sizeof(data) - 16, plain + 517, 16);	/* payload end */
	n = connection(fr, LT_EN10MB, 0, data, sizeof(data));
	cap = write_pcap("plain2.pcap", LT_EN10MB, 0, fr, n, NULL, 0);
	snprintf(args, sizeof(args), "--json --plain %s %s", plain_path, cap);
	is_int(run(args), 1, "plaintext at the edges of file and payload fails");
	is_int(num("plain_hits"), 7, "plaintext: 5 + 1 + 1 window hits");

	snprintf(args, sizeof(args), "%s", cap);
	is_int(run(args), 0, "without --plain the same capture passes");
}

static void test_secret(void)
{
	static const unsigned char mpc[12] = { 30, 12, 0x01, 0x81,
		0xde, 0xad, 0xbe, 0xef, 0x01, 0x23, 0x45, 0x67 };
	unsigned char opts[28];
	struct frame fr[8];
	struct seg s = { .linktype = LT_EN10MB, .sport = 40000, .dport = 5201,
			 .flags = ACK, .opts = opts, .optlen = 28 };
	const char *cap;
	int n = connection(fr, LT_EN10MB, 0, NULL, 0);

	memcpy(opts, mpc, 12);
	memcpy(opts + 12, SECOPT, 16);
	build(&fr[n++], &s);
	cap = write_pcap("secret.pcap", LT_EN10MB, 0, fr, n, NULL, 0);
	snprintf(args, sizeof(args), "--json --secret deadbeef:01234567 --port 5201 "
		 "--require-secopt %s", cap);
	is_int(run(args), 1, "a secret in a TCP option fails the check");
	is_int(num("secret_hits"), 1, "secret: one hit");
	ok(strstr(out, "\"secret_first\":[{") && strstr(out, "\"packet\":7,\"offset\":58}"),
	   "secret: packet 7 at byte 58 of the frame");
	snprintf(args, sizeof(args), "--json --secret 0A000101 --secret 0a0001010a000102 %s", cap);
	is_int(run(args), 2, "a secret shorter than 8 bytes is a usage error");
	snprintf(args, sizeof(args), "--json --secret 0x0a0001010a000102 %s", cap);
	is_int(run(args), 1, "a secret in the IP header (the address pair) fails");
	is_int(num("secret_hits"), 7, "secret: found in all 7 IPv4 headers");
}

static void test_secopt(void)
{
	static const unsigned char twice[32] = { 253, 14, 0x4d, 0x53, 0, 1, 1, 2, 3, 4,
		5, 6, 7, 8, 253, 14, 0x4d, 0x53, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1, 1, 1 };
	static const unsigned char shortopt[12] = { 253, 10, 0x4d, 0x53, 0, 1, 1, 2,
		3, 4, 1, 1 };
	static const unsigned char other[16] = { 253, 14, 0x12, 0x34, 0, 1, 1, 2, 3,
		4, 5, 6, 7, 8, 1, 1 };
	struct frame fr[12];
	struct seg s = { .linktype = LT_EN10MB, .sport = 40000, .dport = 5201, .flags = ACK };
	const char *cap;
	int n = connection(fr, LT_EN10MB, 0, NULL, 0);

	build(&fr[n++], &s);			/* pure ACK without the option */
	cap = write_pcap("nosec.pcap", LT_EN10MB, 0, fr, n, NULL, 0);
	snprintf(args, sizeof(args), "--json --port 5201 --require-secopt %s", cap);
	is_int(run(args), 1, "an ACK without the MPTCPsec option fails");
	is_int(num("missing_secopt"), 1, "secopt: one segment lacks it");
	ok(strstr(out, "\"missing_secopt_first\":[{") && strstr(out, "\"packet\":7}"),
	   "secopt: packet 7 reported");
	snprintf(args, sizeof(args), "--json --port 5201 %s", cap);
	is_int(run(args), 0, "without --require-secopt it passes");

	n = connection(fr, LT_EN10MB, 0, NULL, 0);
	s.opts = twice;
	s.optlen = 32;
	build(&fr[n++], &s);
	s.opts = shortopt;
	s.optlen = 12;
	build(&fr[n++], &s);
	s.opts = other;
	s.optlen = 16;
	build(&fr[n++], &s);
	s.sport = 5201;
	s.dport = 40000;
	s.flags = SYN | ACK;
	s.opts = NULL;
	s.optlen = 0;
	build(&fr[n++], &s);			/* SYN-ACK without it */
	s.flags = RST;
	build(&fr[n++], &s);			/* RST without it */
	cap = write_pcap("badsec.pcap", LT_EN10MB, 0, fr, n, NULL, 0);
	snprintf(args, sizeof(args), "--json --port 5201 --require-secopt %s", cap);
	is_int(run(args), 1, "two options, a short one, another ExID, SYN-ACK, RST: fail");
	is_int(num("missing_secopt"), 5, "secopt: all five counted");
}

static void test_sll2_v6(void)
{
	unsigned char data[300];
	struct frame fr[8];
	const char *cap;
	int n;

	fill_random(data, sizeof(data), 5);
	n = connection(fr, LT_SLL2, 1, data, sizeof(data));
	cap = write_pcap("sll2.pcap", LT_SLL2, 0, fr, n, NULL, 0);
	snprintf(args, sizeof(args), "--json --plain %s --port 5201 --require-secopt %s",
		 plain_path, cap);
	is_int(run(args), 0, "SLL2 IPv6 capture passes");
	is_int(num("selected_segments"), 5, "SLL2: 5 segments selected");
	is_int(num("max_ip_len"), 40 + 36 + 1200, "SLL2: IPv6 length is 40 + payload length");
	ok(strstr(out, "\"src\":\"fd00:1::1\",\"sport\":40000,\"dst\":\"fd00:1::2\"") != NULL,
	   "SLL2: IPv6 flow addresses");

	{
		struct seg s = { .linktype = LT_SLL2, .v6 = 1, .hbh = 1, .sport = 40000,
				 .dport = 5201, .flags = ACK | PSH, .opts = SECOPT,
				 .optlen = 16, .payload = data, .paylen = sizeof(data) };

		memcpy(data + 99, plain + 77, 16);
		build(&fr[n++], &s);
	}
	cap = write_pcap("sll2b.pcap", LT_SLL2, 0, fr, n, NULL, 0);
	snprintf(args, sizeof(args), "--json --plain %s --port 5201 --require-secopt %s",
		 plain_path, cap);
	is_int(run(args), 1, "plaintext behind an IPv6 hop-by-hop header is found");
	is_int(num("plain_hits"), 1, "hop-by-hop: one hit");
	is_int(num("secopt_segments"), 5, "hop-by-hop: its MPTCPsec option is parsed");
}

static void test_raw_be_nsec(void)
{
	struct frame fr[8];
	int n = connection(fr, LT_RAW, 0, NULL, 0);
	const char *cap = write_pcap("raw.pcap", LT_RAW, 1, fr, n, NULL, 0);

	snprintf(args, sizeof(args), "--json --port 5201 --require-secopt %s", cap);
	is_int(run(args), 0, "big-endian nanosecond RAW capture passes");
	is_int(num("secopt_segments"), 4, "RAW: options parsed");
	is_int(num("packets"), 6, "RAW: 6 packets");
}

static void test_truncated(void)
{
	unsigned char data[600], tail[40];
	struct frame fr[8];
	const char *cap;
	int n;

	fill_random(data, sizeof(data), 6);
	memcpy(data + 20, plain + 300, 16);	/* captured part */
	memcpy(data + 500, plain + 900, 16);	/* cut by the snapshot length */
	n = connection(fr, LT_EN10MB, 0, data, sizeof(data));
	fr[4].orig = fr[4].n;
	fr[4].n = 14 + 20 + 36 + 100;
	memset(tail, 0, sizeof(tail));
	memcpy(tail, "\x10\0\0\0\0\0\0\0\xe8\x03\0\0\xe8\x03\0\0\x02\0", 18);
	cap = write_pcap("trunc.pcap", LT_EN10MB, 0, fr, n, tail, 18 + 22);
	snprintf(args, sizeof(args), "--json --plain %s --port 5201 %s", plain_path, cap);
	is_int(run(args), 1, "a snaplen cut and a truncated last record: no crash");
	is_int(num("packets"), 7, "truncated: the cut last record is counted");
	is_int(num("truncated"), 2, "truncated: snaplen cut and last record");
	is_int(num("plain_hits"), 1, "truncated: captured part of a cut packet is searched");
	is_int(num("payload_bytes"), 140 + 1200 + 600 + 0, "truncated: wire lengths counted");

	memcpy(tail, "\x10\0\0\0\0\0\0\0\xff\xff\xff\x7f\xff\xff\xff\x7f", 16);
	cap = write_pcap("huge.pcap", LT_EN10MB, 0, fr, 2, tail, 16);
	snprintf(args, sizeof(args), "--json %s", cap);
	is_int(run(args), 0, "an impossible record length ends the file");
	is_int(num("malformed"), 1, "huge record: counted as malformed");
	is_int(num("packets"), 2, "huge record: packets before it counted");
}

static void test_garbage(void)
{
	struct frame fr[8];
	int i, bad = 0, n = connection(fr, LT_EN10MB, 0, NULL, 0);
	uint32_t seed = 99;

	for (i = 0; i < 60; i++) {
		struct frame g[8];
		const char *cap;
		int j, rc;

		memcpy(g, fr, sizeof(g));
		for (j = 0; j < n; j++) {
			int k;

			for (k = 0; k < 6; k++) {
				seed = seed * 1103515245u + 12345u;
				g[j].b[(seed >> 8) % 80] ^= (unsigned char)(seed >> 24);
			}
			seed = seed * 1103515245u + 12345u;
			if (seed & 0x10000)
				g[j].n = (seed >> 17) % (g[j].n + 1);
		}
		cap = write_pcap("fuzz.pcap", i % 3 ? LT_EN10MB : LT_SLL2, 0, g, n, NULL, 0);
		snprintf(args, sizeof(args), "--json --plain %s --secret 0a0001010a000102 "
			 "--port 5201 --require-secopt --max-ip-len 1400 %s", plain_path, cap);
		rc = run(args);
		if (rc != 0 && rc != 1) {
			printf("# mangled capture %d: exit %d\n", i, rc);
			bad++;
		}
	}
	is_int(bad, 0, "60 mangled captures: exit 0 or 1, no sanitizer report");
}

static void test_usage(void)
{
	char path[300];
	FILE *f;

	is_int(run(""), 2, "no capture: usage error");
	is_int(run("--bogus x.pcap"), 2, "unknown option: usage error");
	snprintf(args, sizeof(args), "--port 70000 %s/clean.pcap", dir);
	is_int(run(args), 2, "port out of range: usage error");
	snprintf(args, sizeof(args), "%s/missing.pcap", dir);
	is_int(run(args), 2, "missing capture: exit 2");
	snprintf(path, sizeof(path), "%s/notpcap", dir);
	f = fopen(path, "w");
	fputs("\x0a\x0d\x0d\x0a this is pcapng, not pcap\n", f);
	fclose(f);
	snprintf(args, sizeof(args), "%s", path);
	is_int(run(args), 2, "pcapng or junk: exit 2");
	snprintf(path, sizeof(path), "%s/tiny", dir);
	f = fopen(path, "w");
	fputs("short", f);
	fclose(f);
	snprintf(args, sizeof(args), "--plain %s %s/clean.pcap", path, dir);
	is_int(run(args), 2, "a plaintext file under 16 bytes: exit 2");
}

static void find_prog(void)
{
	prog = getenv("PCAP_CHECK");
	if (prog)
		return;
	if (access("./pcap_check_san", X_OK) == 0) {
		prog = "./pcap_check_san";
		return;
	}
	if (access("../tools/pcap_check", X_OK) != 0 &&
	    system("make -s -C ../tools pcap_check >/dev/null") != 0)
		printf("# could not build ../tools/pcap_check\n");
	prog = "../tools/pcap_check";
}

int main(void)
{
	char cmd[600];
	FILE *f;

	find_prog();
	setenv("ASAN_OPTIONS", "exitcode=99:abort_on_error=0", 1);
	setenv("UBSAN_OPTIONS", "print_stacktrace=1", 1);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	fill_random(plain, sizeof(plain), 42);
	snprintf(plain_path, sizeof(plain_path), "%s/plain.bin", dir);
	f = fopen(plain_path, "wb");
	fwrite(plain, 1, sizeof(plain), f);
	fclose(f);
	printf("# using %s\n", prog);

	test_clean();
	test_plain();
	test_secret();
	test_secopt();
	test_sll2_v6();
	test_raw_be_nsec();
	test_truncated();
	test_garbage();
	test_usage();

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
