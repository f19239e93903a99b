#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Offline test of the Wireshark dissector (tools/wireshark/mptcpsec.lua).
# dissector/gen_capture.py builds a capture from the test vectors of
# docs/PROTOCOL.md section 11: one connection's initial IPv4 subflow
# (handshake, the data segment of 11.6, a 15-bit PN wrap with a key update)
# and IPv6 join (closed by MP_FASTCLOSE), then copies of the initial
# subflow's frames on other ports: with wrong keys in the key log, not in
# the key log, and without their handshake. Its key log holds the records
# among malformed and unknown lines. tshark runs the dissector on the
# capture and the fields it prints are compared with the vectors. tshark
# is required (make check installs it through tests/deps.sh). Prints TAP.
set -u

here=$(cd "$(dirname "$0")" && pwd)
lua=$here/../../tools/wireshark/mptcpsec.lua

if ! command -v tshark >/dev/null 2>&1; then
	echo "1..1"
	echo "not ok 1 - tshark is installed (tests/deps.sh installs it)"
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

n=0
failed=0
result() {	# result STATUS DESC [DIAGNOSTIC...]
	local good=$1 desc=$2
	shift 2
	n=$((n + 1))
	if [ "$good" = 0 ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		failed=$((failed + 1))
		local l
		for l in "$@"; do
			echo "#   ${l//$'\n'/$'\n'#   }"
		done
	fi
}

# is GOT WANT DESC
is() {
	[ "$1" = "$2" ]
	result $? "$3" "got:  '$1'" "want: '$2'"
}

isnt() {
	[ "$1" != "$2" ]
	result $? "$3" "got:  '$1'" "not:  '$2'"
}

FIELDS=(frame.number
	mptcpsec.eno.length mptcpsec.eno.tep
	mptcpsec.share.version mptcpsec.share.type mptcpsec.share.length
	mptcpsec.share.suite mptcpsec.share.flags mptcpsec.share.nonce
	mptcpsec.share.pubkey
	mptcpsec.option.kind mptcpsec.option.length mptcpsec.exid
	mptcpsec.kp mptcpsec.pn_trunc mptcpsec.tag mptcpsec.pn
	mptcpsec.key_gen mptcpsec.tag_ok mptcpsec.plaintext
	mptcpsec.mpc.key_real mptcpsec.mpc.key_owner mptcpsec.mpc.token_real
	mptcpsec.direction _ws.expert.message)

# dissect NAME KEYLOG [TSHARK OPTION...]: the fields of every frame into
# $work/NAME.out ("|" between fields), stderr into $work/NAME.err, the
# exit status into $work/NAME.rc
dissect() {
	local name=$1 keylog=$2 e=() f
	shift 2
	for f in "${FIELDS[@]}"; do
		e+=(-e "$f")
	done
	tshark -n -X "lua_script:$lua" -o "mptcpsec.keylog_file:$keylog" \
		-r "$work/capture.pcap" "$@" -T fields -E separator='|' \
		"${e[@]}" >"$work/$name.out" 2>"$work/$name.err"
	echo "$?" >"$work/$name.rc"
}

# load NAME: the fields of run NAME into V[NAME:FRAME:FIELD]
declare -A V
load() {
	local line vals i
	while IFS= read -r line; do
		IFS='|' read -r -a vals <<<"$line|"
		for i in "${!FIELDS[@]}"; do
			V[$1:${vals[0]}:${FIELDS[$i]}]=${vals[$i]:-}
		done
	done <"$work/$1.out"
}

# get NAME FRAME FIELD: the value of FIELD in FRAME of run NAME
get() {
	echo "${V[$1:$2:$3]:-}"
}

# getall NAME FIELD FRAME...: the values in those frames, space-separated
getall() {
	local name=$1 field=$2 out=() fr
	shift 2
	for fr in "$@"; do
		out+=("$(get "$name" "$fr" "$field")")
	done
	echo "${out[*]}"
}

start=$(date +%s.%N)

python3 "$here/dissector/gen_capture.py" "$work" >"$work/gen.err" 2>&1
result $? "fixture: gen_capture.py reproduces 11.4-11.6 and writes the capture" \
	"$(cat "$work/gen.err")"
if [ "$failed" -ne 0 ]; then
	echo "1..$n"
	exit 1
fi
# values computed by the generator: plaintexts, real keys, tokens
declare -A X
while IFS='=' read -r k v; do
	X[$k]=$v
done <"$work/expected.txt"
expect() {
	echo "${X[$1]:-}"
}

rep() {	# rep BYTE COUNT
	local i s=
	for ((i = 0; i < $2; i++)); do s+=$1; done
	echo "$s"
}
A_PUB=8f40c5adb68f25624ae5b214ea767a6ec94d829d3d7b5e1ad1ba6f3e2138285f
B_PUB=358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254
PT_11_6=$(for i in $(seq 0 63); do printf '%02x' "$i"; done)

# Three runs, in parallel: with the key log among garbage lines; with the
# clean key log in two passes (-2: the first builds no protocol tree, so
# the state is worked out in the second); the hex dump of frame 4.
dissect good "$work/keylog.txt" &
dissect clean "$work/keylog-clean.txt" -2 &
{
	tshark -n -X "lua_script:$lua" \
		-o "mptcpsec.keylog_file:$work/keylog.txt" \
		-r "$work/capture.pcap" -Y frame.number==4 -x \
		>"$work/hex.out" 2>"$work/hex.err"
	echo "$?" >"$work/hex.rc"
} &
wait
load good

# A script that does not load makes tshark print the Lua error on stderr
# (any stderr line but tshark's root notice fails); an error while
# dissecting becomes an expert info "Lua Error: ...".
errs=$({ cat "$work"/*.err; grep -ho 'Lua Error[^|,]*' "$work"/*.out; } |
       grep -v '^Running as user "root"' | grep -v '^$' | head -n 5)
rcs=$(cat "$work"/*.rc | sort -u | tr '\n' ' ')
[ -z "$errs" ] && [ "$rcs" = "0 " ]
result $? "the dissector loads and runs without a Lua error" \
	"exit statuses: $rcs" "$errs"
is "$(wc -l <"$work/good.out") $(wc -l <"$work/clean.out")" "26 26" \
	"tshark dissects the 26 frames"

# Section 2 and 3: ENO and the key shares
is "$(getall good mptcpsec.eno.length 1 2 3)" "3 3 3" \
	"ENO option: length 3 on SYN, SYN-ACK and third ACK"
is "$(getall good mptcpsec.eno.tep 1 2 3)" "0x5a 0x5a 0x5a" "ENO option: TEP 0x5a"
is "$(getall good mptcpsec.share.version 1 2)|$(getall good mptcpsec.share.type 1 2)|$(getall good mptcpsec.share.length 1 2)|$(getall good mptcpsec.share.suite 1 2)|$(getall good mptcpsec.share.flags 1 2)" \
	"1 1|1 2|70 70|0x5a 0x5a|0x00 0x00" \
	"key shares: version 1, type offer/answer, length 70, suite 0x5a, no flag"
is "$(get good 1 mptcpsec.share.nonce) $(get good 1 mptcpsec.share.pubkey)" \
	"$(rep a0 32) $A_PUB" "offer share (SYN): A's nonce and public key of 11.2"
is "$(get good 2 mptcpsec.share.nonce) $(get good 2 mptcpsec.share.pubkey)" \
	"$(rep b0 32) $B_PUB" "answer share (SYN-ACK): B's nonce and public key of 11.2"

# Section 6.1 and 6.2 on the segment of 11.6
is "$(get good 4 mptcpsec.option.kind) $(get good 4 mptcpsec.option.length) $(get good 4 mptcpsec.exid)" \
	"253 14 0x4d53" "11.6: MPTCPsec option kind 253, length 14, ExID 0x4d53"
is "$(get good 4 mptcpsec.kp) $(get good 4 mptcpsec.pn_trunc) $(get good 4 mptcpsec.tag)" \
	"0 7 5a2241c090612f65" "11.6: key phase 0, truncated PN 7, tag 5a2241c090612f65"
is "$(get good 4 mptcpsec.pn)" 7 "11.6: recovered PN 7"
is "$(get good 4 mptcpsec.plaintext)" "$PT_11_6" \
	"11.6: decrypted payload is the vector's plaintext 00..3f"
grep -q '^Decrypted MPTCPsec payload (64 bytes):' "$work/hex.out"
result $? "11.6: the plaintext is a data source 'Decrypted MPTCPsec payload'"
is "$(get good 4 mptcpsec.tag_ok)" 1 "11.6: tag verifies (tag_ok true)"
is "$(getall good mptcpsec.tag_ok 2 3 5 6 7 8 10 11 12 13)" \
	"1 1 1 1 1 1 1 1 1 1" \
	"every protected segment's tag verifies (SYN-ACK share, SACK in the AD, IPv6)"
is "$(getall good mptcpsec.pn 2 3)" "0 0" "PN 0 for SYN-ACK (b>a) and third ACK (a>b)"
is "$(getall good mptcpsec.direction 2 3 4 5)" "r>i i>r i>r r>i" \
	"directions of the initial subflow"

# PN wrap and key phases (6.2, 6.6)
is "$(getall good mptcpsec.pn_trunc 5 6 7 8)|$(getall good mptcpsec.pn 5 6 7 8)" \
	"32766 2 1 3|32766 32770 32769 32771" \
	"PN recovery across the 15-bit wrap, late segment included"
is "$(getall good mptcpsec.kp 5 6 7 8)|$(getall good mptcpsec.key_gen 5 6 7 8)" \
	"0 1 0 1|0 1 0 1" "key phase flip: generation 1, late segment on generation 0"
is "$(get good 5 mptcpsec.plaintext)" "$(expect pt5)" "b>a plaintext before the key update"
is "$(get good 6 mptcpsec.plaintext)" "$(expect pt6)" \
	"b>a plaintext under K' = HKDF-Expand(K, \"mptcpsec1 key update\")"
is "$(get good 7 mptcpsec.plaintext)" "$(expect pt7)" \
	"late segment decrypted with the previous key"
is "$(get good 8 mptcpsec.plaintext)" "$(expect pt8)" "segment with a SACK block"

# Section 5: hidden MPTCP keys
is "$(get good 2 mptcpsec.mpc.key_real) $(get good 2 mptcpsec.mpc.key_owner)" \
	"0x$(expect key_b) B" "SYN-ACK: Key-B unmasked with pad_b"
is "$(get good 3 mptcpsec.mpc.key_real) $(get good 3 mptcpsec.mpc.key_owner)" \
	"0x$(expect key_a),0x$(expect key_b) A,B" "third ACK: Key-A and Key-B unmasked"
is "$(get good 3 mptcpsec.mpc.token_real)" "0x$(expect token_a),0x$(expect token_b)" \
	"third ACK: tokens of the real keys (SHA-256)"
is "$(get good 13 mptcpsec.mpc.key_real) $(get good 13 mptcpsec.mpc.key_owner)" \
	"0x$(expect key_b) B" "MP_FASTCLOSE on the join: receiver's key (B) unmasked"

# IPv6 MP_JOIN subflow (section 10, keys of 11.4)
is "$(get good 9 mptcpsec.pn)|$(get good 9 mptcpsec.tag_ok)|$(get good 9 mptcpsec.plaintext)" \
	"0||" "join SYN: PN 0 shown, no key to check it with"
is "$(getall good mptcpsec.pn 10 11 12 13)" "0 0 1 2" "join: PNs of both directions"
is "$(get good 12 mptcpsec.plaintext)" "$(expect pt12)" "join: IPv6 data decrypted with K_ir"

# Frames 14-17: the key log has wrong keys and pads for them
isnt "$(get good 17 mptcpsec.plaintext)" "$PT_11_6" \
	"wrong key: the plaintext differs from the real one"
is "$(getall good mptcpsec.pn 15 16 17)|$(getall good mptcpsec.tag_ok 15 16 17)" \
	"0 0 7|0 0 0" "wrong key: tag_ok false"
isnt "$(get good 15 mptcpsec.mpc.key_real)" "0x$(expect key_b)" \
	"wrong pad: another MPTCP key"

# Frames 18-21: not in the key log
is "$(getall good mptcpsec.pn 19 20 21)|$(get good 21 mptcpsec.pn_trunc)|$(get good 21 mptcpsec.tag)|$(get good 18 mptcpsec.share.pubkey)" \
	"0 0 7|7|5a2241c090612f65|$A_PUB" "no key: option fields, PNs and shares still shown"
is "$(for f in tag_ok plaintext mpc.key_real; do
	getall good "mptcpsec.$f" 18 19 20 21; done | tr -d ' \n')" "" \
	"no key: no plaintext, tag check or real key"

# Frames 22-26: frames 4-8 without the handshake
is "$(getall good mptcpsec.pn 22 23 24 25 26)|$(getall good mptcpsec.direction 22 23)" \
	"7 32766 32770 32769 32771|i>r r>i" \
	"capture without handshake: PNs, and roles from the key log"
is "$(get good 22 mptcpsec.plaintext)|$(get good 24 mptcpsec.plaintext)|$(getall good mptcpsec.tag_ok 22 23 24 25 26)" \
	"$PT_11_6|$(expect pt6)|    " \
	"capture without handshake: decrypted, tags not checked (no ISNs)"

cmp -s "$work/good.out" "$work/clean.out"
result $? "garbage in the key log changes nothing; two passes (-2) neither" \
	"$(diff "$work/good.out" "$work/clean.out" | head -n 6)"

end=$(date +%s.%N)
echo "# $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }') s"
echo "1..$n"
[ "$failed" -eq 0 ]
