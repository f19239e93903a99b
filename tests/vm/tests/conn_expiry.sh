#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tracked subflows are forgotten on reset and on timeout, and counted. A
# secured subflow that is reset lingers closed for close_linger_ms, so the
# resets its stack sends afterwards from no socket still leave protected.
#
#        ns_cli                                   ns_srv
#   +--------------+   path 1 (veth)       +--------------+
#   | 10.0.1.1     |-----------------------| 10.0.1.2     |  port 5999: no listener (RST)
#   |              |   path 2 (veth)       |              |  port 5998: SYNs dropped
#   | 10.0.2.1     |-----------------------| 10.0.2.2     |    by nftables (timeout)
#   +--------------+                       +--------------+  port 5997: secured, reset
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
nconn() { ctl -j -n "$1" conn show | jq length; }
stat() { ctl -j -n "$1" stats | jq ".$2"; }

WORK=$(mktemp -d)
plan 17

netns_topology_2paths
mod_load syn_timeout=2 close_linger_ms=500

# Reset: nobody listens, the server's stack answers the SYN with a RST.
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5999 -s 1000 -t 5 >/dev/null 2>&1
is "connecting to a closed port fails" "$?" 1
is "client forgot the reset subflow" "$(nconn ns_cli)" 0
is "server forgot it too" "$(nconn ns_srv)" 0
check "the client counted the reset" test "$(stat ns_cli resets_seen)" -ge 1
is "client: one connection created and destroyed" \
	"$(stat ns_cli conns_created) $(stat ns_cli conns_destroyed)" "1 1"

# Timeout: SYNs vanish; the handshake never completes.
ip netns exec ns_srv nft -f - <<'NFT'
table inet drop_syn {
	chain input {
		type filter hook input priority 0;
		tcp dport 5998 drop
	}
}
NFT
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5998 -s 1000 -t 3 >/dev/null 2>&1 &
cpid=$!
check "the unanswered handshake is tracked as syn-sent" wait_until 3 bash -c \
	"[ \"\$($MPTCPSECCTL -j -n ns_cli conn show | jq -r '.[0].subflows[0].state')\" = syn-sent ]"
wait $cpid
check "forgotten after syn_timeout (2 s) of silence" wait_until 10 bash -c \
	"[ \"\$($MPTCPSECCTL -j -n ns_cli conn show | jq length)\" = 0 ]"
check "and counted as a timeout" test "$(stat ns_cli timeouts)" -ge 1

ip netns exec ns_srv nft delete table inet drop_syn
mod_unload

# Reset of a secured subflow: the server kills its subflow (a protected
# RST), the client never gets that RST (ns_cli drops the first one), keeps
# sending, and the server's stack answers each segment from no socket.
# Those answers must carry the option, or the client's module drops them
# as unprotected and the client's subflow hangs on.
ip -n ns_cli mptcp endpoint flush
mod_load close_linger_ms=5000
ctl -n ns_cli policy add 10.0.1.2/32 mode require
ctl -n ns_srv policy add 10.0.1.1/32 mode require
ip netns exec ns_cli nft -f - <<'NFT'
table inet lose_rst {
	chain input {
		type filter hook prerouting priority -300;
		tcp sport 5997 tcp flags & rst == rst quota until 80 bytes counter drop
	}
}
NFT
capture_start rst 5997 ns_srv:srv1
ip netns exec ns_srv "$MPTCPSEC_XFER" server -p 5997 -o /dev/null -t 60 >/dev/null 2>&1 &
spid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':5997 '"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5997 -s $((64 << 20)) \
	-r $((256 * 1024)) -t 60 >/dev/null 2>&1 &
cpid=$!
check "secured connection up" wait_until 20 bash -c \
	"$MPTCPSECCTL -j -n ns_cli conn show | jq -e '[.[] | select(.security == \"secured\" and .state == \"established\")] | length == 1'"
sleep 1
ip netns exec ns_srv ss -K -tn state established '( sport = :5997 )' >/dev/null
check "the client's subflow ends: the server's answering resets were taken" \
	wait_until 20 bash -c "[ -z \"\$(ip netns exec ns_cli ss -Htn state established '( dport = :5997 )')\" ]"
kill $cpid $spid 2>/dev/null
wait $cpid $spid 2>/dev/null
capture_stop
rsts=$(tcpdump -nn -r "$WORK/rst.srv1.pcap" 'src host 10.0.1.2 and tcp[tcpflags] & tcp-rst != 0' 2>/dev/null | wc -l)
echo "# server resets on the wire: $rsts; the client dropped $(ip netns exec ns_cli nft -j list table inet lose_rst |
	jq '[.nftables[] | .rule?.expr[]? | .counter?.packets // empty] | add') before its module"
check "the server sent its abort and at least one reset from no socket" test "$rsts" -ge 2
check "every segment of the server, resets included, carries the option" \
	"$MPTCPSEC_SRC/tests/tools/pcap_check" --port 5997 --require-secopt "$WORK/rst.srv1.pcap"
is "client: no segment dropped as unprotected or unauthenticated" \
	"$(stat ns_cli unprotected) $(stat ns_cli auth_failures)" "0 0"
check "client: the reset was seen" test "$(stat ns_cli resets_seen)" -ge 1
check "server: the reset subflow listed as closed while it lingers, or already gone" bash -c \
	"$MPTCPSECCTL -j -n ns_srv conn show | jq -e '[.[].subflows[] | select(.local_port == 5997 and .state != \"closed\")] | length == 0'"
check "forgotten after close_linger_ms; the module unloads" wait_until 20 mod_unload
check "no kernel warnings" dmesg_clean
rm -rf "$WORK"
tap_done
