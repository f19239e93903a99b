#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A join the server's stack refuses with a bare reset, before any key of
# that subflow exists. Path 2 delays the client's segments by 2 s, so the
# client's join SYN (from its "subflow" endpoint 10.0.2.1) reaches the
# server after a small transfer over the initial subflow has ended and
# the server's MPTCP socket, with its token, is gone, while the module
# still keeps the closed connection (close_linger_ms). The module verifies
# the SYN's tag and passes it; the server's stack finds no token and
# answers with a reset (MPJoinNoTokenFound). That reset must leave, as it
# does without the module: it reveals nothing, and the client, without
# keys for the subflow either, takes it the same way. Dropping it would
# count it as unprotected and leave the client retrying its SYN (the
# kernel selftest mptcp_sockopt.sh showed exactly that).
#
# Checks: the transfer is secured and intact; the server refused a join
# for want of a token; its reset is on path 2; nothing is counted as
# unprotected on either host; no payload crosses path 2; no subflow of
# the refused join is left open.
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
stat_of() { ctl -j -n "$1" stats | jq -r ".$2"; }
WORK=$(mktemp -d)
PORT=6001

plan 9
mod_load || { fail "module loads"; tap_done; }
netns_topology_2paths
ip -n ns_cli mptcp endpoint flush
ip -n ns_cli mptcp endpoint add 10.0.2.1 dev cli2 subflow
ip netns exec ns_cli tc qdisc add dev cli2 root netem delay 2000ms
ctl -n ns_cli policy add 10.0.0.0/8 mode require
ctl -n ns_srv policy add 10.0.0.0/8 mode require
notoken0=$(mib_json ns_srv | jq '.MPTcpExtMPJoinNoTokenFound // 0')

capture_start join $PORT ns_cli:cli2
ip netns exec ns_srv "$MPTCPSEC_XFER" server -4 -p $PORT -o "$WORK/out" -n 2 -t 60 \
	>"$WORK/srv.log" 2>&1 &
spid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$PORT '"
head -c 4096 /dev/urandom >"$WORK/data"
# -r holds the connection open for half a second after its one write:
# the client's path manager creates the join only once the connection
# is fully established, and a client that closes at once may never
# send it (seen on 6.12).
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p $PORT -i "$WORK/data" \
	-r 8192 -t 30 >"$WORK/cli.log" 2>&1
is "the client sent the whole file" "$?" 0
# The server listens on (a second connection never comes), so the join
# meets a listener and is refused for its token, not for want of one.
wait_until 10 test "$(stat -c %s "$WORK/out" 2>/dev/null)" = 4096
is "the server received it intact" "$(sha256sum <"$WORK/out" | cut -d' ' -f1)" \
	"$(sha256sum <"$WORK/data" | cut -d' ' -f1)"
check "the connection was secured on the server" test "$(stat_of ns_srv conns_secured)" -ge 1
notoken() { mib_json ns_srv | jq '.MPTcpExtMPJoinNoTokenFound // 0'; }
export -f notoken mib_json
check "the server's stack refused the join: no token" wait_until 10 bash -c \
	"[ \"\$(notoken)\" -gt $notoken0 ]"
mib_json ns_srv | jq -c 'with_entries(select((.key | test("Join")) and .value != 0))' | sed 's/^/# server: /'
sleep 1
capture_stop

rsts=$(tcpdump -nr "$WORK/join.cli2.pcap" 'tcp[tcpflags] & tcp-rst != 0 and src host 10.0.1.2' \
	2>/dev/null | wc -l)
data=$(tcpdump -nr "$WORK/join.cli2.pcap" \
	'(((ip[2:2] - ((ip[0] & 0xf) << 2)) - ((tcp[12] & 0xf0) >> 2)) != 0)' \
	2>/dev/null | wc -l)
check "path 2: the server's reset left ($rsts)" test "$rsts" -ge 1
is "path 2: no payload" "$data" 0
is "client: nothing counted as unprotected" "$(stat_of ns_cli unprotected)" 0
is "server: nothing counted as unprotected" "$(stat_of ns_srv unprotected)" 0
open_sf() {
	"$MPTCPSECCTL" -j -n "$1" conn show |
		jq '[.[].subflows[]? | select(.state != "closed")] | length'
}
export -f open_sf
export MPTCPSECCTL
check "no subflow of the refused join is left open" wait_until 15 bash -c \
	"[ \"\$(open_sf ns_cli)\" = 0 ] && [ \"\$(open_sf ns_srv)\" = 0 ]"
kill $spid 2>/dev/null
tap_done
