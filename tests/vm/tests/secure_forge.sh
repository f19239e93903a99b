#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forged segments injected into live secured connections (policy require
# on both hosts) are dropped by the receiving module, each in the counter
# its defect belongs to, and nothing of them reaches TCP or MPTCP: the
# transfers complete with the files intact, the connections stay secured
# and established on the same initial subflow, no reset reaches either
# stack, no kernel warning.
#
# tests/tools/forge.py sniffs one segment of a connection where it leaves
# a host and sends in-window forgeries of it out of the same interface,
# below netfilter. Every attack runs towards the server (from the client's
# cli1, built on the client's data segments of connection F) and towards
# the client (from the server's srv1), each with --count forgeries; the
# two directions of one attack run at the same time, as each host's
# counters only see the forgeries aimed at it. Towards the client the
# forgeries are built on the server's pure ACKs of F (the client is the
# active side), except datafin and bitflip (both variants below), which
# need a DSS mapping and a payload: those use connection R, a transfer
# from the server host to the client host (there the client host is the
# passive side).
#
# The counter each attack must hit, from mptcpsec_verify_in() (checksum,
# then exactly one MPTCPsec option, then the packet number against the
# replay window, then the tag):
#   rst, fastclose, strip  carry no MPTCPsec option    -> unprotected
#   payload, fin, datafin, bitflip, replay carry the captured segment's
#       MPTCPsec option, so its packet number, already authenticated when
#       the forgeries arrive (forge.py --delay)      -> replays
#       (the replay check comes before the tag, so none of them is
#       counted as an authentication failure)
#   payload, fin, datafin, bitflip again with a fresh packet number: the
#       copied option's PN moved 8192 ahead (so it is recovered as a PN
#       not seen yet), the stale tag must fail   -> auth_failures
# Checksum offloads are off on the veths the forgeries cross (cli1 and
# srv1, both directions), so the receiving kernel checks every checksum
# in software: a forgery is dropped for its authentication, never for its
# checksum (bad_checksum must stay 0), and none is taken as verified by
# the veth driver.
#
#        ns_cli                                   ns_srv
#   +--------------+   path 1 (veth cli1-srv1)  +--------------+
#   | 10.0.1.1     |----------------------------| 10.0.1.2     |
#   |   F: client  |  F: 10.0.1.1 -> :5401 data | F: server    |
#   |   R: server  |  R: 10.0.1.2 -> :5402 data | R: client    |
#   |              |                            |              |
#   | forge.py on  | --> forgeries to ns_srv    | forge.py on  |
#   | cli1         | <-- forgeries to ns_cli    | srv1         |
#   |              |   path 2 (unused: no       |              |
#   | 10.0.2.1     |---- subflow endpoints) ----| 10.0.2.2     |
#   +--------------+                            +--------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
FORGE=$MPTCPSEC_SRC/tests/tools/forge.py
PY=/usr/bin/python3
WORK=$(mktemp -d)
PF=5401
PR=5402
COUNT=5
# The counters each round reports.
SHOWN="verified auth_failures replays unprotected bad_checksum resets_seen"
F_RATE=$((96 * 1024))
R_RATE=$((48 * 1024))
ATTACKS="payload rst fin datafin fastclose replay strip bitflip
	payload+fresh-pn fin+fresh-pn datafin+fresh-pn bitflip+fresh-pn"
declare -A EXPECT=(
	[payload]=replays [rst]=unprotected [fin]=replays [datafin]=replays
	[fastclose]=unprotected [replay]=replays [strip]=unprotected [bitflip]=replays
	[payload+fresh-pn]=auth_failures [fin+fresh-pn]=auth_failures
	[datafin+fresh-pn]=auth_failures [bitflip+fresh-pn]=auth_failures
)
NROUNDS=$(wc -w <<<"$ATTACKS")

$PY -c 'import scapy' 2>/dev/null || skip_all "python3-scapy missing"

# healthy JSON: one established, secured connection whose only subflow is
# the initial one, established and secured
healthy() {
	jq -e 'length == 1 and .[0].state == "established" and .[0].security == "secured" and
		(.[0].subflows | length) == 1 and .[0].subflows[0].kind == "mp-capable" and
		.[0].subflows[0].state == "established" and
		.[0].subflows[0].security == "secured"' <<<"$1" >/dev/null
}

both_healthy() {
	healthy "$(tracked_conns ns_cli $PF)" && healthy "$(tracked_conns ns_srv $PF)" &&
		healthy "$(tracked_conns ns_cli $PR)" && healthy "$(tracked_conns ns_srv $PR)"
}

stat_of() { jq -r ".$2" <<<"$1"; }

# forge NAME FD IFACE ARGS...: start one forge.py run on the forging
# process that reads file descriptor FD; forge_wait NAME... waits for runs
forge() {
	local name=$1 fd=$2 ifc=$3
	shift 3
	rm -f "$WORK/$name.rc"
	# --delay: the captured segment is authenticated by its receiver
	# before the first forgery arrives, whatever the scheduling.
	(trap '' PIPE; echo "$name --iface $ifc --count $COUNT --delay 0.2 --timeout 20 $*" >&"$fd") \
		2>/dev/null || echo 9 >"$WORK/$name.rc"
}

forge_wait() {
	local n
	for n in "$@"; do
		wait_until 60 test -e "$WORK/$n.rc" || echo 9 >"$WORK/$n.rc"
	done
}

# verdict ATTACK TAG HOST NS BEFORE_JSON: forge.py sent COUNT forgeries,
# and on the attacked host exactly the counter of the attack rose by that
# many or more, no other drop counter
verdict() {
	local a=$1 t=$2 host=$3 ns=$4 before=$5 want=${EXPECT[$1]} rc sent cap w o text
	rc=$(<"$WORK/$a.$t.rc")
	read -r sent cap < <(tail -n1 "$WORK/$a.$t.out" | jq -r \
		'"\(.sent // 0) \(.captured // {} | {seq, flags, len, secopt, dss} | tojson)"' 2>/dev/null)
	sent=${sent:-0}
	is "$a towards the $host: forge.py sent $COUNT forgeries" "$rc $sent" "0 $COUNT"
	[ "$rc" = 0 ] || sed 's/^/#   /' "$WORK/$a.$t.out" "$WORK/$a.$t.err" | head -n 20
	read -r w o text < <(forged_drops "$ns" "$before" "$want" "$SHOWN" "$sent")
	is "$a towards the $host: $want rose by at least $sent, no other drop counter" \
		"$([ "$sent" -gt 0 ] && [ "${w:-0}" -ge "$sent" ] && echo "yes ${o:-?}")" "yes 0"
	echo "# $a -> $host: $text; captured $cap"
}

# attack ATTACK[+fresh-pn] CLIENT_SIDE_FILTER...: ATTACK towards both
# hosts at once
attack() {
	local a=$1 bs bc how
	shift
	how="--attack ${a%+fresh-pn}"
	[ "$a" = "${a%+fresh-pn}" ] || how="$how --fresh-pn"
	bs=$(ctl -j -n ns_srv stats)
	bc=$(ctl -j -n ns_cli stats)
	forge "$a.srv" 7 cli1 $how --dport $PF
	forge "$a.cli" 8 srv1 $how "$@"
	forge_wait "$a.srv" "$a.cli"
	verdict "$a" srv server ns_srv "$bs"
	verdict "$a" cli client ns_cli "$bc"
	echo "# $a done at $(($(date +%s) - t0)) s"
}

sha() { sha256sum <"$1" | cut -d' ' -f1; }

plan $((2 * 2 * NROUNDS + 17))

netns_topology_2paths
ip -n ns_cli mptcp endpoint flush
ip netns exec ns_cli ethtool -K cli1 rx off tx off >/dev/null
ip netns exec ns_srv ethtool -K srv1 rx off tx off >/dev/null
mod_load close_linger_ms=2000
for ns in ns_cli ns_srv; do
	ctl -n $ns policy add 10.0.0.0/8 mode require
done

# Both transfers last as long as the attacks: their clients read random
# data until the test stops the streams (copies in f.data, r.data).
stream_source f
stream_source r
forge_serve ns_cli
forge_serve ns_srv
exec 7>"$WORK/ns_cli.fifo" 8>"$WORK/ns_srv.fifo"
check "forge.py loaded on both hosts" \
	wait_until 90 test -e "$WORK/ns_cli.ready" -a -e "$WORK/ns_srv.ready"

ip netns exec ns_srv "$MPTCPSEC_XFER" server -p $PF -o "$WORK/f.recv" -t 600 \
	>"$WORK/f.srv" 2>&1 7>&- 8>&- &
fspid=$!
ip netns exec ns_cli "$MPTCPSEC_XFER" server -p $PR -o "$WORK/r.recv" -t 600 \
	>"$WORK/r.srv" 2>&1 7>&- 8>&- &
rspid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$PF ' &&
	ip netns exec ns_cli ss -Hltn | grep -q ':$PR '"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p $PF -i "$WORK/f.fifo" \
	-r $F_RATE -t 600 >"$WORK/f.cli" 2>&1 7>&- 8>&- &
fcpid=$!
ip netns exec ns_srv "$MPTCPSEC_XFER" client -c 10.0.1.1 -p $PR -i "$WORK/r.fifo" \
	-r $R_RATE -t 600 >"$WORK/r.cli" 2>&1 7>&- 8>&- &
rcpid=$!

check "both connections secured and established on both hosts, one subflow each" \
	wait_until 20 both_healthy
f_cli=$(tracked_conns ns_cli $PF)
f_srv=$(tracked_conns ns_srv $PF)
r_cli=$(tracked_conns ns_cli $PR)
r_srv=$(tracked_conns ns_srv $PR)
echo "# F: client $f_cli"
echo "# F: server $f_srv"
echo "# R: client $r_cli"
echo "# R: server $r_srv"
s0_cli=$(ctl -j -n ns_cli stats)
s0_srv=$(ctl -j -n ns_srv stats)

t0=$(date +%s)
for a in $ATTACKS; do
	case $a in
	datafin*|bitflip*) attack "$a" --dport $PR ;;
	*) attack "$a" --sport $PF ;;
	esac
done
echo "# attacks took $(($(date +%s) - t0)) s"
exec 7>&- 8>&-
wait "$(cat "$WORK/ns_cli.forged.pid")" "$(cat "$WORK/ns_srv.forged.pid")"

check "both transfers still running after the last attack" \
	bash -c "kill -0 $fcpid && kill -0 $rcpid"
is "F: client: same connection, secured, established, initial subflow intact" \
	"$(tracked_conns ns_cli $PF)" "$f_cli"
is "F: server: same connection, secured, established, initial subflow intact" \
	"$(tracked_conns ns_srv $PF)" "$f_srv"
is "R: client host: same connection, secured, established, initial subflow intact" \
	"$(tracked_conns ns_cli $PR)" "$r_cli"
is "R: server host: same connection, secured, established, initial subflow intact" \
	"$(tracked_conns ns_srv $PR)" "$r_srv"
s1_cli=$(ctl -j -n ns_cli stats)
s1_srv=$(ctl -j -n ns_srv stats)
is "no reset reached either host's stack during the attacks" \
	"$(($(stat_of "$s1_cli" resets_seen) - $(stat_of "$s0_cli" resets_seen))) $(($(stat_of "$s1_srv" resets_seen) - $(stat_of "$s0_srv" resets_seen)))" \
	"0 0"
is "no forgery dropped for its checksum on either host" \
	"$(stat_of "$s1_cli" bad_checksum) $(stat_of "$s1_srv" bad_checksum)" "0 0"

stream_stop f
stream_stop r
wait $fcpid
is "F: transfer completes" "$?" 0
wait $fspid
is "F: server exits cleanly" "$?" 0
is "F: received file identical ($(stat -c %s "$WORK/f.data") bytes)" \
	"$(sha "$WORK/f.recv")" "$(sha "$WORK/f.data")"
wait $rcpid
is "R: transfer completes" "$?" 0
wait $rspid
is "R: server exits cleanly" "$?" 0
is "R: received file identical ($(stat -c %s "$WORK/r.data") bytes)" \
	"$(sha "$WORK/r.recv")" "$(sha "$WORK/r.data")"
sed 's/^/# /' "$WORK"/[fr].cli "$WORK"/[fr].srv "$WORK"/ns_*.forged
echo "# total $(($(date +%s) - t0)) s since the first attack"

check "module unloads after the transfers" wait_until 15 mod_unload
check "no kernel warnings" dmesg_clean
rm -rf "$WORK"
tap_done
