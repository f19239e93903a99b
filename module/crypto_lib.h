/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cryptographic primitives for the pure crypto files (hkdf.c, keysched.c,
 * aead.c).
 *
 * In the kernel these are the library interfaces of lib/crypto (SHA-256,
 * ChaCha20, Poly1305, Curve25519) plus crypto_memneq() and
 * memzero_explicit(). In userspace the unit tests provide the same names
 * and signatures in tests/unit/shim/crypto_shim.h, so the pure files build
 * unchanged in both places. This is the only header those files include
 * for primitives.
 */
#ifndef _MPTCPSEC_CRYPTO_LIB_H
#define _MPTCPSEC_CRYPTO_LIB_H

#include "pure.h"

#ifdef __KERNEL__
#include <crypto/sha2.h>
#include <crypto/chacha.h>
#include <crypto/poly1305.h>
#include <crypto/curve25519.h>
#include <crypto/algapi.h>
#include <linux/string.h>
#else
#include "crypto_shim.h"
#endif

#endif /* _MPTCPSEC_CRYPTO_LIB_H */
