#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of tests/tools/forge.py on this host (root, no module needed):
# forged segments must be valid and in-window, so that against an
# unprotected stack they do what they claim. Prints TAP; exits non-zero on
# any failure.
#
#      fgA (client)                        fgB (server)
#   +---------------+   veth fga -- fgb  +---------------+
#   | 10.231.0.1    |--------------------| 10.231.0.2    |
#   | fd31::1       |                    | fd31::2       |
#   +---------------+                    +---------------+
#   the client sends 1000-byte chunks every 0.2 s (plain TCP, or MPTCP);
#   checksum offloads are off on both ends, so the receiving kernels check
#   every checksum in software and tcpdump shows the real ones
#
# Against these stacks without MPTCPsec the MPTCP signals (ADD_ADDR with
# the HMAC from a recording, its echo, MP_PRIO, MP_TCPRST, MP_FASTCLOSE
# with the recorded key, MP_FAIL) and the recorded-handshake attacker
# (tokens from the recorded keys, a join from an address of its own,
# completed with the HMAC from those keys) succeed, as the kernel's MIB
# counters show: the forgeries are what a stack accepts.
#
# usage: tests/tools/test_forge.sh    (about 90 s; KEEP=1 keeps the results)
set -u

here=$(cd "$(dirname "$0")" && pwd)
FORGE=$here/forge.py
PY=/usr/bin/python3
A=fgA$$
B=fgB$$
tmp=$(mktemp -d)
pids=()
n=0
failed=0

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	if [ -n "${KEEP:-}" ]; then echo "# kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() {
	n=$((n + 1))
	echo "ok $n - $*"
}
nok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $*"
}
# check DESC CMD...: ok when CMD succeeds
check() {
	local d=$1
	shift
	if "$@"; then ok "$d"; else nok "$d"; return 1; fi
}

[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root"; exit 0; }
$PY -c 'import scapy' 2>/dev/null || { echo "1..0 # SKIP python3-scapy missing"; exit 0; }

cat >"$tmp/peer.py" <<'EOF'
import hashlib, json, random, socket, struct, sys, time
role, fam, addr, port, proto = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
af = socket.AF_INET if fam == 4 else socket.AF_INET6
ipproto = 262 if proto == "mptcp" else socket.IPPROTO_TCP
res = {"bytes": 0}
h = hashlib.sha256()


def token(sock):
    # MPTCP_INFO (SOL_MPTCP 284, 1): mptcpi_token at offset 12
    if proto != "mptcp":
        return None
    try:
        return "%08x" % struct.unpack_from("I", sock.getsockopt(284, 1, 64), 12)[0]
    except OSError:
        return None
try:
    if role == "server":
        ls = socket.socket(af, socket.SOCK_STREAM, ipproto)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((addr, port))
        ls.listen(1)
        open(sys.argv[6] + ".ready", "w").close()
        ls.settimeout(20)
        c, _ = ls.accept()
        res["token"] = token(c)
        c.settimeout(2)
        while True:
            d = c.recv(65536)
            if not d:
                break
            res["bytes"] += len(d)
            h.update(d)
        c.close()
    else:
        total, chunk, gap = int(sys.argv[6]), 1000, float(sys.argv[7])
        data = random.Random(7).randbytes(total)
        c = socket.socket(af, socket.SOCK_STREAM, ipproto)
        c.settimeout(4)
        c.connect((addr, port))
        res["token"] = token(c)
        for off in range(0, total, chunk):
            c.sendall(data[off:off + chunk])
            res["bytes"] += len(data[off:off + chunk])
            h.update(data[off:off + chunk])
            time.sleep(gap)
        c.shutdown(socket.SHUT_WR)
        while c.recv(65536):
            pass
        c.close()
except Exception as e:
    res["error"] = "%s: %s" % (type(e).__name__, e)
res["sha256"] = h.hexdigest()
out = sys.argv[6] if role == "server" else sys.argv[8]
open(out, "w").write(json.dumps(res) + "\n")
EOF

ip netns add "$A"
ip netns add "$B"
ip link add fga netns "$A" type veth peer name fgb netns "$B"
for ns in "$A" "$B"; do
	ip -n "$ns" link set lo up
	ip netns exec "$ns" sysctl -qw net.mptcp.enabled=1 2>/dev/null
done
ip -n "$A" addr add 10.231.0.1/24 dev fga
ip -n "$B" addr add 10.231.0.2/24 dev fgb
ip -n "$A" addr add fd31::1/64 dev fga nodad
ip -n "$B" addr add fd31::2/64 dev fgb nodad
ip netns exec "$A" ethtool -K fga rx off tx off >/dev/null 2>&1
ip netns exec "$B" ethtool -K fgb rx off tx off >/dev/null 2>&1
ip -n "$A" link set fga up
ip -n "$B" link set fgb up
for _ in $(seq 50); do
	ip netns exec "$A" ping -c1 -W1 10.231.0.2 >/dev/null 2>&1 &&
		ip netns exec "$A" ping -6 -c1 -W1 fd31::2 >/dev/null 2>&1 && break
	sleep 0.1
done

port=6000
# run NAME FAM PROTO BYTES FORGE_NS FORGE_ARGS...: one transfer, with forge.py
# started in FORGE_NS 0.6 s into it (FORGE_NS "-": none). Results in
# $tmp/NAME.{srv,cli,forge}.
run() {
	local name=$1 fam=$2 proto=$3 bytes=$4 fns=$5 srv cpid spid
	shift 5
	port=$((port + 1))
	if [ "$fam" = 4 ]; then srv=10.231.0.2; else srv=fd31::2; fi
	ip netns exec "$B" $PY "$tmp/peer.py" server "$fam" "$srv" "$port" "$proto" \
		"$tmp/$name.srv" &
	spid=$!
	pids+=("$spid")
	for _ in $(seq 50); do
		[ -e "$tmp/$name.srv.ready" ] && break
		sleep 0.1
	done
	ip netns exec "$A" $PY "$tmp/peer.py" client "$fam" "$srv" "$port" "$proto" \
		"$bytes" 0.2 "$tmp/$name.cli" &
	cpid=$!
	pids+=("$cpid")
	if [ "$fns" != - ]; then
		sleep 0.6
		ip netns exec "$fns" $PY "$FORGE" "$@" --timeout 8 \
			>"$tmp/$name.forge" 2>&1
		echo $? >"$tmp/$name.forge.rc"
	fi
	wait "$cpid"
	wait "$spid"
}

field() { $PY -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1" "$2"; }
same_hash() { [ "$(field "$tmp/$1.srv" sha256)" = "$(field "$tmp/$1.cli" sha256)" ]; }
clean_xfer() {
	same_hash "$1" && [ "$(field "$tmp/$1.srv" bytes)" = "$2" ] &&
		[ -z "$(field "$tmp/$1.cli" error)" ]
}
forge_sent() {
	[ "$(cat "$tmp/$1.forge.rc")" = 0 ] &&
		tail -n1 "$tmp/$1.forge" | jq -e ".sent == $2" >/dev/null
}
show() { sed 's/^/#   /' "$tmp/$1".{cli,srv,forge} 2>/dev/null | head -n 20; }

echo "1..27"

# Offline: a synthetic secured segment (DSS mapping, MPTCPsec option)
if $PY - "$FORGE" <<'EOF2'
import importlib.util, struct, sys
spec = importlib.util.spec_from_file_location("forge", sys.argv[1])
f = importlib.util.module_from_spec(spec)
spec.loader.exec_module(f)
dss = bytes([30, 22, 0x20, 0x0D]) + (7).to_bytes(4, "big") + (1000).to_bytes(8, "big") + struct.pack("!IH", 1, 100)
sec = bytes([253, 14, 0x4D, 0x53, 0, 5]) + b"T" * 8
opts = dss + sec
tcp = struct.pack("!HHIIBBHHH", 40000, 5201, 111, 222, (20 + len(opts)) // 4 << 4, 0x18, 500, 0, 0) + opts + b"P" * 100
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
ip = ip[:10] + struct.pack("!H", f.csum(ip)) + ip[12:]
seg = f.Segment(b"\x02" * 12 + b"\x08\x00" + ip + tcp, 14)
class A: len = 0
def good(frame):
    s = f.Segment(frame, 14)
    return f.tcp_checksum(s, s.tcp + s.payload) == s.tcp_csum and f.csum(s.iphdr) == 0
st, _ = f.forge(seg, "strip", 0, A, 1500)
s = f.Segment(st, 14)
assert good(st) and f.find_secopt(s.opts) is None and s.opts[22:36] == b"\x01" * 14 and s.payload == seg.payload
pl, _ = f.forge(seg, "payload", 0, A, 1500)
s = f.Segment(pl, 14)
assert good(pl) and s.opts == seg.opts and s.seq == 211 and len(s.payload) == 100
df, info = f.forge(seg, "datafin", 0, A, 1500)
s = f.Segment(df, 14)
d = f.parse_dss(s.opts)
assert good(df) and d["flags"] & 0x10 and d["dsn"] == 1100 and d["dll"] == 1 and d["ssn"] == 0 and d["ack"] == 7
bf, info = f.forge(seg, "bitflip", 0, A, 1500)
s = f.Segment(bf, 14)
assert good(bf) and sum(bin(a ^ b).count("1") for a, b in zip(s.payload, seg.payload)) == 1
fc, info = f.forge(seg, "fastclose", 0, A, 1500)
s = f.Segment(fc, 14)
assert good(fc) and s.flags == 0x14 and s.opts[:4] == bytes([30, 12, 0x70, 0])
EOF2
then
	ok "offline: strip, payload, datafin, bitflip, fastclose build valid segments"
else
	nok "offline: strip, payload, datafin, bitflip, fastclose build valid segments"
fi

# Offline: the signal, join and recording forgeries on synthetic segments
# and a synthetic recording (pcap) of an MP_CAPABLE handshake and a join
if $PY - "$FORGE" "$tmp/synth.pcap" <<'EOF2'
import hashlib, hmac, importlib.util, struct, sys
spec = importlib.util.spec_from_file_location("forge", sys.argv[1])
f = importlib.util.module_from_spec(spec)
spec.loader.exec_module(f)
C, S = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
KA, KB = bytes.fromhex("0102030405060708"), bytes.fromhex("a1a2a3a4a5a6a7a8")


def frame(src, dst, sport, dport, seq, ack, flags, opts, payload=b""):
    opts = f.pad_opts(opts)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, (20 + len(opts)) // 4 << 4, flags,
                      500, 0, 0) + opts + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", f.csum(ip)) + ip[12:]
    tcp = tcp[:16] + struct.pack("!H", f.tcp_checksum_addrs(4, src, dst, tcp)) + tcp[18:]
    return b"\x02" * 12 + b"\x08\x00" + ip + tcp


def good(fr):
    s = f.Segment(fr, 14)
    return f.tcp_checksum(s, s.tcp + s.payload) == s.tcp_csum and f.csum(s.iphdr) == 0, s


def mptcp(s, sub):
    return [o for st, o in f.mptcp_subopts(s.opts) if st == sub]


rec = [frame(C, S, 40000, 5201, 100, 0, 0x02, bytes([30, 4, 0x01, 0x01]) + bytes([69, 3, 0x5a])),
       frame(S, C, 5201, 40000, 900, 101, 0x12, bytes([30, 12, 0x01, 0x01]) + KB),
       frame(C, S, 40000, 5201, 101, 901, 0x10, bytes([30, 20, 0x01, 0x01]) + KA + KB),
       frame(C, S, 40000, 5201, 101, 901, 0x18, bytes([30, 22, 0x01, 0x01]) + KA + KB +
             b"\x00\x10", b"D" * 16),
       frame(bytes([10, 0, 1, 1]), S, 40001, 5201, 7, 0, 0x02,
             bytes([30, 12, 0x10, 0x01]) + hashlib.sha256(KB).digest()[:4] + b"NNNN")]
with open(sys.argv[2], "wb") as out:
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for r in rec:
        out.write(struct.pack("<IIII", 0, 0, len(r), len(r)) + r)
lt, segs = f.read_pcap(sys.argv[2])
conns = f.mpc_conns(segs)
assert lt == 1 and len(segs) == 5 and len(conns) == 1
c = conns[0]
assert c.client_key == KA and c.server_key == KB and c.eno_syn and not c.eno_synack
assert sorted(c.stages) == ["ack", "data", "syn", "synack"]
sm = c.summary()
assert sm["server_token"] == hashlib.sha256(KB).digest()[:4].hex()
assert sm["client_idsn"] == hashlib.sha256(KA).digest()[-8:].hex()


class A:
    len = 0; secopt = "none"; addr = "10.9.9.9"; addr_id = 5; addr_port = 0; hmac = "pcap"
    ids = "1,2"; backup = 1; reason = 1; key = "pcap"; token = "pcap"; from_addr = "10.9.9.66"
    from_port = 0; new_port = True; conns = conns; recorded = segs; sport = None
    dport = 5201; src = None; dst = None; attack = "hs-replay"


# a secured server->client pure ACK: DSS ack64 and an MPTCPsec option
ack = frame(S, C, 5201, 40000, 901, 5000, 0x10, bytes([30, 12, 0x20, 0x03]) + bytes(8) +
            bytes([253, 14, 0x4D, 0x53, 0x00, 0x2A]) + b"T" * 8)
sa = f.Segment(ack, 14)
for addr, port, ln in (("10.9.9.9", 0, 16), ("10.9.9.9", 8080, 18),
                       ("fd00:9::9", 0, 28), ("fd00:9::9", 8080, 30)):
    A.addr, A.addr_port = addr, port
    fr, info = f.forge(sa, "addaddr", 0, A, 1500)
    ok, s = good(fr)
    o = mptcp(s, f.ADD_ADDR)[0]
    a = f.addr_bytes(addr)
    want = hmac.new(KB + KA, bytes([5]) + a + struct.pack("!H", port), hashlib.sha256).digest()[-8:]
    assert ok and len(o) == ln and o[2] == 0x30 and o[3] == 5 and o[4:4 + len(a)] == a
    assert o[-8:] == want and s.flags == 0x10 and s.seq == 901 and s.ack == 5000
    assert f.find_secopt(s.opts) is None
    fr, info = f.forge(sa, "addaddr-echo", 0, A, 1500)
    ok, s = good(fr)
    o = mptcp(s, f.ADD_ADDR)[0]
    assert ok and len(o) == ln - 8 and o[2] == 0x31
A.addr, A.addr_port = "10.9.9.9", 0
A.hmac = "random"
fr, info = f.forge(sa, "addaddr", 0, A, 1500)
assert info["hmac_value"] != want.hex()
for mode, pnf in (("copy", 0x2A), ("fresh", 0x2A + 8192 + 3)):
    A.secopt = mode
    fr, info = f.forge(sa, "addaddr", 3, A, 1500)
    ok, s = good(fr)
    off, ln = f.find_secopt(s.opts)
    assert ok and info["secopt"] == mode and struct.unpack("!H", s.opts[off + 4:off + 6])[0] == pnf
A.secopt = "none"
fr, _ = f.forge(sa, "rmaddr", 0, A, 1500)
ok, s = good(fr)
assert ok and mptcp(s, f.RM_ADDR)[0] == bytes([30, 5, 0x40, 1, 2])
fr, _ = f.forge(sa, "prio", 0, A, 1500)
ok, s = good(fr)
assert ok and mptcp(s, f.MP_PRIO)[0] == bytes([30, 3, 0x51])
fr, info = f.forge(sa, "fail", 0, A, 1500)
ok, s = good(fr)
assert ok and mptcp(s, f.MP_FAIL)[0] == bytes([30, 12, 0x60, 0]) + bytes(8)
fr, _ = f.forge(sa, "tcprst", 0, A, 1500)
ok, s = good(fr)
assert ok and s.flags == 0x14 and mptcp(s, f.MP_TCPRST)[0] == bytes([30, 4, 0x81, 1])
fr, info = f.forge(sa, "fastclose", 0, A, 1500)
ok, s = good(fr)
assert ok and mptcp(s, f.MP_FASTCLOSE)[0] == bytes([30, 12, 0x70, 0]) + KA
# the same on a join subflow from an address the recording does not show
sj = f.Segment(frame(S, bytes([10, 0, 1, 1]), 5201, 40001, 901, 5000, 0x10,
                     bytes([30, 12, 0x20, 0x03]) + bytes(8)), 14)
fr, info = f.forge(sj, "fastclose", 0, A, 1500)
ok, s = good(fr)
assert ok and mptcp(s, f.MP_FASTCLOSE)[0] == bytes([30, 12, 0x70, 0]) + KA
assert f.recorded_keys(A, f.Segment(frame(bytes([10, 0, 1, 1]), S, 40001, 5201, 7, 0, 0x10,
                                          b""), 14)) == (KA, KB)
# join SYN towards the server, from the attacker, token of the recorded server key
data = f.Segment(rec[3], 14)
fr, info = f.forge(data, "join-syn", 0, A, 1500)
ok, s = good(fr)
j = mptcp(s, f.MPJ)[0]
assert ok and s.flags == 0x02 and s.src == bytes([10, 9, 9, 66]) and s.dst == S
assert s.dport == 5201 and j[:4] == bytes([30, 12, 0x11, 5])
assert j[4:8] == hashlib.sha256(KB).digest()[:4] and f.find_secopt(s.opts) is None
A.secopt = "random"
fr, info2 = f.forge(data, "join-syn", 1, A, 1500)
ok, s = good(fr)
assert ok and f.find_secopt(s.opts) and info2["secopt"] == "random"
# its third ACK for a SYN-ACK made with the recorded keys
nb = b"RRRR"
th = hmac.new(KB + KA, nb + bytes.fromhex(info["nonce"]), hashlib.sha256).digest()[:8]
synack = f.Segment(frame(S, bytes([10, 9, 9, 66]), 5201, info["from_port"], 4000,
                         info["isn"] + 1, 0x12, bytes([30, 16, 0x10, 0]) + th + nb), 14)
fr, ai = f.join_ack(data, info, synack, A)
ok, s = good(fr)
want = hmac.new(KA + KB, bytes.fromhex(info["nonce"]) + nb, hashlib.sha256).digest()[:20]
assert ok and ai["synack_hmac_ok"] and mptcp(s, f.MPJ)[0] == bytes([30, 24, 0x10, 0]) + want
assert s.seq == info["isn"] + 1 and s.ack == 4001 and s.flags == 0x10
# recorded join SYN again, from the attacker with a fresh port; the handshake
A.attack = "join-replay"
(js, st), = f.recorded_segments(A)
fr, info = f.forge(js, "join-replay", 0, A, 1500)
ok, s = good(fr)
assert ok and st == "join-syn" and s.src == bytes([10, 9, 9, 66]) and s.opts == js.opts
A.attack, A.dport, A.sport = "hs-replay", None, 5201
assert [x[1] for x in f.recorded_segments(A)] == ["synack"]
A.sport, A.dport = None, 5201
assert [x[1] for x in f.recorded_segments(A)] == ["syn", "ack", "data"]
EOF2
then
	ok "offline: signals, joins, recordings (keys, tokens, HMACs) build valid segments"
else
	nok "offline: signals, joins, recordings (keys, tokens, HMACs) build valid segments"
fi

ip netns exec "$B" tcpdump -i fgb -Q in -s 200 -U -w "$tmp/inB.pcap" tcp 2>/dev/null &
tpidB=$!
ip netns exec "$A" tcpdump -i fga -Q in -s 200 -U -w "$tmp/inA.pcap" tcp 2>/dev/null &
tpidA=$!
pids+=("$tpidA" "$tpidB")
sleep 0.5

run clean4 4 tcp 8000 -
check "control: a clean IPv4 TCP transfer arrives intact" clean_xfer clean4 8000 || show clean4

for fam in 4 6; do
	# the server only acknowledges: its seq is the client's rcv_nxt
	run rst$fam "$fam" tcp 12000 "$B" --iface fgb --sport $((port + 1)) --attack rst
	check "IPv$fam rst: forge.py sent one RST" forge_sent rst$fam 1 || show rst$fam
	if grep -q "reset\|Broken pipe" "$tmp/rst$fam.cli" &&
		[ "$(field "$tmp/rst$fam.cli" bytes)" -lt 12000 ]; then
		ok "IPv$fam rst: the transfer is killed by the reset"
	else
		nok "IPv$fam rst: the transfer is killed by the reset"
		show rst$fam
	fi

	run pay$fam "$fam" tcp 8000 "$A" --iface fga --dport $((port + 1)) --attack payload
	check "IPv$fam payload: forge.py sent one data segment" forge_sent pay$fam 1 || show pay$fam
	if ! same_hash pay$fam || [ -n "$(field "$tmp/pay$fam.cli" error)" ]; then
		ok "IPv$fam payload: the forged bytes were accepted (stream corrupted)"
	else
		nok "IPv$fam payload: the forged bytes were accepted (stream corrupted)"
		show pay$fam
	fi
done

run fin4 4 tcp 8000 "$A" --iface fga --dport $((port + 1)) --attack fin
if forge_sent fin4 1 && [ "$(field "$tmp/fin4.srv" bytes)" -lt 8000 ]; then
	ok "fin: the server sees end of stream early"
else
	nok "fin: the server sees end of stream early"
	show fin4
fi

run misc4 4 tcp 8000 "$A" --iface fga --dport $((port + 1)) --attack replay --count 2
check "replay: two copies sent, stream intact (duplicates)" \
	eval 'forge_sent misc4 2 && clean_xfer misc4 8000' || show misc4
run flip4 4 tcp 8000 "$A" --iface fga --dport $((port + 1)) --attack bitflip --count 3
check "bitflip: three flipped copies sent" forge_sent flip4 3 || show flip4

run mdf4 4 mptcp 8000 "$A" --iface fga --dport $((port + 1)) --attack datafin
if forge_sent mdf4 1 && [ "$(field "$tmp/mdf4.srv" bytes)" -lt 8000 ]; then
	ok "MPTCP datafin: the server sees end of stream early"
else
	nok "MPTCP datafin: the server sees end of stream early"
	show mdf4
fi

run mfc6 6 mptcp 12000 "$B" --iface fgb --sport $((port + 1)) --attack fastclose
if forge_sent mfc6 1 && [ -n "$(field "$tmp/mfc6.cli" error)" ] &&
	[ "$(field "$tmp/mfc6.srv" bytes)" -lt 12000 ]; then
	ok "MPTCP IPv6 fastclose: the transfer dies"
else
	nok "MPTCP IPv6 fastclose: the transfer dies"
	show mfc6
fi

run none4 4 tcp 3000 "$A" --iface fga --dport 9 --attack rst --timeout 1
if [ "$(cat "$tmp/none4.forge.rc")" = 1 ] && tail -n1 "$tmp/none4.forge" | jq -e '.sent == 0' >/dev/null; then
	ok "nothing seen: exit status 1 and sent 0"
else
	nok "nothing seen: exit status 1 and sent 0"
	show none4
fi

# Live, MPTCP, the signals and the recorded-handshake attacker against
# stacks without MPTCPsec: each succeeds, as the kernel's own MIB counters
# show (the VM test secure_signals asserts that the module stops them all).
# The recording is a capture of both directions on the client's interface;
# the attacker's addresses lead to the client's interface, so that the
# attacker sees the server's answers there.
ip netns exec "$A" tcpdump -i fga -s 0 -U --immediate-mode -w "$tmp/all.pcap" tcp 2>/dev/null &
tpidR=$!
pids+=("$tpidR")
mac_a=$(ip -n "$A" -br link show fga | awk '{print $3}')
for ns in "$A" "$B"; do
	ip -n "$ns" mptcp limits set subflow 2 add_addr_accepted 2 2>/dev/null
done
ip -n "$B" neigh add 10.231.0.66 lladdr "$mac_a" dev fgb nud permanent
ip -n "$B" neigh add fd31::66 lladdr "$mac_a" dev fgb nud permanent
sleep 0.5

# mib NS NAME: a counter of /proc/net/netstat, named as nstat names it
mib() {
	ip netns exec "$1" awk -v w="$2" 'NR % 2 { split($0, h); next }
		{ p = h[1]; sub(":", "", p); for (i = 2; i <= NF; i++) if (p h[i] == w) print $i }' \
		/proc/net/netstat
}
# rose NS NAME BEFORE N: the counter rose by N or more (N = 0: did not move)
rose() {
	local d=$(($(mib "$1" "$2") - $3))
	if [ "$4" = 0 ]; then [ "$d" = 0 ]; else [ "$d" -ge "$4" ]; fi
}

run mkeys4 4 mptcp 6000 -
$PY "$FORGE" --attack keys --pcap "$tmp/all.pcap" >"$tmp/mkeys4.forge" 2>&1
if jq -e --argjson p "$port" --arg c "$(field "$tmp/mkeys4.cli" token)" \
	--arg s "$(field "$tmp/mkeys4.srv" token)" \
	'[.conns[] | select(.server_port == $p)] | length == 1 and
	 .[0].client_token == $c and .[0].server_token == $s and $c != "" and $s != ""' \
	"$tmp/mkeys4.forge" >/dev/null; then
	ok "keys: the recorded MP_CAPABLE keys hash to both stacks' tokens"
else
	nok "keys: the recorded MP_CAPABLE keys hash to both stacks' tokens"
	show mkeys4
fi

b=$(mib "$B" MPTcpExtMPJoinAckRx)
run mjoin6 6 mptcp 12000 "$A" --iface fga --dport $((port + 1)) --attack join-syn \
	--from fd31::66 --token pcap --pcap "$tmp/all.pcap" --complete --reply-wait 3
if forge_sent mjoin6 1 && head -n1 "$tmp/mjoin6.forge" |
	jq -e '.reply == "SA" and .synack_hmac_ok and .join_ack != null' >/dev/null &&
	rose "$B" MPTcpExtMPJoinAckRx "$b" 1; then
	ok "IPv6 join-syn --complete from a recording: the server accepts the attacker's subflow"
else
	nok "IPv6 join-syn --complete from a recording: the server accepts the attacker's subflow"
	show mjoin6
fi

# sigcheck NAME NS COUNTER N FORGE_ARGS...: a transfer with the forgery
# towards the client, built on the server's pure ACKs; COUNTER of the
# client rose by N
sigcheck() {
	local name=$1 c=$2 want=$3 b
	shift 3
	b=$(mib "$A" "$c")
	run "$name" 4 mptcp 12000 "$B" --iface fgb --sport $((port + 1)) "$@"
	if forge_sent "$name" 1 && rose "$A" "$c" "$b" "$want"; then
		ok "${*//$tmp\//} towards the client: $c +$want"
	else
		nok "${*//$tmp\//} towards the client: $c +$want (now $(mib "$A" "$c"), was $b)"
		show "$name"
	fi
}
sigcheck maa4 MPTcpExtAddAddr 1 --attack addaddr --addr 10.231.0.77 --hmac pcap \
	--pcap "$tmp/all.pcap"
sigcheck maar4 MPTcpExtAddAddr 0 --attack addaddr --addr fd31::77 --addr-port 8080 \
	--hmac random
sigcheck mecho4 MPTcpExtEchoAdd 1 --attack addaddr-echo --addr 10.231.0.77
sigcheck mprio4 MPTcpExtMPPrioRx 1 --attack prio
sigcheck mtrst4 MPTcpExtMPRstRx 1 --attack tcprst
sigcheck mfck4 MPTcpExtMPFastcloseRx 1 --attack fastclose --key pcap --pcap "$tmp/all.pcap"
# last: on a stack without checksums, both ends may then answer each
# other's MP_FAIL for the rest of the connection
sigcheck mfail4 MPTcpExtMPFailRx 1 --attack fail
kill "$tpidR" 2>/dev/null
wait "$tpidR" 2>/dev/null

kill "$tpidA" "$tpidB" 2>/dev/null
wait "$tpidA" "$tpidB" 2>/dev/null
bad=$(for f in "$tmp"/inA.pcap "$tmp"/inB.pcap; do tcpdump -r "$f" -nn -vv 2>/dev/null; done |
	grep -c incorrect)
all=$(for f in "$tmp"/inA.pcap "$tmp"/inB.pcap; do tcpdump -r "$f" -nn 2>/dev/null; done | wc -l)
if [ "$bad" = 0 ] && [ "$all" -gt 0 ]; then
	ok "every TCP checksum received on either side is correct ($all segments)"
else
	nok "every TCP checksum received on either side is correct ($bad of $all incorrect)"
fi

[ "$failed" = 0 ]
