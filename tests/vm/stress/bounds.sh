#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Resource bounds (`make stress`), with the figures printed:
#   1. A SYN flood below the handshake bound: FLOOD MP_CAPABLE SYNs, each
#      carrying a real key share (recorded from a legitimate connection),
#      from FLOOD different source addresses and ports. The server keeps
#      at most one handshake state per SYN and never more than
#      max_handshakes, counts none as limited, and a legitimate client
#      connecting during the flood is secured.
#   2. The same flood above the bound (max_handshakes lowered to LIMIT):
#      pending handshakes never exceed LIMIT, the oldest are evicted and
#      counted as handshake-limited, a legitimate client connecting during
#      the flood is secured (it answers within a round trip, before its
#      handshake is the oldest), and once the flood stops and syn_timeout
#      passes, no state is left.
#   3. A policy table of PREFIXES entries loaded by one batch: each entry
#      resolves to itself, a connection is secured through the table, and
#      the load time, memory and connect time are printed.
#   4. A flood of FLOOD MP_JOIN SYNs naming the token of a live secured
#      connection (the worst case: the attacker learnt the token), from
#      FLOOD sources, half with a random MPTCPsec option and half without:
#      every one is dropped before TCP (the stack's MPJoinSynRx stays put),
#      none leaves state behind, tracked subflows never exceed
#      max_subflows, and the live connection goes on, secured and intact.
#
#   ns_cli 10.0.1.1 -- cli1/srv1 -- 10.0.1.2 ns_srv 10.0.3.2 -- srv3/atk -- 10.0.3.1 ns_atk
#   (ns_srv routes 10.100.0.0/16, the flood's sources, to ns_atk, which
#   drops the SYN-ACKs: no such address there)
#
# Usage: bounds.sh [FLOOD [LIMIT [PREFIXES]]]   (defaults 2000 128 10000)
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

FLOOD=${1:-2000}
LIMIT=${2:-128}
PREFIXES=${3:-10000}
SYN_TIMEOUT=6
ctl() { "$MPTCPSECCTL" "$@"; }
WORK=$(mktemp -d)

plan 26

ip netns add ns_cli
ip netns add ns_srv
ip netns add ns_atk
trap netns_del_all EXIT
for ns in ns_cli ns_srv ns_atk; do
	ip -n $ns link set lo up
	ip netns exec $ns sysctl -qw net.mptcp.enabled=1
done
ip link add cli1 netns ns_cli type veth peer name srv1 netns ns_srv
ip link add atk netns ns_atk type veth peer name srv3 netns ns_srv
ip -n ns_cli addr add 10.0.1.1/24 dev cli1
ip -n ns_srv addr add 10.0.1.2/24 dev srv1
ip -n ns_atk addr add 10.0.3.1/24 dev atk
ip -n ns_srv addr add 10.0.3.2/24 dev srv3
for l in ns_cli:cli1 ns_srv:srv1 ns_srv:srv3 ns_atk:atk; do
	ip -n "${l%%:*}" link set "${l#*:}" up
done
ip -n ns_srv route add 10.100.0.0/16 via 10.0.3.1
ip -n ns_atk route add default via 10.0.3.2
wait_until 5 ip netns exec ns_cli ping -c1 -W1 10.0.1.2
wait_until 5 ip netns exec ns_atk ping -c1 -W1 10.0.1.2

DMESG_START=$(dmesg | wc -l)
mod_load syn_timeout=$SYN_TIMEOUT
for ns in ns_cli ns_srv; do
	ctl -n $ns policy add 10.0.0.0/8 mode require
done
ctl -n ns_srv policy add 10.100.0.0/16 mode require

# legit PORT SECONDS: one legitimate connection from ns_cli, secured and
# intact; prints its connect-to-close time in ms
legit() {
	local port=$1 t0 rc
	ip netns exec ns_srv "$MPTCPSEC_XFER" server -4 -p "$port" -o "$WORK/got.$port" -t "$2" \
		>/dev/null 2>&1 &
	local spid=$!
	wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$port '"
	t0=$(date +%s%N)
	ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p "$port" -i "$WORK/data" \
		-t "$2" >/dev/null 2>&1
	rc=$?
	wait $spid
	echo "$((($(date +%s%N) - t0) / 1000000))"
	[ $rc -eq 0 ] && cmp -s "$WORK/data" "$WORK/got.$port"
}
legit_ok() { legit "$@" >/dev/null; }
head -c 65536 /dev/urandom >"$WORK/data"

# A real offer, as it reaches the server.
ip netns exec ns_srv tcpdump -i srv1 -w "$WORK/syn.pcap" -c 1 -U \
	'tcp dst port 6000 and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn' 2>/dev/null &
dpid=$!
sleep 2
check "a legitimate connection is secured (its SYN recorded)" legit_ok 6000 30
wait $dpid
# The flood goes to a listener, as an attack on a service would (a closed
# port's resets would end each handshake at once).
ip netns exec ns_srv "$MPTCPSEC_XFER" server -4 -p 6000 -o /dev/null -t 900 >/dev/null 2>&1 &
lpid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':6000 '"

# flood N: N recorded SYNs from 10.100.0.0/16, each its own address,
# port and sequence number, as fast as a raw socket takes them
flood() {
	ip netns exec ns_atk python3 "$MPTCPSEC_SRC/tests/vm/stress/synflood.py" \
		recorded "$WORK/syn.pcap" "$1"
}

# pending: handshakes the server holds state for (an evicted one's
# subflow stays tracked, negotiating, without state)
pending() { ctl -j -n ns_srv stats | jq .handshakes_current; }

# sample_max FILE CMD...: the highest number CMD printed, written to FILE,
# sampled until FILE.stop exists
sample_max() {
	local f=$1 max=0 n
	shift
	while [ ! -e "$f.stop" ]; do
		n=$("$@")
		[ "${n:-0}" -gt $max ] && max=$n
		echo $max >"$f"
		sleep 0.3
	done
}

stat() { ctl -j -n ns_srv stats | jq ".$1"; }

# flood_gone: the server tracks no connection from the flood's sources
flood_gone() {
	[ "$(ctl -j -n ns_srv conn show |
		jq '[.[] | select(.peer | startswith("10.100."))] | length')" -eq 0 ]
}

# --- 1. below the bound
hs0=$(stat handshakes)
lim0=$(stat handshake_limited)
sample_max "$WORK/max1" pending &
smp=$!
t0=$(date +%s%N)
flood "$FLOOD" &
fpid=$!
sleep 1
during=$(legit 6001 60) && during_ok=1 || during_ok=0
wait $fpid
fms=$((($(date +%s%N) - t0) / 1000000))
sleep 1
touch "$WORK/max1.stop"
wait $smp
max1=$(cat "$WORK/max1")
hs1=$(($(stat handshakes) - hs0))
echo "# below the bound: $FLOOD SYNs sent in $fms ms; $hs1 handshakes started; peak pending $max1 (bound 4096, $((max1 * 512 / 1024)) KiB of 512-byte objects)"
echo "# a legitimate connection during the flood: $([ $during_ok = 1 ] && echo secured || echo failed) in $during ms"
check "every flood SYN started at most one handshake" test "$hs1" -le $((FLOOD + 1))
check "  ... and they were handled (at least 90% started one)" test "$hs1" -ge $((FLOOD * 9 / 10))
is "none was limited below the bound" "$(($(stat handshake_limited) - lim0))" 0
is "a legitimate client connecting during the flood is secured" "$during_ok" 1
check "the flood's state is gone after syn_timeout" wait_until $((SYN_TIMEOUT * 3 + 10)) \
	flood_gone
is "  ... no handshake holds state" "$(pending)" 0

# --- 2. above the bound
echo $LIMIT >/sys/module/mptcpsec/parameters/max_handshakes
lim0=$(stat handshake_limited)
rm -f "$WORK/max2.stop"
sample_max "$WORK/max2" pending &
smp=$!
flood "$FLOOD" &
fpid=$!
sleep 1
during=$(legit 6002 20) && during_ok=1 || during_ok=0
wait $fpid
sleep 1
touch "$WORK/max2.stop"
wait $smp
max2=$(cat "$WORK/max2")
lim2=$(($(stat handshake_limited) - lim0))
echo "# above the bound ($LIMIT): peak pending $max2, $lim2 SYNs limited; a legitimate connection during the flood: $([ $during_ok = 1 ] && echo secured || echo failed) in $during ms"
check "pending handshakes never exceeded max_handshakes" test "$max2" -le "$LIMIT"
check "the SYNs past the bound were counted as handshake-limited" test "$lim2" -ge $((FLOOD - LIMIT - FLOOD / 10))
is "a legitimate client connecting during the flood is secured" "$during_ok" 1
check "no state is left once the flood stops and syn_timeout passes" \
	wait_until $((SYN_TIMEOUT * 3 + 10)) \
	flood_gone
is "  ... no handshake holds state" "$(pending)" 0
check "a legitimate client is secured after the flood" legit_ok 6003 30
echo 4096 >/sys/module/mptcpsec/parameters/max_handshakes

# --- 3. PREFIXES policy entries
slab0=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
# 100.64.0.0/24, 100.64.1.0/24, ...: PREFIXES distinct /24 prefixes
net() { echo "$((100 + ($1 >> 14))).$((64 + ($1 >> 8) % 64)).$(($1 & 255))"; }
for ((i = 0; i < PREFIXES; i++)); do
	echo "policy add $(net $i).0/24 mode require"
done >"$WORK/batch"
t0=$(date +%s%N)
ctl -n ns_cli -b "$WORK/batch"
rc=$?
lms=$((($(date +%s%N) - t0) / 1000000))
slab1=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
is "a batch of $PREFIXES policy entries loads" "$rc" 0
is "  ... all of them are in the table" \
	"$(ctl -j -n ns_cli policy show | jq '[.[] | select(.prefix | startswith("10.") | not)] | length')" \
	"$PREFIXES"
bad=0
for i in 0 1 255 256 $((PREFIXES / 2 + 1)) $((PREFIXES - 1)); do
	got=$(ctl -j -n ns_cli policy get "$(net $i).77" | jq -r .prefix)
	[ "$got" = "$(net $i).0/24" ] || { echo "# policy get $(net $i).77: $got"; bad=$((bad + 1)); }
done
is "  ... each resolves to itself" "$bad" 0
ct=$(legit 6004 60)
check "a connection is secured through the $PREFIXES-entry table" test $? -eq 0
echo "# $PREFIXES entries: loaded in $lms ms, slab +$((slab1 - slab0)) kB; a 64 KiB secured transfer took $ct ms"
kill $lpid 2>/dev/null
wait $lpid 2>/dev/null

# --- 4. MP_JOIN SYNs with a live connection's token
live() {
	ctl -j -n ns_srv conn show | jq -c '[.[] | select(any(.subflows[]; .local_port == 6005)) |
		{id, security, local_token, subflows: [.subflows[] | {kind, security, remote, remote_port}]}]'
}
live_secured() { [ "$(live | jq -r '.[0].security // empty')" = secured ]; }
subflows_now() { ctl -j -n ns_srv stats | jq .subflows_current; }
head -c $((1 << 20)) /dev/urandom >"$WORK/live"
ip netns exec ns_srv "$MPTCPSEC_XFER" server -4 -p 6005 -o "$WORK/live.got" -t 120 \
	>/dev/null 2>&1 &
spid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':6005 '"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 6005 -i "$WORK/live" \
	-r $((96 * 1024)) -t 120 >/dev/null 2>&1 &
cpid=$!
wait_until 10 live_secured
before=$(live)
token=$(jq -r '.[0].local_token' <<<"$before")
mib0=$(ip netns exec ns_srv nstat -az MPTcpExtMPJoinSynRx | awk '/MPJoinSynRx/ { print $2 }')
st0=$(ctl -j -n ns_srv stats)
slab0=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
sample_max "$WORK/subs" subflows_now &
smp=$!
t0=$(date +%s%N)
ip netns exec ns_atk python3 "$MPTCPSEC_SRC/tests/vm/stress/synflood.py" \
	join "$token" 10.0.1.2 6005 "$FLOOD"
jms=$((($(date +%s%N) - t0) / 1000000))
sleep 1
touch "$WORK/subs.stop"
wait $smp
subs=$(cat "$WORK/subs")
wait $cpid
crc=$?
wait $spid
st1=$(ctl -j -n ns_srv stats)
mib1=$(ip netns exec ns_srv nstat -az MPTcpExtMPJoinSynRx | awk '/MPJoinSynRx/ { print $2 }')
drops=$(jq -n --argjson a "$st0" --argjson b "$st1" \
	'[["auth_failures", "replays", "unprotected"][] as $c | $b[$c] - $a[$c]] | add')
matched=$(jq -n --argjson a "$st0" --argjson b "$st1" '$b.joins_matched - $a.joins_matched')
slab1=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
echo "# MP_JOIN flood: $FLOOD SYNs with the live token sent in $jms ms; $matched matched it, $drops dropped (auth_failures, replays, unprotected); peak subflows tracked $subs; slab $((slab1 - slab0)) kB after"
is "the live connection was secured before the flood" "$(jq -r '.[0].security' <<<"$before")" secured
is "every join SYN of the flood named the live connection's token" "$matched" "$FLOOD"
check "  ... and the module dropped every one" test "$drops" -ge "$FLOOD"
is "  ... none reached the stack (MPJoinSynRx unchanged)" "${mib1:-0}" "${mib0:-0}"
check "tracked subflows never exceeded max_subflows" \
	test "$subs" -le "$(cat /sys/module/mptcpsec/parameters/max_subflows)"
check "no join from the flood's sources is left" flood_gone
is "the live connection went on, secured, with its own subflow only" "$(live)" "$before"
check "  ... and its data arrived intact" bash -c "[ $crc = 0 ] && cmp -s '$WORK/live' '$WORK/live.got'"
check "no warning, oops or leak in the kernel log" dmesg_clean
rm -rf "$WORK"
tap_done
