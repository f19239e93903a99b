#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The opt-in key log and the Wireshark dissector:
#   - refused to a user without CAP_NET_ADMIN, to the root of a user
#     namespace (not the host's root), for a file others could read, and
#     while another process runs one in the namespace;
#   - while it runs, a secured two-subflow transfer (initial and MP_JOIN)
#     leaves one CONN and two SUBFLOW records with the session ID conn
#     show prints; the kernel log names who started it and holds no key;
#   - tshark with tools/wireshark/mptcpsec.lua and that key log decrypts
#     the captures of both paths: every decrypted segment is a piece of
#     the sent file at its place, and together they give the whole file
#     (less what tcpdump lost, which it counts); without the log, or with
#     wrong keys, no plaintext appears;
#   - after it stops (SIGINT), new connections are not logged.
#
#        ns_cli                          ns_srv
#   +-------------+  cli1 -- srv1   +-------------+
#   | 10.0.1.1    |-----------------| 10.0.1.2    |
#   | 10.0.2.1    |-----------------| 10.0.2.2    |
#   +-------------+  cli2 -- srv2   +-------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
LUA=$MPTCPSEC_SRC/tools/wireshark/mptcpsec.lua
WORK=$(mktemp -d)
chmod 755 "$WORK"
SIZE=$((1024 * 1024))

# tshark_plain PCAP KEYLOG OUT: "seq hexplaintext" per decrypted segment
tshark_plain() {
	tshark -n -r "$1" -X lua_script:"$LUA" -o "mptcpsec.keylog_file:$2" \
		-o tcp.relative_sequence_numbers:FALSE -Y mptcpsec.plaintext \
		-T fields -e tcp.seq -e mptcpsec.plaintext >"$3" 2>"$3.err"
}

plan 25

netns_topology_2paths
mod_load close_linger_ms=2000
DMESG_START=$(dmesg | wc -l)
for ns in ns_cli ns_srv; do
	ctl -n $ns policy add 10.0.0.0/8 mode require
done
head -c $SIZE /dev/urandom >"$WORK/data"

# Refusals.
mkdir -m 1777 "$WORK/pub"
ip netns exec ns_cli setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$MPTCPSECCTL" keylog "$WORK/pub/nobody.log" >"$WORK/out" 2>&1
is "keylog as an unprivileged user: refused (exit 2)" "$?" 2
unshare -Urn "$MPTCPSECCTL" keylog "$WORK/pub/userns.log" >"$WORK/out" 2>&1
is "keylog as root of a user namespace: refused (exit 2)" "$?" 2
check "  ... because it needs the initial user namespace" grep -q "initial user namespace" "$WORK/out"
touch "$WORK/open.log"
chmod 644 "$WORK/open.log"
ip netns exec ns_cli "$MPTCPSECCTL" keylog "$WORK/open.log" >"$WORK/out" 2>&1
is "keylog into a file others can read: refused (exit 1)" "$?" 1
check "  ... saying how to fix it" grep -q "chmod 600" "$WORK/out"

# A running key log.
ip netns exec ns_cli "$MPTCPSECCTL" keylog "$WORK/keys.log" 2>"$WORK/keylog.err" &
kpid=$!
check "keylog started: the file has its header" \
	wait_until 10 grep -q "^# mptcpsec key log" "$WORK/keys.log"
is "the key log file is mode 600" "$(stat -c %a "$WORK/keys.log")" 600
ip netns exec ns_cli "$MPTCPSECCTL" keylog "$WORK/second.log" >"$WORK/out" 2>&1
is "a second key log in the namespace: refused (exit 2)" "$?" 2
check "  ... because one already runs" grep -q "already runs" "$WORK/out"

capture_start xfer 5901 ns_cli:cli1 ns_cli:cli2
ip netns exec ns_srv "$MPTCPSEC_XFER" server -p 5901 -o "$WORK/got" -t 60 >/dev/null 2>&1 &
spid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':5901 '"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5901 -i "$WORK/data" \
	-r $((256 * 1024)) -t 60 >/dev/null 2>&1 &
cpid=$!
check "two subflows secured" wait_until 20 bash -c "$MPTCPSECCTL -j -n ns_cli conn show | jq -e \
	'[.[0].subflows[] | select(.security == \"secured\")] | length == 2' >/dev/null"
sid=$(ctl -j -n ns_cli conn show | jq -r '.[0].session_id')
wait $cpid
wait $spid
capture_stop
check "the transfer arrived intact" cmp -s "$WORK/data" "$WORK/got"

is "one CONN record, with the session ID conn show prints" \
	"$(grep -c "^CONN $sid [0-9a-f]\{16\} [0-9a-f]\{16\}\$" "$WORK/keys.log")" 1
is "one SUBFLOW record per subflow, initiator first" \
	"$(grep -E -c "^SUBFLOW $sid 10\.0\.[12]\.1 [0-9]+ 10\.0\.[12]\.2 5901 [0-9a-f]{64} [0-9a-f]{64}\$" \
		"$WORK/keys.log")" 2
dmesg | tail -n +$((DMESG_START + 1)) >"$WORK/dmesg"
check "the kernel log names who started the key log" \
	grep -q "key log started by pid [0-9]* (mptcpsecctl)" "$WORK/dmesg"
check "no logged key appears in the kernel log" bash -c \
	"! grep -q -F -f <(awk '/^SUBFLOW/ { print \$7; print \$8 } /^CONN/ { print \$3; print \$4 }' \
		'$WORK/keys.log') '$WORK/dmesg'"

# The dissector, with the key log, on both paths' captures.
command -v tshark >/dev/null || echo "# tshark missing"
for i in 1 2; do
	tshark_plain "$WORK/xfer.cli$i.pcap" "$WORK/keys.log" "$WORK/plain$i"
done
sed 's/^/# tshark: /' "$WORK/plain1.err" | head -5
check "tshark loads the dissector without a Lua error" \
	bash -c "! grep -q -i 'lua' '$WORK/plain1.err' '$WORK/plain2.err'"
# place SIZE DATA FILE...: every decrypted segment is a piece of DATA;
# prints "misplaced covered" (bytes of segments not found in DATA, bytes
# of DATA covered by the segments found)
place() {
	python3 - "$@" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
covered = bytearray(len(data))
bad = 0
for name in sys.argv[2:]:
    for line in open(name):
        f = line.split()
        if len(f) < 2:
            continue
        pt = bytes.fromhex(f[1].replace(':', ''))
        off = data.find(pt)
        if off < 0 or len(pt) < 16:
            bad += len(pt)
            continue
        covered[off:off + len(pt)] = b'\x01' * len(pt)
print(bad, sum(covered))
EOF
}
read -r bad cov < <(place "$WORK/data" "$WORK/plain1" "$WORK/plain2")
echo "# decrypted: $cov of $SIZE bytes placed, $bad bytes not found in the file"
cat "$WORK"/xfer.*.tcpdump | sed 's/^/# tcpdump: /'
is "every decrypted segment is a piece of the sent file" "$bad" 0
check "the decrypted segments give the file (at least 95%, tcpdump may lose some)" \
	test "$cov" -ge $((SIZE / 20 * 19))
check "both paths carried decrypted data (the MP_JOIN subflow's keys work)" \
	bash -c "[ -s '$WORK/plain1' ] && [ -s '$WORK/plain2' ]"

: >"$WORK/empty.log"
tshark_plain "$WORK/xfer.cli1.pcap" "$WORK/empty.log" "$WORK/nolog"
is "without a key log no plaintext appears" "$(wc -l <"$WORK/nolog")" 0
# Wrong keys: the two traffic keys of each subflow swapped.
awk '/^SUBFLOW/ { t = $7; $7 = $8; $8 = t } { print }' "$WORK/keys.log" >"$WORK/wrong.log"
tshark_plain "$WORK/xfer.cli1.pcap" "$WORK/wrong.log" "$WORK/wrong"
read -r bad cov < <(place "$WORK/data" "$WORK/wrong")
is "with wrong keys nothing decrypts to the file" "$cov" 0

# Stop, then nothing more is logged.
kill -INT $kpid
wait $kpid
is "keylog exits 0 on SIGINT" "$?" 0
check "  ... and says how many records it wrote" grep -q "3 records written" "$WORK/keylog.err"
n=$(wc -l <"$WORK/keys.log")
ip netns exec ns_srv "$MPTCPSEC_XFER" server -p 5902 -o /dev/null -t 30 >/dev/null 2>&1 &
spid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':5902 '"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5902 -s 65536 -t 30 >/dev/null 2>&1
wait $spid
is "after the stop a new connection is not logged" "$(wc -l <"$WORK/keys.log")" "$n"
check "no warning, oops or leak in the kernel log" dmesg_clean
tap_done
