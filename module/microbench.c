// SPDX-License-Identifier: GPL-2.0
/*
 * In-module microbenchmark of the egress transform (docs/BENCHMARKS.md):
 * nanoseconds per protected data segment of 64, 512 and 1448 payload
 * bytes against the raw AEAD cost of the same bytes.
 *
 *   echo 2000 > /sys/module/mptcpsec/parameters/microbench   (root)
 *   cat /sys/module/mptcpsec/parameters/microbench
 *
 * Each iteration clones a segment built as TCP builds one (headers in
 * the head, payload in a page fragment, the clone sharing both with the
 * "retransmit queue" original) and runs it through the very function the
 * POST_ROUTING hook applies to a data segment of a secured subflow, on a
 * private subflow and connection that no table knows, with counters of
 * their own: no namespace, socket or peer is involved. The raw cost is
 * mptcpsec_aead_seal() over the same payload with associated data of the
 * same length, in a private buffer.
 */
#include <linux/ip.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/tcp.h>
#include <net/tcp.h>

#include "mptcpsec.h"
#include "protect.h"

#define MB_MAX_ITERS	100000
#define MB_BATCH	32
/* DSS with a 4-byte data ACK and a mapping, then 2 NOPs: 20 bytes */
#define MB_OPT_LEN	20

static const unsigned int mb_sizes[] = { 64, 512, 1448 };

/*
 * Last results as text (mb_lock). The sysfs read shows them; a write runs
 * the benchmark and replaces them.
 */
static DEFINE_MUTEX(mb_lock);
static char mb_result[512] = "not run: write an iteration count (1-100000)\n";

struct mb_ctx {
	struct mptcpsec_net mn;
	struct mptcpsec_conn conn;
	struct mptcpsec_subflow sf;
	struct mptcpsec_conn_crypto cc;
};

static int mb_setup(struct mb_ctx *x)
{
	u8 tx[32], rx[32];

	x->mn.net = &init_net;
	x->mn.stats = alloc_percpu(struct mptcpsec_stats);
	if (!x->mn.stats)
		return -ENOMEM;
	get_random_bytes(tx, sizeof(tx));
	get_random_bytes(rx, sizeof(rx));
	get_random_bytes(&x->cc, sizeof(x->cc));
	x->conn.role = MPTCPSEC_ROLE_ACTIVE;
	x->conn.sec = MPTCPSEC_SECURITY_SECURED;
	INIT_LIST_HEAD(&x->conn.subflows);
	RCU_INIT_POINTER(x->conn.secrets, &x->cc);
	x->sf.conn = &x->conn;
	x->sf.kind = MPTCPSEC_KIND_MP_CAPABLE;
	x->sf.role = MPTCPSEC_ROLE_ACTIVE;
	x->sf.sec = MPTCPSEC_SECURITY_SECURED;
	x->sf.tuple.family = AF_INET;
	x->sf.isn_local = get_random_u32();
	x->sf.isn_remote = get_random_u32();
	RCU_INIT_POINTER(x->sf.crypto, mptcpsec_sf_crypto_new(tx, rx));
	memzero_explicit(tx, sizeof(tx));
	memzero_explicit(rx, sizeof(rx));
	if (!rcu_access_pointer(x->sf.crypto)) {
		free_percpu(x->mn.stats);
		return -ENOMEM;
	}
	return 0;
}

static void mb_teardown(struct mb_ctx *x)
{
	/* Nothing else saw the state: no grace period to wait for. */
	mptcpsec_sf_crypto_free(rcu_dereference_protected(x->sf.crypto, 1));
	free_percpu(x->mn.stats);
	memzero_explicit(&x->cc, sizeof(x->cc));
}

/* A data segment as TCP hands it to IP: linear headers, paged payload. */
static struct sk_buff *mb_segment(unsigned int size, struct page *page)
{
	struct sk_buff *skb = alloc_skb(MAX_TCP_HEADER, GFP_KERNEL);
	struct tcphdr *th;
	struct iphdr *iph;
	u8 *opt;

	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_TCP_HEADER);
	get_page(page);
	skb_fill_page_desc(skb, 0, page, 0, size);
	skb->len += size;
	skb->data_len += size;
	skb->truesize += PAGE_SIZE;

	th = skb_push(skb, sizeof(*th) + MB_OPT_LEN);
	skb_reset_transport_header(skb);
	memset(th, 0, sizeof(*th));
	th->source = htons(40000);
	th->dest = htons(5001);
	th->seq = htonl(1000);
	th->ack_seq = htonl(2000);
	th->doff = (sizeof(*th) + MB_OPT_LEN) / 4;
	th->ack = 1;
	th->psh = 1;
	th->window = htons(502);
	opt = (u8 *)(th + 1);
	opt[0] = 30;			/* MPTCP */
	opt[1] = 18;
	opt[2] = 0x20;			/* DSS */
	opt[3] = 0x05;			/* A: 4-byte data ACK, M: mapping */
	get_random_bytes(opt + 4, 12);	/* data ACK, DSN, subflow seq */
	put_unaligned_be16(size, opt + 16);
	opt[18] = TCPOPT_NOP;
	opt[19] = TCPOPT_NOP;

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	memset(iph, 0, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->tot_len = htons(skb->len);
	iph->saddr = htonl(0x0a000101);
	iph->daddr = htonl(0x0a000102);
	skb->protocol = htons(ETH_P_IP);
	return skb;
}

static int mb_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Median of @n samples (sorted in place). */
static u64 mb_median(u64 *t, unsigned int n)
{
	sort(t, n, sizeof(*t), mb_cmp, NULL);
	return t[n / 2];
}

static int mb_protect(struct mb_ctx *x, unsigned int size, unsigned int iters,
		      u64 *t)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct sk_buff *orig, *skb;
	unsigned int i, j;
	int err = 0;
	u64 t0;

	if (!page)
		return -ENOMEM;
	get_random_bytes(page_address(page), size);
	orig = mb_segment(size, page);
	put_page(page);
	if (!orig)
		return -ENOMEM;
	for (i = 0; i < iters && !err; i += MB_BATCH) {
		local_bh_disable();
		rcu_read_lock();
		for (j = i; j < min(i + MB_BATCH, iters); j++) {
			skb = skb_clone(orig, GFP_ATOMIC);
			if (!skb) {
				err = -ENOMEM;
				break;
			}
			t0 = ktime_get_ns();
			err = mptcpsec_protect_linear(&x->mn, &x->sf, skb,
						      sizeof(struct iphdr));
			t[j] = ktime_get_ns() - t0;
			kfree_skb(skb);
			if (err)
				break;
		}
		rcu_read_unlock();
		local_bh_enable();
		cond_resched();
	}
	kfree_skb(orig);
	return err;
}

static int mb_aead(const struct mb_ctx *x, unsigned int size,
		   unsigned int iters, u64 *t)
{
	u8 adh[20], ado[MB_OPT_LEN + MPTCPSEC_SECOPT_LEN + 2], tag[8];
	struct mptcpsec_buf ad[2] = {
		{ adh, sizeof(adh) }, { ado, sizeof(ado) },
	};
	struct mptcpsec_aead_key key;
	unsigned int i, j;
	u8 *buf;
	u64 t0;

	buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	get_random_bytes(buf, size);
	get_random_bytes(adh, sizeof(adh));
	get_random_bytes(ado, sizeof(ado));
	rcu_read_lock();
	key = rcu_dereference(rcu_dereference(x->sf.crypto)->tx)->k;
	rcu_read_unlock();
	for (i = 0; i < iters; i += MB_BATCH) {
		local_bh_disable();
		for (j = i; j < min(i + MB_BATCH, iters); j++) {
			t0 = ktime_get_ns();
			mptcpsec_aead_seal(&key, j, ad, ARRAY_SIZE(ad), buf, size,
					   tag);
			t[j] = ktime_get_ns() - t0;
		}
		local_bh_enable();
		cond_resched();
	}
	memzero_explicit(&key, sizeof(key));
	kfree(buf);
	return 0;
}

static int mb_run(unsigned int iters)
{
	u64 seg[ARRAY_SIZE(mb_sizes)], raw[ARRAY_SIZE(mb_sizes)];
	struct mb_ctx *x;
	unsigned int i, n = 0;
	u64 *t;
	int err;

	x = kzalloc(sizeof(*x), GFP_KERNEL);
	t = kvmalloc_array(iters, sizeof(*t), GFP_KERNEL);
	err = x && t ? mb_setup(x) : -ENOMEM;
	if (err)
		goto out;
	for (i = 0; i < ARRAY_SIZE(mb_sizes) && !err; i++) {
		err = mb_protect(x, mb_sizes[i], iters, t);
		if (err)
			break;
		seg[i] = mb_median(t, iters);
		err = mb_aead(x, mb_sizes[i], iters, t);
		raw[i] = mb_median(t, iters);
	}
	mb_teardown(x);
	if (err)
		goto out;
	n += scnprintf(mb_result + n, sizeof(mb_result) - n,
		       "# iterations=%u, median ns per segment\n", iters);
	for (i = 0; i < ARRAY_SIZE(mb_sizes); i++)
		n += scnprintf(mb_result + n, sizeof(mb_result) - n,
			       "size=%u segment_ns=%llu aead_ns=%llu ratio=%llu.%02llu\n",
			       mb_sizes[i], seg[i], raw[i],
			       seg[i] / max(raw[i], 1ULL),
			       seg[i] * 100 / max(raw[i], 1ULL) % 100);
out:
	kvfree(t);
	kfree(x);
	return err;
}

static int microbench_set(const char *val, const struct kernel_param *kp)
{
	unsigned int iters;
	int err;

	err = kstrtouint(val, 0, &iters);
	if (err || !iters || iters > MB_MAX_ITERS)
		return -EINVAL;
	mutex_lock(&mb_lock);
	err = mb_run(iters);
	mutex_unlock(&mb_lock);
	return err;
}

static int microbench_get(char *buf, const struct kernel_param *kp)
{
	int n;

	mutex_lock(&mb_lock);
	n = sysfs_emit(buf, "%s", mb_result);
	mutex_unlock(&mb_lock);
	return n;
}

static const struct kernel_param_ops microbench_ops = {
	.set = microbench_set,
	.get = microbench_get,
};

module_param_cb(microbench, &microbench_ops, NULL, 0600);
MODULE_PARM_DESC(microbench,
		 "Write N: time N protected segments of 64, 512 and 1448 bytes against the raw AEAD; read: the last results");
