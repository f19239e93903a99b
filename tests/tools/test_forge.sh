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
# usage: tests/tools/test_forge.sh    (about 40 s; KEEP=1 keeps the results)
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
import hashlib, json, random, socket, sys, time
role, fam, addr, port, proto = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
af = socket.AF_INET if fam == 4 else socket.AF_INET6
ipproto = 262 if proto == "mptcp" else socket.IPPROTO_TCP
res = {"bytes": 0}
h = hashlib.sha256()
try:
    if role == "server":
        ls = socket.socket(af, socket.SOCK_STREAM, ipproto)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((addr, port))
        ls.listen(1)
        open(sys.argv[6] + ".ready", "w").close()
        ls.settimeout(20)
        c, _ = ls.accept()
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

echo "1..17"

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
