#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What keeps a secured connection going (docs/PROTOCOL.md sections 6.4,
# 6.6 and 6.8):
#
# 1. Key updates: with rekey_bytes=512 KiB both subflows of a 24 MiB
#    transfer change keys about every 512 KiB, with no authentication failure,
#    no replay and the data intact (both paths limited to 24 Mbit/s, each
#    carries more than 10%); every update the client makes is
#    followed by the server, and the captures of both paths show no
#    plaintext and no unprotected segment in any key phase.
# 2. Signals that did not fit: the server announces a second address
#    (ADD_ADDR, IPv4 and IPv6; the IPv6 one is 28 bytes and only fits
#    without its HMAC). The client's stack accepts the announcement (its
#    HMAC, restored by the client's module, verifies), echoes it, and
#    joins the announced address over a secured subflow.
# 3. A compromised subflow: forgeries with fresh packet numbers injected
#    into path 2 exceed max_auth_failures; the server resets that subflow
#    with a protected RST, which the client's stack accepts, and the
#    transfer finishes intact on path 1.
#
#        ns_cli                                   ns_srv
#   +--------------+  cli1 -- path 1 -- srv1 +--------------+
#   | 10.0.1.1     |-------------------------| 10.0.1.2     |
#   | fd00:1::1    |                         | fd00:1::2    |
#   | 10.0.2.1     |-------------------------| 10.0.2.2     |
#   | fd00:2::1    |  cli2 -- path 2 -- srv2 | fd00:2::2    |
#   +--------------+   forge.py on cli2      +--------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
FORGE=$MPTCPSEC_SRC/tests/tools/forge.py
CHECK=$MPTCPSEC_SRC/tests/tools/pcap_check
PY=/usr/bin/python3
WORK=$(mktemp -d)
MAXF=8

$PY -c 'import scapy' 2>/dev/null || skip_all "python3-scapy missing"

sha() { sha256sum <"$1" | cut -d' ' -f1; }
cstat() { ctl -j -n "$1" stats | jq -r ".$2"; }
mib() {
	ip netns exec "$1" nstat -az "$2" | awk -v m="$2" '$1 == m { print $2 }'
}

# server PORT OUT: a receiving server in the background, pid in $spid
server() {
	ip netns exec ns_srv "$MPTCPSEC_XFER" server -p "$1" -o "$2" -t 300 \
		>"$WORK/srv.$1" 2>&1 &
	spid=$!
	wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$1 '"
}

# secured_subflows NS PORT: subflows of the connection on PORT that are
# established and secured
secured_subflows() {
	ctl -j -n "$1" conn show | jq --argjson p "$2" \
		'[.[] | select(any(.subflows[]; .local_port == $p or .remote_port == $p)) |
		  .subflows[] | select(.state == "established" and .security == "secured")] | length'
}

export -f ctl cstat secured_subflows
plan 32

netns_topology_2paths
# Both paths rate limited in the data direction: on unlimited veths the
# 6.12 scheduler may leave one subflow nearly idle.
for i in 1 2; do
	ip netns exec ns_cli tc qdisc add dev cli$i root netem rate 24mbit limit 200
done
mod_load default_policy=require rekey_bytes=524288 max_auth_failures=$MAXF \
	close_linger_ms=4000

# ---------------------------------------------------------------- rekey
SIZE=$((24 * 1024 * 1024))
head -c $SIZE /dev/urandom >"$WORK/big"
capture_start big 5601 ns_cli:cli1 ns_cli:cli2
server 5601 "$WORK/big.out"
check "24 MiB over two secured subflows with a key update every 512 KiB" \
	ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5601 -i "$WORK/big" -t 280
cj=$(ctl -j -n ns_cli conn show)
wait $spid
capture_stop
is "received file identical" "$(sha "$WORK/big.out")" "$(sha "$WORK/big")"
# Each path's share from its capture: the module's table may already have
# dropped a subflow the stack closed with a RST at the end.
for i in 1 2; do
	out=$("$CHECK" --json --port 5601 --require-secopt --plain "$WORK/big" \
		--token "$(jq -r '.[-1].local_token' <<<"$cj")" \
		--token "$(jq -r '.[-1].remote_token' <<<"$cj")" "$WORK/big.cli$i.pcap")
	is "path $i capture: across all key phases no plaintext, no key, every segment protected" \
		"$?" 0
	pcap_explain "$out"
	b=$(jq -r '.payload_bytes // 0' <<<"$out" 2>/dev/null)
	echo "# path $i: ${b:-?} payload bytes"
	check "path $i carried more than 10% of the file" test "${b:-0}" -gt $((SIZE / 10))
done
rm -f "$WORK"/big.cli?.pcap
ctx=$(cstat ns_cli rekeys_tx)
srx=$(cstat ns_srv rekeys_rx)
echo "# client rekeys_tx $ctx, server rekeys_rx $srx, server rekeys_tx $(cstat ns_srv rekeys_tx)"
check "client updated its sending keys at least 40 times ($ctx)" test "$ctx" -ge 40
is "server followed every update" "$srx" "$ctx"
for ns in ns_cli ns_srv; do
	is "$ns: no authentication failure, replay or unprotected segment" \
		"$(ctl -j -n $ns stats | jq -r '"\(.auth_failures) \(.replays) \(.unprotected) \(.no_room)"')" \
		"0 0 0 0"
done

# ------------------------------------------------------ ADD_ADDR, v4 and v6
# The client no longer opens subflows itself; the server announces.
for i in 1 2; do ip netns exec ns_cli tc qdisc del dev cli$i root; done
ip -n ns_cli mptcp endpoint flush
ip -n ns_srv mptcp endpoint add 10.0.2.2 dev srv2 signal
ip -n ns_srv mptcp endpoint add fd00:2::2 dev srv2 signal
head -c $((2 * 1024 * 1024)) /dev/urandom >"$WORK/small"
for fam in 4 6; do
	if [ $fam = 4 ]; then dst=10.0.1.2 ann=10.0.2.2 port=5602; else
		dst=fd00:1::2 ann=fd00:2::2 port=5603; fi
	add0=$(mib ns_cli MPTcpExtAddAddr)
	echo0=$(mib ns_srv MPTcpExtEchoAdd)
	comp0=$(cstat ns_srv options_compacted)
	server $port "$WORK/small.$fam"
	ip netns exec ns_cli "$MPTCPSEC_XFER" client -c $dst -p $port -i "$WORK/small" \
		-r $((256 * 1024)) -t 60 >"$WORK/cli.$port" 2>&1 &
	cpid=$!
	check "IPv$fam: the client joins the announced $ann over a secured subflow" \
		wait_until 30 bash -c "$MPTCPSECCTL -j -n ns_cli conn show | jq -e --arg a $ann \
			'[.[].subflows[] | select(.remote == \$a and .kind == \"mp-join\" and
			  .security == \"secured\")] | length >= 1' >/dev/null"
	wait $cpid
	is "IPv$fam: transfer complete" "$?" 0
	wait $spid
	is "IPv$fam: data intact" "$(sha "$WORK/small.$fam")" "$(sha "$WORK/small")"
	check "IPv$fam: the client's stack accepted the ADD_ADDR (its HMAC verified)" \
		test "$(mib ns_cli MPTcpExtAddAddr)" -gt "${add0:-0}"
	check "IPv$fam: the server's stack received the echo" \
		test "$(mib ns_srv MPTcpExtEchoAdd)" -gt "${echo0:-0}"
	check "IPv$fam: the server's module sent the ADD_ADDR compacted" \
		test "$(cstat ns_srv options_compacted)" -gt "$comp0"
done
is "no segment dropped for lack of room on either host" \
	"$(cstat ns_cli no_room) $(cstat ns_srv no_room)" "0 0"
ip -n ns_srv mptcp endpoint flush
ip -n ns_cli mptcp endpoint add 10.0.2.1 dev cli2 subflow

# ------------------------------------------------------ compromised subflow
# Forgeries built from a segment the client sends on path 2, their PN
# moved 8192 ahead: each one is a fresh tag the server must check.
ip netns exec ns_cli ethtool -K cli2 rx off tx off >/dev/null
ip netns exec ns_srv ethtool -K srv2 rx off tx off >/dev/null
head -c $((16 * 1024 * 1024)) /dev/urandom >"$WORK/mid"
comp0=$(cstat ns_srv subflows_compromised)
server 5604 "$WORK/mid.out"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5604 -i "$WORK/mid" \
	-r $((384 * 1024)) -t 200 >"$WORK/cli.5604" 2>&1 &
cpid=$!
check "two secured subflows before the attack" \
	wait_until 30 bash -c '[ "$(secured_subflows ns_srv 5604)" = 2 ]'
sport=$(ctl -j -n ns_cli conn show | jq -r '.[] | .subflows[] |
	select(.remote_port == 5604 and .kind == "mp-join") | .local_port' | head -n1)
ip netns exec ns_cli "$PY" "$FORGE" --iface cli2 --attack payload --fresh-pn \
	--dport 5604 --count $((2 * MAXF)) --delay 0.2 --interval 0.05 --timeout 30 \
	>"$WORK/inject.out" 2>&1
is "forge.py sent $((2 * MAXF)) forgeries into path 2" \
	"$(tail -n1 "$WORK/inject.out" | jq -r .sent 2>/dev/null)" $((2 * MAXF))
check "the server reset the compromised subflow once" \
	wait_until 15 bash -c "[ \"\$(cstat ns_srv subflows_compromised)\" = $((comp0 + 1)) ]"
check "the server counted more than $MAXF authentication failures" \
	test "$(cstat ns_srv auth_failures)" -gt $MAXF
check "the client's stack accepted the protected RST: its path 2 socket is gone" \
	wait_until 15 bash -c "! ip netns exec ns_cli ss -Htn state established \
		'( sport = :$sport )' | grep -q ."
wait $cpid
is "transfer finished on the surviving subflow" "$?" 0
wait $spid
is "data intact" "$(sha "$WORK/mid.out")" "$(sha "$WORK/mid")"
is "the client saw no authentication failure (the RST it got was authentic)" \
	"$(cstat ns_cli auth_failures)" 0

check "no kernel warnings" dmesg_clean
rm -rf "$WORK"
tap_done
