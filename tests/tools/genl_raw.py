#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hand-crafted generic netlink requests against the mptcpsec family.

Sends malformed and hostile requests and checks that each one is rejected
with the expected errno and an extack message (NLMSGERR_ATTR_MSG), and that
a well-formed request still works afterwards. Prints TAP; exits non-zero on
any failure. Attribute and command numbers are read from the uapi header,
so the script follows the spec.

usage: genl_raw.py [--expect-missing] [--header uapi/linux/mptcpsec.h]
"""

import errno
import os
import re
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_ACK_TLVS = 0x200
NLM_F_CAPPED = 0x100
NLMSG_ERROR = 2
NLMSG_DONE = 3
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000

AF_INET, AF_INET6 = 2, 10


def load_constants(path):
    """Evaluate the enums of the generated uapi header."""
    text = open(path).read()
    consts = {}
    for body in re.findall(r"enum[^{]*\{([^}]*)\}", text):
        value = 0
        for line in body.splitlines():
            line = re.sub(r"/\*.*?\*/", "", line).strip().rstrip(",")
            if not line or line.startswith("/*") or line.startswith("*"):
                continue
            m = re.match(r"(\w+)\s*=\s*(.+)$", line)
            if m:
                name, expr = m.group(1), m.group(2)
                expr = re.sub(r"\b([A-Z_][A-Z0-9_]*)\b",
                              lambda x: str(consts.get(x.group(1), 0)), expr)
                value = int(eval(expr))  # arithmetic on known constants only
            else:
                name = line.split()[0]
            consts[name] = value
            value += 1
    return consts


def nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    return hdr + payload + b"\0" * ((4 - len(payload) % 4) % 4)


def nest(atype, *attrs):
    return nla(atype | NLA_F_NESTED, b"".join(attrs))


def u8(t, v):
    return nla(t, struct.pack("=B", v))


def u16(t, v):
    return nla(t, struct.pack("=H", v))


def u32(t, v):
    return nla(t, struct.pack("=I", v))


def string(t, s):
    return nla(t, s.encode() + b"\0")


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.bind((0, 0))
        self.sock.settimeout(5)
        self.seq = 1

    def request(self, family, cmd, payload=b"", flags=0, version=1):
        """Return (errno, extack message, list of reply payloads)."""
        self.seq += 1
        genl = struct.pack("=BBH", cmd, version, 0)
        body = genl + payload
        hdr = struct.pack("=IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK | flags, self.seq, 0)
        self.sock.send(hdr + body)
        replies = []
        while True:
            data = self.sock.recv(65536)
            off = 0
            while off + 16 <= len(data):
                length, mtype, mflags, seq, _ = struct.unpack_from("=IHHII", data, off)
                if length < 16:
                    return (-errno.EPROTO, "", replies)
                msg = data[off:off + length]
                off += (length + 3) & ~3
                if seq != self.seq:
                    continue
                if mtype == NLMSG_DONE:
                    return (0, "", replies)
                if mtype == NLMSG_ERROR:
                    err = struct.unpack_from("=i", msg, 16)[0]
                    return (err, extack_msg(msg, mflags), replies)
                replies.append(msg[20:])

    def resolve(self, name):
        err, _, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                       string(CTRL_ATTR_FAMILY_NAME, name))
        if err or not replies:
            return None
        for t, v in attrs(replies[0]):
            if t == CTRL_ATTR_FAMILY_ID:
                return struct.unpack("=H", v[:2])[0]
        return None


def attrs(buf):
    off = 0
    while off + 4 <= len(buf):
        length, t = struct.unpack_from("=HH", buf, off)
        if length < 4:
            break
        yield t & 0x3fff, buf[off + 4:off + length]
        off += (length + 3) & ~3


def extack_msg(msg, flags):
    if not flags & NLM_F_ACK_TLVS:
        return ""
    off = 16 + 4  # nlmsghdr + error code
    inner_len = struct.unpack_from("=I", msg, off)[0]
    off += 16 if flags & NLM_F_CAPPED else inner_len
    for t, v in attrs(msg[off:]):
        if t == NLMSGERR_ATTR_MSG:
            return v.rstrip(b"\0").decode(errors="replace")
    return ""


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, detail=""):
        self.n += 1
        if not cond:
            self.failed += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, desc))
        if not cond and detail:
            print("#   " + detail)

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def main():
    args = sys.argv[1:]
    header = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "..", "..", "uapi", "linux", "mptcpsec.h")
    if "--header" in args:
        header = args[args.index("--header") + 1]
    c = load_constants(header)
    tap = Tap()
    nl = Genl()
    fam = nl.resolve("mptcpsec")

    if "--expect-missing" in args:
        tap.ok(fam is None, "family mptcpsec is not registered")
        return tap.done()
    if fam is None:
        tap.ok(False, "family mptcpsec is registered")
        return tap.done()

    P = lambda name: c["MPTCPSEC_A_POLICY_" + name]
    K = lambda name: c["MPTCPSEC_A_KEY_" + name]
    CMD = lambda name: c["MPTCPSEC_CMD_" + name]
    A_POLICY, A_KEY = c["MPTCPSEC_A_POLICY"], c["MPTCPSEC_A_KEY"]

    def pol(*extra, fam4=True, addr=bytes([10, 0, 0, 0]), plen=8, mode=2, skip=()):
        parts = []
        if "family" not in skip:
            parts.append(u16(P("FAMILY"), AF_INET if fam4 else AF_INET6))
        if "addr" not in skip:
            parts.append(nla(P("ADDR"), addr))
        if "prefixlen" not in skip:
            parts.append(u8(P("PREFIXLEN"), plen))
        if "mode" not in skip:
            parts.append(u8(P("MODE"), mode))
        return nest(A_POLICY, *(parts + list(extra)))

    # (description, command, payload, expected errno, substring of extack or None)
    cases = [
        ("unknown top-level attribute", CMD("POLICY_ADD"), pol() + u32(60, 1),
         errno.EINVAL, "attribute type"),
        ("u8 attribute sent as 4 bytes", CMD("POLICY_ADD"),
         nest(A_POLICY, u16(P("FAMILY"), AF_INET), nla(P("ADDR"), bytes(4)),
              u32(P("PREFIXLEN"), 8), u8(P("MODE"), 2)), errno.EINVAL, None),
        ("policy-add without the policy nest", CMD("POLICY_ADD"), b"",
         errno.EINVAL, "missing attribute"),
        ("policy without family", CMD("POLICY_ADD"), pol(skip=("family",)),
         errno.EINVAL, "missing attribute: policy family"),
        ("policy without address", CMD("POLICY_ADD"), pol(skip=("addr",)),
         errno.EINVAL, "missing attribute: policy addr"),
        ("policy without prefix length", CMD("POLICY_ADD"), pol(skip=("prefixlen",)),
         errno.EINVAL, "missing attribute: policy prefixlen"),
        ("policy without mode", CMD("POLICY_ADD"), pol(skip=("mode",)),
         errno.EINVAL, "missing attribute: policy mode"),
        ("address of 5 bytes", CMD("POLICY_ADD"), pol(addr=bytes(5)),
         errno.EINVAL, "address length"),
        ("family 99", CMD("POLICY_ADD"),
         nest(A_POLICY, u16(P("FAMILY"), 99), nla(P("ADDR"), bytes(4)),
              u8(P("PREFIXLEN"), 8), u8(P("MODE"), 2)), errno.EAFNOSUPPORT, "family"),
        ("IPv4 prefix length 33", CMD("POLICY_ADD"), pol(plen=33),
         errno.EINVAL, "prefix length too long"),
        ("host bits set", CMD("POLICY_ADD"), pol(addr=bytes([10, 0, 0, 1])),
         errno.EINVAL, "host bits set"),
        ("port range reversed", CMD("POLICY_ADD"),
         pol(u16(P("PORT_MIN"), 500), u16(P("PORT_MAX"), 400)),
         errno.EINVAL, "port range reversed"),
        ("only one end of a port range", CMD("POLICY_ADD"),
         pol(u16(P("PORT_MIN"), 500)), errno.EINVAL, "port range"),
        ("mode 7", CMD("POLICY_ADD"), pol(mode=7), errno.ERANGE, None),
        ("auth psk without a key name", CMD("POLICY_ADD"), pol(u8(P("AUTH"), 1)),
         errno.EINVAL, "key-name"),
        ("auth psk naming a missing key", CMD("POLICY_ADD"),
         pol(u8(P("AUTH"), 1), string(P("KEY_NAME"), "nosuchkey")),
         errno.ENOENT, "unknown key"),
        ("key name without auth psk", CMD("POLICY_ADD"),
         pol(string(P("KEY_NAME"), "k")), errno.EINVAL, "without auth psk"),
        ("read-only attribute in a request", CMD("POLICY_ADD"),
         pol(nla(P("HITS"), struct.pack("=Q", 5))), errno.EINVAL, "read-only"),
        ("key secret of 8 bytes", CMD("KEY_ADD"),
         nest(A_KEY, string(K("NAME"), "k1"), nla(K("SECRET"), bytes(8))),
         errno.ERANGE, "size out of range"),
        ("key secret of 65 bytes", CMD("KEY_ADD"),
         nest(A_KEY, string(K("NAME"), "k1"), nla(K("SECRET"), bytes(65))),
         errno.ERANGE, "size out of range"),
        ("key without a name", CMD("KEY_ADD"),
         nest(A_KEY, nla(K("SECRET"), bytes(32))), errno.EINVAL, "missing attribute: key name"),
        ("key name with a slash", CMD("KEY_ADD"),
         nest(A_KEY, string(K("NAME"), "a/b"), nla(K("SECRET"), bytes(32))),
         errno.EINVAL, "invalid key name"),
        ("key name not NUL-terminated", CMD("KEY_ADD"),
         nest(A_KEY, nla(K("NAME"), b"abc"), nla(K("SECRET"), bytes(32))),
         errno.EINVAL, None),
        ("deleting a missing key", CMD("KEY_DEL"),
         nest(A_KEY, string(K("NAME"), "nosuchkey")), errno.ENOENT, "no such key"),
        ("deleting a missing policy", CMD("POLICY_DEL"),
         pol(addr=bytes([192, 0, 2, 0]), plen=24), errno.ENOENT, "no policy"),
        ("policy attribute that is not a nest", CMD("POLICY_ADD"),
         nla(A_POLICY, b"\x01\x02\x03"), errno.EINVAL, None),
        ("truncated attribute header", CMD("POLICY_ADD"), b"\x08\x00",
         errno.EINVAL, None),
        ("stats-get with an attribute", CMD("STATS_GET"), u32(1, 0),
         errno.EINVAL, "ttribute"),
        ("conn-flush with an attribute", CMD("CONN_FLUSH"), u8(1, 0),
         errno.EINVAL, "ttribute"),
    ]

    for desc, cmd, payload, want_err, substr in cases:
        err, msg, _ = nl.request(fam, cmd, payload)
        good = err == -want_err and bool(msg) and (substr is None or substr in msg)
        tap.ok(good, "%s: rejected (%s) with extack" % (desc, errno.errorcode[want_err]),
               "got errno %d, extack %r" % (-err, msg))

    err, msg, _ = nl.request(fam, 200)
    tap.ok(err == -errno.EOPNOTSUPP, "unknown command rejected (EOPNOTSUPP)",
           "got errno %d, extack %r" % (-err, msg))

    # A well-formed request still works, and is undone.
    err, msg, _ = nl.request(fam, CMD("POLICY_ADD"), pol(addr=bytes([198, 51, 100, 0]), plen=24))
    tap.ok(err == 0, "a well-formed policy-add succeeds", "errno %d %r" % (-err, msg))
    err, msg, _ = nl.request(fam, CMD("POLICY_DEL"), pol(addr=bytes([198, 51, 100, 0]), plen=24))
    tap.ok(err == 0, "and its policy-del succeeds", "errno %d %r" % (-err, msg))

    # Unprivileged callers are refused.
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            e, _, _ = Genl().request(fam, CMD("STATS_GET"))
        except Exception:  # noqa: BLE001 - report anything as a failure
            e = 1
        os.write(wfd, struct.pack("=i", e))
        os._exit(0)
    os.close(wfd)
    res = os.read(rfd, 4)
    os.waitpid(pid, 0)
    e = struct.unpack("=i", res)[0] if len(res) == 4 else 1
    tap.ok(e == -errno.EPERM, "unprivileged stats-get refused (EPERM)", "got %d" % e)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
