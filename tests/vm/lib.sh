#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers of the VM tests, sourced by every tests/vm/tests/*.sh.
#
# TAP:      plan N | ok DESC | fail DESC | check DESC CMD... | is DESC GOT WANT
#           skip_all REASON | tap_done | tap_failed
# waiting:  wait_until TIMEOUT_S CMD...   (polls; no fixed sleeps in tests)
# hosts:    netns_topology_2paths | netns_del_all
# module:   mod_load [PARAM=VALUE...] | mod_unload | dmesg_clean
#
# Environment (set by run.sh): MPTCPSEC_SRC, MPTCPSEC_KR, MPTCPSEC_KO,
# MPTCPSECCTL, MPTCPSEC_XFER, MPTCPSEC_RESULTS.

TAP_N=0
TAP_FAILED=0
TAP_PLAN=
DMESG_START=$(dmesg | wc -l)

plan() {
	TAP_PLAN=$1
	echo "1..$1"
}

ok() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $*"
}

fail() {
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $*"
}

# check DESC CMD...: ok when CMD succeeds; its output is shown on failure.
check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		ok "$desc"
	else
		fail "$desc"
		echo "# command: $* (exit $rc)"
		[ -n "$out" ] && sed 's/^/#   /' <<<"$out" | head -n 40
	fi
	return 0
}

# is DESC GOT WANT: ok when the two strings are equal.
is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		fail "$1"
		echo "#   got:  '$2'"
		echo "#   want: '$3'"
	fi
	return 0
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 4
}

tap_failed() {
	echo "$TAP_FAILED"
}

tap_done() {
	if [ -n "$TAP_PLAN" ] && [ "$TAP_PLAN" != "$TAP_N" ]; then
		echo "# planned $TAP_PLAN tests but ran $TAP_N"
		exit 1
	fi
	[ "$TAP_FAILED" = 0 ] || exit 1
	exit 0
}

# wait_until TIMEOUT_S CMD...: poll CMD until it succeeds or time runs out.
wait_until() {
	local timeout=$1 end
	shift
	end=$(($(date +%s%N) / 1000000 + timeout * 1000))
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ $(($(date +%s%N) / 1000000)) -ge $end ] && return 1
		sleep 0.2
	done
}

netns_del_all() {
	local ns
	for ns in $(ip netns list | awk '{print $1}'); do
		ip netns del "$ns" 2>/dev/null
	done
}

# Two hosts joined by two disjoint paths; the client opens a second
# subflow over path 2 (MPTCP "subflow" endpoints, IPv4 and IPv6).
#
#        ns_cli                                   ns_srv
#   +--------------+  cli1 -- path 1 -- srv1 +--------------+
#   | 10.0.1.1     |-------------------------| 10.0.1.2     |
#   | fd00:1::1    |                         | fd00:1::2    |
#   | 10.0.2.1     |-------------------------| 10.0.2.2     |
#   | fd00:2::1    |  cli2 -- path 2 -- srv2 | fd00:2::2    |
#   +--------------+                         +--------------+
netns_topology_2paths() {
	local i
	ip netns add ns_cli
	ip netns add ns_srv
	trap netns_del_all EXIT
	for ns in ns_cli ns_srv; do
		ip -n $ns link set lo up
		ip netns exec $ns sysctl -qw net.mptcp.enabled=1
		ip -n $ns mptcp limits set subflow 2 add_addr_accepted 2
	done
	for i in 1 2; do
		ip link add cli$i netns ns_cli type veth peer name srv$i netns ns_srv
		ip -n ns_cli addr add 10.0.$i.1/24 dev cli$i
		ip -n ns_srv addr add 10.0.$i.2/24 dev srv$i
		ip -n ns_cli addr add fd00:$i::1/64 dev cli$i nodad
		ip -n ns_srv addr add fd00:$i::2/64 dev srv$i nodad
		ip -n ns_cli link set cli$i up
		ip -n ns_srv link set srv$i up
		# Source routing, as on any multihomed host: a subflow from a
		# path's address leaves on that path, whatever it connects to.
		ip -n ns_cli rule add from 10.0.$i.1 table 10$i
		ip -n ns_cli route add default via 10.0.$i.2 dev cli$i table 10$i
		ip -n ns_cli -6 rule add from fd00:$i::1 table 10$i
		ip -n ns_cli -6 route add default via fd00:$i::2 dev cli$i table 10$i
	done
	ip -n ns_cli mptcp endpoint add 10.0.2.1 dev cli2 subflow
	ip -n ns_cli mptcp endpoint add fd00:2::1 dev cli2 subflow
	wait_until 5 ip netns exec ns_cli ping -c1 -W1 10.0.2.2
	wait_until 5 ip netns exec ns_cli ping -6 -c1 -W1 fd00:2::2
}

# mod_load: the modules it depends on (crypto library, nf_reject) first,
# as modprobe would, then the module under test.
mod_load() {
	local dep
	for dep in $(modinfo -F depends "$MPTCPSEC_KO" | tr ',' ' '); do
		modprobe "$dep" || return 1
	done
	insmod "$MPTCPSEC_KO" "$@"
}

mod_unload() {
	rmmod mptcpsec
}

# dmesg_clean: no warning, oops or lockup since the test started.
dmesg_clean() {
	local bad
	bad=$(dmesg | tail -n +$((DMESG_START + 1)) |
		grep -E 'WARNING:|BUG:|Oops|Call Trace|lockup|rcu: INFO|KASAN|UBSAN|mptcpsec:.*leak')
	[ -z "$bad" ] || { echo "$bad"; return 1; }
}
