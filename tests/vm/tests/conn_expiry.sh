#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tracked subflows are forgotten on reset and on timeout, and counted.
#
#        ns_cli                                   ns_srv
#   +--------------+   path 1 (veth)       +--------------+
#   | 10.0.1.1     |-----------------------| 10.0.1.2     |  port 5999: no listener (RST)
#   |              |   path 2 (veth)       |              |  port 5998: SYNs dropped
#   | 10.0.2.1     |-----------------------| 10.0.2.2     |    by nftables (timeout)
#   +--------------+                       +--------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
nconn() { ctl -j -n "$1" conn show | jq length; }
stat() { ctl -j -n "$1" stats | jq ".$2"; }

plan 9

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

mod_unload
check "no kernel warnings" dmesg_clean
tap_done
