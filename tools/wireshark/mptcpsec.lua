-- SPDX-License-Identifier: GPL-2.0
--
-- Wireshark dissector for MPTCPsec (docs/PROTOCOL.md, version 1).
--
--   tshark -X lua_script:mptcpsec.lua -o mptcpsec.keylog_file:KEYLOG -r CAP
--
-- A postdissector over every TCP segment, IPv4 and IPv6. It shows
--   * the TCP-ENO option (kind 69) of section 2 with its TEPs;
--   * the key share that SYN and SYN-ACK carry as payload (section 3);
--   * the MPTCPsec option (kind 253, ExID 0x4d53) of section 6.1: key
--     phase, truncated packet number, tag; the full packet number, recovered
--     per subflow and direction as section 6.2 describes;
-- and, given the key log `mptcpsecctl keylog FILE` writes:
--   * the decrypted payload (section 6.3), as the field mptcpsec.plaintext
--     and as a data source "Decrypted MPTCPsec payload", following key
--     phases (section 6.6);
--   * whether the tag verifies (sections 6.3 and 6.5), when the capture
--     holds the subflow's SYN and SYN-ACK (the associated data uses
--     sequence numbers relative to both ISNs);
--   * the real MPTCP keys behind the masked MP_CAPABLE and MP_FASTCLOSE
--     key fields (section 5), with their tokens.
--
-- Wireshark 4.0 gives Lua no cryptography, so SHA-256, HMAC, ChaCha20 and
-- Poly1305 are implemented below, on Lua 5.2 numbers and bit32. They are
-- written for clarity, not speed: tag check and decryption together run
-- at about half a megabyte of payload per second.

local bit = bit32
local band, bxor, bnot, rshift = bit.band, bit.bxor, bit.bnot, bit.rshift
local lrotate, rrotate = bit.lrotate, bit.rrotate
local floor = math.floor
local sbyte, schar, srep = string.byte, string.char, string.rep
local concat = table.concat
local unpack = table.unpack or unpack

local TWO32 = 4294967296

------------------------------------------------------------------------------
-- Byte strings (Lua strings hold raw bytes)
------------------------------------------------------------------------------

local function be16(s, i)
	local a, b = sbyte(s, i, i + 1)
	return a * 256 + b
end

local function be32(s, i)
	local a, b, c, d = sbyte(s, i, i + 3)
	return ((a * 256 + b) * 256 + c) * 256 + d
end

local function put_be32(v)
	v = v % TWO32
	return schar(floor(v / 16777216) % 256, floor(v / 65536) % 256,
		     floor(v / 256) % 256, v % 256)
end

-- 64-bit big-endian and little-endian encodings of a non-negative Lua
-- number (exact below 2^53, which PNs and lengths never reach)
local function put_be64(v)
	return put_be32(floor(v / TWO32)) .. put_be32(v % TWO32)
end

local function put_le64(v)
	return put_be64(v):reverse()
end

local function tohex(s)
	return (s:gsub(".", function(c)
		return string.format("%02x", sbyte(c))
	end))
end

-- Raw bytes of exactly @len bytes written as 2*@len hex digits, or nil.
local function fromhex(h, len)
	if type(h) ~= "string" or #h ~= 2 * len or h:find("[^%x]") then
		return nil
	end
	return (h:gsub("%x%x", function(x)
		return schar(tonumber(x, 16))
	end))
end

local function xor_bytes(a, b)
	local out = {}
	for i = 1, #a do
		out[i] = schar(bxor(sbyte(a, i), sbyte(b, i)))
	end
	return concat(out)
end

------------------------------------------------------------------------------
-- SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104)
------------------------------------------------------------------------------

-- First 32 bits of the fractional parts of the cube roots of the first 64
-- primes, and of the square roots of the first 8 (FIPS 180-4 4.2.2, 5.3.3).
local SHA256_K = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
local SHA256_H0 = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
}

local function sha256(msg)
	local len = #msg
	-- padding: 0x80, zeros up to 56 mod 64, the bit length (64 bits BE)
	msg = msg .. "\128" .. srep("\0", (55 - len) % 64) .. put_be64(len * 8)
	local h = { unpack(SHA256_H0) }
	local w = {}
	for chunk = 1, #msg, 64 do
		for t = 1, 16 do
			w[t] = be32(msg, chunk + (t - 1) * 4)
		end
		for t = 17, 64 do
			local x, y = w[t - 15], w[t - 2]
			local s0 = bxor(rrotate(x, 7), rrotate(x, 18), rshift(x, 3))
			local s1 = bxor(rrotate(y, 17), rrotate(y, 19),
					rshift(y, 10))
			w[t] = (w[t - 16] + s0 + w[t - 7] + s1) % TWO32
		end
		local a, b, c, d, e, f, g, hh = unpack(h)
		for t = 1, 64 do
			local S1 = bxor(rrotate(e, 6), rrotate(e, 11), rrotate(e, 25))
			local ch = bxor(band(e, f), band(bnot(e), g))
			local t1 = (hh + S1 + ch + SHA256_K[t] + w[t]) % TWO32
			local S0 = bxor(rrotate(a, 2), rrotate(a, 13), rrotate(a, 22))
			local maj = bxor(band(a, b), band(a, c), band(b, c))
			local t2 = (S0 + maj) % TWO32
			hh, g, f, e = g, f, e, (d + t1) % TWO32
			d, c, b, a = c, b, a, (t1 + t2) % TWO32
		end
		h[1] = (h[1] + a) % TWO32
		h[2] = (h[2] + b) % TWO32
		h[3] = (h[3] + c) % TWO32
		h[4] = (h[4] + d) % TWO32
		h[5] = (h[5] + e) % TWO32
		h[6] = (h[6] + f) % TWO32
		h[7] = (h[7] + g) % TWO32
		h[8] = (h[8] + hh) % TWO32
	end
	local out = {}
	for i = 1, 8 do
		out[i] = put_be32(h[i])
	end
	return concat(out)
end

local function hmac_sha256(key, msg)
	if #key > 64 then
		key = sha256(key)
	end
	key = key .. srep("\0", 64 - #key)
	local ipad, opad = {}, {}
	for i = 1, 64 do
		local k = sbyte(key, i)
		ipad[i] = schar(bxor(k, 0x36))
		opad[i] = schar(bxor(k, 0x5c))
	end
	return sha256(concat(opad) .. sha256(concat(ipad) .. msg))
end

-- Section 6.6: K' = HKDF-Expand(K, "mptcpsec1 key update", 32), which for
-- a 32-byte output is one HMAC block: HMAC(K, info || 0x01).
local KEY_UPDATE_LABEL = "mptcpsec1 key update"

local function key_update(k)
	return hmac_sha256(k, KEY_UPDATE_LABEL .. "\1")
end

------------------------------------------------------------------------------
-- ChaCha20 (RFC 8439 2.3, 2.4)
------------------------------------------------------------------------------

local function le_words(s, n)
	local w = {}
	for i = 1, n do
		local a, b, c, d = sbyte(s, 4 * i - 3, 4 * i)
		w[i] = ((d * 256 + c) * 256 + b) * 256 + a
	end
	return w
end

local function quarter(x, a, b, c, d)
	x[a] = (x[a] + x[b]) % TWO32
	x[d] = lrotate(bxor(x[d], x[a]), 16)
	x[c] = (x[c] + x[d]) % TWO32
	x[b] = lrotate(bxor(x[b], x[c]), 12)
	x[a] = (x[a] + x[b]) % TWO32
	x[d] = lrotate(bxor(x[d], x[a]), 8)
	x[c] = (x[c] + x[d]) % TWO32
	x[b] = lrotate(bxor(x[b], x[c]), 7)
end

-- The 16 output words of the block function; @kw, @nw: key and nonce words.
local function chacha20_block(kw, counter, nw)
	local s = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574,
		    kw[1], kw[2], kw[3], kw[4], kw[5], kw[6], kw[7], kw[8],
		    counter, nw[1], nw[2], nw[3] }
	local x = { unpack(s) }
	for _ = 1, 10 do
		quarter(x, 1, 5, 9, 13)
		quarter(x, 2, 6, 10, 14)
		quarter(x, 3, 7, 11, 15)
		quarter(x, 4, 8, 12, 16)
		quarter(x, 1, 6, 11, 16)
		quarter(x, 2, 7, 12, 13)
		quarter(x, 3, 8, 9, 14)
		quarter(x, 4, 5, 10, 15)
	end
	for i = 1, 16 do
		x[i] = (x[i] + s[i]) % TWO32
	end
	return x
end

local function words_to_le(x, n)
	local out = {}
	for i = 1, n do
		local v = x[i]
		out[i] = schar(v % 256, floor(v / 256) % 256,
			       floor(v / 65536) % 256, floor(v / 16777216))
	end
	return concat(out)
end

-- @data XORed with the key stream starting at block @counter.
local function chacha20_xor(key, counter, nonce, data)
	local kw, nw = le_words(key, 8), le_words(nonce, 3)
	local out = {}
	for off = 1, #data, 64 do
		local x = chacha20_block(kw, counter, nw)
		counter = counter + 1
		local last = math.min(off + 63, #data)
		local j = 0
		for i = off, last do
			local word = x[floor(j / 4) + 1]
			local ks = bit.extract(word, (j % 4) * 8, 8)
			out[#out + 1] = schar(bxor(sbyte(data, i), ks))
			j = j + 1
		end
	end
	return concat(out)
end

------------------------------------------------------------------------------
-- Poly1305 (RFC 8439 2.5)
--
-- Numbers modulo p = 2^130 - 5 are held as 10 limbs of 13 bits, least
-- significant first, so that every product and every sum of products stays
-- far below 2^53, where Lua 5.2 numbers (doubles) are exact. Since 130 =
-- 10 * 13, a product's limb k >= 10 folds into limb k - 10 times 5
-- (2^130 = 5 mod p).
------------------------------------------------------------------------------

local LIMB = 8192	-- 2^13

-- Limbs of the little-endian number made of the bytes of @t.
local function to_limbs(t)
	local l, acc, nbits, k = {}, 0, 0, 1
	for i = 1, #t do
		acc = acc + t[i] * 2 ^ nbits
		nbits = nbits + 8
		while nbits >= 13 and k <= 10 do
			l[k] = acc % LIMB
			acc = floor(acc / LIMB)
			nbits = nbits - 13
			k = k + 1
		end
	end
	while k <= 10 do
		l[k] = acc % LIMB
		acc = floor(acc / LIMB)
		k = k + 1
	end
	return l
end

-- Carries until every limb is below 2^13, folding the top carry.
local function carry(h)
	repeat
		local c = 0
		for k = 1, 10 do
			local v = h[k] + c
			c = floor(v / LIMB)
			h[k] = v - c * LIMB
		end
		h[1] = h[1] + 5 * c
	until c == 0
end

local function mulmod(h, r)
	local d = {}
	for k = 1, 10 do
		local s = 0
		for i = 1, 10 do
			local j = k - i + 1
			if j >= 1 then
				s = s + h[i] * r[j]
			else
				s = s + 5 * h[i] * r[j + 10]
			end
		end
		d[k] = s
	end
	carry(d)
	return d
end

local function poly1305(key, msg)
	local rb = { sbyte(key, 1, 16) }
	-- clamp r (RFC 8439 2.5.1)
	for _, i in ipairs({ 4, 8, 12, 16 }) do
		rb[i] = rb[i] % 16
	end
	for _, i in ipairs({ 5, 9, 13 }) do
		rb[i] = rb[i] - rb[i] % 4
	end
	local r = to_limbs(rb)
	local h = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
	for off = 1, #msg, 16 do
		local blk = { sbyte(msg, off, math.min(off + 15, #msg)) }
		blk[#blk + 1] = 1
		local m = to_limbs(blk)
		for k = 1, 10 do
			h[k] = h[k] + m[k]
		end
		h = mulmod(h, r)
	end
	-- fully reduce: h < 2^130 now; h >= p exactly when h + 5 >= 2^130
	carry(h)
	local g, c = {}, 5
	for k = 1, 10 do
		local v = h[k] + c
		c = floor(v / LIMB)
		g[k] = v - c * LIMB
	end
	if c > 0 then
		h = g
	end
	-- (h + s) mod 2^128, little-endian
	local s = { sbyte(key, 17, 32) }
	local out, acc, nbits, k, cy = {}, 0, 0, 1, 0
	for i = 1, 16 do
		while nbits < 8 do
			acc = acc + h[k] * 2 ^ nbits
			nbits = nbits + 13
			k = k + 1
		end
		local v = acc % 256 + s[i] + cy
		acc = floor(acc / 256)
		nbits = nbits - 8
		cy = floor(v / 256)
		out[i] = schar(v % 256)
	end
	return concat(out)
end

------------------------------------------------------------------------------
-- The AEAD of section 6.3: ChaCha20-Poly1305 (RFC 8439 2.8), nonce
-- 00 00 00 00 || PN (8 bytes BE), tag truncated to 8 bytes.
------------------------------------------------------------------------------

local function aead_nonce(pn)
	return "\0\0\0\0" .. put_be64(pn)
end

local function pad16(n)
	return srep("\0", (16 - n % 16) % 16)
end

local function aead_tag(key, pn, ad, ct)
	local nonce = aead_nonce(pn)
	local block0 = chacha20_block(le_words(key, 8), 0, le_words(nonce, 3))
	local otk = words_to_le(block0, 8)
	local mac = ad .. pad16(#ad) .. ct .. pad16(#ct) ..
		    put_le64(#ad) .. put_le64(#ct)
	return poly1305(otk, mac):sub(1, 8)
end

local function aead_decrypt(key, pn, ct)
	return chacha20_xor(key, 1, aead_nonce(pn), ct)
end

------------------------------------------------------------------------------
-- Addresses: the key log names them as inet_ntop prints them, the capture
-- holds their bytes. Both are turned into the hex of the bytes; IPv4-mapped
-- IPv6 addresses are taken as the IPv4 address.
------------------------------------------------------------------------------

local function canon_addr(raw)
	if #raw == 16 and raw:sub(1, 12) == srep("\0", 10) .. "\255\255" then
		raw = raw:sub(13)
	end
	return tohex(raw)
end

local function parse_ipv4(s)
	local p = { s:match("^(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)$") }
	if #p ~= 4 then
		return nil
	end
	local out = {}
	for i = 1, 4 do
		local v = tonumber(p[i])
		if v > 255 then
			return nil
		end
		out[i] = schar(v)
	end
	return concat(out)
end

local function parse_groups(s, allow_v4)
	local raw = {}
	if s == "" then
		return raw
	end
	local parts = {}
	for g in (s .. ":"):gmatch("([^:]*):") do
		parts[#parts + 1] = g
	end
	for i, g in ipairs(parts) do
		if i == #parts and allow_v4 and g:find("%.") then
			local v4 = parse_ipv4(g)
			if not v4 then
				return nil
			end
			raw[#raw + 1] = v4:sub(1, 2)
			raw[#raw + 1] = v4:sub(3, 4)
		elseif g:match("^%x%x?%x?%x?$") then
			local v = tonumber(g, 16)
			raw[#raw + 1] = schar(floor(v / 256), v % 256)
		else
			return nil
		end
	end
	return raw
end

local function parse_ipv6(s)
	local head, tail = s, nil
	local a = s:find("::", 1, true)
	if a then
		head, tail = s:sub(1, a - 1), s:sub(a + 2)
		if tail:find("::", 1, true) then
			return nil
		end
	end
	local h, t = parse_groups(head, tail == nil), {}
	if tail then
		t = parse_groups(tail, true)
	end
	if not h or not t then
		return nil
	end
	local n = #h + #t
	if (tail and n > 7) or (not tail and n ~= 8) then
		return nil
	end
	return concat(h) .. srep("\0\0", 8 - n) .. concat(t)
end

local function parse_addr(s)
	local raw = parse_ipv4(s) or (s:find(":", 1, true) and parse_ipv6(s))
	return raw and canon_addr(raw)
end

local function tuple_key(src, sport, dst, dport)
	return src .. "/" .. sport .. ">" .. dst .. "/" .. dport
end

------------------------------------------------------------------------------
-- Key log (written by `mptcpsecctl keylog FILE`)
--
--   CONN <session_id:32 hex> <pad_a:16 hex> <pad_b:16 hex>
--   SUBFLOW <session_id> <init_addr> <init_port> <resp_addr> <resp_port>
--           <key_i2r:64 hex> <key_r2i:64 hex>
--
-- '#' starts a comment line; unknown records and malformed lines are
-- ignored. A later record for the same session or 4-tuple replaces an
-- earlier one. The file is read again when the capture is (re)loaded, when
-- the preference changes, and at most once a second while dissecting if its
-- contents changed.
------------------------------------------------------------------------------

local keylog = {
	path = "",
	content = nil,
	checked = -1,
	conns = {},	-- session id (hex) -> { pad_a = raw, pad_b = raw }
	subflows = {},	-- tuple key initiator>responder -> subflow entry
}

local function parse_port(s)
	local v = s and s:match("^%d%d?%d?%d?%d?$") and tonumber(s)
	return v and v <= 65535 and v or nil
end

local function parse_keylog(text)
	local conns, subflows = {}, {}
	for line in (text .. "\n"):gmatch("([^\n]*)\n") do
		line = line:gsub("\r$", "")
		local f = {}
		for w in line:gmatch("%S+") do
			f[#f + 1] = w
		end
		if f[1] == "CONN" and #f == 4 then
			local sid = fromhex(f[2]:lower(), 16)
			local pa, pb = fromhex(f[3], 8), fromhex(f[4], 8)
			if sid and pa and pb then
				conns[tohex(sid)] = { pad_a = pa, pad_b = pb }
			end
		elseif f[1] == "SUBFLOW" and #f == 8 then
			local sid = fromhex(f[2]:lower(), 16)
			local ia, ip = parse_addr(f[3]), parse_port(f[4])
			local ra, rp = parse_addr(f[5]), parse_port(f[6])
			local ki, kr = fromhex(f[7], 32), fromhex(f[8], 32)
			if sid and ia and ip and ra and rp and ki and kr then
				subflows[tuple_key(ia, ip, ra, rp)] = {
					sid = tohex(sid),
					-- traffic keys per direction and generation
					i2r = { [0] = ki },
					r2i = { [0] = kr },
				}
			end
		end
	end
	return conns, subflows
end

-- Reads the key log again if @force or a second passed since the last look,
-- and parses it if its contents changed.
local function keylog_refresh(path, force)
	local now = os.time()
	if not force and path == keylog.path and now == keylog.checked then
		return
	end
	keylog.checked = now
	local text = ""
	if path ~= "" then
		local fh = io.open(path, "rb")
		if fh then
			text = fh:read("*a") or ""
			fh:close()
		end
	end
	if path == keylog.path and text == keylog.content then
		return
	end
	keylog.path, keylog.content = path, text
	keylog.conns, keylog.subflows = parse_keylog(text)
end

-- The traffic key of @entry for direction @dir ("i2r" or "r2i") and
-- generation @gen, derived by key updates from generation 0.
local function traffic_key(entry, dir, gen)
	local ks = entry[dir]
	for g = #ks + 1, gen do
		ks[g] = key_update(ks[g - 1])
	end
	return ks[gen]
end

------------------------------------------------------------------------------
-- Protocol, fields, preferences
------------------------------------------------------------------------------

local mptcpsec = Proto("mptcpsec", "MPTCPsec")

local TEP_NAMES = { [0x5a] = "MPTCPSEC_X25519_CHACHA20POLY1305" }
local SHARE_TYPES = { [1] = "offer", [2] = "answer" }

local pf = {
	dir = ProtoField.string("mptcpsec.direction", "Direction"),
	session = ProtoField.string("mptcpsec.session_id", "Session ID"),
	-- ENO option (section 2)
	eno = ProtoField.bytes("mptcpsec.eno", "ENO option"),
	eno_len = ProtoField.uint8("mptcpsec.eno.length", "Length"),
	eno_tep = ProtoField.uint8("mptcpsec.eno.tep", "TEP", base.HEX,
				   TEP_NAMES),
	eno_general = ProtoField.uint8("mptcpsec.eno.general",
				       "General suboption", base.HEX),
	-- key share (section 3)
	share = ProtoField.bytes("mptcpsec.share", "Key share"),
	share_version = ProtoField.uint8("mptcpsec.share.version", "Version"),
	share_type = ProtoField.uint8("mptcpsec.share.type", "Type", base.DEC,
				      SHARE_TYPES),
	share_length = ProtoField.uint16("mptcpsec.share.length", "Length"),
	share_suite = ProtoField.uint8("mptcpsec.share.suite", "Suite",
				       base.HEX, TEP_NAMES),
	share_flags = ProtoField.uint8("mptcpsec.share.flags", "Flags",
				       base.HEX),
	share_psk = ProtoField.bool("mptcpsec.share.flags.psk",
				    "P: pre-shared key mixed", 8, nil, 0x01),
	share_nonce = ProtoField.bytes("mptcpsec.share.nonce", "Nonce"),
	share_pubkey = ProtoField.bytes("mptcpsec.share.pubkey",
					"Public key (X25519)"),
	share_ext_type = ProtoField.uint8("mptcpsec.share.ext.type",
					  "Extension type"),
	share_ext_len = ProtoField.uint8("mptcpsec.share.ext.length",
					 "Extension length"),
	share_ext_value = ProtoField.bytes("mptcpsec.share.ext.value",
					   "Extension value"),
	-- MPTCPsec option (section 6.1)
	opt = ProtoField.bytes("mptcpsec.option", "MPTCPsec option"),
	opt_kind = ProtoField.uint8("mptcpsec.option.kind", "Kind"),
	opt_len = ProtoField.uint8("mptcpsec.option.length", "Length"),
	exid = ProtoField.uint16("mptcpsec.exid", "ExID", base.HEX),
	kp = ProtoField.uint16("mptcpsec.kp", "Key phase", base.DEC, nil,
			       0x8000),
	pn_trunc = ProtoField.uint16("mptcpsec.pn_trunc",
				     "Packet number (low 15 bits)", base.DEC,
				     nil, 0x7fff),
	tag = ProtoField.bytes("mptcpsec.tag", "Tag"),
	pn = ProtoField.uint64("mptcpsec.pn", "Packet number"),
	key_gen = ProtoField.uint32("mptcpsec.key_gen", "Key generation"),
	tag_ok = ProtoField.bool("mptcpsec.tag_ok", "Tag verified"),
	plaintext = ProtoField.bytes("mptcpsec.plaintext", "Plaintext"),
	-- hidden MPTCP keys (section 5)
	key_real = ProtoField.uint64("mptcpsec.mpc.key_real",
				     "Real MPTCP key", base.HEX),
	key_owner = ProtoField.string("mptcpsec.mpc.key_owner", "Key owner"),
	token_real = ProtoField.uint32("mptcpsec.mpc.token_real",
				       "Real token", base.HEX),
}
local field_list = {}
for _, f in pairs(pf) do
	field_list[#field_list + 1] = f
end
mptcpsec.fields = field_list

local ef = {
	malformed = ProtoExpert.new("mptcpsec.malformed", "Malformed",
				    expert.group.MALFORMED,
				    expert.severity.ERROR),
	bad_tag = ProtoExpert.new("mptcpsec.tag_bad", "Tag does not verify",
				  expert.group.CHECKSUM,
				  expert.severity.WARN),
	unverified = ProtoExpert.new("mptcpsec.tag_unchecked",
				     "Tag not checked",
				     expert.group.UNDECODED,
				     expert.severity.NOTE),
	no_key = ProtoExpert.new("mptcpsec.no_key",
				 "No key for this subflow in the key log",
				 expert.group.UNDECODED,
				 expert.severity.NOTE),
	unprotected = ProtoExpert.new("mptcpsec.unprotected",
				      "Segment of a secured subflow without the MPTCPsec option",
				      expert.group.SECURITY,
				      expert.severity.WARN),
	rekey = ProtoExpert.new("mptcpsec.rekey", "Key update",
				expert.group.SEQUENCE, expert.severity.CHAT),
}
mptcpsec.experts = { ef.malformed, ef.bad_tag, ef.unverified, ef.no_key,
		     ef.unprotected, ef.rekey }

mptcpsec.prefs.keylog_file = Pref.string("Key log file", "",
	"File written by `mptcpsecctl keylog FILE`: CONN and SUBFLOW " ..
	"records with the pads and traffic keys of secured subflows")

local fields = {
	srcport = Field.new("tcp.srcport"),
	tcp_len = Field.new("tcp.len"),
	ip_src = Field.new("ip.src"),
	ip_dst = Field.new("ip.dst"),
	ip6_src = Field.new("ipv6.src"),
	ip6_dst = Field.new("ipv6.dst"),
}

------------------------------------------------------------------------------
-- Capture state
--
-- Packet numbers, key phases and ISNs depend on earlier segments, so they
-- are worked out once per frame, in the order frames are first dissected
-- (capture order), and kept per frame for later dissections.
------------------------------------------------------------------------------

local flows		-- tuple key (either direction) -> subflow state
local frames		-- frame number -> { [TCP layer index] = result }
local join_syns		-- MP_JOIN token (hex) -> largest join SYN PN
local conn_keys		-- session id -> { A = real key, B = real key }

local function reset_state()
	flows, frames, join_syns, conn_keys = {}, {}, {}, {}
end
reset_state()

function mptcpsec.init()
	reset_state()
	keylog_refresh(mptcpsec.prefs.keylog_file, true)
end

function mptcpsec.prefs_changed()
	keylog_refresh(mptcpsec.prefs.keylog_file, true)
end

local function new_dir()
	-- largest authenticated PN, current key generation, and the first PN
	-- seen in each generation (section 6.6)
	return { largest = -1, gen = 0, first = { [0] = 0 } }
end

local function new_flow(ikey, rkey, roles)
	local fl = {
		ikey = ikey, rkey = rkey,	-- initiator>responder and back
		roles = roles,	-- how the initiator is known: syn, keylog, guess
		isn = {},	-- i2r: initiator's ISN, r2i: responder's
		dirs = { i2r = new_dir(), r2i = new_dir() },
		initial = false,	-- carries MP_CAPABLE
		join_token = nil,	-- token of the MP_JOIN SYN
		secured = false,	-- a protected segment was seen
	}
	flows[ikey], flows[rkey] = fl, fl
	return fl
end

------------------------------------------------------------------------------
-- TCP options
------------------------------------------------------------------------------

local OPT_EOL, OPT_NOP, OPT_SACK = 0, 1, 5
local OPT_MPTCP, OPT_ENO, OPT_EXP = 30, 69, 253
local EXID_MPTCPSEC = 0x4d53
local SECOPT_LEN = 14
local MPTCP_MPC, MPTCP_JOIN, MPTCP_FASTCLOSE = 0, 1, 7
local F_SYN, F_ACK = 0x02, 0x10

-- The options of @area (a string): a list of { kind, off (0-based), len }
-- and whether the area is malformed.
local function parse_options(area)
	local list, pos, n = {}, 1, #area
	while pos <= n do
		local kind = sbyte(area, pos)
		if kind == OPT_EOL then
			break
		elseif kind == OPT_NOP then
			pos = pos + 1
		else
			local len = pos < n and sbyte(area, pos + 1) or 0
			if len < 2 or pos + len - 1 > n then
				return list, true
			end
			list[#list + 1] = { kind = kind, off = pos - 1, len = len }
			pos = pos + len
		end
	end
	return list, false
end

local function is_secopt(area, o)
	return o.kind == OPT_EXP and o.len >= 4 and
	       be16(area, o.off + 3) == EXID_MPTCPSEC
end

------------------------------------------------------------------------------
-- Packet numbers (section 6.2) and key phases (section 6.6)
------------------------------------------------------------------------------

local PN_WIN, PN_HWIN = 32768, 16384

-- RFC 9000 A.3 with a 15-bit field; the 2^64 bound of section 6.2 is left
-- out: Lua numbers are exact up to 2^53, far beyond any PN a key reaches.
local function pn_recover(largest, truncated)
	local expected = largest + 1
	local candidate = expected - expected % PN_WIN + truncated
	if candidate <= expected - PN_HWIN then
		candidate = candidate + PN_WIN
	elseif candidate > expected + PN_HWIN and candidate >= PN_WIN then
		candidate = candidate - PN_WIN
	end
	return candidate
end

-- The key generation a receiver tries for phase bit @kp and PN @pn.
local function select_gen(d, kp, pn)
	if kp == d.gen % 2 then
		return d.gen
	end
	if d.gen > 0 and pn < d.first[d.gen] then
		return d.gen - 1
	end
	return d.gen + 1
end

------------------------------------------------------------------------------
-- Associated data (section 6.5)
------------------------------------------------------------------------------

local function ad_header(hdr, isn_snd, isn_rcv)
	local seq, ack = be32(hdr, 5), be32(hdr, 9)
	local flags = sbyte(hdr, 14)
	local rel_ack = band(flags, F_ACK) ~= 0 and
			put_be32(ack - isn_rcv) or "\0\0\0\0"
	return "\0\0\0\0" .. put_be32(seq - isn_snd) .. rel_ack ..
	       hdr:sub(13, 16) .. "\0\0" .. hdr:sub(19, 20)
end

local function ad_options(area, opts, secopt, isn_rcv)
	-- SACK block edges, made relative to the receiver's ISN
	local edges = {}
	for _, o in ipairs(opts) do
		if o.kind == OPT_SACK then
			for j = o.off + 3, o.off + o.len - 3, 4 do
				edges[j] = put_be32(be32(area, j) - isn_rcv)
			end
		end
	end
	local parts, i = {}, 1
	local tag_at = secopt.off + 7	-- first tag byte (1-based)
	while i <= #area do
		if i == tag_at then
			parts[#parts + 1] = srep("\0", 8)
			i = i + 8
		elseif edges[i] then
			parts[#parts + 1] = edges[i]
			i = i + 4
		else
			parts[#parts + 1] = area:sub(i, i)
			i = i + 1
		end
	end
	return concat(parts)
end

------------------------------------------------------------------------------
-- Segment analysis
------------------------------------------------------------------------------

-- Everything read from one TCP segment; nil if it is not one we can read.
local function read_segment(tvb, off, plen, src, dst)
	if off + 20 > tvb:len() then
		return nil
	end
	local hdr = tvb:raw(off, 20)
	local doff = floor(sbyte(hdr, 13) / 16) * 4
	if doff < 20 or off + doff > tvb:len() then
		return nil
	end
	local seg = {
		off = off, hdr = hdr, hlen = doff,
		sport = be16(hdr, 1), dport = be16(hdr, 3),
		seq = be32(hdr, 5), ack = be32(hdr, 9),
		flags = sbyte(hdr, 14),
		area = doff > 20 and tvb:raw(off + 20, doff - 20) or "",
		src = src, dst = dst, plen = plen,
	}
	seg.syn = band(seg.flags, F_SYN) ~= 0
	seg.has_ack = band(seg.flags, F_ACK) ~= 0
	-- the payload, when the capture holds all of it
	local poff = off + doff
	if plen == 0 then
		seg.payload = ""
	elseif poff + plen <= tvb:len() then
		seg.payload = tvb:raw(poff, plen)
	end
	seg.opts, seg.malformed = parse_options(seg.area)
	for _, o in ipairs(seg.opts) do
		if is_secopt(seg.area, o) then
			if seg.secopt then
				seg.secopt_dup = true
			else
				seg.secopt = o
			end
		elseif o.kind == OPT_ENO and not seg.eno then
			seg.eno = o
		elseif o.kind == OPT_MPTCP and o.len >= 3 then
			local sub = floor(sbyte(seg.area, o.off + 3) / 16)
			if sub == MPTCP_MPC and not seg.mpc then
				seg.mpc = o
			elseif sub == MPTCP_JOIN and not seg.join then
				seg.join = o
			elseif sub == MPTCP_FASTCLOSE and not seg.fastclose then
				seg.fastclose = o
			end
		end
	end
	return seg
end

-- The subflow state of @seg, created if the segment concerns MPTCPsec, and
-- the direction of the segment ("i2r" or "r2i").
local function find_flow(seg)
	local fwd = tuple_key(seg.src, seg.sport, seg.dst, seg.dport)
	local rev = tuple_key(seg.dst, seg.dport, seg.src, seg.sport)
	local fl = flows[fwd]
	local logged = keylog.subflows[fwd] or keylog.subflows[rev]

	if seg.syn and not seg.has_ack then
		-- a SYN starts the subflow again unless it repeats the ISN
		if not (fl and fl.ikey == fwd and fl.isn.i2r == seg.seq) then
			if not (fl or seg.eno or seg.secopt or logged) then
				return nil
			end
			fl = new_flow(fwd, rev, "syn")
			fl.isn.i2r = seg.seq
		end
	elseif not fl then
		if not (seg.eno or seg.secopt or logged) then
			return nil
		end
		if seg.syn then
			-- SYN-ACK: the receiver sent the SYN
			fl = new_flow(rev, fwd, "syn")
			fl.isn.i2r = (seg.ack - 1) % TWO32
		elseif keylog.subflows[rev] then
			fl = new_flow(rev, fwd, "keylog")
		else
			fl = new_flow(fwd, rev, keylog.subflows[fwd] and
				      "keylog" or "guess")
		end
	end
	if fl.roles == "guess" and keylog.subflows[fl.rkey] then
		-- the key log, read since, names the other host as initiator
		fl.ikey, fl.rkey = fl.rkey, fl.ikey
		fl.dirs.i2r, fl.dirs.r2i = fl.dirs.r2i, fl.dirs.i2r
		fl.isn.i2r, fl.isn.r2i = fl.isn.r2i, fl.isn.i2r
		fl.roles = "keylog"
	end
	local dir = fwd == fl.ikey and "i2r" or "r2i"
	if seg.syn and seg.has_ack and dir == "r2i" and not fl.isn.r2i then
		fl.isn.r2i = seg.seq
	end
	return fl, dir
end

local function other(dir)
	return dir == "i2r" and "r2i" or "i2r"
end

-- The real MPTCP keys behind the masked key fields of @seg (section 5): a
-- list of { off (in the option area), real (raw), owner ("A"/"B") }.
local function unmask_keys(seg, fl, dir, sid)
	local pads = sid and keylog.conns[sid]
	if not pads then
		return {}
	end
	local area, out = seg.area, {}
	local known = conn_keys[sid] or {}
	conn_keys[sid] = known
	local function pad_of(owner)
		return owner == "A" and pads.pad_a or pads.pad_b
	end
	local function add(off, owner, opt)
		local real = xor_bytes(area:sub(off + 1, off + 8), pad_of(owner))
		known[owner] = known[owner] or real
		out[#out + 1] = { off = off, real = real, owner = owner,
				  opt = opt }
	end
	-- MP_CAPABLE after the SYN: sender's key, then receiver's key. On the
	-- initial subflow the initiator is A.
	local m = seg.mpc
	if m and not (seg.syn and not seg.has_ack) and m.len >= 12 then
		local snd = dir == "i2r" and "A" or "B"
		local rcv = snd == "A" and "B" or "A"
		add(m.off + 4, snd, "MP_CAPABLE")
		if m.len >= 20 then
			add(m.off + 12, rcv, "MP_CAPABLE")
		end
	end
	-- MP_FASTCLOSE: the receiver's key, masked with its owner's pad
	local fc = seg.fastclose
	if fc and fc.len >= 12 then
		local wire = area:sub(fc.off + 5, fc.off + 12)
		local owner
		if fl.initial then
			owner = dir == "i2r" and "B" or "A"
		elseif known.A and xor_bytes(wire, pads.pad_a) == known.A then
			owner = "A"
		elseif known.B and xor_bytes(wire, pads.pad_b) == known.B then
			owner = "B"
		elseif fl.join_token and dir == "i2r" then
			-- the receiver is the join's responder, whose token
			-- the join SYN carried
			for _, o in ipairs({ "A", "B" }) do
				local real = xor_bytes(wire, pad_of(o))
				if sha256(real):sub(1, 4) == fl.join_token then
					owner = o
				end
			end
		end
		if owner then
			add(fc.off + 4, owner, "MP_FASTCLOSE")
		end
	end
	return out
end

-- Works out PN, key generation, key and tag of @seg, updating the state.
local function analyze(seg)
	local fl, dir = find_flow(seg)
	if not fl then
		return nil
	end
	local r = { dir = dir, flow_roles = fl.roles }
	local area = seg.area
	if seg.mpc then
		fl.initial = true
	end
	if seg.join and seg.syn and not seg.has_ack and seg.join.len >= 12 then
		fl.join_token = area:sub(seg.join.off + 5, seg.join.off + 8)
	end
	r.initial = fl.initial
	local entry = keylog.subflows[fl.ikey]
	r.sid = entry and entry.sid
	r.keys = unmask_keys(seg, fl, dir, r.sid)

	local so = seg.secopt
	if not so then
		r.unprotected = fl.secured and not seg.syn
		return r
	end
	if so.len ~= SECOPT_LEN then
		r.bad_len = true
		return r
	end
	fl.secured = true
	local pnf = be16(area, so.off + 5)
	local kp, trunc = floor(pnf / PN_WIN), pnf % PN_WIN
	r.tag = area:sub(so.off + 7, so.off + 14)

	if seg.syn and not seg.has_ack then
		-- join SYN: PN of a per-connection counter, key not logged
		r.join_syn = true
		local tok = fl.join_token and tohex(fl.join_token) or "?"
		r.pn = pn_recover(join_syns[tok] or -1, trunc)
		join_syns[tok] = math.max(join_syns[tok] or -1, r.pn)
		r.gen = 0
		return r
	end

	local d = fl.dirs[dir]
	r.pn = pn_recover(d.largest, trunc)
	r.gen = select_gen(d, kp, r.pn)
	if entry then
		r.key = traffic_key(entry, dir, r.gen)
	end
	-- tag: needs both ISNs and the whole payload
	local isn_snd, isn_rcv = fl.isn[dir], fl.isn[other(dir)]
	if r.key and isn_snd and isn_rcv and seg.payload then
		local synack = seg.syn
		local ad = ad_header(seg.hdr, isn_snd, isn_rcv) ..
			   ad_options(area, seg.opts, so, isn_rcv) ..
			   (synack and seg.payload or "")
		local ct = synack and "" or seg.payload
		r.tag_ok = aead_tag(r.key, r.pn, ad, ct) == r.tag
	elseif r.key then
		r.unverified = not (isn_snd and isn_rcv) and
			       "ISNs not in the capture" or
			       "payload not captured"
	end
	-- state advances unless the tag was checked and failed
	if r.tag_ok ~= false then
		if r.gen > d.gen then
			r.rekey = true
			d.gen = r.gen
			d.first[r.gen] = r.pn
		end
		if r.pn > d.largest then
			d.largest = r.pn
		end
	end
	return r
end

------------------------------------------------------------------------------
-- Tree
------------------------------------------------------------------------------

local DIR_NAMES = {
	i2r = "initiator to responder",
	r2i = "responder to initiator",
}

local function add_eno(tree, tvb, seg, base_off)
	local o = seg.eno
	local t = tree:add(pf.eno, tvb(base_off + o.off, o.len))
	t:set_text("ENO option (TCP-ENO, kind 69)")
	t:add(pf.eno_len, tvb(base_off + o.off + 1, 1))
	if o.len < 3 then
		t:add_proto_expert_info(ef.malformed, "ENO option shorter than 3")
	end
	for i = 2, o.len - 1 do
		local b = sbyte(seg.area, o.off + i + 1)
		local range = tvb(base_off + o.off + i, 1)
		if b >= 0x80 then
			t:add_proto_expert_info(ef.malformed,
				"ENO suboption with v = 1: not sent by MPTCPsec")
		elseif b < 0x20 then
			t:add(pf.eno_general, range)
		else
			t:add(pf.eno_tep, range)
		end
	end
end

local function add_share(tree, tvb, seg, poff, suite_expected)
	local p = seg.payload
	local n = #p
	local t = tree:add(pf.share, tvb(poff, n))
	if n < 6 then
		t:set_text("Key share (truncated)")
		t:add_proto_expert_info(ef.malformed, "Key share shorter than 70")
		return
	end
	local version, typ, len = sbyte(p, 1), sbyte(p, 2), be16(p, 3)
	local expected = seg.has_ack and 2 or 1
	t:set_text(string.format("Key share (%s)", SHARE_TYPES[typ] or "?"))
	t:add(pf.share_version, tvb(poff, 1))
	t:add(pf.share_type, tvb(poff + 1, 1))
	t:add(pf.share_length, tvb(poff + 2, 2))
	t:add(pf.share_suite, tvb(poff + 4, 1))
	local ft = t:add(pf.share_flags, tvb(poff + 5, 1))
	ft:add(pf.share_psk, tvb(poff + 5, 1))
	if n >= 38 then
		t:add(pf.share_nonce, tvb(poff + 6, 32))
	end
	if n >= 70 then
		t:add(pf.share_pubkey, tvb(poff + 38, 32))
	end
	local problems = {}
	if version ~= 1 then
		problems[#problems + 1] = "version is not 1"
	end
	if typ ~= expected then
		problems[#problems + 1] = "type is not " .. SHARE_TYPES[expected]
	end
	if len ~= n then
		problems[#problems + 1] = "length differs from the payload length"
	end
	if len < 70 then
		problems[#problems + 1] = "length below 70"
	end
	if suite_expected and sbyte(p, 5) ~= suite_expected then
		problems[#problems + 1] = "suite differs from the ENO option"
	end
	-- extensions: {type, length, value}* up to the share length
	local pos, stop = 71, math.min(len, n)
	while pos <= stop do
		if pos + 1 > stop then
			problems[#problems + 1] = "extension runs past length"
			break
		end
		local elen = sbyte(p, pos + 1)
		if pos + 1 + elen > stop then
			problems[#problems + 1] = "extension runs past length"
			break
		end
		local et = t:add(pf.share_ext_type, tvb(poff + pos - 1, 1))
		et:add(pf.share_ext_len, tvb(poff + pos, 1))
		if elen > 0 then
			et:add(pf.share_ext_value, tvb(poff + pos + 1, elen))
		end
		pos = pos + 2 + elen
	end
	if #problems > 0 then
		t:add_proto_expert_info(ef.malformed,
			"Malformed key share: " .. concat(problems, ", "))
	end
end

local function add_secopt(tree, tvb, seg, r, base_off)
	local o = seg.secopt
	local at = base_off + o.off
	local t = tree:add(pf.opt, tvb(at, o.len))
	t:set_text("MPTCPsec option (kind 253, ExID 0x4d53)")
	t:add(pf.opt_kind, tvb(at, 1))
	t:add(pf.opt_len, tvb(at + 1, 1))
	t:add(pf.exid, tvb(at + 2, 2))
	if r.bad_len then
		t:add_proto_expert_info(ef.malformed,
			"MPTCPsec option length is not 14")
		return t
	end
	t:add(pf.kp, tvb(at + 4, 2))
	t:add(pf.pn_trunc, tvb(at + 4, 2))
	t:add(pf.tag, tvb(at + 6, 8))
	if seg.secopt_dup then
		t:add_proto_expert_info(ef.malformed,
			"More than one MPTCPsec option")
	end
	local pn_hi, pn_lo = floor(r.pn / TWO32), r.pn % TWO32
	t:add(pf.pn, tvb(at + 4, 2), UInt64.new(pn_lo, pn_hi)):set_generated()
	t:add(pf.key_gen, tvb(at + 4, 2), r.gen):set_generated()
	if r.rekey then
		t:add_proto_expert_info(ef.rekey,
			string.format("Key update to generation %d", r.gen))
	end
	if r.join_syn then
		t:add_proto_expert_info(ef.unverified,
			"MP_JOIN SYN: its key (from join_key) is not in the key log")
	elseif r.tag_ok ~= nil then
		local ti = t:add(pf.tag_ok, tvb(at + 6, 8), r.tag_ok)
		ti:set_generated()
		if not r.tag_ok then
			ti:add_proto_expert_info(ef.bad_tag)
		end
	elseif r.unverified then
		t:add_proto_expert_info(ef.unverified,
			"Tag not checked: " .. r.unverified)
	end
	return t
end

local function add_keys(tree, tvb, seg, r, base_off)
	for _, k in ipairs(r.keys) do
		local range = tvb(base_off + k.off, 8)
		local hex = tohex(k.real)
		local t = tree:add(pf.key_real, range, UInt64.fromhex(hex))
		t:set_text(string.format("Real MPTCP key of %s (%s): 0x%s",
					 k.owner, k.opt, hex))
		t:append_text(string.format(" (wire XOR pad_%s)",
					    k.owner:lower()))
		t:set_generated()
		t:add(pf.key_owner, range, k.owner):set_generated()
		local token = be32(sha256(k.real), 1)
		t:add(pf.token_real, range, token):set_generated()
	end
end

-- Decrypts (when the key is known) and adds the tree of one segment.
local function show(tvb, tree, pinfo, seg, r)
	local base_off = seg.off + 20
	local poff = seg.off + seg.hlen
	if not (seg.secopt or seg.eno or #r.keys > 0 or r.unprotected) then
		return	-- a segment of the 4-tuple with nothing of MPTCPsec
	end
	local t = tree:add(mptcpsec, tvb(seg.off, seg.hlen))
	-- the value is "i>r" or "r>i"; the text adds A and B on an initial
	-- subflow
	local short = r.dir == "i2r" and "i>r" or "r>i"
	local text = DIR_NAMES[r.dir]
	if r.initial then
		text = (r.dir == "i2r" and "A>B, " or "B>A, ") .. text
	end
	if r.flow_roles == "guess" then
		text = text .. ", roles guessed (no SYN, not in the key log)"
	end
	local di = t:add(pf.dir, short)
	di:set_text(string.format("Direction: %s (%s)", short, text))
	di:set_generated()
	if r.sid then
		t:add(pf.session, r.sid):set_generated()
	end
	local info = {}
	if seg.malformed then
		t:add_proto_expert_info(ef.malformed,
			"Malformed TCP option area (option length)")
	end
	if seg.eno then
		add_eno(t, tvb, seg, base_off)
	end
	if seg.syn and seg.payload and #seg.payload > 0 and
	   (seg.eno or seg.secopt) then
		local suite = seg.eno and seg.eno.len >= 3 and
			      sbyte(seg.area, seg.eno.off + 3) or nil
		add_share(t, tvb, seg, poff, suite)
		info[#info + 1] = seg.has_ack and "answer share" or "offer share"
	end
	if seg.secopt then
		add_secopt(t, tvb, seg, r, base_off)
		if r.pn then
			info[#info + 1] = string.format("PN=%.0f K=%d", r.pn,
							r.gen % 2)
		end
		if r.tag_ok == false then
			info[#info + 1] = "BAD TAG"
		end
	elseif r.unprotected then
		t:add_proto_expert_info(ef.unprotected)
	end
	add_keys(t, tvb, seg, r, base_off)

	if r.pn and not r.sid and not r.join_syn then
		t:add_proto_expert_info(ef.no_key)
	end
	-- payload: plaintext for every protected segment but SYN and SYN-ACK
	if r.key and not seg.syn and seg.payload and #seg.payload > 0 then
		local plain = aead_decrypt(r.key, r.pn, seg.payload)
		local ptvb = ByteArray.new(plain, true):tvb(
			"Decrypted MPTCPsec payload")
		t:add(pf.plaintext, ptvb:range())
		info[#info + 1] = string.format("%d bytes decrypted", #plain)
	end
	if #info > 0 then
		pinfo.cols.info:append(" [MPTCPsec " .. concat(info, ", ") .. "]")
	end
end

------------------------------------------------------------------------------
-- Postdissector
------------------------------------------------------------------------------

-- The addresses (hex of their bytes) of the IP layer of the TCP header at
-- @off: the last IP layer before it or, when the TCP header lies in another
-- data source (a reassembled IP datagram), the last IP layer.
local function addresses(off)
	local best, last = { offset = -1 }, { offset = -1 }
	for _, pair in ipairs({ { fields.ip_src, fields.ip_dst },
				{ fields.ip6_src, fields.ip6_dst } }) do
		local srcs, dsts = { pair[1]() }, { pair[2]() }
		for i, s in ipairs(srcs) do
			local d = dsts[i]
			if d and s.offset < off and s.offset > best.offset then
				best = { offset = s.offset, src = s, dst = d }
			end
			if d and s.offset > last.offset then
				last = { offset = s.offset, src = s, dst = d }
			end
		end
	end
	local ip = best.src and best or last
	if not ip.src then
		return nil
	end
	return canon_addr(ip.src.range:raw()), canon_addr(ip.dst.range:raw())
end

function mptcpsec.dissector(tvb, pinfo, tree)
	local ports = { fields.srcport() }
	if #ports == 0 then
		return
	end
	keylog_refresh(mptcpsec.prefs.keylog_file, false)
	local lens = { fields.tcp_len() }
	local cache = frames[pinfo.number]
	local first = cache == nil
	if first then
		cache = {}
	end
	for i, fi in ipairs(ports) do
		local src_tvb, off = fi.source, fi.offset
		local plen
		for _, l in ipairs(lens) do
			if l.offset == off then
				plen = l.value
			end
		end
		local src, dst = addresses(off)
		local seg = plen and src and read_segment(src_tvb, off, plen,
							   src, dst)
		if seg then
			local r
			if first then
				r = analyze(seg)
				cache[i] = r or false
			else
				r = cache[i]
			end
			if r then
				show(src_tvb, tree, pinfo, seg, r)
			end
		end
	end
	if first then
		frames[pinfo.number] = cache
	end
end

register_postdissector(mptcpsec)
