// SPDX-License-Identifier: GPL-2.0
/*
 * Key phases of secured subflows (docs/PROTOCOL.md section 6.6).
 *
 * Each direction of a subflow rotates its traffic key on its own:
 * K' = HKDF-Expand(K, "mptcpsec1 key update", 32). The sender moves to the
 * next generation after a byte or time budget, but only once the peer has
 * acknowledged data sent under the current one, so the receiver never
 * lags by two generations. The receiver precomputes the next key, tries it
 * on the first segment whose phase bit differs, and keeps the previous key
 * for reordered segments until 2048 segments authenticated in the new
 * phase; then it wipes it. Packet numbers run on across phases, so no
 * nonce repeats under any key.
 */
#include <linux/jiffies.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/tcp.h>

#include "mptcpsec.h"
#include "events.h"
#include "protect.h"

/* next = the key update of cur */
static void key_next(const struct mptcpsec_aead_key *cur,
		     struct mptcpsec_aead_key *next)
{
	u8 k[MPTCPSEC_KEY_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cur->k); i++)
		put_unaligned_le32(cur->k[i], k + 4 * i);
	mptcpsec_key_update(k, k);
	mptcpsec_aead_setkey(next, k);
	memzero_explicit(k, sizeof(k));
}

/**
 * mptcpsec_rekey_init() - key phase 0 of a new subflow's protection state
 * @c: the state, zeroed
 * @tx: traffic key of the direction this host sends
 * @rx: traffic key of the direction this host receives
 *
 * Return: 0, or -ENOMEM.
 */
int mptcpsec_rekey_init(struct mptcpsec_sf_crypto *c, const u8 tx[32],
			const u8 rx[32])
{
	struct mptcpsec_txkey *t = kzalloc(sizeof(*t), GFP_ATOMIC);

	if (!t)
		return -ENOMEM;
	mptcpsec_aead_setkey(&t->k, tx);
	RCU_INIT_POINTER(c->tx, t);
	c->tx_since = jiffies;
	c->tx_confirmed = true;
	spin_lock_init(&c->tx_lock);
	mptcpsec_aead_setkey(&c->rx, rx);
	key_next(&c->rx, &c->rx_next);
	return 0;
}

/**
 * mptcpsec_rekey_free() - wipe and free the sending key
 * @c: the state; no reader may still use it
 */
void mptcpsec_rekey_free(struct mptcpsec_sf_crypto *c)
{
	kfree_sensitive(rcu_dereference_protected(c->tx, 1));
}

static void txkey_free_rcu(struct rcu_head *head)
{
	kfree_sensitive(container_of(head, struct mptcpsec_txkey, rcu));
}

static bool tx_due(struct mptcpsec_sf_crypto *c)
{
	unsigned long bytes = READ_ONCE(mptcpsec_rekey_bytes);
	unsigned int secs = READ_ONCE(mptcpsec_rekey_seconds);

	if (!READ_ONCE(c->tx_confirmed))
		return false;
	if (bytes && atomic64_read(&c->tx_bytes) >= bytes)
		return true;
	return secs && time_after(jiffies, READ_ONCE(c->tx_since) +
				  (unsigned long)secs * HZ);
}

/**
 * mptcpsec_rekey_tx() - move the sending direction to the next key phase
 *	if its budget is spent
 * @mn: namespace state
 * @sf: the subflow
 * @c: its protection state
 * @seq: sequence number of the data segment about to be protected
 * @len: its payload length (not zero)
 *
 * Called before the segment takes its key; the segment is then the first
 * of the new phase, and the peer's acknowledgment of it confirms the
 * update. Softirq or process context with rcu_read_lock held, from the
 * subflow socket's transmit path (the socket lock serialises data
 * segments, hence @c->tx_high). Without memory the current key stays and
 * the update is tried again later.
 */
void mptcpsec_rekey_tx(struct mptcpsec_net *mn, struct mptcpsec_subflow *sf,
		       struct mptcpsec_sf_crypto *c, u32 seq,
		       unsigned int len)
{
	struct mptcpsec_txkey *old, *t;
	bool fresh;
	u32 phase;

	/*
	 * Only new data opens a phase: a retransmission may be acknowledged
	 * through its original, which proves nothing about the new key.
	 */
	fresh = !c->tx_high_set || after(seq + len, c->tx_high);
	if (fresh) {
		c->tx_high = seq + len;
		c->tx_high_set = true;
	}
	if (!fresh || likely(!tx_due(c)))
		return;
	t = kzalloc(sizeof(*t), GFP_ATOMIC);
	if (!t)
		return;
	spin_lock_bh(&c->tx_lock);
	if (!tx_due(c)) {
		spin_unlock_bh(&c->tx_lock);
		kfree(t);
		return;
	}
	old = rcu_dereference_protected(c->tx, lockdep_is_held(&c->tx_lock));
	key_next(&old->k, &t->k);
	t->phase = old->phase + 1;
	phase = t->phase;
	atomic64_set(&c->tx_bytes, 0);
	WRITE_ONCE(c->tx_since, jiffies);
	c->tx_ack_wait = seq + len;
	WRITE_ONCE(c->tx_confirmed, false);
	rcu_assign_pointer(c->tx, t);
	spin_unlock_bh(&c->tx_lock);
	call_rcu(&old->rcu, txkey_free_rcu);

	MPTCPSEC_INC(mn, MPTCPSEC_STAT_REKEYS_TX);
	mptcpsec_event_sf(mn, sf, MPTCPSEC_EVENT_REKEY,
			  MPTCPSEC_EVENT_REKEY_ARG(MPTCPSEC_EVENT_DIR_TX, phase));
}

/**
 * mptcpsec_rekey_tx_acked() - an authenticated segment from the peer
 *	acknowledged @ack
 * @c: the subflow's protection state
 * @ack: its acknowledgment number
 *
 * Confirms the last key update once the peer acknowledged the first
 * segment sent under the new key.
 */
void mptcpsec_rekey_tx_acked(struct mptcpsec_sf_crypto *c, u32 ack)
{
	if (likely(READ_ONCE(c->tx_confirmed)))
		return;
	spin_lock_bh(&c->tx_lock);
	if (!c->tx_confirmed && !before(ack, c->tx_ack_wait))
		WRITE_ONCE(c->tx_confirmed, true);
	spin_unlock_bh(&c->tx_lock);
}

/**
 * mptcpsec_rekey_rx_key() - the receiving key for a segment
 * @c: the subflow's protection state; the caller holds @c->rx_lock
 * @phase_bit: the segment's key phase bit
 * @pn: its recovered packet number
 * @k: receives a copy of the key (the caller wipes it after use)
 *
 * The current key for the current phase bit; for the other bit, the
 * previous key when the PN precedes the current phase, else the next one.
 *
 * Return: which generation @k is.
 */
enum mptcpsec_rx_gen mptcpsec_rekey_rx_key(struct mptcpsec_sf_crypto *c,
					   unsigned int phase_bit, u64 pn,
					   struct mptcpsec_aead_key *k)
{
	lockdep_assert_held(&c->rx_lock);
	if (phase_bit == (c->rx_phase & 1)) {
		*k = c->rx;
		return MPTCPSEC_RX_CUR;
	}
	if (c->rx_has_prev && pn < c->rx_phase_pn) {
		*k = c->rx_prev;
		return MPTCPSEC_RX_PREV;
	}
	*k = c->rx_next;
	return MPTCPSEC_RX_NEXT;
}

/**
 * mptcpsec_rekey_rx_done() - a segment authenticated under generation @gen
 * @c: the subflow's protection state; the caller holds @c->rx_lock
 * @gen: what mptcpsec_rekey_rx_key() returned for it
 * @phase_bit: its key phase bit
 * @pn: its packet number
 *
 * The first segment of the next generation makes it current (unless a
 * concurrent segment already did): the current key becomes the previous
 * one and the one after is precomputed. The previous key is wiped once
 * %MPTCPSEC_REPLAY_WIN segments authenticated under the current one: any
 * older segment is outside the replay window by then.
 *
 * Return: true when the receiving direction moved to a new phase.
 */
bool mptcpsec_rekey_rx_done(struct mptcpsec_sf_crypto *c,
			    enum mptcpsec_rx_gen gen, unsigned int phase_bit,
			    u64 pn)
{
	lockdep_assert_held(&c->rx_lock);
	switch (gen) {
	case MPTCPSEC_RX_NEXT:
		if (phase_bit == (c->rx_phase & 1))
			return false;
		c->rx_prev = c->rx;
		c->rx_has_prev = true;
		c->rx = c->rx_next;
		key_next(&c->rx, &c->rx_next);
		c->rx_phase++;
		c->rx_phase_pn = pn;
		c->rx_phase_segs = 1;
		return true;
	case MPTCPSEC_RX_CUR:
		if (c->rx_has_prev && ++c->rx_phase_segs >= MPTCPSEC_REPLAY_WIN) {
			memzero_explicit(&c->rx_prev, sizeof(c->rx_prev));
			c->rx_has_prev = false;
		}
		return false;
	case MPTCPSEC_RX_PREV:
		break;
	}
	return false;
}
