#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load/unload under traffic, CYCLES times (default 200; `make stress`):
# each cycle loads the module, configures three pairs of namespaces
# (auth psk, auth pinned, auth none), opens one secured MPTCP connection
# in each, deletes the third pair's namespaces while its connection lives,
# flushes the other two with conn flush (then ends their applications),
# checks that no connection or subflow is left tracked, and unloads the
# module. Asserted over all cycles: every connection was secured, every
# unload succeeded, the module never reported a leaked
# object (it counts connections, subflows, handshakes, keys and crypto
# state and logs any left at unload), and kernel slab usage returns to
# its level after the first cycle (within 4 MiB); the figures are printed.
#
#   pair i (i = 1..3):  ns_c$i 10.9.$i.1 -- veth -- 10.9.$i.2 ns_s$i
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
CYCLES=${1:-200}
WORK=$(mktemp -d)

pair_up() {
	local i=$1
	ip netns add ns_c$i
	ip netns add ns_s$i
	for ns in ns_c$i ns_s$i; do
		ip -n $ns link set lo up
		ip netns exec $ns sysctl -qw net.mptcp.enabled=1
	done
	ip link add c$i netns ns_c$i type veth peer name s$i netns ns_s$i
	ip -n ns_c$i addr add 10.9.$i.1/24 dev c$i
	ip -n ns_s$i addr add 10.9.$i.2/24 dev s$i
	ip -n ns_c$i link set c$i up
	ip -n ns_s$i link set s$i up
}

# configure PAIR: policy require with the pair's authentication
configure() {
	local i=$1 ns
	case $i in
	1)
		for ns in ns_c1 ns_s1; do
			ctl -n $ns key add site file "$WORK/psk" &&
				ctl -n $ns policy add 10.9.1.0/24 mode require auth psk site || return 1
		done ;;
	2)
		ctl -n ns_c2 identity load "$WORK/id.c" &&
			ctl -n ns_s2 identity load "$WORK/id.s" &&
			ctl -n ns_c2 policy add 10.9.2.2 mode require auth pinned "$PUB_S" &&
			ctl -n ns_s2 policy add 10.9.2.1 mode require auth pinned "$PUB_C" || return 1 ;;
	3)
		for ns in ns_c3 ns_s3; do
			ctl -n $ns policy add 10.9.3.0/24 mode require || return 1
		done ;;
	esac
}

# start PAIR: a server and a slow client; sets spid[i], cpid[i]
start() {
	local i=$1
	ip netns exec ns_s$i "$MPTCPSEC_XFER" server -p 7000 -o /dev/null -t 60 \
		>/dev/null 2>&1 &
	spid[$i]=$!
	wait_until 10 bash -c "ip netns exec ns_s$i ss -Hltn | grep -q ':7000 '" || return 1
	ip netns exec ns_c$i "$MPTCPSEC_XFER" client -c 10.9.$i.2 -p 7000 -s $((8 * 1024 * 1024)) \
		-r $((128 * 1024)) -t 60 >/dev/null 2>&1 &
	cpid[$i]=$!
}

secured() {
	wait_until 15 bash -c "$MPTCPSECCTL -j -n $1 conn show 2>/dev/null | jq -e \
		'[.[] | select(.security == \"secured\")] | length == 1' >/dev/null"
}

# mark WHAT: time since the cycle began, for the first cycles
mark() { [ "$c" -le 2 ] && echo "# cycle $c: $1 at $((($(date +%s%N) - tc) / 1000000)) ms"; }

slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }

plan 7

(umask 077; "$MPTCPSECCTL" key generate >"$WORK/psk")
(umask 077; "$MPTCPSECCTL" identity generate >"$WORK/id.c"; "$MPTCPSECCTL" identity generate >"$WORK/id.s")
for i in 1 2 3; do pair_up $i; done
trap netns_del_all EXIT

declare -a spid cpid
n_secured=0 n_unload=0 n_clean=0 n_config=0
slab_base= slab_max=0 t0=$(date +%s)
for c in $(seq 1 "$CYCLES"); do
	tc=$(date +%s%N)
	mod_load close_linger_ms=500 || break
	mark loaded
	if [ $c = 1 ]; then
		ctl -n ns_c2 identity load "$WORK/id.c" && ctl -n ns_s2 identity load "$WORK/id.s"
		PUB_C=$(ctl -j -n ns_c2 identity show | jq -r .public_key)
		PUB_S=$(ctl -j -n ns_s2 identity show | jq -r .public_key)
	fi
	ok_cfg=1
	for i in 1 2 3; do configure $i || ok_cfg=0; done
	n_config=$((n_config + ok_cfg))
	mark configured
	for i in 1 2 3; do start $i; done
	for i in 1 2 3; do secured ns_c$i && n_secured=$((n_secured + 1)); done
	mark secured
	# The third pair goes away with its connection alive: the names go
	# first, the namespaces follow when their last processes exit.
	ip netns del ns_c3
	ip netns del ns_s3
	kill "${spid[3]}" "${cpid[3]}" 2>/dev/null
	wait "${spid[3]}" "${cpid[3]}" 2>/dev/null
	mark "pair 3 deleted"
	for i in 1 2; do
		ctl -n ns_c$i conn flush >/dev/null
		ctl -n ns_s$i conn flush >/dev/null
		kill "${cpid[$i]}" "${spid[$i]}" 2>/dev/null
		wait "${cpid[$i]}" "${spid[$i]}" 2>/dev/null
	done
	mark "pairs 1 and 2 flushed"
	left=0
	for ns in ns_c1 ns_s1 ns_c2 ns_s2; do
		wait_until 10 bash -c "[ \"\$($MPTCPSECCTL -j -n $ns stats | jq '.conns_current + .subflows_current')\" = 0 ]" ||
			left=1
	done
	[ $left = 0 ] && n_clean=$((n_clean + 1))
	mark flushed
	if wait_until 20 rmmod mptcpsec; then
		n_unload=$((n_unload + 1))
	else
		echo "# cycle $c: rmmod failed"
		break
	fi
	mark unloaded
	pair_up 3
	mark "pair 3 up"
	s=$(slab_kb)
	[ -n "$slab_base" ] || slab_base=$s
	[ "$s" -gt "$slab_max" ] && slab_max=$s
	[ $((c % 20)) = 0 ] && echo "# cycle $c: slab $s kB (after cycle 1: $slab_base kB), $(($(date +%s) - t0)) s"
done
# Let deferred frees (RCU, workqueues) finish before the last reading.
sleep 2
slab_end=$(slab_kb)
echo "# $CYCLES cycles in $(($(date +%s) - t0)) s; slab after cycle 1 $slab_base kB, max $slab_max kB, at the end $slab_end kB"

is "every cycle configured psk, pinned and none policies" "$n_config" "$CYCLES"
is "every connection secured (3 per cycle)" "$n_secured" $((3 * CYCLES))
is "no connection or subflow left tracked after the flushes" "$n_clean" "$CYCLES"
is "every unload succeeded" "$n_unload" "$CYCLES"
check "the module is unloaded at the end" test ! -d /sys/module/mptcpsec
check "slab usage back to its level after cycle 1 (within 4 MiB)" \
	test "$slab_end" -le $((slab_base + 4096))
check "no warning, oops or leaked module object in the kernel log" dmesg_clean
tap_done
