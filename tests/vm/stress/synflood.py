#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""SYN floods of tests/vm/stress/bounds.sh, sent as fast as a raw socket
takes them. SYN i comes from 10.100.(i >> 8).(i & 255), source port
20000 + i % 40000, its own sequence number.

  synflood.py recorded PCAP N       N copies of the IPv4 SYN recorded in
                                    PCAP (one Ethernet frame), with real
                                    key share and options
  synflood.py join TOKEN DST PORT N N MP_JOIN SYNs naming TOKEN (hex) to
                                    DST:PORT; the odd ones carry an
                                    MPTCPsec option with a random tag
"""
import os
import socket
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def source(i):
    """Address, port and sequence number of SYN i."""
    return (bytes([10, 100, (i >> 8) & 255, i & 255]), 20000 + i % 40000,
            (i * 2654435761) & 0xffffffff)


def with_csums(ip, ihl):
    """ip (bytearray) with its IP and TCP checksums computed."""
    ip[10:12] = b'\0\0'
    ip[10:12] = struct.pack('!H', csum(bytes(ip[:ihl])))
    tcp = ip[ihl:]
    tcp[16:18] = b'\0\0'
    ph = bytes(ip[12:20]) + struct.pack('!BBH', 0, 6, len(tcp))
    tcp[16:18] = struct.pack('!H', csum(ph + bytes(tcp)))
    ip[ihl:] = tcp
    return bytes(ip)


def recorded(path, n):
    raw = open(path, 'rb').read()
    pkt = bytearray(raw[24 + 16 + 14:])          # pcap and record headers, Ethernet
    pkt = pkt[:struct.unpack('!H', pkt[2:4])[0]]
    ihl = (pkt[0] & 15) * 4
    for i in range(n):
        src, sport, seq = source(i)
        pkt[12:16] = src
        pkt[ihl:ihl + 2] = struct.pack('!H', sport)
        pkt[ihl + 4:ihl + 8] = struct.pack('!I', seq)
        yield with_csums(pkt, ihl)


def join(token, dst, port, n):
    dst = socket.inet_aton(dst)
    for i in range(n):
        src, sport, seq = source(i)
        # MP_JOIN SYN: subtype 1, address ID 1, the receiver's token, a nonce
        opts = struct.pack('!BBBBI', 30, 12, 0x10, 1, token) + os.urandom(4)
        if i % 2:
            # kind 253, ExID, key phase 0 and a PN, a random 64-bit tag
            opts += struct.pack('!BBHH', 253, 14, 0x4d53, i & 0x7fff) + \
                os.urandom(8) + b'\1\1'
        tcp = struct.pack('!HHIIBBHHH', sport, port, seq, 0,
                          (20 + len(opts)) // 4 << 4, 0x02, 64240, 0, 0) + opts
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), i & 0xffff, 0,
                         64, 6, 0, src, dst)
        yield with_csums(bytearray(ip + tcp), 20)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == 'recorded':
        pkts = recorded(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 6 and sys.argv[1] == 'join':
        pkts = join(int(sys.argv[2], 16), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        sys.exit(__doc__)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for p in pkts:
        s.sendto(p, (socket.inet_ntoa(p[16:20]), 0))


if __name__ == '__main__':
    main()
