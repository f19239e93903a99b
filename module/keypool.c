// SPDX-License-Identifier: GPL-2.0
/*
 * Pool of pre-generated X25519 ephemeral key pairs.
 *
 * Computing a public key costs one scalar multiplication; doing it for
 * every SYN in softirq would let a SYN flood buy CPU cheaply. The pool is
 * refilled from a workqueue; a handshake takes a pair and never returns
 * it. When the pool runs dry (a burst larger than the pool), the pair is
 * computed in place: the handshake rate bound limits how often that
 * happens.
 */
#include <linux/random.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <crypto/curve25519.h>

#include "protect.h"

#define KEYPOOL_SIZE	64

struct keypair {
	u8 priv[CURVE25519_KEY_SIZE];
	u8 pub[CURVE25519_KEY_SIZE];
};

static DEFINE_SPINLOCK(pool_lock);	/* pool[] and pool_n */
static struct keypair pool[KEYPOOL_SIZE];
static unsigned int pool_n;
static bool pool_stopping;

static void keypair_generate(struct keypair *kp)
{
	do {
		get_random_bytes(kp->priv, sizeof(kp->priv));
		curve25519_clamp_secret(kp->priv);
	} while (!curve25519_generate_public(kp->pub, kp->priv));
}

static void keypool_refill(struct work_struct *work)
{
	struct keypair kp;

	for (;;) {
		keypair_generate(&kp);
		spin_lock_bh(&pool_lock);
		if (pool_n >= KEYPOOL_SIZE || pool_stopping) {
			spin_unlock_bh(&pool_lock);
			break;
		}
		pool[pool_n++] = kp;
		spin_unlock_bh(&pool_lock);
		cond_resched();
	}
	memzero_explicit(&kp, sizeof(kp));
}

static DECLARE_WORK(refill_work, keypool_refill);

/**
 * mptcpsec_keypool_get() - take a fresh ephemeral key pair
 * @priv: the private key (clamped)
 * @pub: its public key
 *
 * Safe in any context that may run softirqs. Never returns a pair twice.
 */
void mptcpsec_keypool_get(u8 priv[32], u8 pub[32])
{
	struct keypair kp;
	bool got = false, low;

	spin_lock_bh(&pool_lock);
	if (pool_n) {
		pool_n--;
		kp = pool[pool_n];
		memzero_explicit(&pool[pool_n], sizeof(pool[pool_n]));
		got = true;
	}
	low = pool_n < KEYPOOL_SIZE / 2 && !pool_stopping;
	spin_unlock_bh(&pool_lock);
	if (low)
		queue_work(system_unbound_wq, &refill_work);
	if (!got)
		keypair_generate(&kp);
	memcpy(priv, kp.priv, sizeof(kp.priv));
	memcpy(pub, kp.pub, sizeof(kp.pub));
	memzero_explicit(&kp, sizeof(kp));
}

/**
 * mptcpsec_keypool_init() - start filling the pool
 *
 * Return: 0.
 */
int mptcpsec_keypool_init(void)
{
	pool_stopping = false;
	queue_work(system_unbound_wq, &refill_work);
	return 0;
}

/**
 * mptcpsec_keypool_exit() - stop refilling and wipe the pool
 */
void mptcpsec_keypool_exit(void)
{
	spin_lock_bh(&pool_lock);
	pool_stopping = true;
	spin_unlock_bh(&pool_lock);
	cancel_work_sync(&refill_work);
	spin_lock_bh(&pool_lock);
	memzero_explicit(pool, sizeof(pool));
	pool_n = 0;
	spin_unlock_bh(&pool_lock);
}
