#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Policy and authentication outcomes, each asserted on what the
# application saw and on both hosts' counters:
#   - psk, same key on both hosts: secured, identical session IDs;
#   - psk, different keys: connect() fails at once on the client
#     (ECONNREFUSED, well within the connect timeout), both hosts count a
#     handshake failure, nothing is left tracked;
#   - require towards a host that does not negotiate: ECONNREFUSED within
#     3 s, counted as refused;
#   - prefer towards it: plain MPTCP, counted as a fallback;
#   - off: untouched (no ENO on the wire, nothing counted);
#   - a passive host that requires MPTCPsec refuses a client that does
#     not offer it;
#   - a connection the module cannot track (table full) is not sent in
#     clear under require.
# A namespace cannot run without the module (it is loaded for the whole
# kernel), so "a host that does not negotiate" is the server with policy
# off for the client: on the wire its answer is exactly that of a host
# without the module (a SYN-ACK without ENO, the key share ignored).
#
#        ns_cli                                   ns_srv
#   +--------------+   path 1 (veth cli1-srv1)  +--------------+
#   | 10.0.1.1     |----------------------------| 10.0.1.2     |
#   | fd00:1::1    |                            | fd00:1::2    |
#   |              |   path 2 (veth cli2-srv2)  |              |
#   | 10.0.2.1     |----------------------------| 10.0.2.2     |
#   +--------------+                            +--------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
WORK=$(mktemp -d)

stat_of() { ctl -j -n "$1" stats | jq -r ".$2"; }

# serve PORT: a server accepting one connection, in the background
serve() {
	ip netns exec ns_srv "$MPTCPSEC_XFER" server -p "$1" -o /dev/null -t 30 \
		>"$WORK/srv.$1" 2>&1 &
	echo $! >"$WORK/srv.$1.pid"
	wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$1 '"
}

# timed_send DST PORT: send, setting err (client's stderr), rc and ms
timed_send() {
	local t0
	t0=$(date +%s%N)
	err=$(send "$1" "$2")
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
}

unserve() {
	kill "$(cat "$WORK/srv.$1.pid")" 2>/dev/null
	wait "$(cat "$WORK/srv.$1.pid")" 2>/dev/null
}

# send DST PORT: 256 KiB from the client; prints the client's stderr
send() {
	ip netns exec ns_cli "$MPTCPSEC_XFER" client -c "$1" -p "$2" \
		-s $((256 * 1024)) -t 20 2>&1 >/dev/null
}

plan 31

netns_topology_2paths
ip -n ns_cli mptcp endpoint flush
mod_load close_linger_ms=2000

(umask 077; ctl key generate >"$WORK/k1"; ctl key generate >"$WORK/k2")

# 1. Matching pre-shared keys.
ctl -n ns_cli key add site file "$WORK/k1"
ctl -n ns_srv key add site file "$WORK/k1"
ctl -n ns_cli policy add 10.0.1.2/32 port 6001 mode require auth psk site
ctl -n ns_srv policy add 10.0.1.1/32 mode require auth psk site
serve 6001
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 6001 -s $((4 * 1024 * 1024)) \
	-r $((1024 * 1024)) -t 20 >/dev/null 2>&1 &
cpid=$!
check "psk: connection secured on the client" wait_until 10 bash -c \
	"$MPTCPSECCTL -j -n ns_cli conn show | jq -e '.[0].security == \"secured\" and .[0].auth == \"psk\"'"
cj=$(ctl -j -n ns_cli conn show)
sj=$(ctl -j -n ns_srv conn show)
is "psk: server sees it secured with the key" "$(jq -r '.[0] | "\(.security) \(.auth) \(.key)"' <<<"$sj")" \
	"secured psk site"
is "psk: same session ID on both ends" "$(jq -r '.[0].session_id' <<<"$cj")" \
	"$(jq -r '.[0].session_id' <<<"$sj")"
wait $cpid
is "psk: transfer completes" "$?" 0
unserve 6001
wait_until 10 bash -c "[ \"\$($MPTCPSECCTL -j -n ns_cli conn show | jq length)\" = 0 ]"

# 2. Different keys: a clean, immediate failure on both sides.
ctl -n ns_srv key replace site file "$WORK/k2"
serve 6001
timed_send 10.0.1.2 6001
unserve 6001
check "psk mismatch: connect fails" test $rc -ne 0
check "psk mismatch: with ECONNREFUSED" grep -q "refused" <<<"$err"
check "psk mismatch: within 3 s ($ms ms)" test $ms -lt 3000
check "psk mismatch: client counts a handshake failure" test "$(stat_of ns_cli handshake_failures)" -ge 1
check "psk mismatch: server counts a handshake failure" \
	wait_until 5 bash -c "[ \"\$($MPTCPSECCTL -j -n ns_srv stats | jq .handshake_failures)\" -ge 1 ]"
check "psk mismatch: server application never saw a connection" \
	bash -c "! grep -q '^received [1-9]' '$WORK/srv.6001'"
check "psk mismatch: nothing left tracked on the server" \
	wait_until 10 bash -c "[ \"\$($MPTCPSECCTL -j -n ns_srv conn show | jq length)\" = 0 ]"
ctl -n ns_cli policy flush
ctl -n ns_srv policy flush

# 3. require towards a host that does not negotiate.
ctl -n ns_cli policy add 10.0.1.2/32 mode require
ctl -n ns_srv policy add 10.0.1.1/32 mode off
serve 6002
timed_send 10.0.1.2 6002
unserve 6002
check "require, peer without MPTCPsec: connect fails" test $rc -ne 0
check "require, peer without MPTCPsec: ECONNREFUSED" grep -q "refused" <<<"$err"
check "require, peer without MPTCPsec: within 3 s ($ms ms)" test $ms -lt 3000
is "require, peer without MPTCPsec: counted as refused" "$(stat_of ns_cli refused)" 1

# 4. prefer towards it: plain MPTCP, counted.
ctl -n ns_cli policy replace 10.0.1.2/32 mode prefer
serve 6003
ip netns exec ns_cli tcpdump -i cli1 -s 0 -U -w "$WORK/prefer.pcap" tcp port 6003 >/dev/null 2>&1 &
tpid=$!
wait_until 5 test -s "$WORK/prefer.pcap"
send 10.0.1.2 6003 >/dev/null
is "prefer, peer without MPTCPsec: transfer completes" "$?" 0
sleep 0.5
kill $tpid; wait $tpid 2>/dev/null
unserve 6003
is "prefer: counted as a fallback" "$(stat_of ns_cli fallbacks)" 1
check "prefer: the connection was plain MPTCP (MP_CAPABLE, no MPTCPsec option after the SYN)" \
	bash -c "tcpdump -nn -r '$WORK/prefer.pcap' 2>/dev/null | grep -q 'mptcp.*capable' &&
		! tcpdump -nn -r '$WORK/prefer.pcap' 2>/dev/null | grep -v 'Flags \[S\]' | grep -q 'unknown-253'"

# 5. off on both ends: untouched.
ctl -n ns_cli policy replace 10.0.1.2/32 mode off
before=$(stat_of ns_cli handshakes)
ip netns exec ns_cli tcpdump -i cli1 -s 0 -U -w "$WORK/off.pcap" tcp port 6004 >/dev/null 2>&1 &
tpid=$!
wait_until 5 test -s "$WORK/off.pcap"
serve 6004
send 10.0.1.2 6004 >/dev/null
is "off: transfer completes" "$?" 0
sleep 0.5
kill $tpid; wait $tpid 2>/dev/null
unserve 6004
is "off: no handshake started" "$(stat_of ns_cli handshakes)" "$before"
check "off: no ENO and no MPTCPsec option on the wire" \
	bash -c "! tcpdump -nn -r '$WORK/off.pcap' 2>/dev/null | grep -qE 'unknown-(69|253)'"
check "off: SYN carries no key share" \
	bash -c "tcpdump -nn -r '$WORK/off.pcap' 2>/dev/null | grep 'Flags \[S\]' | grep -q 'length 0'"

# 6. A passive host that requires MPTCPsec refuses a client that does not offer it.
ctl -n ns_srv policy replace 10.0.1.1/32 mode require
serve 6005
err=$(send 10.0.1.2 6005)
rc=$?
unserve 6005
check "passive require, client without MPTCPsec: connect fails" test $rc -ne 0
check "passive require: the client sees ECONNREFUSED" grep -q "refused" <<<"$err"
is "passive require: server counts it refused" "$(stat_of ns_srv refused)" 1

# 7. A connection the module cannot track (table full) never goes out in
#    clear under require: its SYN is dropped.
ctl -n ns_srv policy flush
ctl -n ns_cli policy replace 10.0.1.2/32 mode require
echo 0 >/sys/module/mptcpsec/parameters/max_subflows
serve 6006
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 6006 -s 1024 -t 3 >/dev/null 2>&1
rc=$?
unserve 6006
echo 65536 >/sys/module/mptcpsec/parameters/max_subflows
check "table full under require: the connection does not happen" test $rc -ne 0
check "table full under require: counted (table_full, unprotected)" \
	test "$(stat_of ns_cli table_full)" -ge 1 -a "$(stat_of ns_cli unprotected)" -ge 1
check "table full under require: the server never received a SYN" \
	bash -c "! grep -q '^received' '$WORK/srv.6006'"

check "nothing tracked at the end" wait_until 10 bash -c \
	"[ \"\$($MPTCPSECCTL -j -n ns_cli conn show | jq length)\$($MPTCPSECCTL -j -n ns_srv conn show | jq length)\" = 00 ]"
check "module unloads" mod_unload
check "no kernel warnings" dmesg_clean
rm -rf "$WORK"
tap_done
