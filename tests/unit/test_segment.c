// SPDX-License-Identifier: GPL-2.0
/*
 * One protected data segment byte by byte (docs/PROTOCOL.md section 11.6):
 * A's data segment with a DSS option, protected with the steps of the
 * module's egress (protect_one() in module/protect.c) and verified with
 * those of its ingress (mptcpsec_verify_in()). Checks the rebuilt option
 * area, the associated data, ciphertext, tag and the whole segment against
 * constants, cross-checks the AEAD against OpenSSL, then that every
 * authenticated byte is bound, that ports and checksum are not, and that
 * ISN-rewriting middleboxes do not break verification.
 */
#include <stdlib.h>
#include <openssl/evp.h>

#include "tap.h"
#include "wire.h"
#include "tcpopt.h"
#include "aead.h"
#include "keysched.h"
#include "pn.h"

#define ISN_A		0x11223344u
#define ISN_B		0xa0b0c0d0u
#define VEC_PN		7
#define HDR_LEN		MPTCPSEC_TCPHDR_LEN
#define IN_OPT_LEN	28
#define OUT_OPT_LEN	40
#define PAY_LEN		64
#define SEG_LEN		(HDR_LEN + OUT_OPT_LEN + PAY_LEN)
#define SECOPT_OFF	26
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Section 11.2 (no PSK): conn_key and the a>b traffic key derived from it. */
static const char conn_key_hex[] =
	"2a8514a2e0177b5accf1d46507d967ad889f241d293ff9d6b72ddba50a505b17";
static const char k_ab_hex[] =
	"32e262d26c31308c8d1c39bd8b6f42b4a6d70408b4a298044b54d60acbcac3ec";

/* The segment as A's stack wrote it: header, then its option area. */
static const char in_hdr_hex[] =
	"9c401451112238d1a0b0c0d1c01801f500000000";
static const char in_opts_hex[] =
	"1e1a200f010203040506070811121314151617180000058d00400101";

/* Section 11.6: what the module sends and authenticates. */
static const char out_opts_hex[] =		/* tag bytes as sent */
	"1e1a200f010203040506070811121314151617180000058d0040"
	"fd0e4d530007" "5a2241c090612f65";
static const char ad_hdr_hex[] =
	"000000000000058d00000001f01801f500000000";
static const char ad_opts_hex[] =
	"1e1a200f010203040506070811121314151617180000058d0040"
	"fd0e4d5300070000000000000000";
static const char out_hdr_hex[] =
	"9c401451112238d1a0b0c0d1f01801f500000000";
static const char ct_hex[] =
	"af4453aeba4cfd940a5845ed073a63a1b96cf727ddb98f5ac5b94d975f7d1203"
	"019f58a2e4fa66dd8fe03cf5854158708a24eedf2697a511927efa23d24aa0b1";
static const char tag_hex[] =
	"5a2241c090612f65";
/* The option area TCP sees on B after verification. */
static const char rx_opts_hex[] =
	"1e1a200f010203040506070811121314151617180000058d0040"
	"0101010101010101010101010101";

static void dump(const char *what, const u8 *p, unsigned int len)
{
	unsigned int i;

	printf("#   %-5s ", what);
	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
	printf("\n");
}

/* @got equals the bytes of @want_hex, which are exactly @len bytes. */
static int is_hex(const u8 *got, unsigned int len, const char *want_hex,
		  const char *desc)
{
	u8 want[256];
	unsigned int n = unhex(want_hex, want);
	int r = tap_ok(n == len && !memcmp(got, want, len), __FILE__,
		       __LINE__, desc);

	if (!r) {
		dump("got", got, len);
		dump("want", want, n);
	}
	return r;
}

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static void put64(u8 *p, u64 v)
{
	put32(p, v >> 32);
	put32(p + 4, v & 0xffffffffu);
}

/*
 * The inputs of section 11.6, built from their definitions (not from the
 * hex above, which the test checks them against).
 */
static void build_input(u8 th[HDR_LEN], u8 opts[IN_OPT_LEN],
			u8 payload[PAY_LEN])
{
	unsigned int i;

	memset(th, 0, HDR_LEN);
	put16(th, 40000);
	put16(th + 2, 5201);
	put32(th + 4, ISN_A + 1421);
	put32(th + 8, ISN_B + 1);
	th[12] = (HDR_LEN + IN_OPT_LEN) / 4 << 4;
	th[13] = 0x10 | 0x08;			/* ACK, PSH */
	put16(th + 14, 501);

	/* RFC 8684 3.3: DSS with a 64-bit data ACK and a 64-bit mapping. */
	opts[0] = MPTCPSEC_TCPOPT_MPTCP;
	opts[1] = 26;
	opts[2] = MPTCPSEC_MPTCP_DSS << 4;
	opts[3] = MPTCPSEC_DSS_ACK | MPTCPSEC_DSS_ACK64 | MPTCPSEC_DSS_MAP |
		  MPTCPSEC_DSS_DSN64;
	put64(opts + 4, 0x0102030405060708ULL);	/* data ACK */
	put64(opts + 12, 0x1112131415161718ULL);	/* DSN */
	put32(opts + 20, 1421);			/* subflow seq. */
	put16(opts + 24, PAY_LEN);		/* data-level length */
	opts[26] = MPTCPSEC_TCPOPT_NOP;		/* no DSS checksum */
	opts[27] = MPTCPSEC_TCPOPT_NOP;

	for (i = 0; i < PAY_LEN; i++)
		payload[i] = (u8)i;
}

/* Everything the sender computes on the way, for the checks. */
struct protected {
	u8 seg[SEG_LEN];
	u8 opts[MPTCPSEC_TCPOPT_MAX_LEN];	/* before the tag is written */
	u8 adh[HDR_LEN];
	u8 ado[MPTCPSEC_TCPOPT_MAX_LEN];
	u8 tag[MPTCPSEC_TAG_LEN];
	unsigned int outlen, secoff, dropped, seglen;
	int parse_err, rebuild_err, ado_err;
	bool keys_to_hide;
};

/*
 * protect_one() of module/protect.c on a linear buffer: parse the area,
 * rebuild it with the MPTCPsec option, move it in front of the payload,
 * build the AD from the header as sent, seal in place, write the tag.
 */
static void protect(const struct mptcpsec_aead_key *k, u64 pn,
		    const u8 *th_in, const u8 *opts_in, unsigned int inlen,
		    const u8 *payload, unsigned int plen, struct protected *p)
{
	struct mptcpsec_rebuild how = { .drop_ts = true, .add_secopt = true };
	u8 in[MPTCPSEC_TCPOPT_MAX_LEN];
	struct mptcpsec_tcpopts o;
	struct mptcpsec_buf ad[2];
	u8 *th = p->seg, *data;

	memset(p, 0, sizeof(*p));
	memcpy(in, opts_in, inlen);
	p->parse_err = mptcpsec_tcpopt_parse(in, inlen, &o);
	/* keys_xor(): only MP_CAPABLE and MP_FASTCLOSE carry keys. */
	p->keys_to_hide = (mptcpsec_tcpopt_has(&o, MPTCPSEC_MPTCP_MPC) &&
			   o.mpc.nkeys) ||
			  mptcpsec_tcpopt_has(&o, MPTCPSEC_MPTCP_FASTCLOSE);
	how.pnf = mptcpsec_pnf(pn, 0);
	p->rebuild_err = mptcpsec_opts_rebuild(in, inlen, &how, p->opts,
					       &p->outlen, &p->secoff,
					       &p->dropped, NULL);
	if (p->parse_err || p->rebuild_err)
		return;

	/* mptcpsec_skb_set_options(): new data offset, new area. */
	memcpy(th, th_in, HDR_LEN);
	th[12] = (u8)((th[12] & 0x0f) | ((HDR_LEN + p->outlen) / 4) << 4);
	memcpy(th + HDR_LEN, p->opts, p->outlen);
	data = th + HDR_LEN + p->outlen;
	memcpy(data, payload, plen);
	p->seglen = HDR_LEN + p->outlen + plen;

	mptcpsec_ad_header(th, ISN_A, ISN_B, p->adh);
	p->ado_err = mptcpsec_ad_options(p->opts, p->outlen, p->secoff, ISN_B,
					 p->ado);
	if (p->ado_err)
		return;
	ad[0] = (struct mptcpsec_buf){ p->adh, sizeof(p->adh) };
	ad[1] = (struct mptcpsec_buf){ p->ado, p->outlen };
	mptcpsec_aead_seal(k, pn, ad, 2, data, plen, p->tag);
	memcpy(th + HDR_LEN + p->secoff + MPTCPSEC_SECOPT_TAG_OFF, p->tag,
	       sizeof(p->tag));
}

enum rx_result {
	RX_OK,		/* authenticated and decrypted */
	RX_MALFORMED,	/* rejected before the tag was checked */
	RX_AUTH,	/* the tag did not verify */
};

/*
 * mptcpsec_verify_in() of module/protect.c on B, from the header on:
 * exactly one MPTCPsec option, key phase 0, PN recovered from @largest,
 * AD rebuilt with B's view of the ISNs, tag verified and payload
 * decrypted. On RX_OK, @plain holds the payload and @rx_opts (when not
 * NULL) the option area as handed to TCP.
 */
static enum rx_result receive(const struct mptcpsec_aead_key *k,
			      const u8 *seg, unsigned int len, u32 isn_snd,
			      u32 isn_rcv, u64 largest, u8 *plain,
			      unsigned int *plen, u64 *pn_out, u8 *rx_opts)
{
	u8 buf[MPTCPSEC_TCPOPT_MAX_LEN], ado[MPTCPSEC_TCPOPT_MAX_LEN];
	u8 adh[HDR_LEN], work[SEG_LEN];
	struct mptcpsec_tcpopts o;
	struct mptcpsec_buf ad[2];
	unsigned int doff, optlen, hlen;
	u64 pn;

	if (len < HDR_LEN || len > sizeof(work))
		return RX_MALFORMED;
	memcpy(work, seg, len);
	doff = work[12] >> 4;
	hlen = doff * 4;
	if (doff < 5 || hlen > len)
		return RX_MALFORMED;
	optlen = hlen - HDR_LEN;
	memcpy(buf, work + HDR_LEN, optlen);
	if (mptcpsec_tcpopt_parse(buf, optlen, &o) || o.secopt.count != 1 ||
	    mptcpsec_pnf_phase(o.secopt.pnf))
		return RX_MALFORMED;
	pn = mptcpsec_pn_recover(largest, true,
				 mptcpsec_pnf_truncated(o.secopt.pnf));
	mptcpsec_ad_header(work, isn_snd, isn_rcv, adh);
	if (mptcpsec_ad_options(buf, optlen, o.secopt.off, isn_rcv, ado))
		return RX_MALFORMED;
	ad[0] = (struct mptcpsec_buf){ adh, sizeof(adh) };
	ad[1] = (struct mptcpsec_buf){ ado, optlen };
	if (!mptcpsec_aead_open(k, pn, ad, 2, work + hlen, len - hlen,
				buf + o.secopt.tag_off))
		return RX_AUTH;
	if (plain)
		memcpy(plain, work + hlen, len - hlen);
	if (plen)
		*plen = len - hlen;
	if (pn_out)
		*pn_out = pn;
	if (rx_opts) {
		memcpy(rx_opts, buf, optlen);
		mptcpsec_opts_nop_out(rx_opts, optlen, o.secopt.off,
				      MPTCPSEC_SECOPT_LEN);
	}
	return RX_OK;
}

/* Open the segment as B does and compare with the original payload. */
static bool verifies(const struct mptcpsec_aead_key *k, const u8 *seg,
		     unsigned int len, u32 isn_snd, u32 isn_rcv,
		     const u8 *payload)
{
	u8 plain[SEG_LEN];
	unsigned int plen = 0;

	return receive(k, seg, len, isn_snd, isn_rcv, VEC_PN - 1, plain, &plen,
		       NULL, NULL) == RX_OK &&
	       plen == PAY_LEN && !memcmp(plain, payload, PAY_LEN);
}

/* Independent cross-check: OpenSSL over the concatenated AD (section 6.3). */
static bool ossl_matches(const u8 key[32], u64 pn, const u8 *ad,
			 unsigned int adlen, const u8 *pt, unsigned int len,
			 const u8 *ct, const u8 tag8[8])
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	u8 nonce[12] = { 0 }, out[PAY_LEN], tag[16];
	int n;
	bool good;

	put64(nonce + 4, pn);
	good = c && len <= sizeof(out) &&
	       EVP_EncryptInit_ex(c, EVP_chacha20_poly1305(), NULL, NULL,
				  NULL) == 1 &&
	       EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) == 1 &&
	       EVP_EncryptInit_ex(c, NULL, NULL, key, nonce) == 1 &&
	       EVP_EncryptUpdate(c, NULL, &n, ad, adlen) == 1 &&
	       EVP_EncryptUpdate(c, out, &n, pt, len) == 1 &&
	       EVP_EncryptFinal_ex(c, out + len, &n) == 1 &&
	       EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, tag) == 1;
	EVP_CIPHER_CTX_free(c);
	return good && !memcmp(out, ct, len) && !memcmp(tag, tag8, 8);
}

/* Bytes of the header that the AD does not cover: ports and checksum. */
static bool unauthenticated(unsigned int i)
{
	return i < 4 || i == 16 || i == 17;
}

/*
 * Open a segment of the vector's layout (40-byte area, MPTCPsec option at
 * offset 26) without the receive path's structural checks: AD from the
 * header and options as they are, tag bytes zeroed at their place, PN
 * from the PN field, tag and ciphertext as they are.
 */
static bool raw_open(const struct mptcpsec_aead_key *k, const u8 *seg)
{
	u8 work[SEG_LEN], adh[HDR_LEN], ado[OUT_OPT_LEN];
	const u8 *sec = seg + HDR_LEN + SECOPT_OFF;
	struct mptcpsec_buf ad[2] = { { adh, HDR_LEN }, { ado, OUT_OPT_LEN } };
	u64 pn;

	memcpy(work, seg, SEG_LEN);
	mptcpsec_ad_header(work, ISN_A, ISN_B, adh);
	memcpy(ado, seg + HDR_LEN, OUT_OPT_LEN);
	memset(ado + SECOPT_OFF + MPTCPSEC_SECOPT_TAG_OFF, 0, MPTCPSEC_TAG_LEN);
	pn = mptcpsec_load16(sec + 4);
	pn = mptcpsec_pn_recover(VEC_PN - 1, true,
				 mptcpsec_pnf_truncated((u16)pn));
	return mptcpsec_aead_open(k, pn, ad, 2, work + HDR_LEN + OUT_OPT_LEN,
				  PAY_LEN, sec + MPTCPSEC_SECOPT_TAG_OFF);
}

int main(void)
{
	u8 th[HDR_LEN], opts[IN_OPT_LEN], payload[PAY_LEN], key[32], ck[32];
	u8 want[SEG_LEN], seg[SEG_LEN], plain[SEG_LEN], rx_opts[40];
	u8 adcat[HDR_LEN + OUT_OPT_LEN];
	char hex[2 * SEG_LEN + 1], out_opts[2 * OUT_OPT_LEN + 1];
	static const u32 shifts[] = { 1, 0x1000, 0x7fffffff, 0x80000000,
				      0xeeddccbc, 0xffffffff };
	struct mptcpsec_aead_key ak, wrong;
	struct protected p;
	unsigned int i, v, plen = 0, bad_auth, bad_free, bad_rej;
	u64 pn = 0;
	enum rx_result r;

	/* Inputs */
	build_input(th, opts, payload);
	is_hex(th, HDR_LEN, in_hdr_hex, "input TCP header (data offset 12)");
	is_hex(opts, IN_OPT_LEN, in_opts_hex,
	       "input option area: DSS ack64+map64, 2 NOPs");
	unhex(conn_key_hex, ck);
	mptcpsec_traffic_key_initial(ck, true, key);
	is_hex(key, 32, k_ab_hex, "key: K_ab of section 11.2 from conn_key");
	mptcpsec_aead_setkey(&ak, key);

	/* Egress */
	protect(&ak, VEC_PN, th, opts, IN_OPT_LEN, payload, PAY_LEN, &p);
	ok(!p.parse_err && !p.rebuild_err && !p.ado_err,
	   "protect: parse, rebuild and AD succeed");
	ok(!p.keys_to_hide, "no MPTCP key to hide in a DSS-only area");
	is_int(p.outlen, OUT_OPT_LEN, "rebuilt area: 40 bytes (26 DSS + 14)");
	is_int(p.secoff, SECOPT_OFF, "MPTCPsec option at offset 26");
	is_int(p.dropped, 0, "no SACK block dropped");
	is_int(p.seglen, SEG_LEN, "segment: 20 + 40 + 64 bytes");
	is_int(mptcpsec_pnf(VEC_PN, 0), 0x0007, "PN field: K 0, PN 7");

	snprintf(out_opts, sizeof(out_opts), "%.*s%s",
		 2 * (SECOPT_OFF + MPTCPSEC_SECOPT_TAG_OFF), out_opts_hex,
		 "0000000000000000");
	is_hex(p.opts, OUT_OPT_LEN, out_opts,
	       "rebuilt option area (tag zero before sealing)");
	is_hex(p.adh, HDR_LEN, ad_hdr_hex,
	       "AD header: ports, checksum 0; seq, ack relative");
	is_hex(p.ado, OUT_OPT_LEN, ad_opts_hex, "AD option area: tag zeroed");
	is_hex(p.seg + HDR_LEN + OUT_OPT_LEN, PAY_LEN, ct_hex, "ciphertext");
	is_hex(p.tag, MPTCPSEC_TAG_LEN, tag_hex, "tag");
	is_hex(p.seg, HDR_LEN, out_hdr_hex,
	       "header as sent (data offset 15)");
	is_hex(p.seg + HDR_LEN, OUT_OPT_LEN, out_opts_hex,
	       "option area as sent, tag included");
	snprintf(hex, sizeof(hex), "%s%s%s", out_hdr_hex, out_opts_hex, ct_hex);
	unhex(hex, want);
	is_hex(p.seg, SEG_LEN, hex,
	       "whole segment: header, options, ciphertext");

	memcpy(adcat, p.adh, HDR_LEN);
	memcpy(adcat + HDR_LEN, p.ado, OUT_OPT_LEN);
	ok(ossl_matches(key, VEC_PN, adcat, sizeof(adcat), payload, PAY_LEN,
			p.seg + HDR_LEN + OUT_OPT_LEN, p.tag),
	   "OpenSSL ChaCha20-Poly1305 gives the same ciphertext and tag");

	/* Ingress, on the constant segment */
	r = receive(&ak, want, SEG_LEN, ISN_A, ISN_B, VEC_PN - 1, plain, &plen,
		    &pn, rx_opts);
	is_int(r, RX_OK, "receive: segment authenticates");
	is_int(pn, VEC_PN, "receive: PN 7 recovered from largest 6");
	ok(plen == PAY_LEN && !memcmp(plain, payload, PAY_LEN),
	   "receive: the plaintext is recovered");
	is_hex(rx_opts, OUT_OPT_LEN, rx_opts_hex,
	       "receive: TCP sees the DSS, MPTCPsec option as NOPs");
	memcpy(ck, key, 32);
	ck[31] ^= 1;
	mptcpsec_aead_setkey(&wrong, ck);
	ok(!verifies(&wrong, want, SEG_LEN, ISN_A, ISN_B, payload),
	   "receive: another key fails");
	memset(&wrong, 0, sizeof(wrong));
	is_int(receive(&ak, want, SEG_LEN, ISN_A, ISN_B, VEC_PN + 0x8000 - 1,
		       NULL, NULL, &pn, NULL), RX_AUTH,
	       "receive: the same 15 bits as PN 7 + 2^15 fail");
	ok(!verifies(&ak, want, SEG_LEN - 1, ISN_A, ISN_B, payload),
	   "receive: a truncated payload fails");

	/*
	 * Every value of every byte of header, options and ciphertext, on
	 * B's whole receive path: ports and checksum are free, any other
	 * change is rejected, and a changed ciphertext fails the tag.
	 */
	bad_free = 0;
	bad_auth = 0;
	bad_rej = 0;
	for (i = 0; i < SEG_LEN; i++) {
		for (v = 1; v < 256; v++) {
			memcpy(seg, want, SEG_LEN);
			seg[i] ^= (u8)v;
			plen = 0;
			r = receive(&ak, seg, SEG_LEN, ISN_A, ISN_B, VEC_PN - 1,
				    plain, &plen, NULL, NULL);
			if (unauthenticated(i)) {
				if (r != RX_OK || plen != PAY_LEN ||
				    memcmp(plain, payload, PAY_LEN))
					bad_free++;
			} else if (r == RX_OK) {
				bad_auth++;
			} else if (r != RX_AUTH && i >= HDR_LEN + OUT_OPT_LEN) {
				bad_rej++;
			}
		}
	}
	is_int(bad_free, 0,
	       "receive: any change of ports or checksum verifies (6 x 255)");
	is_int(bad_auth, 0,
	       "receive: any change of another byte is rejected (118 x 255)");
	is_int(bad_rej, 0,
	       "receive: any change of the ciphertext fails the tag");

	/* The same changes straight into mptcpsec_aead_open(). */
	bad_free = 0;
	bad_auth = 0;
	for (i = 0; i < SEG_LEN; i++) {
		for (v = 1; v < 256; v++) {
			memcpy(seg, want, SEG_LEN);
			seg[i] ^= (u8)v;
			if (raw_open(&ak, seg) == unauthenticated(i))
				continue;
			if (unauthenticated(i))
				bad_free++;
			else
				bad_auth++;
		}
	}
	is_int(bad_auth, 0,
	       "open fails: any change of header (not ports, checksum), "
	       "options or ciphertext");
	is_int(bad_free, 0, "open succeeds whatever ports and checksum are");

	/* ISN-rewriting middleboxes: seq and its ISN shifted alike. */
	for (i = 0, bad_free = 0, bad_auth = 0; i < ARRAY_LEN(shifts); i++) {
		u32 c = shifts[i], d = ~shifts[i] * 3 + 5;

		memcpy(seg, want, SEG_LEN);
		put32(seg + 4, mptcpsec_load32(want + 4) + c);
		put32(seg + 8, mptcpsec_load32(want + 8) + c);
		if (!verifies(&ak, seg, SEG_LEN, ISN_A + c, ISN_B + c, payload))
			bad_free++;
		if (verifies(&ak, seg, SEG_LEN, ISN_A, ISN_B, payload))
			bad_auth++;
		put32(seg + 8, mptcpsec_load32(want + 8) + d);
		if (!verifies(&ak, seg, SEG_LEN, ISN_A + c, ISN_B + d, payload))
			bad_free++;
		if (c != d &&
		    verifies(&ak, seg, SEG_LEN, ISN_A + c, ISN_B + c, payload))
			bad_auth++;
	}
	is_int(bad_free, 0,
	       "seq, ack shifted with both ISNs (same or own constant) verify");
	is_int(bad_auth, 0, "seq or ack shifted without its ISN fails");

	memset(&ak, 0, sizeof(ak));
	return tap_done();
}
