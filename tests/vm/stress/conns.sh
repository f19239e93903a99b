#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CONNS concurrent secured MPTCP connections (`make stress`), with the
# figures printed:
#   1. CONNS plain MPTCP connections held open at once, before the
#      module is loaded: the kernel's own slab growth is the baseline.
#   2. CONNS connections with policy require on both hosts, from SOURCES
#      client addresses, at most WINDOW connecting at once, all held open
#      at once: each is echoed (its data crossed in both directions),
#      every one is secured on both hosts, the module tracks exactly CONNS
#      connections and CONNS subflows per host and no pending handshake,
#      nothing is dropped, limited or falls back, a netlink dump lists
#      them all, and a transfer on one more connection is secured and
#      intact while they live.
#   3. Once they close: both hosts' tables empty within close_linger_ms,
#      no more slab is left behind than the plain connections left (their
#      TIME_WAIT sockets), plus 10% of the growth, the module unloads and
#      the kernel log stays clean.
# The module's memory per secured connection and host is the slab growth
# of 2 over that of 1, over 2 * CONNS (client and server run in one
# kernel); it is an estimate, within the slab's noise of about a
# megabyte.
#
#   ns_cli 10.0.1.1, 10.0.1.11..  -- cli1/srv1 --  10.0.1.2 ns_srv
#
# The stacks themselves need a big enough MPTCP token hash: run with
# MPTCPSEC_VM_MEM=16384 (run.sh) for 10000 connections.
#
# Usage: conns.sh [CONNS [SOURCES [WINDOW]]]   (defaults 10000 40 128)
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

CONNS=${1:-10000}
SOURCES=${2:-40}
WINDOW=${3:-128}
LINGER_MS=2000
ctl() { "$MPTCPSECCTL" "$@"; }
CONNTOOL=$MPTCPSEC_SRC/tests/tools/mptcp_conns
WORK=$(mktemp -d)

plan 19

ip netns add ns_cli
ip netns add ns_srv
trap netns_del_all EXIT
for ns in ns_cli ns_srv; do
	ip -n $ns link set lo up
	ip netns exec $ns sysctl -qw net.mptcp.enabled=1
done
ip link add cli1 netns ns_cli type veth peer name srv1 netns ns_srv
ip -n ns_cli addr add 10.0.1.1/24 dev cli1
srcs=10.0.1.1
for ((i = 0; i < SOURCES - 1; i++)); do
	ip -n ns_cli addr add 10.0.1.$((11 + i))/24 dev cli1
	srcs+=,10.0.1.$((11 + i))
done
ip -n ns_srv addr add 10.0.1.2/24 dev srv1
ip -n ns_cli link set cli1 up
ip -n ns_srv link set srv1 up
ip netns exec ns_srv sysctl -qw net.core.somaxconn=4096
ip netns exec ns_srv sysctl -qw net.ipv4.tcp_max_syn_backlog=8192
ip netns exec ns_cli sysctl -qw net.ipv4.ip_local_port_range="10000 65000"
ulimit -n $((2 * CONNS + 1024))
wait_until 5 ip netns exec ns_cli ping -c1 -W1 10.0.1.2

# tokfb NS: connections NS's stack fell back to TCP for want of a free
# MPTCP token (its token hash has one bucket per MiB of memory, at most
# four tokens each, for every namespace together)
tokfb() {
	ip netns exec "$1" nstat -az MPTcpExtMPFallbackTokenInit |
		awk '/MPFallbackTokenInit/ { print $2 }'
}
mem_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
echo "# guest memory $mem_mb MiB: room for about $((mem_mb * 4)) MPTCP tokens; $CONNS connections need $((2 * CONNS))"

slab() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
stat() { ctl -j -n "$1" stats | jq -r ".$2"; }
# settle: the slab once freed objects have gone back (RCU, lingering
# subflows, TIME_WAIT sockets)
settle() {
	sleep 1
	echo 2 >/proc/sys/vm/drop_caches
	slab
}

# hold PORT TAG: CONNS connections to PORT, held open; leaves the server
# and client running (pids in $spid $cpid), $TAG.cli/$TAG.srv their
# output; true once all are established and echoed
hold() {
	local port=$1 tag=$2
	rm -f "$WORK/$tag.release"
	ip netns exec ns_srv "$CONNTOOL" server -p "$port" -n "$CONNS" -t 1500 \
		>"$WORK/$tag.srv" 2>&1 &
	spid=$!
	wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$port '"
	ip netns exec ns_cli "$CONNTOOL" client -c 10.0.1.2 -p "$port" -n "$CONNS" \
		-s "$srcs" -w "$WINDOW" -H "$WORK/$tag.release" -t 1500 >"$WORK/$tag.cli" 2>&1 &
	cpid=$!
	wait_until 1400 bash -c "grep -q established '$WORK/$tag.cli' || ! kill -0 $cpid" &&
		grep -q established "$WORK/$tag.cli" &&
		wait_until 60 grep -q echoed "$WORK/$tag.srv"
}

# diag: what both hosts counted, for a run that failed
diag() {
	local ns
	for ns in ns_cli ns_srv; do
		echo "# $ns stats: $(ctl -j -n $ns stats | jq -c 'with_entries(select(.value != 0))')"
		echo "# $ns nstat: $(ip netns exec $ns nstat -az | awk '$2 != 0 && /Syncookies|Overflow|Drop|Reset|Retrans|MPCapable|Fallback|Refused/ { printf "%s=%s ", $1, $2 }')"
	done
}

# release TAG: close the held connections; true when both tools exit 0
release() {
	local rc
	touch "$WORK/$1.release"
	wait "$cpid"
	rc=$?
	wait "$spid" && [ $rc = 0 ]
}

# --- 1. plain MPTCP, the kernel's own cost
s0=$(settle)
hold 7000 plain
is "$CONNS plain MPTCP connections open and echoed" "$?" 0
s1=$(slab)
sed 's/^/# /' "$WORK/plain.cli"
is "  ... every one MPTCP (no token fallback to TCP)" "$(tokfb ns_cli) $(tokfb ns_srv)" "0 0"
release plain
is "  ... and they all close cleanly" "$?" 0
s2=$(settle)
plain_kb=$((s1 - s0))
echo "# plain: slab +$plain_kb kB with $CONNS connections open ($((plain_kb * 1024 / CONNS)) B per connection, both ends)"

# --- 2. secured (each host's policy covers the other's addresses)
DMESG_START=$(dmesg | wc -l)
mod_load close_linger_ms=$LINGER_MS
ctl -n ns_cli policy add 10.0.1.2/32 mode require
ctl -n ns_srv policy add 10.0.1.0/24 mode require
c0=$(stat ns_cli conns_created)
t0=$(date +%s%N)
hold 7001 sec
rc=$?
is "$CONNS secured connections open and echoed" "$rc" 0
[ $rc = 0 ] || diag
ms=$((($(date +%s%N) - t0) / 1000000))
s3=$(slab)
sed 's/^/# /' "$WORK/sec.cli"
is "  ... every one MPTCP (no token fallback to TCP)" "$(tokfb ns_cli) $(tokfb ns_srv)" "0 0"
for ns in ns_cli ns_srv; do
	is "$ns: $CONNS connections and $CONNS subflows tracked, no pending handshake" \
		"$(ctl -j -n $ns stats | jq -r '"\(.conns_current) \(.subflows_current) \(.handshakes_current)"')" \
		"$CONNS $CONNS 0"
done
for ns in ns_cli ns_srv; do
	ctl -j -n $ns conn show >"$WORK/$ns.json"
	is "$ns: the dump lists $CONNS connections, every one secured" \
		"$(jq '[.[] | select(.security == "secured" and
			any(.subflows[]; .remote_port == 7001 or .local_port == 7001))] | length' \
			"$WORK/$ns.json") $(jq length "$WORK/$ns.json")" \
		"$CONNS $CONNS"
done
is "the client created exactly $CONNS connection entries" "$(($(stat ns_cli conns_created) - c0))" "$CONNS"
for ns in ns_cli ns_srv; do
	is "$ns: nothing dropped, limited or fallen back" \
		"$(ctl -j -n $ns stats | jq -r '"\(.auth_failures) \(.replays) \(.unprotected) \(.no_room) \(.fallbacks) \(.handshake_limited) \(.handshake_failures)"')" \
		"0 0 0 0 0 0 0"
done
# One more connection, with data, while they all live.
sec0=$(stat ns_srv conns_secured)
head -c $((1024 * 1024)) /dev/urandom >"$WORK/data"
ip netns exec ns_srv "$MPTCPSEC_XFER" server -4 -p 7002 -o "$WORK/got" -t 120 >/dev/null 2>&1 &
xpid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':7002 '"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 7002 -i "$WORK/data" -t 120 \
	>/dev/null 2>&1
wait $xpid
check "a transfer during them arrives intact" cmp -s "$WORK/data" "$WORK/got"
is "  ... over a secured connection" "$(($(stat ns_srv conns_secured) - sec0))" 1
release sec
is "the $CONNS connections close cleanly" "$?" 0
check "both hosts' tables are empty within close_linger_ms" \
	wait_until $((LINGER_MS / 1000 + 20)) bash -c \
	"[ \"\$($MPTCPSECCTL -j -n ns_cli stats | jq .conns_current)\$($MPTCPSECCTL -j -n ns_srv stats | jq .conns_current)\" = 00 ]"
s4=$(settle)
sec_kb=$((s3 - s2))
mod_b=$(((sec_kb - plain_kb) * 1024 / (2 * CONNS)))
echo "# secured: $CONNS connections in $ms ms ($((CONNS * 1000 / (ms + 1)))/s); slab +$sec_kb kB open ($((sec_kb * 1024 / CONNS)) B per connection, both ends)"
echo "# the module's state: about $mod_b B per secured connection and host (one subflow each)"
echo "# slab: start $s0 kB, plain open $s1, closed $s2, secured open $s3, closed $s4"
# Closed connections leave TIME_WAIT sockets behind for a minute; the
# secured ones may leave no more than the plain ones did.
check "closed secured connections left no more slab than plain ones (+10%)" \
	test $((s4 - s2)) -le $((s2 - s0 + sec_kb / 10))
check "the module unloads" mod_unload
check "no kernel warnings" dmesg_clean
rm -rf "$WORK"
tap_done
