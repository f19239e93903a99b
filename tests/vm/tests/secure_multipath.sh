#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Four paths, three IPv4 and one IPv6, one secured connection over all of
# them: the client's socket is IPv6 and connects to the server's IPv4
# address (v4-mapped), so its initial subflow and two joins are IPv4 and
# the join to the address the server announces on path 4 is IPv6 (a
# subflow of the other family). Each path is rate limited so that every
# subflow must carry its share.
#
# 1. 24 MiB: every subflow secured (every join authenticated), each one
#    carries more than 5% of the file, the data is intact, and the
#    captures of all four paths hold no plaintext, no MPTCP key and no
#    segment without the MPTCPsec option.
# 2. Paths change under a running transfer: path 2 goes down and up, the
#    endpoint of path 3 is removed (its subflow closes) and added again (a
#    new subflow joins). The transfer completes intact, and
#    `mptcpsecctl monitor -j` reports, for every subflow, added, then
#    secured, then (when it ends) removed, the new path 3 subflow after the
#    old one was removed.
#
#        ns_cli                                       ns_srv
#   +--------------+  cli1 -- path 1 (IPv4) -- srv1 +--------------+
#   | 10.0.1.1     |--------------------------------| 10.0.1.2     |
#   | 10.0.2.1     |  cli2 -- path 2 (IPv4) -- srv2 | 10.0.2.2     |
#   | 10.0.3.1     |  cli3 -- path 3 (IPv4) -- srv3 | 10.0.3.2     |
#   | fd00:4::1    |  cli4 -- path 4 (IPv6) -- srv4 | fd00:4::2    |
#   +--------------+  captures on cli1..cli4        +--------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
CHECK=$MPTCPSEC_SRC/tests/tools/pcap_check
WORK=$(mktemp -d)
SIZE=$((24 * 1024 * 1024))
RATE=12mbit

sha() { sha256sum <"$1" | cut -d' ' -f1; }

topology() {
	local i
	ip netns add ns_cli
	ip netns add ns_srv
	trap netns_del_all EXIT
	for ns in ns_cli ns_srv; do
		ip -n $ns link set lo up
		ip netns exec $ns sysctl -qw net.mptcp.enabled=1
		ip -n $ns mptcp limits set subflow 4 add_addr_accepted 4
	done
	for i in 1 2 3 4; do
		ip link add cli$i netns ns_cli type veth peer name srv$i netns ns_srv
		ip -n ns_cli link set cli$i up
		ip -n ns_srv link set srv$i up
		if [ $i -lt 4 ]; then
			ip -n ns_cli addr add 10.0.$i.1/24 dev cli$i
			ip -n ns_srv addr add 10.0.$i.2/24 dev srv$i
			ip -n ns_cli rule add from 10.0.$i.1 table 10$i
			ip -n ns_cli route add default via 10.0.$i.2 dev cli$i table 10$i
		else
			ip -n ns_cli addr add fd00:4::1/64 dev cli$i nodad
			ip -n ns_srv addr add fd00:4::2/64 dev srv$i nodad
		fi
		ip netns exec ns_cli tc qdisc add dev cli$i root netem rate $RATE limit 200
		ip netns exec ns_srv tc qdisc add dev srv$i root netem rate $RATE limit 200
	done
	ip -n ns_cli mptcp endpoint add 10.0.2.1 dev cli2 id 2 subflow
	ip -n ns_cli mptcp endpoint add 10.0.3.1 dev cli3 id 3 subflow
	ip -n ns_srv mptcp endpoint add fd00:4::2 dev srv4 id 4 signal
	wait_until 5 ip netns exec ns_cli ping -c1 -W1 10.0.3.2
	wait_until 5 ip netns exec ns_cli ping -6 -c1 -W1 fd00:4::2
}

# server PORT OUT: receiving server in the background, pid in $spid
server() {
	ip netns exec ns_srv "$MPTCPSEC_XFER" server -p "$1" -o "$2" -t 300 \
		>"$WORK/srv.$1" 2>&1 &
	spid=$!
	wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$1 '"
}

# subflows NS PORT: JSON array of the subflows of the connection on PORT
subflows() {
	ctl -j -n "$1" conn show | jq -c --argjson p "$2" \
		'[.[] | select(any(.subflows[]; .local_port == $p or .remote_port == $p)) |
		  .subflows[]]'
}
export -f ctl subflows

plan 27

topology
mod_load default_policy=require close_linger_ms=2000

# ------------------------------------------------------------- 1: 24 MiB
head -c $SIZE /dev/urandom >"$WORK/big"
capture_start big 5701 ns_cli:cli1 ns_cli:cli2 ns_cli:cli3 ns_cli:cli4
server 5701 "$WORK/big.out"
check "24 MiB over four secured subflows (v4-mapped socket, IPv4 and IPv6 paths)" \
	ip netns exec ns_cli "$MPTCPSEC_XFER" client -c ::ffff:10.0.1.2 -p 5701 -i "$WORK/big" -t 280
cj=$(ctl -j -n ns_cli conn show)
cs=$(subflows ns_cli 5701)
ss_=$(subflows ns_srv 5701)
wait $spid
capture_stop
is "data intact" "$(sha "$WORK/big.out")" "$(sha "$WORK/big")"
echo "# client subflows: $(jq -c '[.[] | {kind, remote, bytes_out, security}]' <<<"$cs")"
is "client: four subflows, one MP_CAPABLE and three MP_JOIN" \
	"$(jq -r '[length, ([.[] | select(.kind == "mp-join")] | length)] | join(" ")' <<<"$cs")" "4 3"
is "client: every subflow secured" "$(jq -r '[.[] | select(.security == "secured")] | length' <<<"$cs")" 4
is "server: every subflow secured (every join SYN authenticated)" \
	"$(jq -r '[.[] | select(.security == "secured")] | length' <<<"$ss_")" 4
is "the IPv6 subflow joined the announced fd00:4::2" \
	"$(jq -r '[.[] | select(.family == "inet6" and .remote == "fd00:4::2")] | length' <<<"$cs")" 1
# The share is MPTCP's scheduler's choice, not the module's: on 6.12 the
# two IPv4 joins, which start last, got as little as 8.6% (and 6.6% with
# another VM on the host), so the floor is 5% (1.2 MiB, ~850 segments).
check "every subflow carried more than 5% of the file" \
	test "$(jq -r "[.[] | select(.bytes_out > $SIZE / 20)] | length" <<<"$cs")" = 4
out=$("$CHECK" --json --port 5701 --require-secopt --plain "$WORK/big" \
	--token "$(jq -r '.[-1].local_token' <<<"$cj")" \
	--token "$(jq -r '.[-1].remote_token' <<<"$cj")" \
	"$WORK"/big.cli[1-4].pcap)
echo "# $out"
pcap_explain "$out"
for i in 1 2 3 4; do
	check "path $i capture: segments of the connection, none unprotected" \
		"$CHECK" --port 5701 --require-secopt "$WORK/big.cli$i.pcap"
done
is "no plaintext window on any path" "$(jq -r .plain_hits <<<"$out")" 0
is "no window hashing to an MPTCP token on any path" "$(jq -r .token_hits <<<"$out")" 0
is "no segment without the MPTCPsec option on any path" "$(jq -r .missing_secopt <<<"$out")" 0
for ns in ns_cli ns_srv; do
	is "$ns: no authentication failure, replay, drop or fallback" \
		"$(ctl -j -n $ns stats | jq -r '"\(.auth_failures) \(.replays) \(.unprotected) \(.no_room) \(.fallbacks)"')" \
		"0 0 0 0 0"
done
rm -f "$WORK"/big*

# ------------------------------------------------- 2: paths down and up
"$MPTCPSECCTL" -n ns_cli -j monitor >"$WORK/events" 2>"$WORK/events.err" &
mpid=$!
sleep 1
head -c $((20 * 1024 * 1024)) /dev/urandom >"$WORK/mid"
server 5702 "$WORK/mid.out"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c ::ffff:10.0.1.2 -p 5702 -i "$WORK/mid" \
	-r $((512 * 1024)) -t 200 >"$WORK/cli.5702" 2>&1 &
cpid=$!
check "four secured subflows" wait_until 40 bash -c \
	'[ "$(subflows ns_cli 5702 | jq "[.[] | select(.security == \"secured\" and .state == \"established\")] | length")" = 4 ]'
ip -n ns_cli link set cli2 down
sleep 3
ip -n ns_cli link set cli2 up
old3=$(subflows ns_cli 5702 | jq -r '.[] | select(.local == "10.0.3.1") | .local_port')
ip -n ns_cli mptcp endpoint del id 3
check "removing endpoint 3 ends its subflow (subflow-removed event)" wait_until 30 \
	bash -c "jq -e --argjson p ${old3:-0} 'select(.event == \"subflow-removed\" and .local_port == \$p)' \
		'$WORK/events' >/dev/null 2>&1"
ip -n ns_cli mptcp endpoint add 10.0.3.1 dev cli3 id 3 subflow
check "adding it again joins a new secured subflow on path 3" wait_until 30 bash -c \
	"subflows ns_cli 5702 | jq -e --argjson p ${old3:-0} \
		'[.[] | select(.local == \"10.0.3.1\" and .local_port != \$p and .security == \"secured\")] | length == 1' >/dev/null"
new3=$(subflows ns_cli 5702 | jq -r --argjson p "${old3:-0}" \
	'.[] | select(.local == "10.0.3.1" and .local_port != $p) | .local_port' | head -n1)
wait $cpid
is "transfer through the path changes complete" "$?" 0
wait $spid
is "data intact" "$(sha "$WORK/mid.out")" "$(sha "$WORK/mid")"
check "path 2 subflow survived its link going down and up" \
	test "$(subflows ns_cli 5702 | jq '[.[] | select(.local == "10.0.2.1" and .security == "secured")] | length')" -ge 1
sleep 1
kill -INT $mpid
wait $mpid
check "every monitor line is a JSON event" jq -e -s 'length > 0 and all(.[]; has("event"))' "$WORK/events" ||
	sed 's/^/#   /' "$WORK/events" "$WORK/events.err" | head -n 30
# order EVENTS PORT: the events of the subflow with local port PORT, in order
order() {
	jq -r -s --argjson p "$1" '[.[] | select(.local_port == $p and
		(.event | startswith("subflow-"))) | .event] | join(" ")' "$WORK/events"
}
echo "# old path 3 subflow ($old3): $(order "${old3:-0}")"
echo "# new path 3 subflow ($new3): $(order "${new3:-0}")"
is "old path 3 subflow: added, secured, removed" "$(order "${old3:-0}")" \
	"subflow-added subflow-secured subflow-removed"
check "new path 3 subflow: added, then secured" \
	bash -c "[[ '$(order "${new3:-0}")' == 'subflow-added subflow-secured'* ]]"
check "the new subflow was added after the old one was removed" jq -e -s \
	--argjson o "${old3:-0}" --argjson n "${new3:-0}" \
	'([.[] | select(.local_port == $o and .event == "subflow-removed") | .time | tonumber][0]) <
	 ([.[] | select(.local_port == $n and .event == "subflow-added") | .time | tonumber][0])' \
	"$WORK/events"
check "no kernel warnings" dmesg_clean
rm -rf "$WORK"
tap_done
