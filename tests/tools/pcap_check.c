// SPDX-License-Identifier: GPL-2.0
/*
 * pcap_check: prove properties of captured traffic for the VM tests.
 *
 *   pcap_check [--plain FILE]... [--secret HEX]... [--token HEX]... [--port P]
 *              [--max-ip-len N] [--require-secopt] [--json] CAPTURE.pcap...
 *
 * Reads classic pcap files (microsecond or nanosecond, either byte order;
 * link types EN10MB, LINUX_SLL, LINUX_SLL2, RAW) without libpcap, and
 * parses IPv4 and IPv6 (extension headers skipped) carrying TCP.
 *
 *   --plain FILE      fail if any 16-byte window of FILE, at any offset,
 *                     occurs in the payload of any captured TCP segment
 *                     (within one segment; every TCP segment, --port or not)
 *   --token HEX       an MPTCP token (8 hex digits): fail if any 8-byte
 *                     window of any option area, or of a SYN's payload,
 *                     hashes to it (SHA-256, first 32 bits): the key
 *                     behind the token crossed the wire in clear
 *   --secret HEX      fail if these bytes (8 or more; ':' may separate
 *                     them) occur anywhere in any captured packet, headers
 *                     included
 *   --port P          the per-segment checks and counts below consider only
 *                     TCP segments from or to port P
 *   --require-secopt  every selected segment except a pure SYN (SYN without
 *                     ACK) carries exactly one MPTCPsec option (kind 253,
 *                     length 14, ExID 0x4d53)
 *   --max-ip-len N    no selected IP packet (IPv4 total length, IPv6 40 +
 *                     payload length) is longer than N
 *   --json            print one JSON object with the counts instead of the
 *                     human summary
 *
 * payload_bytes, max_payload, syn_payload_bytes and "flows" (one entry per
 * direction of every address and port pair) count selected segments, from
 * the lengths in the IP and TCP headers. Records cut by the snapshot length
 * are checked as far as they were captured and counted as "truncated"; a
 * record with an impossible length ends that file and is counted as
 * "malformed". A segment whose TCP options were not captured completely
 * counts as lacking the MPTCPsec option.
 *
 * Exit status: 0 when every requested check passed, 1 when one failed,
 * 2 on a usage error or a file that cannot be read.
 *
 * The --plain search indexes the 8-byte blocks of FILE at offsets that are
 * multiples of 8 (any 16-byte match contains one of them) in a hash table,
 * looks up the 8 bytes at every payload offset, and confirms candidate
 * windows with memcmp: exact, about 1.1 bytes of memory per file byte.
 * Blocks whose 23 surrounding bytes repeat elsewhere in FILE are indexed
 * once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/sha.h>

#define WIN 16
#define BLK 8
#define MAX_FIRST 5
#define MAX_RECORD (256u * 1024u)

#define OPT_SECOPT_KIND 253
#define OPT_SECOPT_LEN 14
#define SECOPT_EXID 0x4d53

/* --plain files */
struct plain {
	const char *name;
	unsigned char *data;
	size_t len;
	uint32_t *slots;	/* block offset + 1; 0 = empty */
	size_t mask;
	unsigned long long hits;
};

struct secret {
	unsigned char *b;
	size_t len;
	unsigned long long hits;
};

struct hit {
	int capture;
	unsigned long long packet;
	unsigned long long offset;
	int which;
};

struct flow {
	int v6;
	unsigned char src[16], dst[16];
	uint16_t sport, dport;
	unsigned long long segments, payload;
	int used;
};

static struct plain *plains;
static int nplains;
static struct secret *secrets;
static int nsecrets;
/* MPTCP tokens: first 32 bits of SHA-256 of a 64-bit key (RFC 8684). */
static uint32_t *tokens;
static int ntokens;
static const char **captures;
static int ncaptures;

static int port = -1;
static long long max_ip_len_limit = -1;
static int require_secopt, json;

static struct {
	unsigned long long packets, tcp_segments, selected_segments,
		secopt_segments, missing_secopt, payload_bytes, plain_hits,
		secret_hits, token_hits, over_len, max_ip_len, max_payload,
		syn_payload_bytes, truncated, malformed, non_ip, fragments;
} st;

static struct hit plain_first[MAX_FIRST], secret_first[MAX_FIRST],
	missing_first[MAX_FIRST], over_first[MAX_FIRST];
static int n_plain_first, n_secret_first, n_missing_first, n_over_first;

static struct flow *flows;
static size_t flows_cap, flows_used;

static unsigned char *hitmap;
static size_t hitmap_cap;

static void record(struct hit *arr, int *n, int capture,
		   unsigned long long packet, unsigned long long offset,
		   int which)
{
	if (*n >= MAX_FIRST)
		return;
	arr[*n].capture = capture;
	arr[*n].packet = packet;
	arr[*n].offset = offset;
	arr[*n].which = which;
	(*n)++;
}

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n, sz);

	if (!p) {
		fprintf(stderr, "pcap_check: out of memory\n");
		exit(2);
	}
	return p;
}

static uint16_t get16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const unsigned char *p, int swap)
{
	if (swap)
		return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
		       (uint32_t)p[1] << 8 | p[0];
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* ---- plaintext index ---- */

static uint64_t load64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static size_t hash64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return (size_t)x;
}

/* the bytes a lookup of the block at a can ever compare: [a-7, a+16) */
static int full_context(const struct plain *pl, size_t a)
{
	return a >= BLK - 1 && a + WIN <= pl->len;
}

static int plain_load(struct plain *pl)
{
	FILE *f = fopen(pl->name, "rb");
	size_t nblocks, nslots, a, got;
	struct stat sb;

	if (!f || fstat(fileno(f), &sb) < 0) {
		fprintf(stderr, "pcap_check: %s: %s\n", pl->name, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	if (sb.st_size < WIN || (unsigned long long)sb.st_size >= 0xfffffff0ULL) {
		fprintf(stderr, "pcap_check: %s: size %lld is not between %d bytes and 4 GiB\n",
			pl->name, (long long)sb.st_size, WIN);
		fclose(f);
		return -1;
	}
	pl->len = (size_t)sb.st_size;
	pl->data = xcalloc(pl->len, 1);
	got = fread(pl->data, 1, pl->len, f);
	fclose(f);
	if (got != pl->len) {
		fprintf(stderr, "pcap_check: %s: short read\n", pl->name);
		return -1;
	}
	nblocks = pl->len / BLK;
	for (nslots = 16; nslots < 2 * nblocks; nslots <<= 1)
		;
	pl->slots = xcalloc(nslots, sizeof(*pl->slots));
	pl->mask = nslots - 1;
	for (a = 0; a + BLK <= pl->len; a += BLK) {
		uint64_t key = load64(pl->data + a);
		size_t i = hash64(key) & pl->mask;
		int dup = 0;

		while (pl->slots[i]) {
			size_t b = pl->slots[i] - 1;

			if (load64(pl->data + b) == key && full_context(pl, a) &&
			    full_context(pl, b) &&
			    !memcmp(pl->data + a - 7, pl->data + b - 7, 7 + WIN)) {
				dup = 1;
				break;
			}
			i = (i + 1) & pl->mask;
		}
		if (!dup)
			pl->slots[i] = (uint32_t)a + 1;
	}
	return 0;
}

/* Count the offsets of p[0..len) where a 16-byte window of pl starts. */
static unsigned long long plain_scan(struct plain *pl, const unsigned char *p,
				     size_t len, unsigned long long *first)
{
	unsigned long long n = 0;
	size_t q;

	if (len < WIN)
		return 0;
	if (hitmap_cap < len) {
		free(hitmap);
		hitmap_cap = len;
		hitmap = xcalloc(hitmap_cap, 1);
	}
	memset(hitmap, 0, len);
	for (q = 0; q + BLK <= len; q++) {
		uint64_t key = load64(p + q);
		size_t i = hash64(key) & pl->mask;

		if (q + 64 + BLK <= len)
			__builtin_prefetch(&pl->slots[hash64(load64(p + q + 64)) & pl->mask]);
		while (pl->slots[i]) {
			size_t a = pl->slots[i] - 1, d;

			i = (i + 1) & pl->mask;
			if (load64(pl->data + a) != key)
				continue;
			for (d = 0; d < BLK; d++) {
				size_t s, o;

				if (d > a || d > q)
					break;
				o = a - d;
				s = q - d;
				if (o + WIN > pl->len || s + WIN > len || hitmap[s])
					continue;
				if (!memcmp(p + s, pl->data + o, WIN)) {
					hitmap[s] = 1;
					if (!n || s < *first)
						*first = s;
					n++;
				}
			}
		}
	}
	return n;
}

/* ---- flows ---- */

static size_t flow_hash(const struct flow *f)
{
	uint64_t h = (uint64_t)f->sport << 16 | f->dport | (uint64_t)f->v6 << 40;
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ f->src[i]) * 0x100000001b3ULL ^ f->dst[i];
	return hash64(h);
}

static int flow_eq(const struct flow *a, const struct flow *b)
{
	return a->v6 == b->v6 && a->sport == b->sport && a->dport == b->dport &&
	       !memcmp(a->src, b->src, 16) && !memcmp(a->dst, b->dst, 16);
}

static struct flow *flow_get(const struct flow *key);

static void flows_grow(void)
{
	struct flow *old = flows;
	size_t oldcap = flows_cap, i;

	flows_cap = flows_cap ? flows_cap * 2 : 64;
	flows = xcalloc(flows_cap, sizeof(*flows));
	flows_used = 0;
	for (i = 0; i < oldcap; i++) {
		if (old[i].used) {
			struct flow *f = flow_get(&old[i]);

			f->segments = old[i].segments;
			f->payload = old[i].payload;
		}
	}
	free(old);
}

static struct flow *flow_get(const struct flow *key)
{
	size_t i;

	if ((flows_used + 1) * 2 > flows_cap)
		flows_grow();
	i = flow_hash(key) & (flows_cap - 1);
	while (flows[i].used) {
		if (flow_eq(&flows[i], key))
			return &flows[i];
		i = (i + 1) & (flows_cap - 1);
	}
	flows[i] = *key;
	flows[i].used = 1;
	flows[i].segments = 0;
	flows[i].payload = 0;
	flows_used++;
	return &flows[i];
}

/* ---- packet parsing ---- */

/* Count kind-253/ExID-0x4d53 options; -1 when the option area is malformed. */
static int secopt_check(const unsigned char *o, size_t len)
{
	size_t i = 0;
	int good = 0, bad = 0;

	while (i < len) {
		unsigned char kind = o[i], olen;

		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			return -1;
		olen = o[i + 1];
		if (olen < 2 || i + olen > len)
			return -1;
		if (kind == OPT_SECOPT_KIND && olen >= 4 &&
		    get16(o + i + 2) == SECOPT_EXID) {
			if (olen == OPT_SECOPT_LEN)
				good++;
			else
				bad++;
		}
		i += olen;
	}
	return bad ? -1 : good;
}

static void handle_tcp(int capture, unsigned long long pktno, int v6,
		       const unsigned char *src, const unsigned char *dst,
		       const unsigned char *t, size_t caplen, size_t wirelen,
		       unsigned long long ip_len)
{
	size_t doff, paylen, capay;
	int flags, selected, syn, ack, nsec = -1;
	int j;

	if (caplen < 20 || wirelen < 20) {
		st.truncated += caplen < 20 && wirelen >= 20;
		st.malformed += wirelen < 20;
		return;
	}
	st.tcp_segments++;
	doff = (size_t)(t[12] >> 4) * 4;
	flags = t[13];
	syn = !!(flags & 0x02);
	ack = !!(flags & 0x10);
	selected = port < 0 || get16(t) == port || get16(t + 2) == port;
	if (doff < 20 || doff > wirelen) {
		st.malformed++;
		paylen = 0;
		capay = 0;
	} else {
		paylen = wirelen - doff;
		capay = caplen > doff ? caplen - doff : 0;
		if (doff <= caplen)
			nsec = secopt_check(t + 20, doff - 20);
	}

	/*
	 * keys, known only by their tokens: every 8-byte window of every
	 * option area, and of the payload of SYNs (where key shares travel)
	 */
	if (ntokens && doff >= 20 && doff <= caplen) {
		size_t end = syn ? caplen : doff, i2;
		unsigned char d[SHA256_DIGEST_LENGTH];

		for (i2 = 20; i2 + 8 <= end; i2++) {
			uint32_t tk;

			SHA256(t + i2, 8, d);
			tk = ((uint32_t)d[0] << 24) | ((uint32_t)d[1] << 16) |
			     ((uint32_t)d[2] << 8) | d[3];
			for (j = 0; j < ntokens; j++)
				if (tk == tokens[j])
					st.token_hits++;
		}
	}

	/* plaintext: every segment */
	for (j = 0; j < nplains && capay; j++) {
		unsigned long long first = 0,
			n = plain_scan(&plains[j], t + doff, capay, &first);

		if (n) {
			plains[j].hits += n;
			st.plain_hits += n;
			record(plain_first, &n_plain_first, capture, pktno, first, j);
		}
	}

	if (!selected)
		return;
	st.selected_segments++;
	if (ip_len > st.max_ip_len)
		st.max_ip_len = ip_len;
	if (max_ip_len_limit >= 0 && ip_len > (unsigned long long)max_ip_len_limit) {
		st.over_len++;
		record(over_first, &n_over_first, capture, pktno, ip_len, 0);
	}
	st.payload_bytes += paylen;
	if (paylen > st.max_payload)
		st.max_payload = paylen;
	if (syn)
		st.syn_payload_bytes += paylen;
	if (nsec == 1)
		st.secopt_segments++;
	else if (!(syn && !ack)) {
		st.missing_secopt++;
		record(missing_first, &n_missing_first, capture, pktno, 0, 0);
	}
	{
		struct flow key, *f;

		memset(&key, 0, sizeof(key));
		key.v6 = v6;
		memcpy(key.src, src, v6 ? 16 : 4);
		memcpy(key.dst, dst, v6 ? 16 : 4);
		key.sport = get16(t);
		key.dport = get16(t + 2);
		f = flow_get(&key);
		f->segments++;
		f->payload += paylen;
	}
}

static void handle_ipv4(int capture, unsigned long long pktno,
			const unsigned char *p, size_t caplen)
{
	size_t ihl, tot, end;
	unsigned frag;

	if (caplen < 20) {
		st.truncated++;
		return;
	}
	ihl = (size_t)(p[0] & 0x0f) * 4;
	tot = get16(p + 2);
	if (ihl < 20 || tot < ihl) {
		st.malformed++;
		return;
	}
	if (caplen < ihl) {
		st.truncated++;
		return;
	}
	end = caplen < tot ? caplen : tot;
	if (caplen < tot)
		st.truncated++;
	if (p[9] != 6)
		return;
	frag = get16(p + 6) & 0x3fff;
	if (frag & 0x1fff) {	/* not the first fragment: no TCP header */
		st.fragments++;
		return;
	}
	if (frag)
		st.fragments++;
	handle_tcp(capture, pktno, 0, p + 12, p + 16, p + ihl, end - ihl,
		   tot - ihl, tot);
}

static void handle_ipv6(int capture, unsigned long long pktno,
			const unsigned char *p, size_t caplen)
{
	size_t off = 40, tot, end;
	unsigned nh;

	if (caplen < 40) {
		st.truncated++;
		return;
	}
	tot = 40 + (size_t)get16(p + 4);
	end = caplen < tot ? caplen : tot;
	if (caplen < tot)
		st.truncated++;
	nh = p[6];
	for (;;) {
		size_t hl;

		switch (nh) {
		case 6:
			handle_tcp(capture, pktno, 1, p + 8, p + 24, p + off,
				   end - off, tot - off, tot);
			return;
		case 0: case 43: case 60: case 135: case 139: case 140:
			if (off + 2 > end)
				goto cut;
			hl = ((size_t)p[off + 1] + 1) * 8;
			break;
		case 51:	/* AH */
			if (off + 2 > end)
				goto cut;
			hl = ((size_t)p[off + 1] + 2) * 4;
			break;
		case 44:	/* fragment */
			if (off + 8 > end)
				goto cut;
			if (get16(p + off + 2) & 0xfff8) {
				st.fragments++;
				return;
			}
			if (p[off + 3] & 1)
				st.fragments++;
			hl = 8;
			break;
		default:	/* ESP, no next header, other protocols */
			return;
		}
		if (off + hl > tot) {
			st.malformed++;
			return;
		}
		nh = p[off];
		off += hl;
	}
cut:
	/* an extension header past the captured bytes: malformed when the
	 * whole packet was captured, else already counted as truncated */
	if (caplen >= tot)
		st.malformed++;
}

static void handle_ip(int capture, unsigned long long pktno,
		      const unsigned char *p, size_t len, int ethertype)
{
	if (len < 1) {
		st.truncated++;
		return;
	}
	if (ethertype < 0)
		ethertype = (p[0] >> 4) == 4 ? 0x0800 : (p[0] >> 4) == 6 ? 0x86dd : 0;
	if (ethertype == 0x0800 && (p[0] >> 4) == 4)
		handle_ipv4(capture, pktno, p, len);
	else if (ethertype == 0x86dd && (p[0] >> 4) == 6)
		handle_ipv6(capture, pktno, p, len);
	else if (ethertype == 0x0800 || ethertype == 0x86dd)
		st.malformed++;
	else
		st.non_ip++;
}

static void handle_frame(int capture, unsigned long long pktno,
			 unsigned linktype, const unsigned char *p, size_t len)
{
	size_t off;
	int et, j;

	for (j = 0; j < nsecrets; j++) {
		const unsigned char *q = p, *end = p + len;
		struct secret *s = &secrets[j];

		while ((size_t)(end - q) >= s->len) {
			const unsigned char *m = memmem(q, (size_t)(end - q), s->b, s->len);

			if (!m)
				break;
			s->hits++;
			st.secret_hits++;
			record(secret_first, &n_secret_first, capture, pktno,
			       (unsigned long long)(m - p), j);
			q = m + 1;
		}
	}

	switch (linktype) {
	case 1:		/* EN10MB */
		if (len < 14)
			goto cut;
		off = 12;
		et = get16(p + off);
		while (et == 0x8100 || et == 0x88a8 || et == 0x9100) {
			off += 4;
			if (off + 2 > len)
				goto cut;
			et = get16(p + off);
		}
		off += 2;
		break;
	case 113:	/* LINUX_SLL */
		if (len < 16)
			goto cut;
		et = get16(p + 14);
		off = 16;
		break;
	case 276:	/* LINUX_SLL2 */
		if (len < 20)
			goto cut;
		et = get16(p);
		off = 20;
		break;
	case 101:	/* RAW */
	case 12:
	case 14:
		et = -1;
		off = 0;
		break;
	case 228:	/* IPV4 */
		et = 0x0800;
		off = 0;
		break;
	case 229:	/* IPV6 */
		et = 0x86dd;
		off = 0;
		break;
	default:
		st.non_ip++;
		return;
	}
	handle_ip(capture, pktno, p + off, len - off, et);
	return;
cut:
	st.truncated++;
}

/* 0 read, -1 unreadable / not a pcap file */
static int read_capture(int capture)
{
	const char *name = captures[capture];
	unsigned char gh[24], rh[16], *buf = NULL;
	unsigned long long pktno = 0;
	uint32_t magic, linktype, snaplen;
	int swap;
	FILE *f = fopen(name, "rb");

	if (!f) {
		fprintf(stderr, "pcap_check: %s: %s\n", name, strerror(errno));
		return -1;
	}
	if (fread(gh, 1, sizeof(gh), f) != sizeof(gh)) {
		fprintf(stderr, "pcap_check: %s: not a pcap file (too short)\n", name);
		fclose(f);
		return -1;
	}
	magic = get32(gh, 0);
	if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
		swap = 0;
	} else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
		swap = 1;
	} else {
		fprintf(stderr, "pcap_check: %s: not a classic pcap file (magic %08x%s)\n",
			name, magic, magic == 0x0a0d0d0a ? ", pcapng" : "");
		fclose(f);
		return -1;
	}
	snaplen = get32(gh + 16, swap);
	linktype = get32(gh + 20, swap) & 0x03ffffff;
	(void)snaplen;
	buf = xcalloc(MAX_RECORD, 1);
	for (;;) {
		size_t got = fread(rh, 1, sizeof(rh), f);
		uint32_t incl, orig;

		if (got == 0)
			break;
		if (got < sizeof(rh)) {
			st.truncated++;
			break;
		}
		incl = get32(rh + 8, swap);
		orig = get32(rh + 12, swap);
		if (incl > MAX_RECORD) {
			st.malformed++;
			break;
		}
		pktno++;
		st.packets++;
		got = fread(buf, 1, incl, f);
		if (got < incl) {
			st.truncated++;
			handle_frame(capture, pktno, linktype, buf, got);
			break;
		}
		(void)orig;
		handle_frame(capture, pktno, linktype, buf, incl);
	}
	free(buf);
	fclose(f);
	return 0;
}

/* ---- output ---- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void addr_str(const struct flow *f, const unsigned char *a, char *out)
{
	if (!f->v6) {
		sprintf(out, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		return;
	}
	{
		/* RFC 5952: longest run of two or more zero groups as :: */
		int best = -1, bestlen = 0, i, run = 0;
		char *o = out;

		for (i = 0; i < 8; i++) {
			if (!a[2 * i] && !a[2 * i + 1]) {
				run++;
				if (run > bestlen && run >= 2) {
					bestlen = run;
					best = i - run + 1;
				}
			} else {
				run = 0;
			}
		}
		for (i = 0; i < 8; i++) {
			if (i == best) {
				o += sprintf(o, "::");
				i += bestlen - 1;
				continue;
			}
			if (i && i != best + bestlen)
				*o++ = ':';
			o += sprintf(o, "%x", get16(a + 2 * i));
		}
		*o = 0;
	}
}

static void json_hits(const char *name, const struct hit *h, int n, int with_off)
{
	int i;

	printf(",\"%s\":[", name);
	for (i = 0; i < n; i++) {
		printf("%s{\"capture\":", i ? "," : "");
		json_str(captures[h[i].capture]);
		printf(",\"packet\":%llu", h[i].packet);
		if (with_off)
			printf(",\"offset\":%llu", h[i].offset);
		printf("}");
	}
	printf("]");
}

static void print_json(int passed)
{
	size_t i;
	int first = 1;

	printf("{\"packets\":%llu,\"tcp_segments\":%llu,\"selected_segments\":%llu,"
	       "\"secopt_segments\":%llu,\"missing_secopt\":%llu,\"payload_bytes\":%llu,"
	       "\"plain_hits\":%llu,\"secret_hits\":%llu,\"token_hits\":%llu,\"over_len\":%llu,"
	       "\"max_ip_len\":%llu,\"max_payload\":%llu,\"syn_payload_bytes\":%llu,"
	       "\"truncated\":%llu,\"malformed\":%llu,\"non_ip\":%llu,\"fragments\":%llu",
	       st.packets, st.tcp_segments, st.selected_segments,
	       st.secopt_segments, st.missing_secopt, st.payload_bytes,
	       st.plain_hits, st.secret_hits, st.token_hits, st.over_len, st.max_ip_len,
	       st.max_payload, st.syn_payload_bytes, st.truncated, st.malformed,
	       st.non_ip, st.fragments);
	json_hits("plain_first", plain_first, n_plain_first, 1);
	json_hits("secret_first", secret_first, n_secret_first, 1);
	json_hits("missing_secopt_first", missing_first, n_missing_first, 0);
	printf(",\"flows\":[");
	for (i = 0; i < flows_cap; i++) {
		char s[64], d[64];

		if (!flows[i].used)
			continue;
		addr_str(&flows[i], flows[i].src, s);
		addr_str(&flows[i], flows[i].dst, d);
		printf("%s{\"src\":\"%s\",\"sport\":%u,\"dst\":\"%s\",\"dport\":%u,"
		       "\"segments\":%llu,\"payload_bytes\":%llu}",
		       first ? "" : ",", s, flows[i].sport, d, flows[i].dport,
		       flows[i].segments, flows[i].payload);
		first = 0;
	}
	printf("],\"passed\":%s}\n", passed ? "true" : "false");
}

static void print_hits(const char *what, const struct hit *h, int n)
{
	int i;

	for (i = 0; i < n; i++)
		printf("  %s: %s packet %llu offset %llu\n", what,
		       captures[h[i].capture], h[i].packet, h[i].offset);
}

static void print_human(int passed)
{
	int j, i;

	printf("packets %llu, TCP segments %llu, selected %llu, payload %llu bytes "
	       "(max %llu, SYN %llu), max IP length %llu\n",
	       st.packets, st.tcp_segments, st.selected_segments,
	       st.payload_bytes, st.max_payload, st.syn_payload_bytes,
	       st.max_ip_len);
	if (st.truncated || st.malformed)
		printf("truncated %llu, malformed %llu\n", st.truncated, st.malformed);
	for (j = 0; j < nplains; j++)
		printf("plaintext %s: %llu hits\n", plains[j].name, plains[j].hits);
	print_hits("plaintext", plain_first, n_plain_first);
	if (ntokens)
		printf("windows hashing to a token: %llu\n", st.token_hits);
	for (j = 0; j < nsecrets; j++)
		printf("secret %d (%zu bytes): %llu hits\n", j + 1, secrets[j].len,
		       secrets[j].hits);
	print_hits("secret", secret_first, n_secret_first);
	if (require_secopt) {
		printf("MPTCPsec option: %llu segments carry it, %llu lack it\n",
		       st.secopt_segments, st.missing_secopt);
		for (i = 0; i < n_missing_first; i++)
			printf("  lacking: %s packet %llu\n",
			       captures[missing_first[i].capture], missing_first[i].packet);
	}
	if (max_ip_len_limit >= 0) {
		printf("IP packets longer than %lld: %llu\n", max_ip_len_limit, st.over_len);
		for (i = 0; i < n_over_first; i++)
			printf("  too long: %s packet %llu length %llu\n",
			       captures[over_first[i].capture], over_first[i].packet,
			       over_first[i].offset);
	}
	printf("%s\n", passed ? "PASS" : "FAIL");
}

static int parse_hex(const char *s, struct secret *out)
{
	size_t n = strlen(s), i = 0;
	int hi = -1;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	out->b = xcalloc(strlen(s) / 2 + 1, 1);
	out->len = 0;
	for (; s[i]; i++) {
		int c = (unsigned char)s[i], v;

		if (c == ':' && hi < 0)
			continue;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return -1;
		if (hi < 0) {
			hi = v;
		} else {
			out->b[out->len++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi >= 0 || out->len < 8 ? -1 : 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: pcap_check [--plain FILE]... [--secret HEX]... [--token HEX]... [--port P]\n"
		"                  [--max-ip-len N] [--require-secopt] [--json] CAPTURE.pcap...\n");
	exit(2);
}

static long long parse_num(const char *s, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "plain", required_argument, NULL, 'p' },
		{ "secret", required_argument, NULL, 's' },
		{ "token", required_argument, NULL, 't' },
		{ "port", required_argument, NULL, 'P' },
		{ "max-ip-len", required_argument, NULL, 'm' },
		{ "require-secopt", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int opt, i, passed, rc = 0;

	plains = xcalloc((size_t)argc, sizeof(*plains));
	secrets = xcalloc((size_t)argc, sizeof(*secrets));
	tokens = xcalloc((size_t)argc, sizeof(*tokens));
	while ((opt = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			plains[nplains++].name = optarg;
			break;
		case 's':
			if (parse_hex(optarg, &secrets[nsecrets++])) {
				fprintf(stderr, "pcap_check: --secret wants 8 or more bytes in hex\n");
				usage();
			}
			break;
		case 't': {
			char *e;
			unsigned long v;

			errno = 0;
			v = strtoul(optarg, &e, 16);
			if (errno || e == optarg || *e || v > 0xffffffffUL)
				usage();
			tokens[ntokens++] = (uint32_t)v;
			break;
		}
		case 'P':
			port = (int)parse_num(optarg, 65535);
			break;
		case 'm':
			max_ip_len_limit = parse_num(optarg, 1LL << 40);
			break;
		case 'r':
			require_secopt = 1;
			break;
		case 'j':
			json = 1;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	captures = (const char **)argv + optind;
	ncaptures = argc - optind;
	for (i = 0; i < nplains; i++)
		if (plain_load(&plains[i]))
			return 2;
	flows_grow();
	for (i = 0; i < ncaptures; i++)
		if (read_capture(i))
			rc = 2;

	passed = !st.plain_hits && !st.secret_hits && !st.token_hits &&
		 !(require_secopt && st.missing_secopt) && !st.over_len;
	if (json)
		print_json(passed && !rc);
	else
		print_human(passed && !rc);

	for (i = 0; i < nplains; i++) {
		free(plains[i].data);
		free(plains[i].slots);
	}
	for (i = 0; i < nsecrets; i++)
		free(secrets[i].b);
	free(plains);
	free(secrets);
	free(tokens);
	free(flows);
	free(hitmap);
	if (rc)
		return rc;
	return passed ? 0 : 1;
}
