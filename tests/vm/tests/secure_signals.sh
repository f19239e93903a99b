#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forged MPTCP signalling against a live secured two-subflow connection F
# (policy require on both hosts) is dropped by the receiving module and
# counted, and the stacks never see it: ADD_ADDR (IPv4 and IPv6, with and
# without port, HMAC from the recorded keys or random), its echo,
# REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST, RST on one
# subflow, an MP_JOIN SYN with the right token from an attacker's address
# (without, and with a random MPTCPsec option), the real join SYN
# replayed, and the recorded-handshake attacker of RFC 7430 section 5.
# After every forgery: forge.py sent --count segments, the receiving
# module's counter for their defect rose by at least that many and no
# other drop counter moved, the receiving kernel's MPTCP MIB counters
# (ADD_ADDR, echo, RM_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST,
# MP_JOIN) and its SYN and challenge-ACK counters did not move, F still
# has its two secured, established subflows on both hosts, and no socket
# of either host has an attacker's address. At the end F's data is
# intact and no subflow came near 32 authentication failures.
#
# The recorded-handshake attacker: tcpdump records the handshake of F's
# initial subflow and the join SYN of its second subflow;
# forge.py --attack keys reads the MP_CAPABLE keys from the recording.
# The module masks them on the wire, so they do not hash to the tokens the
# stacks use; the attacker's join SYN with that token, its ADD_ADDR with
# that HMAC, its MP_FASTCLOSE with the recorded key and the recorded
# segments themselves all fail. The positive control is connection P,
# plain MPTCP over IPv6 (policy off for fd00::/16): there the recorded keys
# hash to the real tokens, the attacker's join completes (the server
# counts the MP_JOIN third ACK and holds a subflow from the attacker's
# address), its ADD_ADDR, echo and MP_PRIO are taken (the client's MIB
# counters rise), and its MP_FASTCLOSE kills P. The same forgeries that a
# plain stack takes are what the module stops on F.
#
# Forgeries towards the client are built on the server's pure ACKs (F
# sends from the client; the server's sequence number is exactly the
# client's rcv_nxt), those towards the server on the client's data
# segments; forge.py sniffs where they leave (srv1/srv2, cli1/cli2) and
# sends its frames out of the same interface, below netfilter. Checksum
# offloads are off on the four veths, so every checksum is checked in
# software and a forgery is dropped for its authentication, never for its
# checksum (bad_checksum stays 0). The counter each forgery must hit
# (mptcpsec_verify_in(), mptcpsec_join_syn_in()):
#   no MPTCPsec option (--secopt none)                    -> unprotected
#   the captured option, PN already authenticated (copy)  -> replays
#   a recorded segment of the handshake (SYN-ACK, third ACK, first data):
#       within 16384 PNs of the newest one a replay, further back its
#       truncated PN stands for a PN not yet seen and its tag fails
#                                                          -> replays|auth_failures
#   a SYN on the 4-tuple of a secured subflow            -> replays
#   PN moved ahead, random tag (fresh, random)            -> auth_failures
#   join SYN with the right token: no option              -> unprotected
#       random option                                     -> auth_failures
#       the recorded join SYN from a new port             -> replays
#   join SYN with the token of the recorded (masked) key: no connection
#       has it (joins_unknown); the stack looks it up, finds nothing and
#       refuses it (MPJoinSynRx, MPJoinNoTokenFound), no SYN-ACK
#
#        ns_cli                                     ns_srv
#   +----------------+  path 1: cli1 -- srv1   +----------------+
#   | 10.0.1.1       |-------------------------| 10.0.1.2       |
#   | fd00:1::1      |  F 10.0.1.1 -> :5411    | fd00:1::2      |
#   |                |  P [fd00:1::1] -> :5412 |                |
#   | 10.0.2.1       |-------------------------| 10.0.2.2       |
#   | fd00:2::1      |  path 2: cli2 -- srv2   | fd00:2::2      |
#   +----------------+  (F's and P's joins)    +----------------+
#   attacker addresses: 10.0.1.66 and fd00:1::66 (joins), 10.0.1.77 and
#   fd00:1::77 (announced on F), fd00:1::66 (announced on P); the hosts
#   hold static neighbour entries that send them across path 1 (so the
#   forging process on the other end sees the answers), nobody owns them
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
FORGE=$MPTCPSEC_SRC/tests/tools/forge.py
PY=/usr/bin/python3
WORK=$(mktemp -d)
PF=5411
PP=5412
COUNT=3
# The counters each round reports.
SHOWN="verified auth_failures replays unprotected bad_checksum resets_seen joins_matched
	joins_unknown handshakes"
F_RATE=$((48 * 1024))
P_SIZE=$((4 * 1024 * 1024))
P_RATE=$((32 * 1024))
ATT=10.0.1.66
ATT6=fd00:1::66
ANN=10.0.1.77
ANN6=fd00:1::77
# What the receiving stack must never count for a forgery.
MIBS="MPTcpExtAddAddr MPTcpExtEchoAdd MPTcpExtPortAdd MPTcpExtAddAddrDrop
	MPTcpExtRmAddr MPTcpExtRmAddrDrop MPTcpExtRmSubflow MPTcpExtMPPrioRx
	MPTcpExtMPFailRx MPTcpExtInfiniteMapRx MPTcpExtMPFastcloseRx MPTcpExtMPRstRx
	MPTcpExtMPJoinSynRx MPTcpExtMPJoinAckRx MPTcpExtMPJoinNoTokenFound
	MPTcpExtMPJoinSynAckRx TcpExtTCPSYNChallenge TcpExtTCPChallengeACK"

$PY -c 'import scapy' 2>/dev/null || skip_all "python3-scapy missing"

# healthy JSON: one established, secured connection with its initial and
# its MP_JOIN subflow, both established and secured
healthy() {
	jq -e 'length == 1 and .[0].state == "established" and .[0].security == "secured" and
		(.[0].subflows | length) == 2 and
		([.[0].subflows[].kind] | sort) == ["mp-capable", "mp-join"] and
		all(.[0].subflows[]; .state == "established" and .security == "secured")' \
		<<<"$1" >/dev/null
}

f_healthy() { healthy "$(tracked_conns ns_cli $PF)" && healthy "$(tracked_conns ns_srv $PF)"; }

# attackers_seen: sockets of either host with an attacker's address
attackers_seen() {
	local ns
	for ns in ns_cli ns_srv; do
		ip netns exec $ns ss -Htan | grep -E "(^|[[ ])($ATT|$ANN|\[?$ANN6\]?)[]:]" |
			sed "s/^/$ns: /"
	done
}

# forge NAME NS IFACE ARGS...: one forge.py run on the forging process of
# NS (fd 7: ns_cli, 8: ns_srv), waited for
forge() {
	local name=$1 fd=7 ifc=$3
	[ "$2" = ns_srv ] && fd=8
	shift 3
	rm -f "$WORK/$name.rc"
	(trap '' PIPE; echo "$name --iface $ifc --count $COUNT --timeout 20 $*" >&"$fd") \
		2>/dev/null || echo 9 >"$WORK/$name.rc"
	wait_until 60 test -e "$WORK/$name.rc" || echo 9 >"$WORK/$name.rc"
}

# sent NAME: segments forge.py reports as sent
sent() { tail -n1 "$WORK/$1.out" 2>/dev/null | jq -r '.sent // 0' 2>/dev/null || echo 0; }

# mib_moved BEFORE_JSON EXPECT < MIB_JSON: the counters of $MIBS that
# moved other than EXPECT says ("NAME=RISE ..."), as "NAME +RISE ..."
mib_moved() {
	jq -r --argjson b "$1" --arg names "$MIBS" --arg exp "$2" '
		($exp | split(" ") | map(select(. != "") | split("=") | {(.[0]): (.[1] | tonumber)}) |
		 add // {}) as $e |
		. as $o | [$names | splits("\\s+") | select(. != "") |
		 select(. as $n | $o | has($n)) | {n: ., d: ($o[.] - $b[.])} |
		 select(.d != ($e[.n] // 0)) | "\(.n) +\(.d)"] | join(" ")'
}

# attack NAME TARGET WANT MIB_EXPECT FORGE_NS IFACE ARGS...: one forgery
# round against F; TARGET (ns_cli, ns_srv) is the host it is aimed at,
# MIB_EXPECT the MIB counters that must rise ("NAME=@n ...", @n: the
# number of forgeries sent), all others of $MIBS must not move
attack() {
	local name=$1 tgt=$2 want=$3 mexp=$4 fns=$5 ifc=$6 bs bm n w o text moved seen
	shift 6
	bs=$(ctl -j -n "$tgt" stats)
	bm=$(mib_json "$tgt")
	forge "$name" "$fns" "$ifc" "$@"
	n=$(sent "$name")
	is "$name: forge.py sent $COUNT or more forgeries" \
		"$(cat "$WORK/$name.rc") $([ "$n" -ge $COUNT ] && echo enough)" "0 enough"
	[ "$(cat "$WORK/$name.rc")" = 0 ] ||
		sed 's/^/#   /' "$WORK/$name.out" "$WORK/$name.err" | head -n 20
	read -r w o text < <(forged_drops "$tgt" "$bs" "$want" "$SHOWN" "$n")
	is "$name: $want rose by at least $n on ${tgt#ns_}, no other drop counter" \
		"$([ "$n" -gt 0 ] && [ "${w:-0}" -ge "$n" ] && echo "yes ${o:-?}")" "yes 0"
	moved=$(mib_json "$tgt" | mib_moved "$bm" "${mexp//@n/$n}")
	is "$name: ${tgt#ns_}'s stack counted none of it${mexp:+ (but ${mexp//@n/$n})}" \
		"$moved" ""
	seen=$(attackers_seen)
	check "$name: F intact on both hosts, no socket with an attacker's address" \
		test "$(tracked_conns ns_cli $PF)|$(tracked_conns ns_srv $PF)|$seen" = "$f_cli|$f_srv|"
	echo "# $name -> ${tgt#ns_}: $text; replies $(tail -n1 "$WORK/$name.out" |
		jq -c '.replies // null' 2>/dev/null); at $(($(date +%s) - t0)) s"
}

sha() { sha256sum <"$1" | cut -d' ' -f1; }

# record NAME NS IFACE N FILTER: tcpdump keeps the first N segments
record() {
	ip netns exec "$2" tcpdump -i "$3" -s 0 -U --immediate-mode -c "$4" \
		-w "$WORK/$1.pcap" "$5" >/dev/null 2>"$WORK/$1.tcpdump" &
	echo $! >"$WORK/$1.tcpdump.pid"
}

NROUNDS=28
plan $((4 * NROUNDS + 29))

netns_topology_2paths
for i in cli1 cli2; do ip netns exec ns_cli ethtool -K $i rx off tx off >/dev/null; done
for i in srv1 srv2; do ip netns exec ns_srv ethtool -K $i rx off tx off >/dev/null; done
mac_cli=$(ip -n ns_cli -br link show cli1 | awk '{print $3}')
mac_srv=$(ip -n ns_srv -br link show srv1 | awk '{print $3}')
for a in $ATT $ATT6; do
	ip -n ns_srv neigh replace $a lladdr "$mac_cli" dev srv1 nud permanent
done
for a in $ANN $ANN6 $ATT6; do
	ip -n ns_cli neigh replace $a lladdr "$mac_srv" dev cli1 nud permanent
done
mod_load default_policy=require close_linger_ms=2000
for ns in ns_cli ns_srv; do
	ctl -n $ns policy add fd00::/16 mode off
done

# F lasts as long as the attacks: its client reads random data from a FIFO
# until the test stops feeding it (a copy goes to f.data)
stream_source f
forge_serve ns_cli
forge_serve ns_srv
exec 7>"$WORK/ns_cli.fifo" 8>"$WORK/ns_srv.fifo"
check "forge.py loaded on both hosts" \
	wait_until 90 test -e "$WORK/ns_cli.ready" -a -e "$WORK/ns_srv.ready"

record hs_f ns_cli cli1 8 "tcp port $PF"
record hs_j ns_cli cli2 3 "tcp port $PF"
record hs_p ns_cli cli1 8 "tcp port $PP"
wait_until 10 bash -c "grep -q listening '$WORK/hs_f.tcpdump' &&
	grep -q listening '$WORK/hs_j.tcpdump' && grep -q listening '$WORK/hs_p.tcpdump'"

ip netns exec ns_srv "$MPTCPSEC_XFER" server -p $PF -o "$WORK/f.recv" -t 800 \
	>"$WORK/f.srv" 2>&1 7>&- 8>&- &
fspid=$!
ip netns exec ns_srv "$MPTCPSEC_XFER" server -p $PP -t 600 >"$WORK/p.srv" 2>&1 7>&- 8>&- &
pspid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$PF ' &&
	ip netns exec ns_srv ss -Hltn | grep -q ':$PP '"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p $PF -i "$WORK/f.fifo" \
	-r $F_RATE -t 800 -P >"$WORK/f.cli" 2>&1 7>&- 8>&- &
fcpid=$!
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c fd00:1::2 -p $PP -s $P_SIZE \
	-r $P_RATE -t 600 -P >"$WORK/p.cli" 2>&1 7>&- 8>&- &
pcpid=$!

check "F: secured and established on both hosts, initial and MP_JOIN subflow secured" \
	wait_until 30 f_healthy
f_cli=$(tracked_conns ns_cli $PF)
f_srv=$(tracked_conns ns_srv $PF)
p_cli=$(tracked_conns ns_cli $PP)
p_srv=$(tracked_conns ns_srv $PP)
echo "# F: client $f_cli"
echo "# F: server $f_srv"
echo "# P: client $p_cli"
echo "# P: server $p_srv"
p_plain() {
	local ns
	for ns in ns_cli ns_srv; do
		[ "$(tracked_conns $ns $PP | jq -r '.[0] | "\(.security) \(.subflows | length)"')" = "none 2" ] ||
			return 1
	done
}
check "P: plain MPTCP, tracked on both hosts with its two subflows" wait_until 20 p_plain
p_cli=$(tracked_conns ns_cli $PP)
p_srv=$(tracked_conns ns_srv $PP)
check "the handshakes of F and P and F's join SYN are recorded" \
	wait_until 20 bash -c "! kill -0 $(cat "$WORK/hs_f.tcpdump.pid") 2>/dev/null &&
		! kill -0 $(cat "$WORK/hs_j.tcpdump.pid") 2>/dev/null &&
		! kill -0 $(cat "$WORK/hs_p.tcpdump.pid") 2>/dev/null"

# --- What an eavesdropper of the handshakes learns ---------------------------
$PY "$FORGE" --attack keys --pcap "$WORK/hs_f.pcap" >"$WORK/keys_f.json"
$PY "$FORGE" --attack keys --pcap "$WORK/hs_p.pcap" >"$WORK/keys_p.json"
echo "# F recorded: $(jq -c '.conns[0] | {client_key, server_key, client_token,
	server_token}' "$WORK/keys_f.json")"
echo "# P recorded: $(jq -c '.conns[0] | {client_token, server_token}' "$WORK/keys_p.json")"
kf=$(jq -r '.conns[0] | "\(.eno_syn) \(.eno_synack) \(.client_key != null) \(.server_key != null)"' \
	"$WORK/keys_f.json")
is "F: the recording holds the negotiated handshake and both (masked) MP_CAPABLE keys" \
	"$kf" "true true true true"
srv_tok=$(jq -r '.[0].local_token' <<<"$f_srv")
cli_tok=$(jq -r '.[0].local_token' <<<"$f_cli")
check "F: the tokens are known on both hosts, crosswise equal" \
	test "$srv_tok" != null -a "$cli_tok" != null -a \
	"$(jq -r '.[0].remote_token' <<<"$f_cli")" = "$srv_tok" -a \
	"$(jq -r '.[0].remote_token' <<<"$f_srv")" = "$cli_tok"
check "F: the recorded server key does not hash to the server's token" \
	test "$(jq -r '.conns[0].server_token' "$WORK/keys_f.json")" != "$srv_tok"
check "F: the recorded client key does not hash to the client's token" \
	test "$(jq -r '.conns[0].client_token' "$WORK/keys_f.json")" != "$cli_tok"
is "P (control): the recorded keys hash to both hosts' tokens" \
	"$(jq -r '.conns[0] | "\(.client_token) \(.server_token)"' "$WORK/keys_p.json")" \
	"$(jq -r '.[0] | "\(.local_token) \(.remote_token)"' <<<"$p_cli")"

# --- Control: the same attacker against plain MPTCP (P) succeeds -------------
t0=$(date +%s)
bm=$(mib_json ns_srv)
forge ctl_join ns_cli cli1 --attack join-syn --dport $PP --from $ATT6 --token pcap \
	--pcap "$WORK/hs_p.pcap" --complete --reply-wait 3 --count 1
is "P (control): the attacker's join SYN is answered, the SYN-ACK's HMAC matches the recorded keys" \
	"$(head -n1 "$WORK/ctl_join.out" | jq -r '"\(.reply) \(.synack_hmac_ok) \(.join_ack != null)"')" \
	"SA true true"
# rose NS COUNTER BEFORE: the MIB counter is above BEFORE
rose() { [ "$(mib_json "$1" | jq ".$2")" -gt "$3" ]; }
attacker_joined() {
	rose ns_srv MPTcpExtMPJoinAckRx "$(jq .MPTcpExtMPJoinAckRx <<<"$bm")" &&
		ip netns exec ns_srv ss -Htn | grep -q "\[$ATT6\]"
}
check "P (control): the server accepts the attacker's MP_JOIN third ACK and holds its subflow" \
	wait_until 10 attacker_joined
# control CHECK_NAME PATH COUNTER ARGS...: a forgery towards P's client
# on path PATH (1, 2) that its stack takes: COUNTER of the client rises
control() {
	local name=$1 i=$2 c=$3 b
	shift 3
	b=$(mib_json ns_cli | jq ".$c")
	forge "$name" ns_srv srv$i --sport $PP --dst fd00:$i::1 --count 1 "$@"
	check "P (control): $name towards the client: forge.py sent it and the client counts $c" \
		wait_until 10 eval "[ \"\$(cat '$WORK/$name.rc')\" = 0 ] && rose ns_cli $c $b"
}
control ctl_addaddr 1 MPTcpExtAddAddr --attack addaddr --addr $ATT6 --hmac pcap \
	--pcap "$WORK/hs_p.pcap"
control ctl_echo 1 MPTcpExtEchoAdd --attack addaddr-echo --addr $ATT6
control ctl_prio 1 MPTcpExtMPPrioRx --attack prio
# the client now sends on path 2 only (path 1 is its backup): so does the
# server, and so its ACKs carry the fastclose there
control ctl_fastclose 2 MPTcpExtMPFastcloseRx --attack fastclose --key pcap \
	--pcap "$WORK/hs_p.pcap"
wait_until 30 eval "! kill -0 $pcpid 2>/dev/null"
kill $pcpid 2>/dev/null
wait $pcpid
rc=$?
check "P (control): the recorded key's MP_FASTCLOSE killed the transfer (client status $rc)" \
	test $rc != 0 -a $rc -lt 128
kill $pspid 2>/dev/null
wait $pspid 2>/dev/null
# The attacker's subflow of P has no peer to close it: it would be reset
# later, while F is attacked. Close it now and let P leave the tables.
ip netns exec ns_srv ss -K -tn dst "[$ATT6]" >/dev/null 2>&1
check "P: gone from both hosts' tables before the attacks on F" \
	wait_until 30 eval '[ "$(tracked_conns ns_srv $PP)$(tracked_conns ns_cli $PP)" = "[][]" ]'
echo "# control done at $(($(date +%s) - t0)) s"

# --- The attacks on F --------------------------------------------------------
s0_cli=$(ctl -j -n ns_cli stats)
s0_srv=$(ctl -j -n ns_srv stats)
check "F: still intact after the control" f_healthy

# towards the client, on the server's pure ACKs of the initial subflow
A="ns_srv srv1 --sport $PF --dst 10.0.1.1"
attack addaddr4-hmac-rec ns_cli unprotected "" $A --attack addaddr --addr $ANN --hmac pcap \
	--pcap "$WORK/hs_f.pcap"
attack addaddr4-port-rnd ns_cli unprotected "" $A --attack addaddr --addr $ANN \
	--addr-port 6666 --hmac random
attack addaddr6-hmac-rec ns_cli unprotected "" $A --attack addaddr --addr $ANN6 --hmac pcap \
	--pcap "$WORK/hs_f.pcap"
attack addaddr6-port-rnd ns_cli unprotected "" $A --attack addaddr --addr $ANN6 \
	--addr-port 6666 --hmac random
attack addaddr4-fresh-pn ns_cli auth_failures "" $A --attack addaddr --addr $ANN --hmac pcap \
	--pcap "$WORK/hs_f.pcap" --secopt fresh
attack addaddr-echo ns_cli unprotected "" $A --attack addaddr-echo --addr $ANN
attack rmaddr ns_cli unprotected "" $A --attack rmaddr --ids 0
attack prio ns_cli unprotected "" $A --attack prio
attack fail ns_cli unprotected "" $A --attack fail
attack tcprst ns_cli unprotected "" $A --attack tcprst
attack fastclose-rec ns_cli unprotected "" $A --attack fastclose --key pcap \
	--pcap "$WORK/hs_f.pcap"
attack synack-replay ns_cli "replays|auth_failures" "" $A --attack hs-replay --pcap "$WORK/hs_f.pcap"
# towards the client, on the server's pure ACKs of the MP_JOIN subflow
A="ns_srv srv2 --sport $PF --dst 10.0.2.1"
attack rst-join-sf ns_cli unprotected "" $A --attack rst
attack tcprst-copy-join-sf ns_cli replays "" $A --attack tcprst --secopt copy --delay 0.2
# towards the server, on the client's data segments
A="ns_cli cli1 --dport $PF"
attack echo6-srv ns_srv unprotected "" $A --attack addaddr-echo --addr $ANN6
attack rmaddr-srv ns_srv unprotected "" $A --attack rmaddr --ids 1,2
attack prio-srv ns_srv unprotected "" $A --attack prio
attack tcprst-srv ns_srv unprotected "" $A --attack tcprst
attack fastclose-rec-srv ns_srv unprotected "" $A --attack fastclose --key pcap \
	--pcap "$WORK/hs_f.pcap"
# the MP_JOIN subflow
A="ns_cli cli2 --dport $PF"
attack fail-fresh-pn-join-sf ns_srv auth_failures "" $A --attack fail --secopt fresh
attack rst-srv-join-sf ns_srv unprotected "" $A --attack rst
# joins: the right token (as the server reports it), from the attacker
A="ns_cli cli1 --dport $PF"
attack join-syn ns_srv unprotected "" $A --attack join-syn --from $ATT --token "$srv_tok" \
	--reply-wait 1
attack join-syn-secopt ns_srv auth_failures "" $A --attack join-syn --from $ATT \
	--token "$srv_tok" --secopt random --reply-wait 1
# the recorded join SYN of F's second subflow, again: from a new port, and
# exactly as recorded (its subflow is alive)
A="ns_cli cli2 --dport $PF"
attack join-replay-new-port ns_srv replays "" $A --attack join-replay --pcap "$WORK/hs_j.pcap" \
	--new-port
attack join-replay ns_srv replays "" $A --attack join-replay --pcap "$WORK/hs_j.pcap"
# the recorded handshake again: SYN, third ACK and first data
A="ns_cli cli1 --dport $PF"
attack hs-replay-syn ns_srv replays "" $A --attack hs-replay --pcap "$WORK/hs_f.pcap" \
	--stages syn
attack hs-replay-ack-data ns_srv "replays|auth_failures" "" $A --attack hs-replay --pcap "$WORK/hs_f.pcap" \
	--stages ack,data
# the recorded-handshake attacker's join: the token of the recorded
# (masked) server key names nothing, the stack refuses it with a RST,
# which the server's module may drop (policy require towards the
# attacker's address, no tracked subflow to protect it with: unprotected)
attack join-syn-rec-token ns_srv "joins_unknown|unprotected" \
	"MPTcpExtMPJoinSynRx=@n MPTcpExtMPJoinNoTokenFound=@n" $A --attack join-syn --from $ATT \
	--token pcap --pcap "$WORK/hs_f.pcap" --complete --reply-wait 1
check "join-syn-rec-token: no SYN-ACK answered the recorded-handshake attacker's joins" \
	test "$(tail -n1 "$WORK/join-syn-rec-token.out" | jq -r '.replies.SA // 0')" = 0
echo "# attacks took $(($(date +%s) - t0)) s"
exec 7>&- 8>&-
wait "$(cat "$WORK/ns_cli.forged.pid")" "$(cat "$WORK/ns_srv.forged.pid")"

check "F: transfer still running after the last attack" kill -0 $fcpid
s1_cli=$(ctl -j -n ns_cli stats)
s1_srv=$(ctl -j -n ns_srv stats)
is "F: no reset reached either host's stack during the attacks" \
	"$(jq -n --argjson a "$s0_cli" --argjson b "$s1_cli" --argjson c "$s0_srv" \
		--argjson d "$s1_srv" '"\($b.resets_seen - $a.resets_seen) \($d.resets_seen - $c.resets_seen)"' -r)" \
	"0 0"
is "no forgery dropped for its checksum on either host" \
	"$(jq -r .bad_checksum <<<"$s1_cli") $(jq -r .bad_checksum <<<"$s1_srv")" "0 0"
sf=$( (ctl -j -n ns_cli conn show; ctl -j -n ns_srv conn show) | jq -sc --argjson p $PF \
	'[.[][] | select(any(.subflows[]; .local_port == $p or .remote_port == $p)) |
	  .subflows[] | {kind, dropped, auth_failures}]')
echo "# F subflows (client, server): $sf"
check "F: every subflow on both hosts dropped forgeries, none reached 32 authentication failures" \
	jq -e 'length == 4 and all(.[]; .dropped > 0 and .auth_failures < 32)' <<<"$sf"

stream_stop f
wait $fcpid
is "F: transfer completes" "$?" 0
wait $fspid
is "F: server exits cleanly" "$?" 0
is "F: received file identical ($(stat -c %s "$WORK/f.data") bytes)" \
	"$(sha "$WORK/f.recv")" "$(sha "$WORK/f.data")"
ktok=$(awk '/^token/ {print $2}' "$WORK/f.cli")
check "F: the recorded client key does not hash to the kernel's own token (MPTCP_INFO)" \
	test -n "$ktok" -a "$ktok" = "$cli_tok" -a \
	"$(jq -r '.conns[0].client_token' "$WORK/keys_f.json")" != "$ktok"
sed 's/^/# /' "$WORK"/f.cli "$WORK"/f.srv "$WORK"/p.cli "$WORK"/ns_*.forged
echo "# total $(($(date +%s) - t0)) s since the first forgery"

check "module unloads after the transfers" wait_until 30 mod_unload
check "no kernel warnings" dmesg_clean
rm -rf "$WORK"
tap_done
