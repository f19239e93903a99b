#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module is loaded and unloaded 20 times while an MPTCP transfer runs
# between two hosts over two paths. The transfer completes with identical
# data, every loaded period sees the traffic in both namespaces, the module
# leaves nothing behind, and the kernel logs no warning.
#
#        ns_cli                                   ns_srv
#   +--------------+   path 1 (veth)       +--------------+
#   | 10.0.1.1     |-----------------------| 10.0.1.2     |
#   |              |   path 2 (veth)       |              |
#   | 10.0.2.1     |-----------------------| 10.0.2.2     |
#   +--------------+                       +--------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
CYCLES=20

plan 7

netns_topology_2paths
work=$(mktemp -d)
head -c $((24 * 1024 * 1024)) /dev/urandom >"$work/in"

ip netns exec ns_srv "$MPTCPSEC_XFER" server -p 5300 -o "$work/out" -t 300 \
	>"$work/server.log" 2>&1 &
spid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':5300 '"
# The client sends what the test feeds into a pipe: one MiB per cycle, the
# rest after the last one, so the connection lives through every cycle.
mkfifo "$work/pipe"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5300 -i "$work/pipe" \
	-t 300 >"$work/client.log" 2>&1 &
cpid=$!
exec 3>"$work/pipe"

seen=0
clean_unloads=0
for i in $(seq 1 $CYCLES); do
	mod_load || break
	dd if="$work/in" bs=1M skip=$((i - 1)) count=1 status=none >&3
	# The hooks of both namespaces see the running transfer.
	if wait_until 5 bash -c '
		for ns in ns_cli ns_srv; do
			v=$('"$MPTCPSECCTL"' -j -n $ns stats | jq ".pkts_in + .pkts_out")
			[ "${v:-0}" -gt 0 ] || exit 1
		done'; then
		seen=$((seen + 1))
	fi
	mod_unload && ! lsmod | grep -q '^mptcpsec ' && clean_unloads=$((clean_unloads + 1))
done

check "transfer still running after $CYCLES load/unload cycles" kill -0 "$cpid"
dd if="$work/in" bs=1M skip=$CYCLES status=none >&3
exec 3>&-
is "every loaded period saw the traffic in both namespaces" "$seen" "$CYCLES"
is "every unload succeeded and removed the module" "$clean_unloads" "$CYCLES"
wait "$cpid"
is "client finished without error" "$?" 0
wait "$spid"
is "server finished without error" "$?" 0
is "received data is identical" "$(sha256sum <"$work/out")" "$(sha256sum <"$work/in")"
check "no kernel warnings" dmesg_clean
[ "$(tap_failed)" = 0 ] || sed 's/^/# /' "$work/client.log" "$work/server.log"
rm -rf "$work"
tap_done
