/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types for the pure (side-effect free) parts of the module.
 *
 * Files that include only this header compile both in the kernel and in
 * userspace, so the unit tests and fuzz targets exercise the very same
 * source as the module.
 */
#ifndef _MPTCPSEC_PURE_H
#define _MPTCPSEC_PURE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
#endif

/* Big-endian loads from byte buffers without alignment assumptions. */
static inline u16 mptcpsec_load16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static inline u32 mptcpsec_load32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static inline u64 mptcpsec_load64(const u8 *p)
{
	return ((u64)mptcpsec_load32(p) << 32) | mptcpsec_load32(p + 4);
}

#endif /* _MPTCPSEC_PURE_H */
