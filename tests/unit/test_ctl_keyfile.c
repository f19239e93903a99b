// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of key file decoding (tools/mptcpsecctl/keyfile.c).
 */
#include <stdio.h>

#include "../../tools/mptcpsecctl/keyfile.h"
#include "tap.h"

static uint8_t key[KEY_MAX_LEN + 2];
static size_t len;

static int dec(const char *s)
{
	return ctl_key_decode(s, strlen(s), key, &len);
}

int main(void)
{
	uint8_t raw[64];
	char text[128];
	size_t i, n;

	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (uint8_t)(i * 37 + 11);

	for (n = 16; n <= 64; n += 16) {
		char desc[64];

		ctl_base64_encode(raw, n, text, sizeof(text));
		snprintf(desc, sizeof(desc), "base64 round trip of %zu bytes", n);
		ok(dec(text) == 0 && len == n && !memcmp(key, raw, n), desc);
	}
	ctl_base64_encode(raw, 32, text, sizeof(text));
	is_int(strlen(text), 44, "32 bytes encode to 44 characters");
	strcat(text, "\n");
	ok(dec(text) == 0 && len == 32, "trailing newline accepted");
	{
		char padded[140];

		snprintf(padded, sizeof(padded), "  \t%s  \n\n", text);
		ok(dec(padded) == 0 && len == 32, "surrounding whitespace accepted");
	}
	ok(dec("000102030405060708090a0b0c0d0e0f") == 0 && len == 16 && key[15] == 15,
	   "hex key of 16 bytes");
	ok(dec("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F") == 0 &&
	   len == 32 && key[31] == 0x1f, "upper-case hex of 32 bytes");
	is_int(dec("00010203"), -1, "4-byte key too short");
	is_int(dec(""), -1, "empty file");
	is_int(dec("   \n"), -1, "only whitespace");
	is_int(dec("zz0102030405060708090a0b0c0d0e0#"), -1, "not hex, not base64");
	is_int(dec("AAAA AAAA AAAA AAAA AAAA AAAA"), -1, "inner whitespace rejected");
	is_int(dec("AAAAAAAAAAAAAAAAAAAAAAA"), -1, "base64 with bad length");
	is_int(dec("AAAAAAAAAAAAAAAAAAAAA*=="), -1, "base64 with a bad character");
	ctl_base64_encode(raw, 48, text, sizeof(text));
	ok(dec(text) == 0 && len == 48, "48 bytes accepted");
	{
		uint8_t big[66];
		char t[128];

		memset(big, 0xfe, sizeof(big));
		ctl_base64_encode(big, 66, t, sizeof(t));
		is_int(dec(t), -1, "66-byte key too long");
	}
	is_int(ctl_base64_encode(raw, 32, text, 10), 0, "encoder refuses a short buffer");
	return tap_done();
}
