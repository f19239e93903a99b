#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The harness itself: two hosts, two paths, an MPTCP transfer that uses
# both subflows, then the module loads and unloads.
#
#        ns_cli                                   ns_srv
#   +--------------+   path 1 (veth)       +--------------+
#   | 10.0.1.1     |-----------------------| 10.0.1.2     |
#   | 10.0.2.1     |-----------------------| 10.0.2.2     |
#   +--------------+   path 2 (veth)       +--------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

plan 5
netns_topology_2paths
work=$(mktemp -d)
head -c $((8 * 1024 * 1024)) /dev/urandom >"$work/in"
ip netns exec ns_srv "$MPTCPSEC_XFER" server -p 5100 -o "$work/out" -t 60 >/dev/null 2>&1 &
spid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':5100 '"
check "8 MiB MPTCP transfer" ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5100 \
	-i "$work/in" -t 60
wait "$spid"
is "data identical" "$(sha256sum <"$work/out")" "$(sha256sum <"$work/in")"
joins=$(ip netns exec ns_srv nstat -az MPTcpExtMPJoinAckRx | awk '/MPJoinAckRx/ {print $2}')
check "a second subflow joined (MPJoinAckRx=$joins)" test "${joins:-0}" -ge 1
check "module loads" mod_load
check "module unloads" mod_unload
rm -rf "$work"
tap_done
