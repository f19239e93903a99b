#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""An ISN-randomising middlebox on NFQUEUE, for the VM tests.

  isn_rewrite.py [--queue N] [--seed S]

Run it in a router namespace whose forward chain queues TCP to queue N
(nftables: "meta l4proto tcp queue num N"; no "bypass", so nothing passes
unrewritten while the program is not bound). Like a firewall that
randomises initial sequence numbers, it picks two random 32-bit shifts
per connection when it sees the connection's first SYN (the side that
sent it is the client), and rewrites every segment of the connection
consistently, in both directions:

  client -> server: seq += shift_c; ack -= shift_s; SACK edges -= shift_s
  server -> client: seq += shift_s; ack -= shift_c; SACK edges -= shift_c

so each end sees the other's sequence space shifted by a constant, and its
own acknowledged correctly. SACK blocks (option kind 5) are translated like
the acknowledgment number, as a correct middlebox must. The TCP checksum
is updated incrementally (RFC 1624); the kernel hands queued packets over
with a complete checksum (it resolves CHECKSUM_PARTIAL and segments GSO
packets before queueing, since the queue is not configured with
NFQA_CFG_F_GSO). Segments of connections whose SYN it did not see pass
unchanged. IPv4 and IPv6 (no extension headers).

Output, one JSON line each, flushed: {"ready": QUEUE} once bound; per new
connection {"conn": "SRC:PORT>DST:PORT", "shift_c": N, "shift_s": N};
on SIGTERM or SIGINT a summary {"packets": N, "rewritten": N,
"sack_blocks": N, "conns": N, "untracked": N} before exiting 0.

Python 3 standard library only (raw netfilter netlink). Root
(CAP_NET_ADMIN) in the router namespace.
"""

import argparse
import errno
import ipaddress
import json
import random
import signal
import socket
import struct
import sys

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET = 0
NFQNL_MSG_VERDICT = 1
NFQNL_MSG_CONFIG = 2
NFQA_PACKET_HDR = 1
NFQA_VERDICT_HDR = 2
NFQA_PAYLOAD = 10
NFQA_CFG_CMD = 1
NFQA_CFG_PARAMS = 2
NFQA_CFG_QUEUE_MAXLEN = 3
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_PACKET = 2
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLMSG_ERROR = 2
NF_ACCEPT = 1

TCP_SYN = 0x02
TCP_ACK = 0x10
TCPOPT_EOL = 0
TCPOPT_NOP = 1
TCPOPT_SACK = 5

M32 = 0xFFFFFFFF


def nla(atype, data):
    """One netlink attribute, padded to 4 bytes."""
    hdr = struct.pack("=HH", 4 + len(data), atype)
    return hdr + data + b"\0" * (-len(data) % 4)


def nfq_msg(msg, queue, attrs, flags=NLM_F_REQUEST, seq=0):
    """A netfilter-queue message: nlmsghdr, nfgenmsg (AF_UNSPEC, v0, queue)."""
    body = struct.pack("!BBH", socket.AF_UNSPEC, 0, queue) + attrs
    return struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | msg,
                       flags, seq, 0) + body


def parse_attrs(buf, off):
    attrs = {}
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("=HH", buf, off)
        if alen < 4:
            break
        attrs[atype & 0x3FFF] = buf[off + 4:off + alen]
        off += (alen + 3) & ~3
    return attrs


def csum_replace32(csum, old, new):
    """RFC 1624 eqn. 3 for one 32-bit word: HC' = ~(~HC + ~m + m')."""
    s = ~csum & 0xFFFF
    for o, n in ((old >> 16, new >> 16), (old & 0xFFFF, new & 0xFFFF)):
        s += (~o & 0xFFFF) + n
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


class Rewriter:
    def __init__(self, rng):
        self.rng = rng
        self.conns = {}  # (src, sport, dst, dport) of client->server: shifts
        self.stats = {"packets": 0, "rewritten": 0, "sack_blocks": 0,
                      "conns": 0, "untracked": 0}

    def _shift(self):
        return self.rng.randrange(1, 1 << 32)

    def rewrite(self, pkt):
        """Return the rewritten packet (bytearray) or None to pass it as is."""
        self.stats["packets"] += 1
        ver = pkt[0] >> 4
        if ver == 4:
            ihl = (pkt[0] & 0x0F) * 4
            if pkt[9] != socket.IPPROTO_TCP or struct.unpack_from("!H", pkt, 6)[0] & 0x3FFF:
                return None  # not TCP, or a fragment
            src, dst, t = bytes(pkt[12:16]), bytes(pkt[16:20]), ihl
        elif ver == 6:
            if pkt[6] != socket.IPPROTO_TCP:
                return None
            src, dst, t = bytes(pkt[8:24]), bytes(pkt[24:40]), 40
        else:
            return None
        if len(pkt) < t + 20:
            return None
        sport, dport, seq, ack = struct.unpack_from("!HHII", pkt, t)
        doff = (pkt[t + 12] >> 4) * 4
        flags = pkt[t + 13]
        if doff < 20 or len(pkt) < t + doff:
            return None
        fwd = (src, sport, dst, dport)
        rev = (dst, dport, src, sport)
        if flags & TCP_SYN and not flags & TCP_ACK and fwd not in self.conns:
            self.conns[fwd] = (self._shift(), self._shift())
            self.stats["conns"] += 1
            emit({"conn": "%s:%d>%s:%d" % (ipaddress.ip_address(src), sport,
                                          ipaddress.ip_address(dst), dport),
                  "shift_c": self.conns[fwd][0], "shift_s": self.conns[fwd][1]})
        if fwd in self.conns:
            own, peer = self.conns[fwd]
        elif rev in self.conns:
            peer, own = self.conns[rev]
        else:
            self.stats["untracked"] += 1
            return None
        pkt = bytearray(pkt)
        csum = struct.unpack_from("!H", pkt, t + 16)[0]
        words = [(t + 4, own)]
        if flags & TCP_ACK:
            words.append((t + 8, -peer))
        opt, end = t + 20, t + doff
        while opt < end:
            kind = pkt[opt]
            if kind == TCPOPT_EOL:
                break
            if kind == TCPOPT_NOP:
                opt += 1
                continue
            if opt + 1 >= end or pkt[opt + 1] < 2 or opt + pkt[opt + 1] > end:
                break  # malformed: leave the rest alone
            olen = pkt[opt + 1]
            if kind == TCPOPT_SACK:
                for edge in range(opt + 2, opt + olen - 7, 8):
                    words.append((edge, -peer))
                    words.append((edge + 4, -peer))
                    self.stats["sack_blocks"] += 1
            opt += olen
        for off, delta in words:
            old = struct.unpack_from("!I", pkt, off)[0]
            new = (old + delta) & M32
            struct.pack_into("!I", pkt, off, new)
            csum = csum_replace32(csum, old, new)
        struct.pack_into("!H", pkt, t + 16, csum)
        self.stats["rewritten"] += 1
        return pkt


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def config(sock, queue, attrs):
    sock.send(nfq_msg(NFQNL_MSG_CONFIG, queue, attrs, NLM_F_REQUEST | NLM_F_ACK))
    buf = sock.recv(4096)
    mlen, mtype = struct.unpack_from("=IH", buf, 0)
    if mtype == NLMSG_ERROR:
        err = -struct.unpack_from("=i", buf, 16)[0]
        if err:
            raise OSError(err, "nfqueue config: " + errno.errorcode.get(err, str(err)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queue", type=int, default=0)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()

    rw = Rewriter(random.Random(args.seed) if args.seed is not None
                  else random.SystemRandom())
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)  # SO_RCVBUFFORCE
    sock.bind((0, 0))
    config(sock, args.queue, nla(NFQA_CFG_CMD, struct.pack("!BBH", NFQNL_CFG_CMD_BIND, 0, 0)))
    config(sock, args.queue, nla(NFQA_CFG_PARAMS, struct.pack("!IB", 0xFFFF, NFQNL_COPY_PACKET)))
    config(sock, args.queue, nla(NFQA_CFG_QUEUE_MAXLEN, struct.pack("!I", 4096)))

    def stop(_sig, _frame):
        emit(rw.stats)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    emit({"ready": args.queue})

    while True:
        try:
            buf = sock.recv(1 << 17)
        except OSError as e:
            if e.errno == errno.ENOBUFS:  # the kernel dropped some: TCP repairs
                continue
            raise
        off = 0
        while off + 16 <= len(buf):
            mlen, mtype = struct.unpack_from("=IH", buf, off)
            if mlen < 16:
                break
            if mtype == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
                attrs = parse_attrs(buf[off:off + mlen], 20)
                pid = struct.unpack_from("!I", attrs[NFQA_PACKET_HDR], 0)[0]
                new = rw.rewrite(attrs.get(NFQA_PAYLOAD, b""))
                va = nla(NFQA_VERDICT_HDR, struct.pack("!II", NF_ACCEPT, pid))
                if new is not None:
                    va += nla(NFQA_PAYLOAD, bytes(new))
                sock.send(nfq_msg(NFQNL_MSG_VERDICT, args.queue, va))
            off += (mlen + 3) & ~3


if __name__ == "__main__":
    main()
