#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench`: the same two hosts (netns ns_cli, ns_srv),
# topologies and measurements for every configuration.
#
#   tests/vm/run.sh -k K -t T tests/bench/bench.sh [-r REPS] [-d SECONDS]
#       [-p "p1 p2 p2netem"] [-c "CONFIGS"] [-P]
#
# -P  profile: the first bulk run of each configuration runs under
#     `perf record -a -e cpu-clock`; the symbols where the CPUs spent
#     their time go to $MPTCPSEC_RESULTS/profile-TOPO-CONFIG.txt (make
#     profile)
#
# Topologies (tests/vm/lib.sh netns_topology_2paths, veth):
#   p1        one path: the client has no "subflow" endpoint
#   p2        two paths: second subflow from 10.0.2.1 over path 2
#   p2netem   two paths, path 2 with netem delay 10 ms each way (20 ms
#             round trip) and 1% loss in the server-to-client direction
# Configurations:
#   tcp, mptcp           plain sockets, module not loaded
#   sec-none, sec-psk    MPTCP with the module, policy require, auth none
#                        (anonymous) or auth psk
#   tls-chacha, tls-aes  TLS 1.3 over MPTCP, TLS_CHACHA20_POLY1305_SHA256
#                        or TLS_AES_128_GCM_SHA256 (OpenSSL)
#   wg                   MPTCP over WireGuard: one tunnel per path (wg1 over
#                        path 1, wg2 over path 2), subflows over both
#   esp-chacha, esp-gcm  TCP over IPsec ESP transport mode, static SAs on
#                        both paths: rfc7539esp(chacha20,poly1305) or
#                        rfc4106(gcm(aes)) (TCP uses path 1 only)
# Measurements, REPS times each: bulk (server to client, SECONDS long;
# goodput and CPU jiffies per GiB from /proc/stat) in every topology;
# crr (connects per second, connect-to-first-byte latency) and rr (1 KiB
# request, 16 KiB response) in p2 for mptcp, sec-*, tls-*.
#
# Results: $MPTCPSEC_RESULTS/bench.tsv (one line per measurement) and
# bench.meta. The TAP checks say the harness measured what it claims
# (data moved, TLS negotiated the suite asked for, MPTCPsec secured the
# connections, the tunnel or SA carried the packets); never speed.
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

REPS=5
DUR=4
TOPOS="p1 p2 p2netem"
CONFIGS="tcp mptcp sec-none sec-psk tls-chacha tls-aes wg esp-chacha esp-gcm"
PROFILE=0
while getopts r:d:p:c:P o; do
	case $o in
	P) PROFILE=1 ;;
	r) REPS=$OPTARG ;;
	d) DUR=$OPTARG ;;
	p) TOPOS=$OPTARG ;;
	c) CONFIGS=$OPTARG ;;
	*) echo "usage: bench.sh [-r REPS] [-d SECONDS] [-p TOPOS] [-c CONFIGS] [-P]" >&2; exit 2 ;;
	esac
done

BENCH=$MPTCPSEC_SRC/tests/bench/mptcp_bench
ctl() { "$MPTCPSECCTL" "$@"; }
WORK=$(mktemp -d)
OUT=${MPTCPSEC_RESULTS:-$WORK}/bench.tsv
PORT=6000
printf 'topo\tconfig\tmode\trep\tvalue\tlat_us_p50\tlat_us_p90\tjiffies_per_gib\tbytes\tseconds\tcipher\n' >"$OUT"
{
	echo "kernel=$(uname -r)"
	echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "reps=$REPS"
	echo "duration_s=$DUR"
	echo "cpus=$(nproc)"
	echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
	echo "openssl=$(openssl version)"
} >"${MPTCPSEC_RESULTS:-$WORK}/bench.meta"

# busy_jiffies: non-idle jiffies of all CPUs (user nice system irq softirq steal)
busy_jiffies() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# field KEY LINE: the value of KEY=VALUE in LINE
field() {
	sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"
}

server_start() {
	PORT=$((PORT + 1))
	# shellcheck disable=SC2086
	ip netns exec ns_srv "$BENCH" server -p $PORT $SRVARGS -t 1200 \
		>"$WORK/server.log" 2>&1 &
	SPID=$!
	wait_until 20 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':$PORT '"
}

server_stop() {
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
}

# measure TOPO CONFIG MODE: REPS runs of MODE against the running server;
# every run's line goes to $OUT. Returns non-zero if any run failed or
# moved nothing.
measure() {
	local topo=$1 cfg=$2 mode=$3 i j0 j1 line bytes val jpg bad=0
	for i in $(seq "$REPS"); do
		[ "$PROFILE$mode$i" = 1bulk1 ] && profile_start
		j0=$(busy_jiffies)
		# shellcheck disable=SC2086
		line=$(ip netns exec ns_cli "$BENCH" client -c "$DST" -p $PORT -m "$mode" \
			$CLIARGS -d "$DUR" -t $((DUR * 10 + 60)) 2>"$WORK/client.err")
		j1=$(busy_jiffies)
		[ "$PROFILE$mode$i" = 1bulk1 ] && profile_stop "$topo" "$cfg"
		bytes=$(field bytes "$line")
		if [ -z "$bytes" ] || [ "$bytes" = 0 ]; then
			bad=1
			echo "# $topo $cfg $mode run $i failed: $line $(head -c 300 "$WORK/client.err")"
			continue
		fi
		case $mode in
		bulk) val=$(field goodput_mbps "$line") ;;
		crr) val=$(field conns_per_s "$line") ;;
		rr) val=$(field tps "$line") ;;
		esac
		jpg=$(awk -v j=$((j1 - j0)) -v b="$bytes" 'BEGIN { printf "%.1f", j / (b / 1073741824) }')
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$topo" "$cfg" "$mode" "$i" \
			"$val" "$(field lat_us_p50 "$line")" "$(field lat_us_p90 "$line")" "$jpg" \
			"$bytes" "$(field seconds "$line")" "$(field cipher "$line")" >>"$OUT"
		echo "# $topo $cfg $mode $i: $line jiffies_per_gib=$jpg"
		LASTCIPHER=$(field cipher "$line")
	done
	return $bad
}

# profile_start / profile_stop TOPO CONFIG: every CPU sampled (software
# clock: no PMU under emulation) while one bulk run moves data; the
# report, by symbol and by module, to profile-TOPO-CONFIG.txt
profile_start() {
	perf record -q -a -e cpu-clock -F 499 -o "$WORK/perf.data" >/dev/null 2>&1 &
	PERFPID=$!
	sleep 1
}

profile_stop() {
	local out=${MPTCPSEC_RESULTS:-$WORK}/profile-$1-$2.txt
	kill -INT "$PERFPID" 2>/dev/null
	wait "$PERFPID" 2>/dev/null
	{
		echo "# $1 $2: perf record -a -e cpu-clock -F 499 over one bulk run ($(uname -r))"
		perf report -i "$WORK/perf.data" --stdio --no-children --sort dso 2>/dev/null |
			grep -v '^$' | head -n 25
		perf report -i "$WORK/perf.data" --stdio --no-children --sort sym 2>/dev/null |
			grep -v '^$' | head -n 60
	} >"$out"
	echo "# profile: $out"
	rm -f "$WORK/perf.data"
}

topo_up() {
	netns_del_all
	netns_topology_2paths
	ip -n ns_cli mptcp endpoint flush
	case $1 in
	p2 | p2netem) ip -n ns_cli mptcp endpoint add 10.0.2.1 dev cli2 subflow ;;
	esac
	if [ "$1" = p2netem ]; then
		ip netns exec ns_cli tc qdisc add dev cli2 root netem delay 10ms
		ip netns exec ns_srv tc qdisc add dev srv2 root netem delay 10ms loss 1%
	fi
}

wg_up() {
	local i k
	modprobe wireguard || return 1
	for i in 1 2; do
		for k in cli srv; do
			(umask 077; wg genkey >"$WORK/$k$i.key")
			wg pubkey <"$WORK/$k$i.key" >"$WORK/$k$i.pub"
		done
		ip -n ns_cli link add wg$i type wireguard
		ip -n ns_srv link add wg$i type wireguard
		ip netns exec ns_cli wg set wg$i private-key "$WORK/cli$i.key" listen-port 5182$i \
			peer "$(cat "$WORK/srv$i.pub")" endpoint 10.0.$i.2:5182$i allowed-ips 10.9.0.0/16
		ip netns exec ns_srv wg set wg$i private-key "$WORK/srv$i.key" listen-port 5182$i \
			peer "$(cat "$WORK/cli$i.pub")" endpoint 10.0.$i.1:5182$i allowed-ips 10.9.$i.0/24
		ip -n ns_cli addr add 10.9.$i.1/24 dev wg$i
		ip -n ns_srv addr add 10.9.$i.2/24 dev wg$i
		ip -n ns_cli link set wg$i up
		ip -n ns_srv link set wg$i up
	done
	ip -n ns_cli rule add from 10.9.2.1 table 202
	ip -n ns_cli route add default dev wg2 table 202
	ip -n ns_cli mptcp endpoint flush
	case $TOPO in
	p2 | p2netem) ip -n ns_cli mptcp endpoint add 10.9.2.1 dev wg2 subflow ;;
	esac
	DST=10.9.1.2
	wait_until 10 ip netns exec ns_cli ping -c1 -W1 10.9.1.2
}

wg_packets() {
	ip netns exec ns_cli wg show all transfer | awk '{ s += $3 } END { print s + 0 }'
}

wg_down() {
	ip -n ns_cli link del wg1
	ip -n ns_cli link del wg2
	ip -n ns_srv link del wg1
	ip -n ns_srv link del wg2
	ip -n ns_cli rule del from 10.9.2.1 table 202
}

# esp_up ALG: static transport-mode SAs and policies for both paths
esp_up() {
	local alg=$1 keylen i ns dir key spi_out src dst
	case $alg in
	chacha) alg='rfc7539esp(chacha20,poly1305)'; keylen=36 ;;
	gcm) alg='rfc4106(gcm(aes))'; keylen=20 ;;
	esac
	for i in 1 2; do
		for dir in c2s s2c; do
			if [ $dir = c2s ]; then src=10.0.$i.1 dst=10.0.$i.2; else src=10.0.$i.2 dst=10.0.$i.1; fi
			key=0x$(od -An -tx1 -N$keylen /dev/urandom | tr -d ' \n')
			spi_out=0x$((i * 100))$([ $dir = c2s ] && echo 1 || echo 2)
			for ns in ns_cli ns_srv; do
				ip -n $ns xfrm state add src "$src" dst "$dst" proto esp spi "$spi_out" \
					reqid "$spi_out" mode transport aead "$alg" "$key" 128 || return 1
			done
			ip -n ns_cli xfrm policy add src "$src" dst "$dst" proto tcp \
				dir "$([ $dir = c2s ] && echo out || echo in)" \
				tmpl src "$src" dst "$dst" proto esp reqid "$spi_out" mode transport || return 1
			ip -n ns_srv xfrm policy add src "$src" dst "$dst" proto tcp \
				dir "$([ $dir = c2s ] && echo in || echo out)" \
				tmpl src "$src" dst "$dst" proto esp reqid "$spi_out" mode transport || return 1
		done
	done
}

# esp_packets: packets the client's SAs carried
esp_packets() {
	ip -n ns_cli -s xfrm state | sed -n 's/.*(bytes), \([0-9]*\)(packets).*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }'
}

esp_down() {
	local ns
	for ns in ns_cli ns_srv; do
		ip -n $ns xfrm policy flush
		ip -n $ns xfrm state flush
	done
}

sec_up() {
	mod_load default_policy=off close_linger_ms=1000 || return 1
	if [ "$1" = psk ]; then
		(umask 077; ctl key generate >"$WORK/psk.key")
	fi
	for ns in ns_cli ns_srv; do
		if [ "$1" = psk ]; then
			ctl -n $ns key add bench file "$WORK/psk.key" || return 1
			ctl -n $ns policy add 10.0.0.0/8 mode require auth psk bench || return 1
		else
			ctl -n $ns policy add 10.0.0.0/8 mode require || return 1
		fi
	done
}

# microbench: the module's own per-segment cost against the raw AEAD
# (module/microbench.c), once per run, into microbench.txt
MICROBENCH_ITERS=2000
microbench() {
	local out=${MPTCPSEC_RESULTS:-$WORK}/microbench.txt
	[ -s "$out" ] && return 0
	echo "$MICROBENCH_ITERS" >/sys/module/mptcpsec/parameters/microbench || return 1
	cat /sys/module/mptcpsec/parameters/microbench >"$out"
	sed 's/^/# microbench: /' "$out"
	is "microbench: a result for 64, 512 and 1448 bytes" \
		"$(grep -c '^size=\(64\|512\|1448\) segment_ns=[1-9][0-9]* aead_ns=[1-9]' "$out")" 3
}

sec_secured() {
	ctl -j -n ns_srv stats | jq -r .conns_secured
}

sec_down() {
	ctl -n ns_cli conn flush
	ctl -n ns_srv conn flush
	wait_until 30 rmmod mptcpsec
}

# run_config TOPO CONFIG: set CONFIG up, measure, check, take it down
run_config() {
	local topo=$1 cfg=$2 before after modes=bulk m rc=0 want_cipher=none
	DST=10.0.1.2
	SRVARGS="-k mptcp"
	CLIARGS="-k mptcp"
	case $cfg in
	tcp) SRVARGS="-k tcp" CLIARGS="-k tcp" ;;
	mptcp) ;;
	sec-none)
		sec_up none || { fail "$topo $cfg: module set up"; return; }
		microbench || fail "microbench: runs" ;;
	sec-psk) sec_up psk || { fail "$topo $cfg: module set up"; return; } ;;
	tls-chacha) want_cipher=TLS_CHACHA20_POLY1305_SHA256 ;;
	tls-aes) want_cipher=TLS_AES_128_GCM_SHA256 ;;
	wg) wg_up || { fail "$topo $cfg: WireGuard set up"; wg_down; return; } ;;
	esp-chacha | esp-gcm)
		SRVARGS="-k tcp" CLIARGS="-k tcp"
		esp_up "${cfg#esp-}" || { fail "$topo $cfg: SAs set up"; esp_down; return; } ;;
	esac
	if [ "$want_cipher" != none ]; then
		SRVARGS="$SRVARGS -T $want_cipher"
		CLIARGS="$CLIARGS -T $want_cipher"
	fi
	case $topo:$cfg in
	p2:mptcp | p2:sec-* | p2:tls-*) modes="bulk crr rr" ;;
	esac
	case $cfg in
	sec-*) before=$(sec_secured) ;;
	wg) before=$(wg_packets) ;;
	esp-*) before=$(esp_packets) ;;
	esac
	server_start
	for m in $modes; do
		LASTCIPHER=
		rc=0
		measure "$topo" "$cfg" "$m" || rc=1
		is "$topo $cfg $m: $REPS runs moved data" "$rc" 0
		is "$topo $cfg $m: negotiated cipher" "${LASTCIPHER:-missing}" "$want_cipher"
	done
	server_stop
	case $cfg in
	sec-*)
		after=$(sec_secured)
		# at least one connection a run (crr: many)
		check "$topo $cfg: the server secured at least REPS connections per mode" \
			test $((after - before)) -ge $((REPS * $(echo "$modes" | wc -w)))
		is "$topo $cfg: no fallback to plain MPTCP, no handshake failure" \
			"$(ctl -j -n ns_srv stats | jq -r '"\(.fallbacks) \(.handshake_failures)"')" "0 0"
		echo "# $topo $cfg: conns_secured +$((after - before))"
		sec_down || fail "$topo $cfg: module unloads" ;;
	wg)
		after=$(wg_packets)
		check "$topo $cfg: WireGuard carried the data (received bytes rose by > 1 MB)" \
			test $((after - before)) -gt 1000000
		wg_down ;;
	esp-*)
		after=$(esp_packets)
		check "$topo $cfg: the ESP SAs carried the packets (> 1000 more)" \
			test $((after - before)) -gt 1000
		esp_down ;;
	esac
	case $topo:$cfg in
	p2:mptcp | p2:sec-* | p2:tls-* | p2:wg)
		check "$topo $cfg: a second subflow joined (MPTcpExtMPJoinAckRx on the server)" \
			test "$(mib_json ns_srv | jq -r '.MPTcpExtMPJoinAckRx')" -ge 1 ;;
	esac
}

for TOPO in $TOPOS; do
	for cfg in $CONFIGS; do
		topo_up "$TOPO"
		run_config "$TOPO" "$cfg"
	done
done
netns_del_all
check "no kernel warnings" dmesg_clean
plan "$TAP_N"
rm -rf "$WORK"
tap_done
