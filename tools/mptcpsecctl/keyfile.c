// SPDX-License-Identifier: GPL-2.0
/*
 * Key file decoding (pure).
 *
 * A key file holds one key of CTL_KEY_MIN_LEN..CTL_KEY_MAX_LEN bytes as
 * text, in one of two encodings:
 *  - hexadecimal: an even number of hex digits, either case;
 *  - base64 (RFC 4648 alphabet), with or without "=" padding.
 * Whitespace anywhere (spaces, tabs, line breaks, as left by `base64` or
 * `xxd -p` line wrapping, or a trailing newline) is ignored. Text made only
 * of hex digits is read as hex: it cannot be meant as base64, whose keys of
 * these lengths always contain other characters in practice.
 *
 * Nothing here keeps a copy of the key: intermediate buffers are wiped.
 */
#include <stdbool.h>
#include <string.h>

#include "keyfile.h"

/* Non-whitespace characters of the longest key: 64 bytes in hex. */
#define MAX_DIGITS	(2 * CTL_KEY_MAX_LEN)

/**
 * ctl_wipe() - clear memory holding key material
 * @p: the memory
 * @n: its size
 *
 * The volatile stores are not optimised away like a memset() before free.
 */
void ctl_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int b64_value(char c)
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

static int check_len(size_t n)
{
	if (n < CTL_KEY_MIN_LEN)
		return CTL_KEY_SHORT;
	if (n > CTL_KEY_MAX_LEN)
		return CTL_KEY_LONG;
	return CTL_KEY_OK;
}

static int decode_hex(const char *s, size_t n, uint8_t *out, size_t *outlen)
{
	size_t i;
	int err;

	if (n % 2)
		return CTL_KEY_FORMAT;
	err = check_len(n / 2);
	if (err)
		return err;
	for (i = 0; i < n; i += 2)
		out[i / 2] = (uint8_t)(hex_value(s[i]) << 4 | hex_value(s[i + 1]));
	*outlen = n / 2;
	return CTL_KEY_OK;
}

static int decode_base64(const char *s, size_t n, uint8_t *out, size_t *outlen)
{
	size_t pad = 0, i, o = 0, len;
	uint32_t acc = 0;
	int bits = 0, err;

	while (n && s[n - 1] == '=') {
		n--;
		pad++;
	}
	/* padding completes the last group of four; 1 char never decodes */
	if (pad > 2 || (pad && (n + pad) % 4) || n % 4 == 1)
		return CTL_KEY_FORMAT;
	for (i = 0; i < n; i++)
		if (b64_value(s[i]) < 0)
			return CTL_KEY_FORMAT;
	len = n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0);
	err = check_len(len);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		acc = acc << 6 | (uint32_t)b64_value(s[i]);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	*outlen = o;
	return CTL_KEY_OK;
}

/**
 * ctl_key_decode() - decode the text of a key file
 * @text: the file's contents (need not be NUL-terminated)
 * @len: their length
 * @out: receives the key
 * @outlen: receives the key's length
 *
 * Return: CTL_KEY_OK, or a negative enum ctl_key_err (@out untouched).
 */
int ctl_key_decode(const char *text, size_t len, uint8_t out[CTL_KEY_MAX_LEN],
		   size_t *outlen)
{
	char digits[MAX_DIGITS + 1];
	bool all_hex = true;
	size_t i, n = 0;
	int err;

	if (len > CTL_KEYFILE_MAX)
		return CTL_KEY_LONG;
	for (i = 0; i < len; i++) {
		if (is_space(text[i]))
			continue;
		if (n == sizeof(digits)) {
			ctl_wipe(digits, sizeof(digits));
			return CTL_KEY_LONG;
		}
		if (hex_value(text[i]) < 0)
			all_hex = false;
		digits[n++] = text[i];
	}
	if (!n)
		return CTL_KEY_EMPTY;
	if (all_hex)
		err = decode_hex(digits, n, out, outlen);
	else
		err = decode_base64(digits, n, out, outlen);
	ctl_wipe(digits, sizeof(digits));
	return err;
}

/**
 * ctl_key_strerror() - what is wrong with a key file, for messages
 * @err: a negative enum ctl_key_err
 */
const char *ctl_key_strerror(int err)
{
	switch (err) {
	case CTL_KEY_OK:
		return "valid";
	case CTL_KEY_EMPTY:
		return "the file holds no key";
	case CTL_KEY_SHORT:
		return "the key is shorter than 16 bytes";
	case CTL_KEY_LONG:
		return "the key is longer than 64 bytes";
	default:
		return "not a base64 or hex encoded key";
	}
}

/**
 * ctl_base64_encode() - base64 with padding
 * @in: bytes
 * @len: their count
 * @out: receives the NUL-terminated text
 * @outsize: size of @out, at least 4 * ((@len + 2) / 3) + 1
 *
 * Return: the text's length, or 0 (and @out untouched) if @out is too small.
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
