/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compatibility shims for the kernels the module supports (Debian 12's 6.1
 * and 6.12 series). This is the only place that knows about API drift;
 * core files are written against the newest API. Shims are chosen by
 * feature probes (headers present, macros defined), not version numbers,
 * because distribution kernels backport.
 *
 * Force-included into every module source file by Kbuild.
 */
#ifndef _MPTCPSEC_COMPAT_H
#define _MPTCPSEC_COMPAT_H

/* Every log line of the module names it. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/version.h>

/*
 * Header probes are done by Kbuild (module/Kbuild, which tests the kernel
 * tree for the file) and arrive as MPTCPSEC_HAVE_* macros.
 */

/* <asm/unaligned.h> moved to <linux/unaligned.h> (upstream 5f60d5f6bbc1, 6.12). */
#ifdef MPTCPSEC_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* skb_gso_segment() moved to <net/gso.h> (upstream d457a0e329b0, 6.5). */
#ifdef MPTCPSEC_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

/* skb_frag_unref() moved to <linux/skbuff_ref.h> (upstream 6.11). */
#ifdef MPTCPSEC_HAVE_SKBUFF_REF_H
#include <linux/skbuff_ref.h>
#endif

#endif /* _MPTCPSEC_COMPAT_H */
