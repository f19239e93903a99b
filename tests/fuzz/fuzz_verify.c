// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: ingress verification of a protected segment against a
 * live receive state, from the module's own sources (module/tcpopt.c,
 * wire.c, pn.c, aead.c, segment.c, built unchanged, over the unit tests'
 * crypto shim), with ASan and UBSan.
 *
 * verify() is mptcpsec_verify_in() of module/protect.c from the TCP header
 * on (docs/PROTOCOL.md section 6.7): data offset, one parse of a copy of
 * the option area, exactly one MPTCPsec option, PN recovered from the
 * replay window, replay check, key of the phase bit, segment open, replay
 * check again and mark. Keys, ISNs and the replay window live across
 * inputs, as on one subflow.
 *
 * The first input byte selects the mode (bit 0):
 *
 * 0, raw: the rest is a received TCP segment (header, option area as its
 *    data offset says, payload). Nobody but this target holds the keys, so
 *    it must never authenticate; a segment that fails leaves every byte
 *    and the replay window as they were.
 *
 * 1, seal then mutate: the rest describes a segment (below). It is
 *    protected as protect_one() does (tests/unit/test_segment.c's
 *    protect(): parse, rebuild with the MPTCPsec option, AD of section 6.5,
 *    seal), its bytes are XORed at chosen offsets, and it is verified.
 *    When no authenticated byte changed (only ports, checksum, and the
 *    acknowledgment number of a segment without ACK, which section 6.5
 *    leaves out of the AD) it must authenticate exactly when a reference
 *    replay model accepts its PN, with the PN sealed and the plaintext
 *    back; otherwise it must fail and leave the segment untouched, by the
 *    tag when only ciphertext or tag bytes changed.
 *
 * Layout of mode 1 after the selector (bits 1-7 of which: 1 DSS option,
 * 2 raw option bytes, 3 key phase 1, 4 compaction, 5 ENO, 6-7 PN choice):
 *   2 bytes  PN parameter (little endian)
 *   20 bytes TCP header (data offset replaced)
 *   DSS:     flags byte (bits 0-4 DSS flags, bit 5 checksum), field bytes
 *   raw:     length byte (mod 41), that many option bytes
 *   1 byte   number of mutations (mod 9), 3 bytes each: offset (little
 *            endian, mod the segment length), XOR value
 *   rest     payload (a SYN's is authenticated, not encrypted)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../module/wire.h"
#include "../../module/tcpopt.h"
#include "../../module/aead.h"
#include "../../module/pn.h"
#include "../../module/segment.h"

/* B's view of the subflow of section 11.6: A sends, B verifies. */
#define ISN_SND		0x11223344u
#define ISN_RCV		0xa0b0c0d0u
#define HDR_LEN		MPTCPSEC_TCPHDR_LEN
#define TH_SYN		0x02
#define TH_ACK		MPTCPSEC_TCPHDR_FLAG_ACK
#define MAX_PAYLOAD	1460
#define MAX_MUT		8
#define ACCEPTED	64
/* Reference replay model: seen PNs by their low 16 bits. */
#define MODEL_BITS	65536

enum vres {
	V_OK,		/* authenticated, decrypted, marked */
	V_MALFORMED,	/* data offset */
	V_UNPROTECTED,	/* option area, or not exactly one MPTCPsec option */
	V_REPLAY,	/* PN seen or below the window */
	V_AUTH,		/* tag */
};

/* The receive state, kept across inputs. */
static struct mptcpsec_aead_key rx_key[2];
static struct mptcpsec_replay rx;
static bool ready;

/* What the reference model and the sealer remember across inputs. */
static uint8_t m_seen[MODEL_BITS / 8];
static uint64_t m_largest;
static bool m_have;
static uint64_t accepted[ACCEPTED];
static unsigned int n_accepted, next_accepted;
static uint64_t tx_pn;

static const uint8_t eno[3] = {
	MPTCPSEC_TCPOPT_ENO, 3, MPTCPSEC_TEP_X25519_CHACHAPOLY
};

static void setup(void)
{
	uint8_t k[MPTCPSEC_AEAD_KEY_LEN];
	unsigned int i, p;

	/* Not K_ab of section 11.2: the vector's segment must fail here. */
	for (p = 0; p < 2; p++) {
		for (i = 0; i < sizeof(k); i++)
			k[i] = (uint8_t)(0x5a ^ (i * 37) ^ (p * 0xa5));
		mptcpsec_aead_setkey(&rx_key[p], k);
	}
	ready = true;
}

/* mptcpsec_verify_in() from the TCP header on, on @seg of @len bytes. */
static enum vres verify(uint8_t *seg, unsigned int len, uint64_t *pn_out)
{
	struct mptcpsec_tcpopts o;
	struct mptcpsec_seg_in s;
	unsigned int doff, hlen, optlen;
	enum vres r;
	uint8_t *buf;
	uint64_t pn;
	int err;

	if (len < HDR_LEN)
		return V_MALFORMED;
	doff = seg[12] >> 4;
	hlen = doff * 4;
	if (doff < 5 || hlen > len)
		return V_MALFORMED;
	/* The hook's copy of the area, exactly as long: ASan sees overreads. */
	optlen = hlen - HDR_LEN;
	buf = malloc(optlen ? optlen : 1);
	memcpy(buf, seg + HDR_LEN, optlen);
	if (mptcpsec_tcpopt_parse(buf, optlen, &o) || o.secopt.count != 1) {
		r = V_UNPROTECTED;
		goto out;
	}
	pn = mptcpsec_pn_recover(rx.largest, rx.have,
				 mptcpsec_pnf_truncated(o.secopt.pnf));
	if (mptcpsec_replay_check(&rx, pn)) {
		r = V_REPLAY;
		goto out;
	}
	s = (struct mptcpsec_seg_in){
		.th = seg, .opts = buf, .optlen = optlen,
		.secopt_off = o.secopt.off, .tag_off = o.secopt.tag_off,
		.payload = seg + hlen, .plen = len - hlen,
		.syn = seg[13] & TH_SYN,
	};
	err = mptcpsec_segment_open(&rx_key[mptcpsec_pnf_phase(o.secopt.pnf)],
				    pn, ISN_SND, ISN_RCV, &s);
	/* The parser found the option: the AD can always be built. */
	if (err && err != -EBADMSG)
		abort();
	if (err) {
		r = V_AUTH;
		goto out;
	}
	if (mptcpsec_replay_check(&rx, pn)) {
		r = V_REPLAY;
		goto out;
	}
	mptcpsec_replay_mark(&rx, pn);
	*pn_out = pn;
	r = V_OK;
out:
	free(buf);
	return r;
}

/* Field by field: a struct copy need not copy the padding. */
static bool same_window(const struct mptcpsec_replay *a,
			const struct mptcpsec_replay *b)
{
	return a->have == b->have && a->largest == b->largest &&
	       !memcmp(a->bits, b->bits, sizeof(a->bits));
}

static bool model_seen(uint64_t pn)
{
	return m_seen[pn % MODEL_BITS / 8] & (1u << (pn % 8));
}

/* Section 6.2: once only, and not more than 2047 below the largest. */
static bool model_accepts(uint64_t pn)
{
	if (!m_have || pn > m_largest)
		return true;
	return m_largest - pn < MPTCPSEC_REPLAY_WIN && !model_seen(pn);
}

static void model_mark(uint64_t pn)
{
	uint64_t p;

	if (!m_have || (pn > m_largest && pn - m_largest >= MODEL_BITS)) {
		memset(m_seen, 0, sizeof(m_seen));
	} else if (pn > m_largest) {
		/* Bits of the PNs 2^16 below the new ones are stale. */
		for (p = m_largest + 1; p <= pn; p++)
			m_seen[p % MODEL_BITS / 8] &= ~(1u << (p % 8));
	}
	if (!m_have || pn > m_largest)
		m_largest = pn;
	m_have = true;
	m_seen[pn % MODEL_BITS / 8] |= 1u << (pn % 8);
	accepted[next_accepted] = pn;
	next_accepted = (next_accepted + 1) % ACCEPTED;
	if (n_accepted < ACCEPTED)
		n_accepted++;
}

/*
 * The PN to seal with. Every choice is within 2^14 of the expected one,
 * so recovery is exact and only the replay window decides.
 */
static uint64_t choose_pn(unsigned int how, unsigned int v)
{
	uint64_t next = m_have ? m_largest + 1 : 0, pn;

	if (how == 2 && m_have && m_largest >= v % 2200)
		return m_largest - v % 2200;	/* in the window, or below */
	if (how == 3 && n_accepted)
		return accepted[v % n_accepted];	/* a replay */
	/*
	 * The sender's next one, up to 255 lost on the way. When too many
	 * sealed here failed (more than a loss burst TCP could have), the
	 * sender starts again from the expected PN: not a real sender.
	 */
	if (tx_pn < next || tx_pn - next > 8192)
		tx_pn = next;
	pn = tx_pn + v % 256;
	tx_pn = pn + 1;
	return pn;
}

struct cursor {
	const uint8_t *p;
	size_t left;
};

static const uint8_t *take(struct cursor *c, size_t n)
{
	const uint8_t *p = c->p;

	if (c->left < n)
		return NULL;
	c->p += n;
	c->left -= n;
	return p;
}

/* A DSS (RFC 8684 section 3.3): flags byte, then its fields, from the input. */
static unsigned int build_dss(struct cursor *c, uint8_t *out)
{
	const uint8_t *f = take(c, 1), *v;
	unsigned int len = 4;

	if (!f)
		return 0;
	if (*f & MPTCPSEC_DSS_ACK)
		len += *f & MPTCPSEC_DSS_ACK64 ? 8 : 4;
	if (*f & MPTCPSEC_DSS_MAP)
		len += (*f & MPTCPSEC_DSS_DSN64 ? 8 : 4) + 6 +
		       (*f & 0x20 ? 2 : 0);
	v = take(c, len - 4);
	if (!v)
		return 0;
	out[0] = MPTCPSEC_TCPOPT_MPTCP;
	out[1] = (uint8_t)len;
	out[2] = MPTCPSEC_MPTCP_DSS << 4;
	out[3] = *f & 0x1f;
	memcpy(out + 4, v, len - 4);
	return len;
}

/* Bytes the AD leaves out (section 6.5), given the flags as sealed. */
static bool unbound(unsigned int i, uint8_t flags)
{
	return i < 4 || i == 16 || i == 17 ||
	       (i >= 8 && i < 12 && !(flags & TH_ACK));
}

static int seal_and_check(const uint8_t *data, size_t size)
{
	struct mptcpsec_rebuild how = { .drop_ts = true, .add_secopt = true };
	uint8_t in[MPTCPSEC_TCPOPT_MAX_LEN], opts[MPTCPSEC_TCPOPT_MAX_LEN];
	uint8_t adh[HDR_LEN], ado[MPTCPSEC_TCPOPT_MAX_LEN];
	uint8_t tag[MPTCPSEC_TAG_LEN];
	unsigned int inlen = 0, outlen, secoff, dropped, compacted, n, i;
	unsigned int hlen, seglen, plen, tag_at, phase, nmut;
	const uint8_t *th_in, *v, *raw, *muts, *payload;
	struct cursor c = { data + 1, size - 1 };
	bool changed = false, structure = false;
	uint8_t sel = data[0], *seg, *orig, *sent;
	struct mptcpsec_replay rx_before;
	struct mptcpsec_tcpopts o;
	struct mptcpsec_buf ad[3];
	uint64_t pn, got = 0;
	enum vres r, want;

	v = take(&c, 2);
	th_in = take(&c, HDR_LEN);
	if (!v || !th_in)
		return 0;
	if (sel & 0x02) {
		inlen = build_dss(&c, in);
		if (!inlen)
			return 0;
	}
	if (sel & 0x04) {
		raw = take(&c, 1);
		if (!raw)
			return 0;
		n = *raw % (MPTCPSEC_TCPOPT_MAX_LEN + 1);
		if (n > sizeof(in) - inlen)
			n = sizeof(in) - inlen;
		raw = take(&c, n);
		if (!raw)
			return 0;
		memcpy(in + inlen, raw, n);
		inlen += n;
	}
	muts = take(&c, 1);
	if (!muts)
		return 0;
	nmut = *muts % (MAX_MUT + 1);
	muts = take(&c, 3 * nmut);
	if (!muts)
		return 0;
	plen = c.left > MAX_PAYLOAD ? MAX_PAYLOAD : (unsigned int)c.left;
	payload = c.p;

	/* protect_one(): parse, rebuild with the MPTCPsec option. */
	if (mptcpsec_tcpopt_parse(in, inlen, &o))
		return 0;
	phase = (sel >> 3) & 1;
	how.compact = sel & 0x10;
	if (sel & 0x20) {
		how.eno = eno;
		how.eno_len = sizeof(eno);
		how.eno_optional = true;
	}
	pn = choose_pn(sel >> 6, v[0] | v[1] << 8);
	how.pnf = mptcpsec_pnf(pn, phase);
	if (mptcpsec_opts_rebuild(in, inlen, &how, opts, &outlen, &secoff,
				  &dropped, &compacted))
		return 0;

	hlen = HDR_LEN + outlen;
	seglen = hlen + plen;
	seg = malloc(seglen);
	memcpy(seg, th_in, HDR_LEN);
	seg[12] = (uint8_t)((seg[12] & 0x0f) | (hlen / 4) << 4);
	memcpy(seg + HDR_LEN, opts, outlen);
	memcpy(seg + hlen, payload, plen);

	mptcpsec_ad_header(seg, ISN_SND, ISN_RCV, adh);
	/* A rebuilt area always gives its AD (fuzz_rebuild checks it too). */
	if (mptcpsec_ad_options(opts, outlen, secoff, ISN_RCV, ado))
		abort();
	ad[0] = (struct mptcpsec_buf){ adh, sizeof(adh) };
	ad[1] = (struct mptcpsec_buf){ ado, outlen };
	ad[2] = (struct mptcpsec_buf){ seg + hlen, plen };
	if (seg[13] & TH_SYN)
		mptcpsec_aead_seal(&rx_key[phase], pn, ad, 3, seg + hlen, 0,
				   tag);
	else
		mptcpsec_aead_seal(&rx_key[phase], pn, ad, 2, seg + hlen, plen,
				   tag);
	tag_at = HDR_LEN + secoff + MPTCPSEC_SECOPT_TAG_OFF;
	memcpy(seg + tag_at, tag, sizeof(tag));

	/* On the way: XOR at the chosen offsets. */
	orig = malloc(seglen);
	memcpy(orig, seg, seglen);
	for (i = 0; i < nmut; i++, muts += 3)
		seg[(muts[0] | muts[1] << 8) % seglen] ^= muts[2];
	for (i = 0; i < seglen; i++) {
		if (seg[i] == orig[i] || unbound(i, orig[13]))
			continue;
		changed = true;
		if (i < hlen && (i < tag_at || i >= tag_at + MPTCPSEC_TAG_LEN))
			structure = true;
	}
	sent = malloc(seglen);
	memcpy(sent, seg, seglen);
	rx_before = rx;

	r = verify(seg, seglen, &got);
	want = model_accepts(pn) ? V_OK : V_REPLAY;
	if (!changed) {
		if (r != want)
			abort();
	} else {
		if (r == V_OK)
			abort();
		/* Header and area intact: the replay window or the tag. */
		if (!structure && r != (want == V_OK ? V_AUTH : V_REPLAY))
			abort();
	}
	if (r == V_OK) {
		if (got != pn || memcmp(seg, sent, hlen) ||
		    memcmp(seg + hlen, payload, plen))
			abort();
		model_mark(pn);
		if (!rx.have || rx.largest != m_largest ||
		    mptcpsec_replay_check(&rx, pn) != -EEXIST)
			abort();
	} else if (memcmp(seg, sent, seglen) || !same_window(&rx, &rx_before)) {
		abort();
	}
	free(sent);
	free(orig);
	free(seg);
	return 0;
}

static int raw_check(const uint8_t *data, size_t size)
{
	unsigned int len = (unsigned int)(size - 1);
	struct mptcpsec_replay rx_before = rx;
	uint8_t *seg = malloc(len ? len : 1);
	uint64_t pn;

	memcpy(seg, data + 1, len);
	/* Nobody else has the keys: a forgery is a bug. */
	if (verify(seg, len, &pn) == V_OK)
		abort();
	if (memcmp(seg, data + 1, len) || !same_window(&rx, &rx_before))
		abort();
	free(seg);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready)
		setup();
	if (!size || size > 0x10000)
		return 0;
	if (data[0] & 1)
		return seal_and_check(data, size);
	return raw_check(data, size);
}
