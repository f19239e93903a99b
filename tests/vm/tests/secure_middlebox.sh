#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Middleboxes between two MPTCPsec hosts (the module acts in ns_cli and
# ns_srv only; both routers have policy require for every destination
# and, since they only forward, must show no MPTCPsec activity):
#   1. policy require on both hosts, 8 MiB: the initial subflow crosses a
#      NAT (ns_nat: the server's public address DNATed to its private one,
#      the client masqueraded), the MP_JOIN subflow an ISN-randomising
#      rewriter (ns_isn: tests/tools/isn_rewrite.py on NFQUEUE, a random
#      shift per connection and direction on seq, translated back on ack
#      and on SACK blocks). The associated data uses sequence numbers
#      relative to each direction's ISN and no addresses or ports, so the
#      data must arrive intact, both subflows secured, nothing dropped.
#      Path 2 drops every 40th of the client's data segments (after the
#      rewriter) so that the server's ACKs carry SACK blocks through the
#      rewriter, which translates them like a correct middlebox (counted,
#      > 0).
#      Captures on both sides of each router prove that the addresses
#      (NAT) and the sequence numbers (by exactly the rewriter's shifts)
#      really differ, and hold no plaintext and no unprotected segment.
#   2. an option-stripping middlebox on path 1 (nftables "reset tcp
#      option" in ns_nat, which turns an option into NOPs and fixes the
#      checksum):
#      a. ENO (kind 69) stripped from SYN and SYN-ACK (the SYN's key share
#         still arrives), client prefer, server prefer: plain MPTCP, data
#         intact, the client counts one fallback and shows "fallback";
#      b. the same with client require: ECONNREFUSED within 3 s, counted
#         as refused (not as a handshake failure), no payload byte leaves
#         the client after its SYN;
#      c. kind 253 stripped from the client's segments of a secured,
#         single-subflow connection in mid-transfer: the server drops them
#         (unprotected, no authentication failure), delivers nothing more,
#         what it delivered is a prefix of the file, and the client gives
#         up on its timeout.
#   3. conn flush, the module unloads, no kernel warnings.
# The server's policy in 2a and 2b is prefer: a passive host that
# requires MPTCPsec refuses a SYN without ENO (secure_policy checks that).
#
#     ns_cli              ns_nat                        ns_srv
#  10.0.1.1 cli1 -- nat_c 10.0.1.254 | nat_s 10.1.1.254 -- srv1 10.1.1.2
#                   dnat 203.0.113.2 -> 10.1.1.2, masquerade on nat_s,
#                   case 2: reset tcp option 69 / 253     lo 203.0.113.2
#  10.0.2.1 cli2 -- isn_c 10.0.2.254 | isn_s 10.1.2.254 -- srv2 10.1.2.2
#                   ns_isn: NFQUEUE -> isn_rewrite.py, then 1 in 40 data segments
#                   of the client dropped
#  captures: tcpdump on nat_c, nat_s, isn_c, isn_s (both sides of each router)
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
CHECK=$MPTCPSEC_SRC/tests/tools/pcap_check
REWRITE=$MPTCPSEC_SRC/tests/tools/isn_rewrite.py
WORK=$(mktemp -d)
SIZE=$((8 * 1024 * 1024))
SMALL=$((1024 * 1024))
PUB=203.0.113.2
PAYLOAD='ip[2:2] - ((ip[0] & 0xf) << 2) - ((tcp[12] & 0xf0) >> 2) > 0'

head -c $SIZE /dev/urandom >"$WORK/data"
head -c $SMALL "$WORK/data" >"$WORK/small"

stat_of() { ctl -j -n "$1" stats | jq -r ".$2"; }
sha() { sha256sum <"$1" | cut -d' ' -f1; }

# conn_on NS PORT: the last tracked connection with a subflow on PORT
conn_on() {
	ctl -j -n "$1" conn show | jq -c --argjson p "$2" \
		'[.[] | select(any(.subflows[]; .local_port == $p or .remote_port == $p))] | .[-1]'
}

# dump NAME IF [FILTER...]: the capture as tcpdump prints it, absolute seq
dump() {
	local f=$WORK/$1.$2.pcap
	shift 2
	tcpdump -nn -S -r "$f" "$@" 2>/dev/null
}

# syn_seq NAME IF SYNACK(0|1) SRC: sequence number of the first SYN
# (SYNACK 0) or SYN-ACK (1) sent by SRC in the capture
syn_seq() {
	local ack=tcp-ack
	[ "$3" = 1 ] || ack=0
	dump "$1" "$2" -c 1 "src host $4 and tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack == $ack" |
		sed -n 's/.* seq \([0-9]*\),.*/\1/p'
}

serve() {
	ip netns exec ns_srv "$MPTCPSEC_XFER" server -p "$1" -o "$WORK/$2.out" -t "$3" \
		>"$WORK/$2.srv" 2>&1 &
	echo $! >"$WORK/srv.$1.pid"
	wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$1 '"
}

unserve() {
	kill "$(cat "$WORK/srv.$1.pid")" 2>/dev/null
	wait "$(cat "$WORK/srv.$1.pid")" 2>/dev/null
}

# xfer NAME PORT FILE: send FILE to the server's public address
xfer() {
	local rc
	serve "$2" "$1" 120
	ip netns exec ns_cli "$MPTCPSEC_XFER" client -c $PUB -p "$2" -i "$3" -t 120 \
		>"$WORK/$1.cli" 2>&1
	rc=$?
	wait "$(cat "$WORK/srv.$2.pid")"
	return $rc
}

# strip_count RULE_COMMENT: packets the option-stripping rule acted on
strip_count() {
	ip netns exec ns_nat nft -j list chain inet strip transit | jq -r --arg c "$1" \
		'[.nftables[] | .rule? | select(. != null and .comment == $c) |
		  .expr[] | .counter? | select(. != null) | .packets] | add // 0'
}

plan 53

netns_topology_middlebox
modprobe -a nfnetlink_queue nft_queue
mod_load close_linger_ms=5000

# The routers do not take part: they forward, and the module leaves
# forwarded segments alone even when the router's policy requires
# MPTCPsec for every destination.
for ns in ns_nat ns_isn; do
	ctl -n $ns policy add 0.0.0.0/0 mode require
done
ctl -n ns_cli policy add $PUB/32 mode require
ctl -n ns_srv policy add 10.0.0.0/8 mode require

# The ISN rewriter: every forwarded TCP segment of ns_isn goes through it
# (no bypass: nothing crosses unrewritten if it is not running).
ip netns exec ns_isn /usr/bin/python3 "$REWRITE" --queue 0 >"$WORK/rw.out" 2>"$WORK/rw.err" &
RWPID=$!
wait_until 20 grep -q '"ready"' "$WORK/rw.out"
ip netns exec ns_isn nft -f - <<-'NFT'
	table inet isn {
		chain transit {
			type filter hook forward priority 0;
			meta l4proto tcp queue num 0
		}
		chain lossy {
			type filter hook forward priority 10;
			ip saddr 10.0.2.1 meta length > 200 numgen inc mod 40 == 0 counter drop
		}
	}
NFT

# 1. NAT on path 1, ISN rewriter on path 2, require on both hosts.
capture_start nat 5401 ns_nat:nat_c ns_nat:nat_s ns_isn:isn_c ns_isn:isn_s
check "NAT + ISN rewrite: 8 MiB transfer completes" xfer nat 5401 "$WORK/data"
cj=$(conn_on ns_cli 5401)
sj=$(conn_on ns_srv 5401)
capture_stop
# The rewriter is done: stop it (it prints its counts) and unqueue.
kill -TERM $RWPID
wait $RWPID
echo "# path 2 dropped $(ip netns exec ns_isn nft -j list chain inet isn lossy |
	jq '[.nftables[] | .rule?.expr[]? | .counter?.packets // empty] | add') of the client's data segments"
ip netns exec ns_isn nft delete table inet isn
rw=$(tail -n 1 "$WORK/rw.out")
echo "# rewriter: $(grep -v ready "$WORK/rw.out" | tr '\n' ' ')"
[ -s "$WORK/rw.err" ] && sed 's/^/# rewriter: /' "$WORK/rw.err"
is "NAT + ISN rewrite: received file identical" "$(sha "$WORK/nat.out")" "$(sha "$WORK/data")"
is "client shows the connection secured" "$(jq -r .security <<<"$cj")" secured
is "server shows the connection secured" "$(jq -r .security <<<"$sj")" secured
is "both subflows (NAT: initial, ISN rewriter: MP_JOIN) secured on both hosts" \
	"$(jq -r '[.subflows[] | select(.security == "secured") | .kind] | sort | join(",")' <<<"$cj") $(
	   jq -r '[.subflows[] | select(.security == "secured") | .kind] | sort | join(",")' <<<"$sj")" \
	"mp-capable,mp-join mp-capable,mp-join"
echo "# client subflows: $(jq -c '[.subflows[] | {kind, local, remote, bytes_out}]' <<<"$cj")"
echo "# server subflows: $(jq -c '[.subflows[] | {kind, local, remote, bytes_in}]' <<<"$sj")"
check "each subflow carried more than 1% of the file" \
	test "$(jq -r "[.subflows[] | select(.bytes_out > $SIZE / 100)] | length" <<<"$cj")" = 2
is "server sees the initial subflow NATed (10.1.1.254 -> 10.1.1.2), the join direct" \
	"$(jq -r '[.subflows[] | "\(.kind) \(.remote)>\(.local)"] | sort | join(", ")' <<<"$sj")" \
	"mp-capable 10.1.1.254>10.1.1.2, mp-join 10.0.2.1>$PUB"
check "both ends show the same 32-digit session ID" \
	test "$(jq -r .session_id <<<"$cj")" = "$(jq -r .session_id <<<"$sj")" -a \
	"$(jq -r '.session_id | length' <<<"$cj")" = 32
for ns in ns_cli ns_srv; do
	is "$ns: no authentication failure, replay, unprotected segment, bad checksum or handshake failure" \
		"$(ctl -j -n $ns stats | jq -r '"\(.auth_failures) \(.replays) \(.unprotected) \(.bad_checksum) \(.handshake_failures)"')" \
		"0 0 0 0 0"
done
is "server matched the join that crossed the rewriter" "$(stat_of ns_srv joins_matched)" 1
for ns in ns_nat ns_isn; do
	is "$ns: the router's module took no part under require (no connection, handshake, drop, nothing protected or verified)" \
		"$(ctl -j -n $ns stats | jq -r '"\(.conns_created) \(.handshakes) \(.protected) \(.verified) \(.unprotected)"')" "0 0 0 0 0"
done

# NAT: addresses differ on the two sides of ns_nat.
check "NAT, client side: SYN from 10.0.1.1 to $PUB" \
	bash -c "tcpdump -nn -r '$WORK/nat.nat_c.pcap' -c 1 'tcp[tcpflags] == tcp-syn' 2>/dev/null |
		grep -q ' 10\.0\.1\.1\.[0-9]* > 203\.0\.113\.2\.5401:'"
check "NAT, server side: SYN from 10.1.1.254 to 10.1.1.2" \
	bash -c "tcpdump -nn -r '$WORK/nat.nat_s.pcap' -c 1 'tcp[tcpflags] == tcp-syn' 2>/dev/null |
		grep -q ' 10\.1\.1\.254\.[0-9]* > 10\.1\.1\.2\.5401:'"
is "NAT, server side: neither the client's nor the public address appears" \
	"$(dump nat nat_s | grep -cE '10\.0\.1\.1\.|203\.0\.113\.2\.')" 0

# ISN rewrite: the join's sequence numbers differ by the rewriter's shifts.
conn=$(grep '"conn"' "$WORK/rw.out" | tail -n 1)
sc=$(jq -r .shift_c <<<"$conn")
ss=$(jq -r .shift_s <<<"$conn")
c_in=$(syn_seq nat isn_c 0 10.0.2.1)
c_out=$(syn_seq nat isn_s 0 10.0.2.1)
s_in=$(syn_seq nat isn_s 1 $PUB)
s_out=$(syn_seq nat isn_c 1 $PUB)
echo "# join SYN seq $c_in -> $c_out, SYN-ACK seq $s_in -> $s_out, shifts $sc $ss"
is "rewriter saw exactly the join (one connection)" "$(jq -r .conns <<<"$rw")" 1
check "ISN rewrite: the join SYN's seq differs across ns_isn, by the client shift" \
	test -n "$c_in" -a "$c_in" != "$c_out" -a $(((c_out - c_in) & 0xffffffff)) = "$sc"
check "ISN rewrite: the join SYN-ACK's seq differs across ns_isn, by the server shift" \
	test -n "$s_in" -a "$s_in" != "$s_out" -a $(((s_out - s_in) & 0xffffffff)) = "$ss"
# Every segment captured entering ns_isn went through the queue and was
# rewritten (some are dropped after the rewrite, before isn_s).
check "ISN rewrite: every segment of the join was rewritten ($(jq -r .rewritten <<<"$rw"))" \
	test "$(jq -r .rewritten <<<"$rw")" = "$(jq -r .packets <<<"$rw")" -a \
	"$(jq -r .untracked <<<"$rw")" = 0 -a \
	"$(jq -r .rewritten <<<"$rw")" -ge "$(dump nat isn_c | wc -l)" -a \
	"$(dump nat isn_c | wc -l)" -gt 100
check "ISN rewrite: SACK blocks crossed and were translated" test "$(jq -r .sack_blocks <<<"$rw")" -gt 0
is "ISN rewrite: every rewritten segment has a correct TCP checksum" \
	"$( (dump nat isn_s -vv src host 10.0.2.1; dump nat isn_c -vv src host $PUB) | grep -c incorrect)" 0

# Captures: no plaintext, every segment after the SYN protected, no key.
out=$("$CHECK" --json --port 5401 --require-secopt --plain "$WORK/data" \
	--token "$(jq -r .local_token <<<"$cj")" --token "$(jq -r .remote_token <<<"$cj")" \
	"$WORK"/nat.*.pcap)
is "captures on both sides of both routers: checker passes" "$?" 0
echo "# $out"
pcap_explain "$out"
cat "$WORK"/nat.*.tcpdump | sed 's/^/# tcpdump: /'
check "captures carried most of the file (each segment is seen twice)" \
	test "$(jq -r .payload_bytes <<<"$out")" -ge $((SIZE / 10 * 19))
is "captures: no plaintext window, no unprotected segment, no key" \
	"$(jq -r '"\(.plain_hits) \(.missing_secopt) \(.token_hits)"' <<<"$out")" "0 0 0"

# 2. The option-stripping middlebox on path 1.
ip netns exec ns_nat nft -f - <<-'NFT'
	table inet strip {
		chain transit {
			type filter hook forward priority 0;
			tcp dport { 5402, 5403 } tcp option 69 exists counter reset tcp option 69 comment "eno-syn"
			tcp sport { 5402, 5403 } tcp option 69 exists counter reset tcp option 69 comment "eno-synack"
		}
	}
NFT

# 2a. prefer: a clean fallback.
ctl -n ns_cli policy replace $PUB/32 mode prefer
ctl -n ns_srv policy replace 10.0.0.0/8 mode prefer
f0=$(stat_of ns_cli fallbacks)
capture_start prefer 5402 ns_nat:nat_c ns_nat:nat_s ns_isn:isn_c ns_isn:isn_s
check "ENO stripped, prefer: transfer completes" xfer prefer 5402 "$WORK/small"
cj=$(conn_on ns_cli 5402)
capture_stop
is "ENO stripped, prefer: received file identical" "$(sha "$WORK/prefer.out")" "$(sha "$WORK/small")"
is "ENO stripped, prefer: the client counts one fallback" "$(stat_of ns_cli fallbacks)" $((f0 + 1))
is "ENO stripped, prefer: the connection shows fallback" "$(jq -r .security <<<"$cj")" fallback
check "ENO stripped, prefer: the middlebox stripped the SYN's ENO" test "$(strip_count eno-syn)" -ge 1
check "ENO stripped, prefer: the SYN carries ENO before ns_nat and not after" \
	bash -c "tcpdump -nn -r '$WORK/prefer.nat_c.pcap' -c 1 'tcp[tcpflags] == tcp-syn' 2>/dev/null | grep -q unknown-69 &&
		! tcpdump -nn -r '$WORK/prefer.nat_s.pcap' 'tcp[tcpflags] == tcp-syn' 2>/dev/null | grep -q unknown-69"
check "ENO stripped, prefer: plain MPTCP after the handshake (no MPTCPsec option)" \
	bash -c "! tcpdump -nn -r '$WORK/prefer.nat_s.pcap' 'tcp[tcpflags] & tcp-syn == 0' 2>/dev/null | grep -q unknown-253"

# 2b. require: a clean failure.
ctl -n ns_cli policy replace $PUB/32 mode require
r0=$(stat_of ns_cli refused)
h0=$(stat_of ns_cli handshake_failures)
capture_start require 5403 ns_nat:nat_c ns_nat:nat_s ns_isn:isn_c ns_isn:isn_s
serve 5403 require 30
t0=$(date +%s%N)
err=$(ip netns exec ns_cli "$MPTCPSEC_XFER" client -c $PUB -p 5403 -i "$WORK/small" -t 20 2>&1 >/dev/null)
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
capture_stop
unserve 5403
check "ENO stripped, require: connect fails with ECONNREFUSED ($err)" \
	test $rc -ne 0 -a -n "$(grep refused <<<"$err")"
check "ENO stripped, require: within 3 s ($ms ms)" test $ms -lt 3000
is "ENO stripped, require: counted as refused, not as a handshake failure" \
	"$(stat_of ns_cli refused) $(stat_of ns_cli handshake_failures)" "$((r0 + 1)) $h0"
check "ENO stripped, require: the middlebox stripped the SYN's ENO" test "$(strip_count eno-syn)" -ge 2
is "ENO stripped, require: no segment of the client but its SYN carries payload" \
	"$(dump require nat_c "src host 10.0.1.1 and tcp[tcpflags] & tcp-syn == 0 and $PAYLOAD" | wc -l)" 0
out=$("$CHECK" --json --plain "$WORK/small" "$WORK"/require.nat_*.pcap)
is "ENO stripped, require: no plaintext in the captures" "$(jq -r .plain_hits <<<"$out")" 0
check "ENO stripped, require: the server application never saw data" \
	bash -c "! grep -q '^received [1-9]' '$WORK/require.srv'"

# 2b'. ENO stripped from the SYN-ACK only: B negotiated, A must not fall
# back (B would wait for protected segments); a clean failure, even under
# prefer.
ip netns exec ns_nat nft add rule inet strip transit tcp sport 5405 tcp option 69 exists \
	counter reset tcp option 69 comment '"eno-synack-only"'
ctl -n ns_cli policy replace $PUB/32 mode prefer
f0=$(stat_of ns_cli fallbacks)
h0=$(stat_of ns_cli handshake_failures)
serve 5405 synack 30
t0=$(date +%s%N)
err=$(ip netns exec ns_cli "$MPTCPSEC_XFER" client -c $PUB -p 5405 -i "$WORK/small" -t 20 2>&1 >/dev/null)
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
unserve 5405
check "ENO stripped from the SYN-ACK, prefer: connect fails with ECONNREFUSED ($err)" \
	test $rc -ne 0 -a -n "$(grep refused <<<"$err")"
check "ENO stripped from the SYN-ACK, prefer: within 3 s ($ms ms)" test $ms -lt 3000
is "ENO stripped from the SYN-ACK, prefer: a handshake failure, not a fallback" \
	"$(stat_of ns_cli handshake_failures) $(stat_of ns_cli fallbacks)" "$((h0 + 1)) $f0"
check "ENO stripped from the SYN-ACK: the middlebox stripped it" \
	test "$(strip_count eno-synack-only)" -ge 1
check "ENO stripped from the SYN-ACK: the server application never saw data" \
	bash -c "! grep -q '^received [1-9]' '$WORK/synack.srv'"

# 2c. The MPTCPsec option stripped in mid-transfer on the only path.
ip -n ns_cli mptcp endpoint flush
ctl -n ns_srv policy replace 10.0.0.0/8 mode require
u0=$(stat_of ns_srv unprotected)
serve 5404 strip 40
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c $PUB -p 5404 -i "$WORK/data" \
	-r $((256 * 1024)) -t 15 >"$WORK/strip.cli" 2>&1 &
cpid=$!
check "option stripped mid-transfer: the connection is secured and carries data first" \
	wait_until 20 bash -c "[ \"\$($MPTCPSECCTL -j -n ns_cli conn show |
		jq -r '.[] | select(.subflows[0].remote_port == 5404) | .security')\" = secured ] &&
		[ \$(stat -c %s '$WORK/strip.out') -ge 131072 ]"
ip netns exec ns_nat nft add rule inet strip transit tcp dport 5404 tcp option 253 exists \
	counter reset tcp option 253 comment '"secopt"'
check "option stripped: the server drops the stripped segments as unprotected" \
	wait_until 15 bash -c "[ \$($MPTCPSECCTL -j -n ns_srv stats | jq .unprotected) -ge $((u0 + 5)) ]"
s1=$(stat -c %s "$WORK/strip.out")
wait $cpid
rc=$?
s2=$(stat -c %s "$WORK/strip.out")
unserve 5404
echo "# delivered $s1 bytes when the drops began, $s2 at the end; client: $(tr '\n' ' ' <"$WORK/strip.cli")"
check "option stripped: the client gives up on its timeout (status $rc)" \
	bash -c "[ $rc = 2 ] && grep -q timeout '$WORK/strip.cli'"
is "option stripped: nothing delivered after the stripping began (a stall)" "$s2" "$s1"
check "option stripped: what was delivered is a prefix of the file" \
	bash -c "[ $s2 -gt 0 ] && [ $s2 -lt $SIZE ] && cmp -s -n $s2 '$WORK/strip.out' '$WORK/data'"
check "option stripped: the middlebox stripped at least as many segments as were dropped" \
	test "$(strip_count secopt)" -ge 5
is "option stripped: no authentication failure on either host" \
	"$(stat_of ns_srv auth_failures) $(stat_of ns_cli auth_failures)" "0 0"

# 3. Clean up.
ctl -n ns_cli conn flush
ctl -n ns_srv conn flush
check "after conn flush the module unloads" wait_until 10 rmmod mptcpsec
check "no kernel warnings" dmesg_clean
rm -rf "$WORK"
tap_done
