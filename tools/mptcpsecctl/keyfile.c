// SPDX-License-Identifier: GPL-2.0
/*
 * Key file decoding (pure). A key file holds one key as text: base64 with
 * padding (what `mptcpsecctl key generate` and `wg genpsk` print) or hex,
 * surrounded by optional whitespace. Decoded keys are 16 to 64 bytes.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "keyfile.h"

static int b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int decode_base64(const char *s, size_t n, uint8_t *out, size_t *outlen)
{
	size_t i, o = 0, pad = 0;

	if (n == 0 || n % 4)
		return -1;
	if (s[n - 1] == '=')
		pad++;
	if (n > 1 && s[n - 2] == '=')
		pad++;
	for (i = 0; i < n; i += 4) {
		int v[4], k;

		for (k = 0; k < 4; k++) {
			bool tail = i + 4 == n && k >= 4 - (int)pad;

			v[k] = tail ? 0 : b64_value((unsigned char)s[i + k]);
			if (v[k] < 0)
				return -1;
		}
		if (o + 3 > KEY_MAX_LEN + 2)
			return -1;
		out[o++] = (uint8_t)(v[0] << 2 | v[1] >> 4);
		out[o++] = (uint8_t)(v[1] << 4 | v[2] >> 2);
		out[o++] = (uint8_t)(v[2] << 6 | v[3]);
	}
	o -= pad;
	*outlen = o;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int decode_hex(const char *s, size_t n, uint8_t *out, size_t *outlen)
{
	size_t i;

	if (n == 0 || n % 2 || n / 2 > KEY_MAX_LEN)
		return -1;
	for (i = 0; i < n; i += 2) {
		int hi = hexval((unsigned char)s[i]), lo = hexval((unsigned char)s[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*outlen = n / 2;
	return 0;
}

/**
 * ctl_key_decode() - decode the text of a key file
 * @text: file contents (need not be NUL-terminated)
 * @len: their length
 * @out: receives the key; room for KEY_MAX_LEN + 2 bytes
 * @outlen: receives the key length
 *
 * Return: 0, or -1 if the text is not one base64 or hex key of 16..64 bytes.
 */
int ctl_key_decode(const char *text, size_t len, uint8_t *out, size_t *outlen)
{
	size_t start = 0, end = len, i;
	bool all_hex = true;

	while (start < end && isspace((unsigned char)text[start]))
		start++;
	while (end > start && isspace((unsigned char)text[end - 1]))
		end--;
	for (i = start; i < end; i++) {
		if (isspace((unsigned char)text[i]))
			return -1;
		if (hexval((unsigned char)text[i]) < 0)
			all_hex = false;
	}
	/* Hex first: a hex string is also valid base64, but means hex. */
	if (all_hex && !decode_hex(text + start, end - start, out, outlen))
		goto check;
	if (decode_base64(text + start, end - start, out, outlen))
		return -1;
check:
	if (*outlen < KEY_MIN_LEN || *outlen > KEY_MAX_LEN)
		return -1;
	return 0;
}

/**
 * ctl_base64_encode() - base64 with padding
 * @in: bytes
 * @len: their count
 * @out: receives the NUL-terminated text
 * @outsize: size of @out (at least 4 * ((len + 2) / 3) + 1)
 *
 * Return: the text length, or 0 if @out is too small.
 */
size_t ctl_base64_encode(const uint8_t *in, size_t len, char *out, size_t outsize)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;

	if (outsize < 4 * ((len + 2) / 3) + 1)
		return 0;
	for (i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < len)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < len ? tab[v & 63] : '=';
	}
	out[o] = '\0';
	return o;
}
