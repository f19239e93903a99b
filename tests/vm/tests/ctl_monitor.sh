#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mptcpsecctl monitor end to end: the event stream of both hosts while
#   1. a secured two-subflow connection (initial + MP_JOIN) moves 1 MiB
#      and closes (port 5401, policy require on both hosts);
#   2. a prefer connection meets a server with policy off (port 5402);
#   3. a require connection meets that server (port 5403).
# Asserted: every line is JSON; per subflow, subflow-added comes before
# subflow-secured, which comes before subflow-removed; one conn-secured
# per secured connection on each host, with the same session ID on both;
# the fallback and refused events name the right connection; the text
# monitor prints the same events in the same order; a monitor filtered by
# "event subflow-secured" prints only those; unprivileged users are
# refused; SIGINT ends a monitor with status 0, rmmod with status 2.
#
#        ns_cli                                   ns_srv
#   +--------------+   path 1 (veth cli1-srv1)  +--------------+
#   | 10.0.1.1     |----------------------------| 10.0.1.2     |
#   |              |   path 2 (veth cli2-srv2)  |              |
#   | 10.0.2.1     |----------------------------| 10.0.2.2     |
#   +--------------+                            +--------------+
#   monitors: cli.json, cli.txt, cli.secured.json (ns_cli), srv.json (ns_srv)
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
WORK=$(mktemp -d)
PIDS=()

# monitor NAME NETNS [ARGS...]: a monitor in the background, output in $WORK/NAME
monitor() {
	local name=$1 ns=$2
	shift 2
	"$MPTCPSECCTL" -n "$ns" "$@" monitor "${EXTRA[@]}" >"$WORK/$name" 2>"$WORK/$name.err" &
	PIDS+=($!)
}

# monitor_ready PID: its netlink socket joined its groups. The tool joins
# the event group first and the controller's group (id 16, always in the
# first 32 shown by /proc/net/netlink) last, so any group means both.
monitor_ready() {
	local ino
	for ino in $(ls -l "/proc/$1/fd" 2>/dev/null | sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p'); do
		awk -v i="$ino" 'NR > 1 && $NF == i && $4 != "00000000" { f = 1 } END { exit !f }' \
			"/proc/$1/net/netlink" && return 0
	done
	return 1
}

# serve PORT: a server accepting one connection, in the background
serve() {
	ip netns exec ns_srv "$MPTCPSEC_XFER" server -p "$1" -o /dev/null -t 60 \
		>"$WORK/srv.$1" 2>&1 &
	echo $! >"$WORK/srv.$1.pid"
	wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$1 '"
}

unserve() {
	kill "$(cat "$WORK/srv.$1.pid")" 2>/dev/null
	wait "$(cat "$WORK/srv.$1.pid")" 2>/dev/null
}

# send PORT BYTES: from the client to 10.0.1.2:PORT
send() {
	ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p "$1" -s "$2" -t 30 \
		>/dev/null 2>"$WORK/cli.$1.err"
}

# conn_of FILE PORT: id of the connection whose initial subflow goes to
# (client) or comes to (server) PORT, from its subflow-added event
conn_of() {
	jq -rs --argjson p "$2" '[.[] | select(.event == "subflow-added" and
		.kind == "mp-capable" and (.remote_port == $p or .local_port == $p))][0].conn_id' "$1"
}

# order_ok FILE CONN A B: every subflow of CONN has event A, then event B
order_ok() {
	jq -es --argjson c "$2" --arg a "$3" --arg b "$4" '
		[to_entries[] | select(.value.conn_id == $c) |
		 {i: .key, e: .value.event,
		  sf: "\(.value.local):\(.value.local_port)-\(.value.remote):\(.value.remote_port)"}] |
		group_by(.sf) | length >= 2 and all(
			([.[] | select(.e == $a) | .i] | min) as $x |
			([.[] | select(.e == $b) | .i] | min) as $y |
			$x != null and $y != null and $x < $y)' "$1" >/dev/null
}

# count FILE FILTER: number of events selected by the jq FILTER
count() { jq -s "[.[] | select($2)] | length" "$1"; }

plan 36

netns_topology_2paths
mod_load default_policy=require close_linger_ms=1000

EXTRA=()
monitor cli.json ns_cli -j
monitor srv.json ns_srv -j
monitor cli.txt ns_cli
EXTRA=(event subflow-secured)
monitor cli.secured.json ns_cli -j
EXTRA=()
check "four monitors subscribed" wait_until 10 bash -c \
	"$(declare -f monitor_ready); for p in ${PIDS[*]}; do monitor_ready \$p || exit 1; done"

out=$(setpriv --reuid 65534 --regid 65534 --clear-groups "$MPTCPSECCTL" monitor 2>&1)
is "unprivileged monitor refused (exit 2)" "$?" 2
check "  ... saying it needs CAP_NET_ADMIN" grep -q "CAP_NET_ADMIN" <<<"$out"

# 1. Secured, two subflows.
serve 5401
check "secured transfer (1 MiB, two subflows) completes" send 5401 $((1024 * 1024))
unserve 5401
c1=$(conn_of "$WORK/cli.json" 5401)
s1=$(conn_of "$WORK/srv.json" 5401)
check "subflows of the secured connection removed after close, both hosts" wait_until 20 bash -c \
	"[ \$(jq -s '[.[] | select(.conn_id == $c1 and .event == \"subflow-removed\")] | length' '$WORK/cli.json') -ge 2 ] &&
	 [ \$(jq -s '[.[] | select(.conn_id == $s1 and .event == \"subflow-removed\")] | length' '$WORK/srv.json') -ge 2 ]"

# 2. prefer towards a server with policy off: fallback.
ctl -n ns_srv policy add 10.0.1.1/32 mode off
ctl -n ns_srv policy add 10.0.2.1/32 mode off
ctl -n ns_cli policy add 10.0.1.2/32 port 5402 mode prefer
serve 5402
check "prefer towards policy off: transfer completes" send 5402 $((64 * 1024))
unserve 5402

# 3. require towards that server: refused.
ctl -n ns_cli policy add 10.0.1.2/32 port 5403 mode require
serve 5403
send 5403 4096
is "require towards policy off: connect fails" "$?" 1
unserve 5403
c2=$(conn_of "$WORK/cli.json" 5402)
c3=$(conn_of "$WORK/cli.json" 5403)

check "nothing tracked any more on either host" wait_until 20 bash -c \
	"[ \"\$($MPTCPSECCTL -j -n ns_cli conn show | jq length)\$($MPTCPSECCTL -j -n ns_srv conn show | jq length)\" = 00 ]"
# The last removals are sent as the table changes; let every monitor
# write them before stopping it.
wait_until 5 bash -c "[ \$(wc -l <'$WORK/cli.txt') = \$(wc -l <'$WORK/cli.json') ] &&
	[ \$(wc -l <'$WORK/cli.secured.json') = \$(grep -c '\"event\":\"subflow-secured\"' '$WORK/cli.json') ]"
kill -INT "${PIDS[@]}"
rcs=""
for p in "${PIDS[@]}"; do
	wait "$p"
	rcs+="$?"
done
is "SIGINT ends every monitor with status 0" "$rcs" 0000
for f in cli.json srv.json cli.txt cli.secured.json; do
	sed "s/^/# $f: /" "$WORK/$f.err"
done
sed 's/^/# cli.txt: /' "$WORK/cli.txt"

for f in cli.json srv.json cli.secured.json; do
	check "$f: every line is one JSON object" bash -c \
		"[ \"\$(jq -c . '$WORK/$f' | wc -l)\" = \"\$(wc -l <'$WORK/$f')\" ] && [ -s '$WORK/$f' ]"
done
check "cli.json: times never go backwards" jq -es '[.[].time] | . == sort' "$WORK/cli.json"

for side in cli:$c1 srv:$s1; do
	f=$WORK/${side%%:*}.json
	c=${side#*:}
	check "${side%%:*}: each subflow of the secured connection: subflow-added before subflow-secured" \
		order_ok "$f" "$c" subflow-added subflow-secured
	check "${side%%:*}: ... and subflow-secured before subflow-removed" \
		order_ok "$f" "$c" subflow-secured subflow-removed
	is "${side%%:*}: one conn-secured for the secured connection" \
		"$(count "$f" ".conn_id == $c and .event == \"conn-secured\"")" 1
	is "${side%%:*}: an mp-join subflow among its secured subflows" \
		"$(count "$f" ".conn_id == $c and .event == \"subflow-secured\" and .kind == \"mp-join\"")" 1
done
sid_c=$(jq -rs ".[] | select(.conn_id == $c1 and .event == \"conn-secured\") | .session_id" "$WORK/cli.json")
sid_s=$(jq -rs ".[] | select(.conn_id == $s1 and .event == \"conn-secured\") | .session_id" "$WORK/srv.json")
check "conn-secured carries the same 32-digit session ID on both hosts" \
	test "${#sid_c}" = 32 -a "$sid_c" = "$sid_s"
is "session ID only on events of secured connections" \
	"$(count "$WORK/cli.json" ".session_id != null and .conn_id != $c1")" 0

is "client: one conn-fallback, for the prefer connection" \
	"$(jq -rs '[.[] | select(.event == "conn-fallback") | "\(.conn_id) \(.security) \(.remote_port)"] | join(",")' "$WORK/cli.json")" \
	"$c2 fallback 5402"
is "client: one conn-refused, for the require connection" \
	"$(jq -rs '[.[] | select(.event == "conn-refused") | "\(.conn_id) \(.security) \(.remote_port)"] | join(",")' "$WORK/cli.json")" \
	"$c3 refused 5403"
check "client: the refused connection: conn-refused before subflow-removed" jq -es --argjson c "$c3" '
	[to_entries[] | select(.value.conn_id == $c) | .value.event] as $e |
	($e | index("subflow-added")) < ($e | index("conn-refused")) and
	($e | index("conn-refused")) < ($e | index("subflow-removed"))' "$WORK/cli.json"
is "server (policy off): no conn-fallback, conn-refused or conn-failed" \
	"$(count "$WORK/srv.json" '.event | test("^conn-(fallback|refused|failed)$")')" 0
is "no conn-failed, auth-failure or subflow-reset anywhere" \
	"$(cat "$WORK/cli.json" "$WORK/srv.json" | count /dev/stdin '.event | test("^(conn-failed|auth-failure|subflow-reset)$")')" 0

is "text monitor: the same events in the same order" \
	"$(sed -n 's/^\[\([a-z-]*\)\] .*/\1/p' "$WORK/cli.txt" | paste -sd,)" \
	"$(jq -r .event "$WORK/cli.json" | paste -sd,)"
check "text monitor: the refusal as one line" grep -Eq \
	"^\[conn-refused\] conn $c3 subflow mp-capable 10\.0\.1\.1:[0-9]+ -> 10\.0\.1\.2:5403 security refused$" \
	"$WORK/cli.txt"
is "filtered monitor: only subflow-secured events" \
	"$(jq -r .event "$WORK/cli.secured.json" | sort -u)" subflow-secured
is "filtered monitor: every subflow-secured event" \
	"$(wc -l <"$WORK/cli.secured.json")" "$(count "$WORK/cli.json" '.event == "subflow-secured"')"

# rmmod under a running monitor: it says so and exits 2.
PIDS=()
monitor gone.json ns_cli -j
wait_until 10 monitor_ready "${PIDS[0]}"
check "module unloads under a running monitor" mod_unload
wait "${PIDS[0]}"
is "  ... the monitor exits with status 2" "$?" 2
check "  ... saying the module was unloaded" grep -q "module was unloaded" "$WORK/gone.json.err"
check "no kernel warnings" dmesg_clean
rm -rf "$WORK"
tap_done
