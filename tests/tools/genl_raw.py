#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hand-crafted, malformed generic netlink requests against "mptcpsec".

Resolves the family through nlctrl, then sends requests that a correct
client never sends (missing, unknown, mis-sized and out-of-range
attributes, broken nests, truncated headers, unknown commands, an
unprivileged caller) and checks that each one is refused with the expected
errno and, except where noted, an extended ACK message (NLMSGERR_ATTR_MSG).
A few well-formed requests check that the family still works afterwards and
that no malformed request left state behind. Prints TAP; exits 1 on any
failure.

usage: genl_raw.py [--expect-missing] [--strict-messages]
                   [--header uapi/linux/mptcpsec.h] [--family NAME]

  --expect-missing   only check that the family is NOT registered
  --strict-messages  also fail when the module's message differs from the
                     advisory wording in EXPECT below

Python 3 standard library only. Must run as root (CAP_NET_ADMIN); the
unprivileged case forks a child that drops to uid/gid 65534.
"""

import argparse
import errno
import os
import re
import socket
import struct
import sys

# --------------------------------------------------------------------------
# Expectations, one row per case: (accepted errnos, required, advisory)
#
#   required  substrings (any one, case-insensitive) that the extack message
#             must contain. Only used for messages of the kernel's own
#             attribute validation (lib/nlattr.c, strict genl parsing),
#             which the module does not write.
#   advisory  the module's wording as of this writing: a message without it
#             prints a "# note:" line, and fails only with --strict-messages.
#             Align the module's messages or this column, whichever is right.
#
# Every case also requires a non-empty extack message unless its errno is in
# NO_EXTACK (genetlink itself answers those before the module runs).
# --------------------------------------------------------------------------
E = errno
EXPECT = {
    # kernel attribute validation (strict parsing of every genl op)
    "unknown_top_attr":      ((E.EINVAL,), ("Unknown attribute type",), None),
    "foreign_top_attr":      ((E.EINVAL,), ("Unsupported attribute",), None),
    "unknown_nested_attr":   ((E.EINVAL,), ("Unknown attribute type",), None),
    "u8_as_4_bytes":         ((E.EINVAL,), ("length",), None),
    "u16_as_1_byte":         ((E.EINVAL,), ("length",), None),
    "nest_without_flag":     ((E.EINVAL,), ("NLA_F_NESTED",), None),
    "flag_on_non_nest":      ((E.EINVAL,), ("NLA_F_NESTED",), None),
    "nest_3_bytes":          ((E.EINVAL, E.ERANGE), ("policy validation",), None),
    "truncated_attr_header": ((E.EINVAL,), ("leftover",), None),
    "attr_past_message":     ((E.EINVAL,), ("leftover",), None),
    "mode_7":                ((E.ERANGE,), ("out of range",), None),
    "auth_7":                ((E.ERANGE,), ("out of range",), None),
    "prefixlen_129":         ((E.ERANGE,), ("out of range",), None),
    "secret_8_bytes":        ((E.ERANGE,), ("out of range",), None),
    "secret_65_bytes":       ((E.ERANGE,), ("out of range",), None),
    "key_name_32_chars":     ((E.EINVAL, E.ERANGE), ("policy validation",), None),
    "key_name_no_nul":       ((E.EINVAL, E.ERANGE), ("policy validation",), None),
    "stats_get_extra_attr":  ((E.EINVAL,),
                              ("Unsupported attribute", "Unknown attribute type"), None),
    "conn_flush_extra_attr": ((E.EINVAL,),
                              ("Unsupported attribute", "Unknown attribute type"), None),
    "info_get_extra_attr":   ((E.EINVAL,),
                              ("Unsupported attribute", "Unknown attribute type"), None),
    # the module's own checks
    "policy_nest_missing":   ((E.EINVAL,), None, "missing attribute"),
    "policy_nest_empty":     ((E.EINVAL,), None, "missing attribute: policy family"),
    "policy_no_family":      ((E.EINVAL,), None, "missing attribute: policy family"),
    "policy_no_addr":        ((E.EINVAL,), None, "missing attribute: policy addr"),
    "policy_no_prefixlen":   ((E.EINVAL,), None, "missing attribute: policy prefixlen"),
    "policy_no_mode":        ((E.EINVAL,), None, "missing attribute: policy mode"),
    "addr_5_bytes":          ((E.EINVAL,), None, "address length"),
    "addr_16_bytes_inet":    ((E.EINVAL,), None, "address length"),
    "family_99":             ((E.EAFNOSUPPORT, E.EINVAL), None, "family"),
    "prefixlen_33_inet":     ((E.EINVAL, E.ERANGE), None, "prefix length too long"),
    "host_bits_set":         ((E.EINVAL,), None, "host bits set"),
    "host_bits_set_inet6":   ((E.EINVAL,), None, "host bits set"),
    "port_range_reversed":   ((E.EINVAL,), None, "port range reversed"),
    "port_min_only":         ((E.EINVAL,), None, "port range"),
    "psk_without_key_name":  ((E.EINVAL,), None, "key"),
    "psk_unknown_key":       ((E.ENOENT,), None, "unknown key"),
    "key_name_without_psk":  ((E.EINVAL,), None, "without auth psk"),
    "read_only_hits":        ((E.EINVAL,), None, "read-only"),
    "key_add_no_name":       ((E.EINVAL,), None, "missing attribute: key name"),
    "key_add_no_secret":     ((E.EINVAL,), None, "missing attribute: key secret"),
    "key_add_nest_missing":  ((E.EINVAL,), None, "missing attribute"),
    "key_name_bad_chars":    ((E.EINVAL,), None, "invalid key name"),
    "key_del_unknown":       ((E.ENOENT,), None, "no such key"),
    "policy_del_unknown":    ((E.ENOENT,), None, "no policy"),
    "policy_get_no_family":  ((E.EINVAL,), None, "missing attribute: policy family"),
    "key_file_relative":     ((E.EINVAL,), None, "absolute path"),
    "pinned_no_peer_key":    ((E.EINVAL,), None, "missing attribute: policy peer-key"),
    "pinned_no_identity":    ((E.ENOENT,), None, "no identity"),
    "pinned_zero_key":       ((E.EINVAL,), None, "all zero"),
    "peer_key_without_pinned": ((E.EINVAL,), None, "without auth pinned"),
    "peer_key_31_bytes":     ((E.ERANGE, E.EINVAL), ("out of range", "policy validation"), None),
    "identity_nest_missing": ((E.EINVAL,), None, "missing attribute"),
    "identity_no_private":   ((E.EINVAL,), None, "missing attribute: identity private key"),
    "identity_private_31":   ((E.ERANGE, E.EINVAL), ("out of range", "policy validation"), None),
    "identity_read_only":    ((E.EINVAL,), None, "read-only"),
    "identity_file_relative": ((E.EINVAL,), None, "absolute path"),
    "identity_get_none":     ((E.ENOENT,), None, "no identity"),
    "identity_del_none":     ((E.ENOENT,), None, "no identity"),
    "keylog_stop_none":      ((E.ENOENT,), None, "runs no key log"),
    "keylog_start_extra_attr": ((E.EINVAL,),
                              ("Unsupported attribute", "Unknown attribute type"), None),
    # genetlink itself
    "unknown_command":       ((E.EOPNOTSUPP,), None, None),
    "unprivileged":          ((E.EPERM,), None, None),
}
NO_EXTACK = (E.EOPNOTSUPP, E.EPERM)

# Addresses the cases use (TEST-NET / benchmarking ranges) and key names;
# whatever a case might leave behind is looked for and removed at the end.
TEST_NET4 = bytes([198, 18, 0, 0])           # 198.18.0.0/16
TEST_NET6 = bytes.fromhex("20010db8ffff0000" + "00" * 8)   # 2001:db8:ffff::/48
KEY_PREFIX = "genlraw"

# --------------------------------------------------------------------------
# netlink constants (linux/netlink.h, linux/genetlink.h)
# --------------------------------------------------------------------------
NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_DUMP = 0x300
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
AF_INET, AF_INET6 = 2, 10


def load_constants(path):
    """Values of the enumerators of the generated uapi header."""
    with open(path) as f:
        text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    consts = {}
    for body in re.findall(r"enum\s*\w*\s*\{([^}]*)\}", text):
        value = 0
        for item in body.split(","):
            item = item.strip()
            if not item:
                continue
            m = re.match(r"^(\w+)\s*(?:=\s*(.+))?$", item)
            if not m:
                continue
            name, expr = m.group(1), m.group(2)
            if expr is not None:
                e = expr.strip().strip("()").strip()
                m2 = re.match(r"^(\w+)\s*([+-])\s*(\d+)$", e)
                if re.match(r"^\d+$", e):
                    value = int(e)
                elif m2 and m2.group(1) in consts:
                    off = int(m2.group(3))
                    value = consts[m2.group(1)] + (off if m2.group(2) == "+" else -off)
                elif e in consts:
                    value = consts[e]
                else:
                    continue
            consts[name] = value
            value += 1
    return consts


def nla(atype, payload):
    """One attribute, padded to 4 bytes."""
    return (struct.pack("=HH", 4 + len(payload), atype) + payload +
            b"\0" * ((4 - len(payload) % 4) % 4))


def nest(atype, *attrs):
    return nla(atype | NLA_F_NESTED, b"".join(attrs))


def u8(t, v):
    return nla(t, struct.pack("=B", v))


def u16(t, v):
    return nla(t, struct.pack("=H", v))


def u32(t, v):
    return nla(t, struct.pack("=I", v))


def u64(t, v):
    return nla(t, struct.pack("=Q", v))


def string(t, s):
    return nla(t, s.encode() + b"\0")


def attrs(buf):
    """(type, payload) of each attribute of a buffer."""
    off = 0
    while off + 4 <= len(buf):
        length, t = struct.unpack_from("=HH", buf, off)
        if length < 4 or off + length > len(buf):
            break
        yield t & 0x3fff, buf[off + 4:off + length]
        off += (length + 3) & ~3


def extack_of(msg, flags, tlv_off):
    """NLMSGERR_ATTR_MSG of an error or done message, or None."""
    if not flags & NLM_F_ACK_TLVS or tlv_off >= len(msg):
        return None
    for t, v in attrs(msg[tlv_off:]):
        if t == NLMSGERR_ATTR_MSG:
            return v.split(b"\0", 1)[0].decode(errors="replace")
    return None


class Genl:
    """A generic netlink socket with extended ACKs."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.bind((0, 0))
        self.sock.settimeout(10)
        self.seq = 100

    def raw(self, family, body, flags=NLM_F_ACK):
        """Send one message whose payload (genl header included) is body.

        Returns (error, extack message or None, [reply payloads]); error is
        0 or a negative errno, -ETIMEDOUT when nothing came back.
        """
        self.seq += 1
        hdr = struct.pack("=IHHII", 16 + len(body), family, NLM_F_REQUEST | flags,
                          self.seq, 0)
        self.sock.send(hdr + body)
        replies = []
        while True:
            try:
                data = self.sock.recv(1 << 16)
            except socket.timeout:
                return (-errno.ETIMEDOUT, None, replies)
            off = 0
            while off + 16 <= len(data):
                length, mtype, mflags, seq, _ = struct.unpack_from("=IHHII", data, off)
                if length < 16:
                    return (-errno.EPROTO, None, replies)
                msg = data[off:off + length]
                off += (length + 3) & ~3
                if seq != self.seq:
                    continue
                if mtype == NLMSG_ERROR:
                    err = struct.unpack_from("=i", msg, 16)[0]
                    inner = struct.unpack_from("=I", msg, 20)[0]
                    tlv = 20 + (16 if mflags & NLM_F_CAPPED else (inner + 3) & ~3)
                    return (err, extack_of(msg, mflags, tlv), replies)
                if mtype == NLMSG_DONE:
                    err = struct.unpack_from("=i", msg, 16)[0] if length >= 20 else 0
                    return (err, extack_of(msg, mflags, 20), replies)
                replies.append(msg[16:])
                if not flags & (NLM_F_ACK | NLM_F_DUMP):
                    return (0, None, replies)

    def request(self, family, cmd, payload=b"", flags=NLM_F_ACK, version=1):
        return self.raw(family, struct.pack("=BBH", cmd, version, 0) + payload, flags)

    def resolve(self, name):
        """(family id or None, errno of the lookup)."""
        err, _, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                       string(CTRL_ATTR_FAMILY_NAME, name))
        for r in replies:
            for t, v in attrs(r[4:]):
                if t == CTRL_ATTR_FAMILY_ID:
                    return struct.unpack("=H", v[:2])[0], 0
        return None, -err if err else errno.ENOENT


class Tap:
    def __init__(self, strict):
        self.n = 0
        self.failed = 0
        self.strict = strict

    def ok(self, cond, desc, *diag, info=()):
        """One TAP line; info is always shown, diag only on failure."""
        self.n += 1
        if not cond:
            self.failed += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, desc))
        for d in list(info) + (list(diag) if not cond else []):
            print("#   " + d)
        sys.stdout.flush()
        return cond

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def ename(e):
    return errno.errorcode.get(e, str(e))


def check_case(tap, name, desc, result):
    """Judge one refused request against its EXPECT row."""
    errnos, required, advisory = EXPECT[name]
    err, msg, _ = result
    got = -err
    want = "/".join(ename(e) for e in errnos)
    problems = []
    if got not in errnos:
        problems.append("errno %s, want %s" % (ename(got) if got else "0 (accepted!)", want))
    needs_msg = not any(e in NO_EXTACK for e in errnos)
    if needs_msg and not msg:
        problems.append("no extack message")
    if msg and required and not any(r.lower() in msg.lower() for r in required):
        problems.append("message lacks %s" % " or ".join(repr(r) for r in required))
    note = None
    if advisory and msg is not None and advisory.lower() not in msg.lower():
        note = "note: message lacks the advisory wording %r" % advisory
        if tap.strict:
            problems.append(note)
    info = ["extack: %r" % msg] if msg is not None else []
    if note and not tap.strict:
        info.append(note)
    tap.ok(not problems, "%s: %s -> %s%s" % (name, desc, want,
                                               " + extack" if needs_msg else ""),
           *problems, info=info)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--expect-missing", action="store_true")
    ap.add_argument("--strict-messages", action="store_true")
    ap.add_argument("--family", default="mptcpsec")
    ap.add_argument("--header", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "uapi", "linux",
        "mptcpsec.h"))
    args = ap.parse_args()
    tap = Tap(args.strict_messages)

    try:
        nl = Genl()
    except OSError as e:
        tap.ok(False, "open a generic netlink socket", str(e))
        return tap.done()
    fam, why = nl.resolve(args.family)

    if args.expect_missing:
        tap.ok(fam is None, "family %s is not registered" % args.family,
               "resolved to id %s" % fam if fam is not None else "lookup: %s" % ename(why))
        return tap.done()
    if not tap.ok(fam is not None, "family %s is registered" % args.family,
                  "lookup failed: %s" % ename(why)):
        return tap.done()
    if not tap.ok(os.geteuid() == 0, "running as root (CAP_NET_ADMIN needed)"):
        return tap.done()
    try:
        c = load_constants(args.header)
        CMD = {k[len("MPTCPSEC_CMD_"):]: v for k, v in c.items() if k.startswith("MPTCPSEC_CMD_")}
        A = lambda n: c["MPTCPSEC_A_" + n]
        P = lambda n: c["MPTCPSEC_A_POLICY_" + n]
        K = lambda n: c["MPTCPSEC_A_KEY_" + n]
        I = lambda n: c["MPTCPSEC_A_IDENTITY_" + n]
        A_POLICY, A_KEY, A_IDENTITY = A("POLICY"), A("KEY"), A("IDENTITY")
        max_cmd = c["MPTCPSEC_CMD_MAX"]
    except (OSError, KeyError) as e:
        tap.ok(False, "constants from %s" % args.header, repr(e))
        return tap.done()

    def pol(*extra, family=AF_INET, addr=TEST_NET4, plen=16, mode=2, skip=()):
        """A policy nest for POLICY_ADD; skip leaves members out."""
        parts = []
        if "family" not in skip:
            parts.append(u16(P("FAMILY"), family))
        if "addr" not in skip:
            parts.append(nla(P("ADDR"), addr))
        if "prefixlen" not in skip:
            parts.append(u8(P("PREFIXLEN"), plen))
        if "mode" not in skip:
            parts.append(u8(P("MODE"), mode))
        return nest(A_POLICY, *(parts + list(extra)))

    def key(*parts):
        return nest(A_KEY, *parts)

    secret = bytes(range(32))
    flat_policy = b"".join([u16(P("FAMILY"), AF_INET), nla(P("ADDR"), TEST_NET4),
                            u8(P("PREFIXLEN"), 16), u8(P("MODE"), 2)])

    # (case, what is sent, command, payload)
    cases = [
        ("unknown_top_attr", "policy-add with an extra top-level attribute of type 60",
         "POLICY_ADD", pol() + u32(60, 1)),
        ("foreign_top_attr", "policy-add carrying default-mode (not in its policy)",
         "POLICY_ADD", pol() + u8(A("DEFAULT_MODE"), 0)),
        ("unknown_nested_attr", "policy nest with an attribute of type 30",
         "POLICY_ADD", pol(u32(30, 1))),
        ("u8_as_4_bytes", "prefixlen (u8) sent as 4 bytes",
         "POLICY_ADD", nest(A_POLICY, u16(P("FAMILY"), AF_INET), nla(P("ADDR"), TEST_NET4),
                            u32(P("PREFIXLEN"), 16), u8(P("MODE"), 2))),
        ("u16_as_1_byte", "family (u16) sent as 1 byte",
         "POLICY_ADD", nest(A_POLICY, u8(P("FAMILY"), AF_INET), nla(P("ADDR"), TEST_NET4),
                            u8(P("PREFIXLEN"), 16), u8(P("MODE"), 2))),
        ("nest_without_flag", "policy nest without NLA_F_NESTED",
         "POLICY_ADD", nla(A_POLICY, flat_policy)),
        ("flag_on_non_nest", "mode (u8) with NLA_F_NESTED set",
         "POLICY_ADD", nest(A_POLICY, u16(P("FAMILY"), AF_INET), nla(P("ADDR"), TEST_NET4),
                            u8(P("PREFIXLEN"), 16), nla(P("MODE") | NLA_F_NESTED, b"\x02"))),
        ("nest_3_bytes", "policy nest holding 3 bytes, not attributes",
         "POLICY_ADD", nla(A_POLICY | NLA_F_NESTED, b"\x01\x02\x03")),
        ("truncated_attr_header", "2 bytes after the genl header (half an attribute header)",
         "POLICY_ADD", b"\x08\x00"),
        ("attr_past_message", "attribute whose length runs past the message",
         "POLICY_ADD", struct.pack("=HH", 64, A_POLICY | NLA_F_NESTED) + flat_policy[:8]),
        ("mode_7", "mode 7", "POLICY_ADD", pol(mode=7)),
        ("auth_7", "auth 7", "POLICY_ADD", pol(u8(P("AUTH"), 7))),
        ("prefixlen_129", "prefixlen 129", "POLICY_ADD",
         pol(family=AF_INET6, addr=TEST_NET6, plen=129)),
        ("secret_8_bytes", "key-add with an 8-byte secret", "KEY_ADD",
         key(string(K("NAME"), KEY_PREFIX + "1"), nla(K("SECRET"), secret[:8]))),
        ("secret_65_bytes", "key-add with a 65-byte secret", "KEY_ADD",
         key(string(K("NAME"), KEY_PREFIX + "1"), nla(K("SECRET"), bytes(65)))),
        ("key_name_32_chars", "key-add with a 32-character name", "KEY_ADD",
         key(string(K("NAME"), KEY_PREFIX + "x" * (32 - len(KEY_PREFIX))),
             nla(K("SECRET"), secret))),
        ("key_name_no_nul", "key-add with a name lacking its NUL", "KEY_ADD",
         key(nla(K("NAME"), (KEY_PREFIX + "2").encode()), nla(K("SECRET"), secret))),
        ("stats_get_extra_attr", "stats-get with an attribute", "STATS_GET",
         u32(A("VERSION"), 0)),
        ("conn_flush_extra_attr", "conn-flush with an attribute", "CONN_FLUSH",
         u8(A("DEFAULT_MODE"), 0)),
        ("info_get_extra_attr", "info-get with a policy nest", "INFO_GET", pol()),
        ("policy_nest_missing", "policy-add without a policy nest", "POLICY_ADD", b""),
        ("policy_nest_empty", "policy-add with an empty policy nest", "POLICY_ADD",
         nest(A_POLICY)),
        ("policy_no_family", "policy without family", "POLICY_ADD", pol(skip=("family",))),
        ("policy_no_addr", "policy without addr", "POLICY_ADD", pol(skip=("addr",))),
        ("policy_no_prefixlen", "policy without prefixlen", "POLICY_ADD",
         pol(skip=("prefixlen",))),
        ("policy_no_mode", "policy without mode", "POLICY_ADD", pol(skip=("mode",))),
        ("addr_5_bytes", "IPv4 policy with a 5-byte addr", "POLICY_ADD",
         pol(addr=TEST_NET4 + b"\0")),
        ("addr_16_bytes_inet", "AF_INET policy with a 16-byte addr", "POLICY_ADD",
         pol(addr=TEST_NET6)),
        ("family_99", "policy of family 99", "POLICY_ADD", pol(family=99)),
        ("prefixlen_33_inet", "IPv4 prefixlen 33", "POLICY_ADD", pol(plen=33)),
        ("host_bits_set", "198.18.0.1/16 (host bits set)", "POLICY_ADD",
         pol(addr=bytes([198, 18, 0, 1]))),
        ("host_bits_set_inet6", "2001:db8:ffff::1/48 (host bits set)", "POLICY_ADD",
         pol(family=AF_INET6, addr=TEST_NET6[:15] + b"\x01", plen=48)),
        ("port_range_reversed", "port-min 500 > port-max 400", "POLICY_ADD",
         pol(u16(P("PORT_MIN"), 500), u16(P("PORT_MAX"), 400))),
        ("port_min_only", "port-min without port-max", "POLICY_ADD",
         pol(u16(P("PORT_MIN"), 500))),
        ("psk_without_key_name", "auth psk without key-name", "POLICY_ADD",
         pol(u8(P("AUTH"), 1))),
        ("psk_unknown_key", "auth psk naming a key that does not exist", "POLICY_ADD",
         pol(u8(P("AUTH"), 1), string(P("KEY_NAME"), KEY_PREFIX + "-missing"))),
        ("key_name_without_psk", "key-name with auth none", "POLICY_ADD",
         pol(u8(P("AUTH"), 0), string(P("KEY_NAME"), KEY_PREFIX + "3"))),
        ("read_only_hits", "policy-add carrying hits (reply-only)", "POLICY_ADD",
         pol(u64(P("HITS"), 5))),
        ("key_add_no_name", "key-add without a name", "KEY_ADD",
         key(nla(K("SECRET"), secret))),
        ("key_add_no_secret", "key-add without a secret", "KEY_ADD",
         key(string(K("NAME"), KEY_PREFIX + "4"))),
        ("key_add_nest_missing", "key-add without a key nest", "KEY_ADD", b""),
        ("key_name_bad_chars", "key-add named \"a/b\"", "KEY_ADD",
         key(string(K("NAME"), "a/b"), nla(K("SECRET"), secret))),
        ("key_del_unknown", "key-del of a key that does not exist", "KEY_DEL",
         key(string(K("NAME"), KEY_PREFIX + "-missing"))),
        ("policy_del_unknown", "policy-del of 198.18.0.0/16, which does not exist",
         "POLICY_DEL", pol(skip=("mode",))),
        ("policy_get_no_family", "policy-get (do) without family", "POLICY_GET",
         nest(A_POLICY, nla(P("ADDR"), TEST_NET4))),
        ("key_file_relative", "key-add with a relative file reference", "KEY_ADD",
         key(string(K("NAME"), KEY_PREFIX + "6"), nla(K("SECRET"), secret),
             string(K("FILE"), "relative/site.key"))),
        ("pinned_no_peer_key", "auth pinned without peer-key", "POLICY_ADD",
         pol(u8(P("AUTH"), 2))),
        ("pinned_no_identity", "auth pinned in a namespace without an identity",
         "POLICY_ADD", pol(u8(P("AUTH"), 2), nla(P("PEER_KEY"), secret))),
        ("pinned_zero_key", "auth pinned with an all-zero peer key", "POLICY_ADD",
         pol(u8(P("AUTH"), 2), nla(P("PEER_KEY"), bytes(32)))),
        ("peer_key_without_pinned", "peer-key with auth none", "POLICY_ADD",
         pol(u8(P("AUTH"), 0), nla(P("PEER_KEY"), secret))),
        ("peer_key_31_bytes", "auth pinned with a 31-byte peer key", "POLICY_ADD",
         pol(u8(P("AUTH"), 2), nla(P("PEER_KEY"), secret[:31]))),
        ("identity_nest_missing", "identity-set without an identity nest", "IDENTITY_SET", b""),
        ("identity_no_private", "identity-set without a private key", "IDENTITY_SET",
         nest(A_IDENTITY, string(I("FILE"), "/etc/mptcpsec/identity.key"))),
        ("identity_private_31", "identity-set with a 31-byte private key", "IDENTITY_SET",
         nest(A_IDENTITY, nla(I("PRIVATE"), secret[:31]))),
        ("identity_read_only", "identity-set carrying the public key (reply-only)",
         "IDENTITY_SET", nest(A_IDENTITY, nla(I("PRIVATE"), secret), nla(I("PUBLIC"), secret))),
        ("identity_file_relative", "identity-set with a relative file reference",
         "IDENTITY_SET", nest(A_IDENTITY, nla(I("PRIVATE"), secret), string(I("FILE"), "id.key"))),
        ("identity_get_none", "identity-get in a namespace without an identity",
         "IDENTITY_GET", b""),
        ("identity_del_none", "identity-del in a namespace without an identity",
         "IDENTITY_DEL", b""),
        ("keylog_stop_none", "keylog-stop from a socket that runs none", "KEYLOG_STOP", b""),
        ("keylog_start_extra_attr", "keylog-start with an attribute", "KEYLOG_START",
         u8(A("DEFAULT_MODE"), 0)),
    ]

    for name, desc, cmd, payload in cases:
        check_case(tap, name, desc, nl.request(fam, CMD[cmd], payload))

    check_case(tap, "unknown_command", "command %d" % (max_cmd + 1),
               nl.request(fam, max_cmd + 1))

    # An unprivileged process: a child drops to nobody and opens its own socket.
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        res = []
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            child = Genl()
            for cmd, payload in (("STATS_GET", b""), ("POLICY_FLUSH", b""),
                                 ("KEY_ADD", key(string(K("NAME"), KEY_PREFIX + "5"),
                                                 nla(K("SECRET"), secret))),
                                 ("IDENTITY_SET", nest(A_IDENTITY, nla(I("PRIVATE"), secret))),
                                 ("KEYLOG_START", b"")):
                res.append(child.request(fam, CMD[cmd], payload)[0])
        except Exception:  # noqa: BLE001 - any failure is reported as such
            res = [1]
        os.write(wfd, struct.pack("=%di" % len(res), *res))
        os._exit(0)
    os.close(wfd)
    data = b""
    while True:
        chunk = os.read(rfd, 64)
        if not chunk:
            break
        data += chunk
    os.close(rfd)
    os.waitpid(pid, 0)
    results = struct.unpack("=%di" % (len(data) // 4), data) if len(data) >= 4 else (1,)
    whats = ("stats-get", "policy-flush", "key-add", "identity-set", "keylog-start")
    for what, err in zip(whats, results + (1,) * len(whats)):
        check_case(tap, "unprivileged", "%s as uid 65534" % what, (err, None, []))

    # The family still works, and nothing above left state behind.
    err, msg, rep = nl.request(fam, CMD["INFO_GET"])
    tap.ok(err == 0 and len(rep) == 1, "info-get still answers",
           "errno %s %r" % (ename(-err), msg))
    err, msg, _ = nl.request(fam, CMD["POLICY_ADD"], pol(plen=15, addr=TEST_NET4))
    tap.ok(err == 0, "well-formed policy-add 198.18.0.0/15 succeeds",
           "errno %s %r" % (ename(-err), msg))
    err, msg, _ = nl.request(fam, CMD["POLICY_ADD"], pol(plen=15, addr=TEST_NET4))
    tap.ok(err == -errno.EEXIST and bool(msg), "adding it again: EEXIST with extack",
           "errno %s %r" % (ename(-err), msg))
    err, msg, _ = nl.request(fam, CMD["POLICY_DEL"], pol(plen=15, skip=("mode",)))
    tap.ok(err == 0, "and policy-del removes it", "errno %s %r" % (ename(-err), msg))

    err, msg, rep = nl.request(fam, CMD["POLICY_GET"], flags=NLM_F_DUMP)
    left = []
    for r in rep:
        for t, v in attrs(r[4:]):
            if t != A_POLICY:
                continue
            d = dict(attrs(v))
            a = d.get(P("ADDR"), b"")
            if a[:2] == TEST_NET4[:2] or a[:6] == TEST_NET6[:6]:
                left.append(d)
    tap.ok(err == 0 and not left, "no test policy left behind",
           "errno %s, %d left" % (ename(-err), len(left)))
    for d in left:
        nl.request(fam, CMD["POLICY_DEL"], nest(A_POLICY, *[
            nla(t, d[t]) for t in (P("FAMILY"), P("ADDR"), P("PREFIXLEN"),
                                   P("PORT_MIN"), P("PORT_MAX")) if t in d]))

    err, msg, rep = nl.request(fam, CMD["KEY_GET"], flags=NLM_F_DUMP)
    keys = []
    for r in rep:
        for t, v in attrs(r[4:]):
            if t == A_KEY:
                n = dict(attrs(v)).get(K("NAME"), b"").split(b"\0")[0].decode()
                if n.startswith(KEY_PREFIX):
                    keys.append(n)
    tap.ok(err == 0 and not keys, "no test key left behind",
           "errno %s, left: %s" % (ename(-err), keys))
    for n in keys:
        nl.request(fam, CMD["KEY_DEL"], key(string(K("NAME"), n)))
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
