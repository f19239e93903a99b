#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fixture of the Wireshark dissector test (tests/unit/dissector.sh).

Writes, into the directory given as the only argument:

  capture.pcap      an Ethernet capture of one MPTCPsec connection built from
                    the test vectors of docs/PROTOCOL.md section 11: its
                    initial IPv4 subflow (1-8: handshake, the data segment
                    of 11.6, segments across a 15-bit PN wrap and a key
                    update) and an IPv6 MP_JOIN subflow (9-13, keys of 11.4)
                    closed by an MP_FASTCLOSE reset; then frames of the
                    initial subflow on other ports of A: 14-17 with wrong
                    keys in the key log, 18-21 not in it, 22-26 without
                    their handshake
  keylog.txt        the matching key log (the format mptcpsecctl keylog
                    writes) among malformed, unknown and CRLF lines
  keylog-clean.txt  the same records alone
  expected.txt      NAME=VALUE lines: values the test compares the
                    dissector's output with (hex, lowercase)

Every segment is protected as PROTOCOL.md section 6 specifies, with a
ChaCha20-Poly1305 written here from RFC 8439 (no library), independent of
the dissector's Lua one. The generator checks that it reproduces the key
update of 11.4, the tag of 11.5 and the 11.6 segment byte for byte before
writing anything.
Python 3 standard library only.
"""

import hashlib
import hmac
import os
import struct
import sys

# ---------------------------------------------------------------------------
# Section 11 values (11.2 without a PSK, 11.4 join and key update, 11.6)
# ---------------------------------------------------------------------------
H = bytes.fromhex
SESSION_ID = H("a4bcc64d7e031c4606eeeff55b3ec3e3")
PAD_A = H("3096419c7fbe3be6")
PAD_B = H("71c8bc44fe7bc224")
JOIN_KEY = H("ac05bfee9c1c0daf505cae7837d37b20a797ae1cc38832285e1a9b3297c1e3c7")
K_AB = H("32e262d26c31308c8d1c39bd8b6f42b4a6d70408b4a298044b54d60acbcac3ec")
K_BA = H("409bd29a2509a474c087beb221d6cb9c82c6023d7586ce6d7aabd31402eb5a1c")
K_IR = H("b3e1958e9f00f15c6fe7d48e98fcd7d9416e1f250eb672ca4e5276bfd49e8619")
K_RI = H("066eed93a11310be2f7b803674fe5cace2dc75196e9ff78a9f052846aca2435d")
K_AB_NEXT = H("63813f3b44f3f1426889fdfe60961289185a58d7790c55a09fb0f558c599f635")
R_I = H("01020304")
R_R = H("05060708")
A_PUB = H("8f40c5adb68f25624ae5b214ea767a6ec94d829d3d7b5e1ad1ba6f3e2138285f")
B_PUB = H("358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254")
ENO = H("45035a")
ISN_A = 0x11223344
ISN_B = 0xA0B0C0D0
SEG_11_6 = H(
    "9c401451112238d1a0b0c0d1f01801f5000000001e1a200f0102030405060708"
    "11121314151617180000058d0040fd0e4d5300075a2241c090612f65af4453ae"
    "ba4cfd940a5845ed073a63a1b96cf727ddb98f5ac5b94d975f7d1203019f58a2"
    "e4fa66dd8fe03cf5854158708a24eedf2697a511927efa23d24aa0b1")

# The real MPTCP keys of the two hosts (any values: section 11 has none).
KEY_A = H("1a2b3c4d5e6f7081")
KEY_B = H("9f8e7d6c5b4a3928")

# Hosts: A and B on the initial IPv4 subflow, A (2001:db8::1) joining B
# (2001:db8:0:1::2) over IPv6.
A4, B4 = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
A6 = H("20010db8000000000000000000000001")
B6 = H("20010db8000000010000000000000002")
PORT_A, PORT_B, PORT_J = 40000, 5201, 40001
PORT_WRONG, PORT_NOKEY, PORT_LATE = 40002, 40003, 40004
ISN_I, ISN_R = 0x01000000, 0xFFFFFF00     # the join's ISNs (R's wraps)


# ---------------------------------------------------------------------------
# ChaCha20-Poly1305 (RFC 8439), HKDF-Expand
# ---------------------------------------------------------------------------
def _rotl(v, n):
    return ((v << n) | (v >> (32 - n))) & 0xFFFFFFFF


def chacha20_block(key, counter, nonce):
    """One 64-byte key stream block (RFC 8439 section 2.3)."""
    state = ([0x61707865, 0x3320646E, 0x79622D32, 0x6B206574] +
             list(struct.unpack("<8I", key)) + [counter] +
             list(struct.unpack("<3I", nonce)))
    x = list(state)

    def qr(a, b, c, d):
        x[a] = (x[a] + x[b]) & 0xFFFFFFFF
        x[d] = _rotl(x[d] ^ x[a], 16)
        x[c] = (x[c] + x[d]) & 0xFFFFFFFF
        x[b] = _rotl(x[b] ^ x[c], 12)
        x[a] = (x[a] + x[b]) & 0xFFFFFFFF
        x[d] = _rotl(x[d] ^ x[a], 8)
        x[c] = (x[c] + x[d]) & 0xFFFFFFFF
        x[b] = _rotl(x[b] ^ x[c], 7)

    for _ in range(10):
        qr(0, 4, 8, 12)
        qr(1, 5, 9, 13)
        qr(2, 6, 10, 14)
        qr(3, 7, 11, 15)
        qr(0, 5, 10, 15)
        qr(1, 6, 11, 12)
        qr(2, 7, 8, 13)
        qr(3, 4, 9, 14)
    return struct.pack("<16I", *[(x[i] + state[i]) & 0xFFFFFFFF
                                 for i in range(16)])


def chacha20_xor(key, counter, nonce, data):
    out = bytearray()
    for i in range(0, len(data), 64):
        ks = chacha20_block(key, counter + i // 64, nonce)
        out += bytes(a ^ b for a, b in zip(data[i:i + 64], ks))
    return bytes(out)


def poly1305(key, msg):
    r = int.from_bytes(key[:16], "little") & 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF
    s = int.from_bytes(key[16:], "little")
    p = (1 << 130) - 5
    acc = 0
    for i in range(0, len(msg), 16):
        block = msg[i:i + 16] + b"\x01"
        acc = (acc + int.from_bytes(block, "little")) * r % p
    return ((acc + s) & ((1 << 128) - 1)).to_bytes(16, "little")


def _pad16(b):
    return b"\x00" * (-len(b) % 16)


def nonce_of(pn):
    """Section 6.3: 00 00 00 00 || PN (8 bytes, big-endian)."""
    return b"\x00" * 4 + struct.pack(">Q", pn)


def seal(key, pn, ad, plaintext):
    """RFC 8439 2.8 AEAD; returns (ciphertext, the 8-byte tag of 6.3)."""
    nonce = nonce_of(pn)
    otk = chacha20_block(key, 0, nonce)[:32]
    ct = chacha20_xor(key, 1, nonce, plaintext)
    mac = (ad + _pad16(ad) + ct + _pad16(ct) +
           struct.pack("<QQ", len(ad), len(ct)))
    return ct, poly1305(otk, mac)[:8]


def hkdf_expand32(prk, info):
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


# ---------------------------------------------------------------------------
# TCP segments protected as in section 6
# ---------------------------------------------------------------------------
ACK, PSH, RST, SYN = 0x10, 0x08, 0x04, 0x02


def secopt(kp, pn, tag=b"\x00" * 8):
    """The MPTCPsec option of section 6.1."""
    return struct.pack(">BBHH", 253, 14, 0x4D53,
                       (kp << 15) | (pn & 0x7FFF)) + tag


def pad_options(opts):
    return opts + b"\x01" * (-len(opts) % 4)


def tcp_header(sport, dport, seq, ack, flags, optlen, window=501):
    return struct.pack(">HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF,
                       ack & 0xFFFFFFFF, (20 + optlen) // 4 << 4, flags,
                       window, 0, 0)


def ad_options(opts, isn_rcv):
    """Section 6.5: tag bytes zeroed, SACK edges relative to ISN_receiver."""
    out = bytearray(opts)
    i = 0
    while i < len(opts):
        kind = opts[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        olen = opts[i + 1]
        if kind == 253 and olen == 14 and opts[i + 2:i + 4] == b"\x4d\x53":
            out[i + 6:i + 14] = bytes(8)
        elif kind == 5:
            for j in range(i + 2, i + olen, 4):
                edge = struct.unpack(">I", opts[j:j + 4])[0]
                out[j:j + 4] = struct.pack(">I", (edge - isn_rcv) & 0xFFFFFFFF)
        i += olen
    return bytes(out)


def ad_header(th, isn_snd, isn_rcv):
    seq, ack = struct.unpack(">II", th[4:12])
    rel_ack = (ack - isn_rcv) & 0xFFFFFFFF if th[13] & ACK else 0
    return (b"\x00" * 4 + struct.pack(">II", (seq - isn_snd) & 0xFFFFFFFF,
                                      rel_ack) + th[12:16] + b"\x00\x00" +
            th[18:20])


def protect(key, pn, kp, sport, dport, seq, ack, flags, opts, plaintext,
            isn_snd, isn_rcv, extra=b""):
    """A protected segment: @opts get the MPTCPsec option appended.

    For the SYN-ACK, @plaintext is empty and @extra is its key share,
    which is sent in clear and authenticated (section 6.5)."""
    area = pad_options(opts + secopt(kp, pn))
    th = tcp_header(sport, dport, seq, ack, flags, len(area))
    ad = ad_header(th, isn_snd, isn_rcv) + ad_options(area, isn_rcv) + extra
    ct, tag = seal(key, pn, ad, plaintext)
    off = len(opts) + 6
    area = area[:off] + tag + area[off + 8:]
    return th + area + (extra if extra else ct)


def plain_segment(sport, dport, seq, ack, flags, opts, payload):
    area = pad_options(opts)
    return tcp_header(sport, dport, seq, ack, flags, len(area)) + area + payload


def share(typ, nonce_byte, pub):
    """Section 3: version 1, length 70, suite 0x5a, no flag, no extension."""
    return bytes([1, typ, 0, 70, 0x5A, 0]) + bytes([nonce_byte]) * 32 + pub


def xor8(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def dss(data_ack=None, dsn=None, ssn=0, dlen=0):
    """RFC 8684 DSS with 64-bit data ACK and/or mapping, no checksum."""
    flags, body = 0, b""
    if data_ack is not None:
        flags |= 0x03
        body += struct.pack(">Q", data_ack)
    if dsn is not None:
        flags |= 0x0C
        body += struct.pack(">QIH", dsn, ssn, dlen)
    return bytes([30, 4 + len(body), 0x20, flags]) + body


# ---------------------------------------------------------------------------
# Link and network layers, pcap
# ---------------------------------------------------------------------------
def csum(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def with_tcp_checksum(seg, pseudo):
    seg = seg[:16] + b"\x00\x00" + seg[18:]
    c = csum(pseudo + seg)
    return seg[:16] + struct.pack(">H", c) + seg[18:]


def ipv4(src, dst, seg, ident):
    seg = with_tcp_checksum(seg, src + dst + struct.pack(">BBH", 0, 6,
                                                         len(seg)))
    hdr = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(seg), ident, 0x4000,
                      64, 6, 0, src, dst)
    hdr = hdr[:10] + struct.pack(">H", csum(hdr)) + hdr[12:]
    return b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00" + \
        hdr + seg


def ipv6(src, dst, seg):
    seg = with_tcp_checksum(seg, src + dst + struct.pack(">IxxxB", len(seg),
                                                         6))
    hdr = struct.pack(">IHBB16s16s", 0x60000000, len(seg), 6, 64, src, dst)
    return b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x86\xdd" + \
        hdr + seg


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(fr), len(fr)))
            f.write(fr)


# ---------------------------------------------------------------------------
def self_check():
    """Reproduce 11.4 (key update), 11.5 and 11.6 before using the code."""
    if hkdf_expand32(K_AB, b"mptcpsec1 key update") != K_AB_NEXT:
        sys.exit("gen_capture: key update differs from 11.4")
    ct, tag = seal(K_AB, 5, b"\x11" * 20 + b"\x22" * 8,
                   b"mptcpsec test vector: 48 bytes of payload data!!")
    if tag != H("3ffc8cabd45b207d") or ct[:4] != H("b31b785f"):
        sys.exit("gen_capture: AEAD differs from 11.5")
    seg = protect(K_AB, 7, 0, PORT_A, PORT_B, ISN_A + 1421, ISN_B + 1,
                  ACK | PSH, dss(0x0102030405060708, 0x1112131415161718,
                                 1421, 64), bytes(range(64)), ISN_A, ISN_B)
    if seg != SEG_11_6:
        sys.exit("gen_capture: segment differs from 11.6")
    return seg


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_capture.py OUTDIR")
    out = sys.argv[1]
    seg_11_6 = self_check()
    k_ba_next = hkdf_expand32(K_BA, b"mptcpsec1 key update")
    k_js = hkdf_expand32(JOIN_KEY, b"mptcpsec1 join syn a>b")
    token_b = hashlib.sha256(KEY_B).digest()[:4]
    share_syn, share_synack = share(1, 0xA0, A_PUB), share(2, 0xB0, B_PUB)
    mss_sack_ws = H("020405b4" "0402" "01" "030307")
    frames, expected = [], {}

    initial = []        # the TCP segments of the initial subflow

    def v4(seg, from_a):
        src, dst = (A4, B4) if from_a else (B4, A4)
        frames.append(ipv4(src, dst, seg, len(frames) + 1))
        initial.append((seg, from_a))

    def copy(segs, port):
        """Frames of @segs on A's port @port: ports are not authenticated
        (section 6.5), so tags stay valid for the right keys."""
        for seg, from_a in segs:
            p = struct.pack(">H", port)
            seg = p + seg[2:] if from_a else seg[:2] + p + seg[4:]
            src, dst = (A4, B4) if from_a else (B4, A4)
            frames.append(ipv4(src, dst, seg, len(frames) + 1))

    def v6(seg, from_i):
        src, dst = (A6, B6) if from_i else (B6, A6)
        frames.append(ipv6(src, dst, seg))

    def text(name, s):
        expected[name] = s.encode().hex()
        return s.encode()

    # 1: A's SYN: MP_CAPABLE v1 (flags H), ENO, the offer share as payload.
    v4(plain_segment(PORT_A, PORT_B, ISN_A, 0, SYN,
                     mss_sack_ws + H("1e040101") + ENO, share_syn), True)
    # 2: B's SYN-ACK: Key-B hidden, ENO, PN 0 of b>a, the answer share.
    v4(protect(K_BA, 0, 0, PORT_B, PORT_A, ISN_B, ISN_A + 1, SYN | ACK,
               mss_sack_ws + H("1e0c0101") + xor8(KEY_B, PAD_B) + ENO, b"",
               ISN_B, ISN_A, extra=share_synack), False)
    # 3: A's third ACK: both keys hidden, ENO, PN 0 of a>b.
    v4(protect(K_AB, 0, 0, PORT_A, PORT_B, ISN_A + 1, ISN_B + 1, ACK,
               H("1e140101") + xor8(KEY_A, PAD_A) + xor8(KEY_B, PAD_B) + ENO,
               b"", ISN_A, ISN_B), True)
    # 4: the data segment of 11.6 (PN 7 of a>b).
    v4(seg_11_6, True)
    # 5-8: b>a across the 15-bit wrap of the PN field, with a key update:
    # 5 PN 32766 phase 0; 6 PN 32770 phase 1 (K_ba'); 7 PN 32769 phase 0,
    # a late segment under the previous key; 8 PN 32771 phase 1 with a
    # SACK block (its edges enter the AD relative to ISN_A).
    seq_b = ISN_B + 1
    for pn, kp, key, name, s in (
            (32766, 0, K_BA, "pt5", "b>a phase 0, PN 32766"),
            (32770, 1, k_ba_next, "pt6", "b>a phase 1 after the key update"),
            (32769, 0, K_BA, "pt7", "late b>a segment under the old key")):
        v4(protect(key, pn, kp, PORT_B, PORT_A, seq_b, ISN_A + 1485,
                   ACK | PSH, dss(0x1112131415161758), text(name, s),
                   ISN_B, ISN_A), False)
        seq_b += len(s)
    sack = H("0101050a") + struct.pack(">II", ISN_A + 2000, ISN_A + 3000)
    v4(protect(k_ba_next, 32771, 1, PORT_B, PORT_A, seq_b, ISN_A + 1485,
               ACK, sack + dss(0x1112131415161758), text("pt8", "sack"),
               ISN_B, ISN_A), False)

    # 9: the join SYN, IPv6, A to B: MP_JOIN (token of Key-B, R_i), its
    # tag under K_js (join SYN key, not in the key log), PN 0, ISN_I.
    v6(protect(k_js, 0, 0, PORT_J, PORT_B, ISN_I, 0, SYN,
               H("1e0c1001") + token_b + R_I, b"", ISN_I, 0), True)
    # 10: join SYN-ACK (truncated HMAC, R_r), PN 0 of r>i under K_ri.
    v6(protect(K_RI, 0, 0, PORT_B, PORT_J, ISN_R, ISN_I + 1, SYN | ACK,
               H("1e101001") + H("0102030405060708") + R_R, b"", ISN_R,
               ISN_I), False)
    # 11: join third ACK (20-byte HMAC), PN 0 of i>r under K_ir.
    v6(protect(K_IR, 0, 0, PORT_J, PORT_B, ISN_I + 1, ISN_R + 1, ACK,
               H("1e181000") + bytes(range(20)), b"", ISN_I, ISN_R), True)
    # 12: data i>r, PN 1 (the relative ack crosses R's ISN wrap).
    s12 = text("pt12", "data on the IPv6 join subflow")
    v6(protect(K_IR, 1, 0, PORT_J, PORT_B, ISN_I + 1, ISN_R + 1, ACK | PSH,
               dss(0x1112131415161800, 0x0102030405060748, 1, len(s12)), s12,
               ISN_I, ISN_R), True)
    # 13: i>r reset with MP_FASTCLOSE: the receiver's key (B's) hidden.
    v6(protect(K_IR, 2, 0, PORT_J, PORT_B, ISN_I + 1 + len(s12), ISN_R + 1,
               RST | ACK, H("1e0c7000") + xor8(KEY_B, PAD_B), b"", ISN_I,
               ISN_R), True)

    # 14-17: handshake and 11.6 segment again, on port 40002, whose key
    # log records (another session) have one bit of every pad and key
    # flipped; 18-21: the same on port 40003, not in the key log; 22-26:
    # frames 4-8 on port 40004, logged, without their handshake.
    copy(initial[:4], PORT_WRONG)
    copy(initial[:4], PORT_NOKEY)
    copy(initial[3:8], PORT_LATE)
    write_pcap(os.path.join(out, "capture.pcap"), frames)

    def flip(b):
        return (bytes([b[0] ^ 1]) + b[1:]).hex()

    sid, sid2 = SESSION_ID.hex(), flip(SESSION_ID)
    v4_line = "SUBFLOW %s 10.0.0.1 %d 10.0.0.2 %d %s %s"
    good = [
        "CONN %s %s %s" % (sid, PAD_A.hex(), PAD_B.hex()),
        v4_line % (sid, PORT_A, PORT_B, K_AB.hex(), K_BA.hex()),
        "SUBFLOW %s 2001:db8::1 %d 2001:db8:0:1::2 %d %s %s" % (
            sid, PORT_J, PORT_B, K_IR.hex(), K_RI.hex()),
        "CONN %s %s %s" % (sid2, flip(PAD_A), flip(PAD_B)),
        v4_line % (sid2, PORT_WRONG, PORT_B, flip(K_AB), flip(K_BA)),
        v4_line % (sid, PORT_LATE, PORT_B, K_AB.hex(), K_BA.hex()),
    ]
    with open(os.path.join(out, "keylog-clean.txt"), "w") as f:
        f.write("# mptcpsec key log\n" + "\n".join(good) + "\n")

    # The same records among malformed and unknown lines. Those after the
    # good records would replace them, were they accepted.
    garbage = [
        "# comment",
        "",
        "   ",
        "CONN",
        "CONN zz%s %s %s" % (sid[2:], PAD_A.hex(), PAD_B.hex()),
        "CONN %s %s" % (sid, PAD_A.hex()),
        "SUBFLOW %s 10.0.0.1 %d 10.0.0.2" % (sid, PORT_A),
        v4_line % (sid, 99999, PORT_B, K_AB.hex(), K_BA.hex()),
        v4_line.replace("10.0.0.1", "10.0.0.300") % (
            sid, PORT_A, PORT_B, "00" * 32, "00" * 32),
        v4_line % (sid, PORT_A, PORT_B, "0g" * 32, K_BA.hex()),
        "SUBFLOW %s 2001:db8:::1 %d 2001:db8:0:1::2 %d %s %s" % (
            sid, PORT_J, PORT_B, "00" * 32, "00" * 32),
        "SUBFLOW %s 2001:db8::1 %d 2001:db8:0:1::2 %d %s %s" % (
            sid, PORT_J, PORT_B, "00" * 33, "00" * 31),
        "CONN %s %s %s extra" % (sid, "00" * 8, "00" * 8),
        "CLIENT_RANDOM 00112233 44556677",
        "\x00\x01\x02\xff binary",
        "x" * 5000,
    ]
    with open(os.path.join(out, "keylog.txt"), "w", newline="") as f:
        f.write("\n".join(garbage[:8]) + "\n")
        f.write("\r\n".join(good) + "\r\n")     # CRLF line ends
        f.write("\n".join(garbage[8:]))         # no final newline

    expected.update({
        "key_a": KEY_A.hex(), "key_b": KEY_B.hex(),
        "token_a": hashlib.sha256(KEY_A).digest()[:4].hex(),
        "token_b": token_b.hex(),
    })
    with open(os.path.join(out, "expected.txt"), "w") as f:
        for k in sorted(expected):
            f.write("%s=%s\n" % (k, expected[k]))


if __name__ == "__main__":
    main()
