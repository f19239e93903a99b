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

# Two hosts joined through two routers, IPv4: path 1 through ns_nat (the
# server's public address 203.0.113.2 DNATed to its private 10.1.1.2, the
# client masqueraded as 10.1.1.254), path 2 through ns_isn (plain
# forwarding; a test may queue its traffic to a rewriter). The server
# also holds 203.0.113.2 itself (loopback), reached directly over path 2,
# so the client's second subflow (MPTCP "subflow" endpoint 10.0.2.1) goes
# to the same address as the first. Source routing as on any multihomed
# host. The routers run no MPTCP; the module in them leaves forwarded
# segments alone, whatever their policy.
#
#     ns_cli              ns_nat                        ns_srv
#  10.0.1.1 cli1 -- nat_c 10.0.1.254 | nat_s 10.1.1.254 -- srv1 10.1.1.2
#                   dnat 203.0.113.2 -> 10.1.1.2, masquerade on nat_s
#                                                           lo 203.0.113.2
#  10.0.2.1 cli2 -- isn_c 10.0.2.254 | isn_s 10.1.2.254 -- srv2 10.1.2.2
#                       ns_isn
netns_topology_middlebox() {
	local ns
	for ns in ns_cli ns_nat ns_isn ns_srv; do
		ip netns add $ns
		ip -n $ns link set lo up
	done
	trap netns_del_all EXIT
	for ns in ns_cli ns_srv; do
		ip netns exec $ns sysctl -qw net.mptcp.enabled=1
		ip -n $ns mptcp limits set subflow 2 add_addr_accepted 2
	done
	for ns in ns_nat ns_isn; do
		ip netns exec $ns sysctl -qw net.ipv4.ip_forward=1
	done
	ip link add cli1 netns ns_cli type veth peer name nat_c netns ns_nat
	ip link add srv1 netns ns_srv type veth peer name nat_s netns ns_nat
	ip link add cli2 netns ns_cli type veth peer name isn_c netns ns_isn
	ip link add srv2 netns ns_srv type veth peer name isn_s netns ns_isn
	ip -n ns_cli addr add 10.0.1.1/24 dev cli1
	ip -n ns_cli addr add 10.0.2.1/24 dev cli2
	ip -n ns_nat addr add 10.0.1.254/24 dev nat_c
	ip -n ns_nat addr add 10.1.1.254/24 dev nat_s
	ip -n ns_isn addr add 10.0.2.254/24 dev isn_c
	ip -n ns_isn addr add 10.1.2.254/24 dev isn_s
	ip -n ns_srv addr add 10.1.1.2/24 dev srv1
	ip -n ns_srv addr add 10.1.2.2/24 dev srv2
	ip -n ns_srv addr add 203.0.113.2/32 dev lo
	for ns in ns_cli:cli1 ns_cli:cli2 ns_nat:nat_c ns_nat:nat_s \
		ns_isn:isn_c ns_isn:isn_s ns_srv:srv1 ns_srv:srv2; do
		ip -n "${ns%:*}" link set "${ns#*:}" up
	done
	ip -n ns_cli route add default via 10.0.1.254
	ip -n ns_cli rule add from 10.0.1.1 table 101
	ip -n ns_cli route add default via 10.0.1.254 dev cli1 table 101
	ip -n ns_cli rule add from 10.0.2.1 table 102
	ip -n ns_cli route add default via 10.0.2.254 dev cli2 table 102
	ip -n ns_isn route add 203.0.113.2/32 via 10.1.2.2
	ip -n ns_srv route add 10.0.2.0/24 via 10.1.2.254
	ip netns exec ns_nat nft -f - <<-'NFT'
	table ip nat {
		chain pre {
			type nat hook prerouting priority dstnat;
			ip daddr 203.0.113.2 dnat to 10.1.1.2
		}
		chain post {
			type nat hook postrouting priority srcnat;
			oifname "nat_s" masquerade
		}
	}
	NFT
	ip -n ns_cli mptcp endpoint add 10.0.2.1 dev cli2 subflow
	wait_until 5 ip netns exec ns_cli ping -c1 -W1 -I 10.0.1.1 203.0.113.2
	wait_until 5 ip netns exec ns_cli ping -c1 -W1 -I 10.0.2.1 203.0.113.2
}

# mib_json NS: the kernel's SNMP extension counters of namespace NS
# (/proc/net/netstat: TcpExt, IpExt, MPTcpExt), one JSON object named as
# nstat names them, e.g. {"MPTcpExtAddAddr": 0, "TcpExtTCPSYNChallenge": 0}.
mib_json() {
	ip netns exec "$1" awk 'NR % 2 { split($0, h); next }
		{ p = h[1]; sub(":", "", p)
		  for (i = 2; i <= NF; i++) printf "%s\"%s%s\": %s", n++ ? ", " : "{", p, h[i], $i }
		END { print n ? "}" : "{}" }' /proc/net/netstat
}

# capture_start NAME PORT NS:IF...: tcpdump of TCP port PORT, whole
# segments, on each interface IF of namespace NS, into $WORK/NAME.IF.pcap
# (its messages in $WORK/NAME.IF.tcpdump); returns once every capture has
# started writing
capture_start() {
	local name=$1 port=$2 nsif
	shift 2
	for nsif in "$@"; do
		ip netns exec "${nsif%:*}" tcpdump -i "${nsif#*:}" -s 0 -B 65536 -U \
			-w "$WORK/$name.${nsif#*:}.pcap" "tcp port $port" >/dev/null \
			2>"$WORK/$name.${nsif#*:}.tcpdump" &
		echo $! >>"$WORK/tcpdump.pids"
	done
	for nsif in "$@"; do
		wait_until 10 test -s "$WORK/$name.${nsif#*:}.pcap" || return 1
	done
}

# capture_stop: ends every capture capture_start began, once the last
# segments have been written
capture_stop() {
	sleep 2
	kill -INT $(cat "$WORK/tcpdump.pids") 2>/dev/null
	wait $(cat "$WORK/tcpdump.pids") 2>/dev/null
	rm -f "$WORK/tcpdump.pids"
}

# pcap_explain JSON: for a pcap_check --json result that failed, prints
# (as TAP comments) the first offending packets it names, decoded by
# tcpdump, and keeps the captures they are in (up to 64 MiB each) in the
# results directory, so a failure that happens once can be read afterwards
pcap_explain() {
	local f n
	[ "$(jq -r '.passed' <<<"$1" 2>/dev/null)" = false ] || return 0
	jq -r '(.missing_secopt_first + .plain_first + .secret_first)[]? |
		"\(.capture) \(.packet)"' <<<"$1" | head -n 8 |
	while read -r f n; do
		echo "# packet $n of $(basename "$f"):"
		tcpdump -nn -vv -S -r "$f" -c "$n" 2>/dev/null |
			awk '/^[0-9][0-9]:[0-9][0-9]:/ { b = "" } { b = b $0 "\n" } END { printf "%s", b }' |
			sed 's/^/#   /'
		if [ -n "${MPTCPSEC_RESULTS:-}" ] && [ ! -e "$MPTCPSEC_RESULTS/$(basename "$f")" ] &&
		   [ "$(stat -c %s "$f")" -le $((64 << 20)) ]; then
			cp "$f" "$MPTCPSEC_RESULTS/" && echo "#   (capture kept in the results directory)"
		fi
	done
}

# tracked_conns NS PORT: the tracked connections with a subflow on PORT, as
# compact JSON, with the fields that must not change while they are
# attacked: identity, state, security, tokens, and each subflow's kind,
# state, security, backup flag and addresses (subflows sorted by kind)
tracked_conns() {
	"$MPTCPSECCTL" -j -n "$1" conn show | jq -c --argjson p "$2" \
		'[.[] | select(any(.subflows[]; .local_port == $p or .remote_port == $p)) |
		  {id, state, security, local_token, remote_token, subflows: [.subflows[] |
		   {kind, state, security, backup, local, local_port, remote, remote_port}] |
		   sort_by(.kind)}]'
}

# forge_serve NS: one "forge.py serve" process in namespace NS, for tests
# that forge many times (importing forge.py's scapy dependency alone takes
# 10 s under emulation). It is fed "NAME ARGS..." lines through
# $WORK/NS.fifo, creates $WORK/NS.ready once loaded, and leaves each run's
# stdout, stderr and exit status in $WORK/NAME.{out,err,rc}; its pid is in
# $WORK/NS.forged.pid, its own log in $WORK/NS.forged.
forge_serve() {
	mkfifo "$WORK/$1.fifo"
	ip netns exec "$1" /usr/bin/python3 "$MPTCPSEC_SRC/tests/tools/forge.py" serve \
		"$WORK" "$1.ready" <"$WORK/$1.fifo" >"$WORK/$1.forged" 2>&1 &
	echo $! >"$WORK/$1.forged.pid"
}

# drop_rises BEFORE_JSON WANT SHOWN < STATS_JSON: "W O TEXT" from two
# "mptcpsecctl -j stats" objects: W the summed rise of the counters WANT
# names ("a|b": either), O the summed rise of the other drop counters
# (auth_failures, replays, unprotected), TEXT "NAME +RISE" for each
# counter of the space-separated list SHOWN
drop_rises() {
	jq -r --argjson b "$1" --arg w "$2" --arg shown "$3" '
		def d($c): .[$c] - $b[$c];
		($w | split("|")) as $ws |
		"\([$ws[] as $c | d($c)] | add) \([["auth_failures", "replays", "unprotected"][] |
			select(. as $c | $ws | index($c) | not)] as $o |
			[$o[] as $c | d($c)] | add // 0) \(. as $s | [$shown | splits("\\s+") |
			select(. != "") | "\(.) +\($s[.] - $b[.])"] | join(" "))"'
}

# forged_drops NS BEFORE_JSON WANT SHOWN N: drop_rises of namespace NS's
# counters against BEFORE_JSON, once WANT rose by N or more, or after 5 s:
# forgeries are still in flight for a moment after forge.py returns
forged_drops() {
	local i line
	for i in $(seq 25); do
		line=$("$MPTCPSECCTL" -j -n "$1" stats | drop_rises "$2" "$3" "$4")
		[ "${line%% *}" -ge "$5" ] 2>/dev/null && break
		sleep 0.2
	done
	echo "$line"
}

# stream_source NAME: $WORK/NAME.fifo yields random data until
# stream_stop NAME, then end of file; everything it yields is also
# written to $WORK/NAME.data. For transfers that must outlast whatever a
# test does to them, however long that takes.
stream_source() {
	mkfifo "$WORK/$1.fifo"
	(while [ ! -e "$WORK/$1.stop" ]; do head -c 65536 /dev/urandom || break; done |
		tee "$WORK/$1.data" >"$WORK/$1.fifo") 7>&- 8>&- &
	echo $! >"$WORK/$1.feeder.pid"
}

# stream_stop NAME: the reader of $WORK/NAME.fifo gets end of file once
# it has read what was fed so far
stream_stop() {
	touch "$WORK/$1.stop"
	wait "$(cat "$WORK/$1.feeder.pid")"
}
