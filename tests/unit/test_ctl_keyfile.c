// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of key file decoding (tools/mptcpsecctl/keyfile.c): base64
 * and hex keys of valid and invalid lengths, whitespace and line breaks.
 */
#include <stdio.h>

#include "../../tools/mptcpsecctl/keyfile.h"
#include "tap.h"

static uint8_t key[CTL_KEY_MAX_LEN];
static size_t len;

static int dec(const char *s)
{
	len = 0;
	return ctl_key_decode(s, strlen(s), key, &len);
}

static void hex(const uint8_t *in, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
}

int main(void)
{
	uint8_t raw[80];
	char text[256], desc[128];
	size_t n;

	for (n = 0; n < sizeof(raw); n++)
		raw[n] = (uint8_t)(n * 37 + 11);

	/* base64: every length from 16 to 64 round-trips, with padding or not */
	for (n = 16; n <= 64; n++) {
		ctl_base64_encode(raw, n, text, sizeof(text));
		snprintf(desc, sizeof(desc), "base64 key of %zu bytes", n);
		if (!ok(dec(text) == 0 && len == n && !memcmp(key, raw, n), desc))
			printf("#   text %s\n", text);
	}
	ctl_base64_encode(raw, 32, text, sizeof(text));
	is_int(strlen(text), 44, "32 bytes encode to 44 characters, like wg genpsk");
	ok(text[43] == '=' && text[42] != '=', "  ... with one padding character");
	text[43] = '\0';
	ok(dec(text) == 0 && len == 32 && !memcmp(key, raw, 32), "base64 without padding accepted");
	ctl_base64_encode(raw, 16, text, sizeof(text));
	text[22] = '\0';
	ok(dec(text) == 0 && len == 16 && !memcmp(key, raw, 16),
	   "base64 of 16 bytes without its two padding characters");

	/* whitespace */
	ctl_base64_encode(raw, 32, text, sizeof(text));
	strcat(text, "\n");
	ok(dec(text) == 0 && len == 32, "trailing newline accepted");
	{
		char t[200];

		snprintf(t, sizeof(t), "\r\n  \t%.*s\r\n\n", 44, text);
		ok(dec(t) == 0 && len == 32 && !memcmp(key, raw, 32),
		   "surrounding blanks, CRLF and empty lines accepted");
		snprintf(t, sizeof(t), "%.20s\n%.24s\n", text, text + 20);
		ok(dec(t) == 0 && len == 32 && !memcmp(key, raw, 32),
		   "base64 wrapped over two lines (as `base64` does) accepted");
	}
	ctl_base64_encode(raw, 64, text, sizeof(text));
	{
		char t[200];

		snprintf(t, sizeof(t), "%.76s\n%s\n", text, text + 76);
		ok(dec(t) == 0 && len == 64 && !memcmp(key, raw, 64),
		   "64-byte key as wrapped by base64(1) at 76 columns");
	}

	/* hex */
	ok(dec("000102030405060708090a0b0c0d0e0f") == 0 && len == 16 && key[15] == 15,
	   "hex key of 16 bytes");
	ok(dec("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F") == 0 &&
	   len == 32 && key[10] == 0x0a && key[31] == 0x1f, "upper-case hex of 32 bytes");
	hex(raw, 64, text);
	ok(dec(text) == 0 && len == 64 && !memcmp(key, raw, 64), "hex key of 64 bytes");
	{
		char t[300];

		hex(raw, 32, text);
		snprintf(t, sizeof(t), "%.60s\n%s\n", text, text + 60);
		ok(dec(t) == 0 && len == 32 && !memcmp(key, raw, 32),
		   "hex wrapped over two lines (as `xxd -p` does) accepted");
		snprintf(t, sizeof(t), "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
		ok(dec(t) == 0 && len == 16 && key[15] == 15, "hex bytes separated by blanks");
	}
	ok(dec("30313233343536373839616263646566") == 0 && len == 16 && key[0] == 0x30,
	   "all hex digits: read as hex, not as base64");

	/* lengths */
	is_int(dec("00010203"), CTL_KEY_SHORT, "4-byte hex key: too short");
	hex(raw, 15, text);
	is_int(dec(text), CTL_KEY_SHORT, "15-byte hex key: too short");
	hex(raw, 65, text);
	is_int(dec(text), CTL_KEY_LONG, "65-byte hex key: too long");
	ctl_base64_encode(raw, 15, text, sizeof(text));
	is_int(dec(text), CTL_KEY_SHORT, "15-byte base64 key: too short");
	ctl_base64_encode(raw, 8, text, sizeof(text));
	is_int(dec(text), CTL_KEY_SHORT, "8-byte base64 key: too short");
	ctl_base64_encode(raw, 65, text, sizeof(text));
	is_int(dec(text), CTL_KEY_LONG, "65-byte base64 key: too long");
	ctl_base64_encode(raw, 80, text, sizeof(text));
	is_int(dec(text), CTL_KEY_LONG, "80-byte base64 key: too long");
	{
		static char big[CTL_KEYFILE_MAX + 2];

		memset(big, 'A', sizeof(big) - 1);
		is_int(dec(big), CTL_KEY_LONG, "a file larger than the limit: too long");
		memset(big, ' ', sizeof(big) - 1);
		memcpy(big + 100, "000102030405060708090a0b0c0d0e0f", 32);
		is_int(ctl_key_decode(big, CTL_KEYFILE_MAX, key, &len), 0,
		       "a key padded with blanks up to the size limit");
	}

	/* format */
	is_int(dec(""), CTL_KEY_EMPTY, "empty file");
	is_int(dec("   \n\t\n"), CTL_KEY_EMPTY, "only whitespace");
	is_int(dec("000102030405060708090a0b0c0d0e0f0"), CTL_KEY_FORMAT,
	       "odd number of hex digits (not silently read as base64)");
	is_int(dec("zz0102030405060708090a0b0c0d0e0#"), CTL_KEY_FORMAT, "neither hex nor base64");
	ctl_base64_encode(raw, 32, text, sizeof(text));
	text[5] = '*';
	is_int(dec(text), CTL_KEY_FORMAT, "base64 with a character outside the alphabet");
	ctl_base64_encode(raw, 32, text, sizeof(text));
	text[5] = '-';
	is_int(dec(text), CTL_KEY_FORMAT, "URL-safe base64 alphabet not accepted");
	ctl_base64_encode(raw, 32, text, sizeof(text));
	text[10] = '=';
	is_int(dec(text), CTL_KEY_FORMAT, "padding in the middle");
	is_int(dec("gAAAAAAAAAAAAAAAAAAAAAAAA"), CTL_KEY_FORMAT, "base64 of 4n+1 characters");
	is_int(dec("gAAAAAAAAAAAAAAAAAAAAAAA==="), CTL_KEY_FORMAT, "three padding characters");
	is_int(dec("gAAAAAAAAAAAAAAAAAAAAAAAA="), CTL_KEY_FORMAT, "padding not completing a group");
	{
		static const char nul[] = "gAAAAAAAAAAAAAAAAAAAAA\0AAAAAAAAA";

		is_int(ctl_key_decode(nul, sizeof(nul) - 1, key, &len), CTL_KEY_FORMAT,
		       "an embedded NUL byte is not part of any encoding");
	}

	/* messages and the encoder */
	ok(strstr(ctl_key_strerror(CTL_KEY_SHORT), "16") != NULL, "short-key message says 16");
	ok(strstr(ctl_key_strerror(CTL_KEY_LONG), "64") != NULL, "long-key message says 64");
	is_int(ctl_base64_encode(raw, 32, text, 44), 0, "encoder refuses a buffer without room");
	is_int(ctl_base64_encode(raw, 32, text, 45), 44, "encoder fits an exact buffer");
	is_int(ctl_base64_encode(raw, 0, text, 1), 0, "empty input encodes to nothing");
	{
		uint8_t s[4] = { 1, 2, 3, 4 };

		ctl_wipe(s, sizeof(s));
		ok(!s[0] && !s[1] && !s[2] && !s[3], "ctl_wipe clears memory");
	}
	return tap_done();
}
