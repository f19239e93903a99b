#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A two-subflow MPTCP connection, IPv4 then IPv6, is tracked on both hosts
# with both subflows and the tokens the kernels use; it is forgotten once
# closed; counters agree.
#
#        ns_cli                                   ns_srv
#   +--------------+   path 1 (veth)       +--------------+
#   | 10.0.1.1     |-----------------------| 10.0.1.2     |
#   | fd00:1::1    |                       | fd00:1::2    |
#   |              |   path 2 (veth)       |              |
#   | 10.0.2.1     |-----------------------| 10.0.2.2     |
#   | fd00:2::1    |                       | fd00:2::2    |
#   +--------------+                       +--------------+
#   client: initial subflow on path 1, MP_JOIN subflow on path 2
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }

# conn_json NS: the namespace's tracked connections as a JSON array
conn_json() { ctl -j -n "$1" conn show; }

two_established() {
	[ "$(conn_json "$1" | jq '[.[] | select([.subflows[] |
		select(.state == "established")] | length == 2)] | length')" = 1 ]
}

run_family() {
	local fam=$1 srv=$2 cli_local2=$3 port=$4
	local out tok_file cli srvj ctok stok

	tok_file=$(mktemp)
	ip netns exec ns_srv "$MPTCPSEC_XFER" server -p "$port" -o /dev/null -t 60 \
		>/dev/null 2>&1 &
	local spid=$!
	wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$port '"
	# 6 MiB at 1.5 MiB/s: long enough to look at the connection while it runs
	ip netns exec ns_cli "$MPTCPSEC_XFER" client -c "$srv" -p "$port" \
		-s $((6 * 1024 * 1024)) -r $((1536 * 1024)) -t 60 -P >"$tok_file" 2>&1 &
	local cpid=$!

	check "$fam: client host tracks one connection with two established subflows" \
		wait_until 20 two_established ns_cli
	check "$fam: server host tracks one connection with two established subflows" \
		wait_until 20 two_established ns_srv
	cli=$(conn_json ns_cli)
	srvj=$(conn_json ns_srv)

	is "$fam: client subflow kinds" \
		"$(jq -r '[.[0].subflows[].kind] | sort | join(",")' <<<"$cli")" "mp-capable,mp-join"
	is "$fam: server subflow kinds" \
		"$(jq -r '[.[0].subflows[].kind] | sort | join(",")' <<<"$srvj")" "mp-capable,mp-join"
	is "$fam: client is the active side" "$(jq -r '.[0].role' <<<"$cli")" active
	is "$fam: server is the passive side" "$(jq -r '.[0].role' <<<"$srvj")" passive
	is "$fam: initial subflow goes to the server address" \
		"$(jq -r '.[0].subflows[] | select(.kind=="mp-capable") | "\(.remote) \(.remote_port)"' <<<"$cli")" \
		"$srv $port"
	is "$fam: join subflow leaves from the second path" \
		"$(jq -r '.[0].subflows[] | select(.kind=="mp-join") | .local' <<<"$cli")" "$cli_local2"
	is "$fam: client's remote token is the server's local token" \
		"$(jq -r '.[0].remote_token' <<<"$cli")" "$(jq -r '.[0].local_token' <<<"$srvj")"
	is "$fam: server's remote token is the client's local token" \
		"$(jq -r '.[0].remote_token' <<<"$srvj")" "$(jq -r '.[0].local_token' <<<"$cli")"

	wait "$cpid"
	is "$fam: transfer completes" "$?" 0
	wait "$spid" 2>/dev/null
	srvj=$(conn_json ns_srv)
	ctok=$(sed -n 's/^token[ =:]*\(0x\)\{0,1\}\([0-9a-f]\{1,8\}\).*/\2/p' "$tok_file" | head -n1)
	is "$fam: local token equals the token the client's kernel reports (MPTCP_INFO)" \
		"$(printf '%08x' "0x${ctok:-0}")" "$(jq -r '.[0].local_token' <<<"$cli")"
	stok=$(jq -r '.[0].bytes_in' <<<"$srvj")
	check "$fam: server counted at least the 6 MiB payload" test "${stok:-0}" -ge $((6 * 1024 * 1024))
	check "$fam: both hosts forget the connection after close (linger 8 s)" \
		wait_until 30 bash -c '[ "$('"$MPTCPSECCTL"' -j -n ns_cli conn show | jq length)" = 0 ] &&
			[ "$('"$MPTCPSECCTL"' -j -n ns_srv conn show | jq length)" = 0 ]'
	rm -f "$tok_file"
}

plan 33

netns_topology_2paths
mod_load close_linger_ms=8000

run_family ipv4 10.0.1.2 10.0.2.1 5201

# IPv6: the in-kernel path manager uses the first "subflow" endpoint and
# gives up when its family differs, so the IPv4 endpoint goes first.
ip -n ns_cli mptcp endpoint del id 1
run_family ipv6 fd00:1::2 fd00:2::1 5202

for ns in ns_cli ns_srv; do
	s=$(ctl -j -n "$ns" stats)
	is "$ns: 2 connections created and destroyed" \
		"$(jq -r '"\(.conns_created) \(.conns_destroyed) \(.conns_current)"' <<<"$s")" "2 2 0"
	is "$ns: 4 subflows created, 2 by MP_JOIN matched by token" \
		"$(jq -r '"\(.subflows_created) \(.joins_matched) \(.subflows_current)"' <<<"$s")" "4 2 0"
done

mod_unload
check "no kernel warnings" dmesg_clean
tap_done
