#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mptcpsecctl end to end against the module: every object and command,
# text and JSON output, -n, -b batch files, exit statuses, key handling
# (files, stdin, permissions warning, never printed), abbreviations.
#
#   control plane:  ns_a, ns_b and the initial namespace (no links)
#
#   conn show, on a live connection:
#        ns_cli                                   ns_srv
#   +--------------+   path 1 (veth)       +--------------+
#   | 10.0.1.1     |-----------------------| 10.0.1.2     |
#   | 10.0.2.1     |-----------------------| 10.0.2.2     |
#   +--------------+   path 2 (veth)       +--------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
V=$(cat "$MPTCPSEC_SRC/VERSION")
T=$(mktemp -d)
trap 'rm -rf "$T"; netns_del_all' EXIT

plan 108

# --- without the module
out=$(ctl policy show 2>&1); rc=$?
is "no module: policy show exit 2" "$rc" 2
is "no module: exact message" "$out" "mptcpsec module not loaded (modprobe mptcpsec)"
out=$(ctl -V 2>&1); rc=$?
is "no module: -V exit 0" "$rc" 0
is "no module: -V text" "$out" "mptcpsecctl $V
module not loaded"
is "no module: -j -V" "$(ctl -j -V | jq -c .)" "{\"version\":\"$V\",\"module\":null,\"default_mode\":null}"
check "no module: key generate works" bash -c "\"$MPTCPSECCTL\" key generate | grep -Eq '^[A-Za-z0-9+/]{43}=\$'"
out=$(printf 'stats\n' | ctl -b - 2>&1); rc=$?
is "no module: batch exit 2" "$rc" 2
check "  ... names the line" grep -q "Command failed -:1" <<<"$out"

mod_load
out=$(ctl -V); is "-V shows the module" "$out" "mptcpsecctl $V
module $V"
is "-j -V default mode" "$(ctl -j -V | jq -r .default_mode)" off

# --- keys
umask 077
ctl key generate >"$T/k1.key"
ctl key generate >"$T/k2.key"
check "key add from a 0600 file" ctl key add k1 file "$T/k1.key"
out=$(ctl key add k1 file "$T/k1.key" 2>&1); rc=$?
is "key add again: exit 2" "$rc" 2
check "  ... extack says it exists" grep -q "^Error: mptcpsec: key exists" <<<"$out"
check "key replace" ctl key replace k1 file "$T/k2.key"
chmod 644 "$T/k2.key"
out=$(ctl key add k2 file "$T/k2.key" 2>&1); rc=$?
is "key add from a 0644 file works" "$rc" 0
check "  ... with a warning" grep -q "^Warning: key file .* readable by group or others" <<<"$out"
check "key add from stdin" bash -c "\"$MPTCPSECCTL\" key add k3 file - <\"$T/k1.key\""
head -c 64 /dev/urandom | od -An -tx1 | tr -d ' ' >"$T/hex.key"
check "key add, 64-byte hex key wrapped over lines" ctl key add k4 file "$T/hex.key"
head -c 48 /dev/urandom | base64 -w 20 >"$T/b64.key"
check "key add, 48-byte base64 key wrapped" ctl key add k5 file "$T/b64.key"
head -c 8 /dev/urandom | base64 >"$T/short.key"
out=$(ctl key add k6 file "$T/short.key" 2>&1); rc=$?
is "short key: exit 1" "$rc" 1
check "  ... says shorter than 16" grep -q "shorter than 16" <<<"$out"
out=$(ctl key add k6 file "$T/nonexistent" 2>&1); rc=$?
is "missing key file: exit 1" "$rc" 1
k=$(ctl -j key show)
is "key show JSON count" "$(jq length <<<"$k")" 5
is "key show k4 len" "$(jq -r '.[] | select(.name=="k4") | .len' <<<"$k")" 64
is "key show k5 len" "$(jq -r '.[] | select(.name=="k5") | .len' <<<"$k")" 48
is "key show k1 refs" "$(jq -r '.[] | select(.name=="k1") | .refs' <<<"$k")" 0
check "key show text has k1 len 32 and the file it was replaced from" bash -c "\"$MPTCPSECCTL\" key show | grep -Eq '^k1 +len 32 +refs 0 +file $T/k2.key\$'"
check "key show -p valid JSON" bash -c "\"$MPTCPSECCTL\" -p key show | jq -e 'length == 5'"
all="$(ctl key show; ctl -j key show; dmesg)"
leak=0
for f in "$T/k1.key" "$T/k2.key" "$T/hex.key"; do
	s=$(tr -d ' \n' <"$f")
	grep -qF -- "$s" <<<"$all" && leak=1
done
is "key material appears nowhere" "$leak" 0
check "key del k5" ctl key del k5
out=$(ctl key del k5 2>&1); rc=$?
is "key del missing: exit 2" "$rc" 2
check "  ... no such key" grep -q "no such key" <<<"$out"

# --- policies
check "policy add v4 /8" ctl policy add 10.0.0.0/8 mode prefer
check "policy add v4 /16 port 443 psk k1" ctl policy add 10.1.0.0/16 port 443 mode require auth psk k1
check "policy add v6 range" ctl policy add 2001:db8::/32 port 8000-8080 mode require
check "policy add host" ctl p a 192.0.2.7 mode off
out=$(ctl policy add 10.0.0.0/8 mode off 2>&1); rc=$?
is "policy add existing: exit 2" "$rc" 2
check "  ... Error: mptcpsec: policy exists" grep -q "^Error: mptcpsec: policy exists" <<<"$out"
check "policy replace" ctl policy replace 10.0.0.0/8 mode off
out=$(ctl policy add 10.2.0.0/16 mode require auth psk nokey 2>&1); rc=$?
is "psk with an unknown key: exit 2" "$rc" 2
check "  ... unknown key" grep -q "unknown key" <<<"$out"
out=$(ctl policy add 10.0.0.1/8 mode off 2>&1); rc=$?
is "host bits: exit 1" "$rc" 1
is "  ... exact message" "$(head -1 <<<"$out")" "Error: host bits set in 10.0.0.1/8"
p=$(ctl -j policy show)
is "policy show count" "$(jq length <<<"$p")" 4
is "the /8 comes last" "$(jq -r '.[3].prefix' <<<"$p")" "10.0.0.0/8"
is "psk entry" "$(jq -c '.[] | select(.prefix=="10.1.0.0/16") | [.port_min,.port_max,.mode,.auth,.key,.hits,.family]' <<<"$p")" '[443,443,"require","psk","k1",0,"inet"]'
is "v6 entry" "$(jq -c '.[] | select(.family=="inet6") | [.prefix,.port_min,.port_max,.key]' <<<"$p")" '["2001:db8::/32",8000,8080,null]'
is "replaced /8 entry, all ports" "$(jq -c '.[] | select(.prefix=="10.0.0.0/8") | [.mode,.port_min,.port_max]' <<<"$p")" '["off",0,65535]'
is "k1 now referenced" "$(ctl -j key show | jq -r '.[] | select(.name=="k1") | .refs')" 1
out=$(ctl key del k1 2>&1); rc=$?
is "key del in use: exit 2" "$rc" 2
check "  ... used by a policy" grep -q "used by a policy" <<<"$out"
txt=$(ctl policy show)
is "policy show text lines" "$(wc -l <<<"$txt")" 4
check "  ... psk line" grep -Eq '^10\.1\.0\.0/16 +port 443 +mode require auth psk k1 hits 0$' <<<"$txt"
check "  ... v6 line" grep -Eq '^2001:db8::/32 +port 8000-8080 +mode require +auth none hits 0$' <<<"$txt"
g=$(ctl -j policy get 10.1.2.3 port 443)
is "get: /16 port 443" "$(jq -c '[.default,.prefix,.mode,.key]' <<<"$g")" '[false,"10.1.0.0/16","require","k1"]'
g=$(ctl -j policy get 10.1.2.3 port 80)
is "get: port 80 falls to /8" "$(jq -r .prefix <<<"$g")" "10.0.0.0/8"
g=$(ctl -j policy get 10.1.2.3)
is "get without port" "$(jq -r .prefix <<<"$g")" "10.0.0.0/8"
g=$(ctl -j policy get 172.16.0.1 port 22)
is "get: default" "$(jq -c '[.default,.mode,.auth,.prefix,.hits]' <<<"$g")" '[true,"off","none",null,null]'
is "get text default" "$(ctl policy get 172.16.0.1)" "default mode off     auth none"
g=$(ctl -j policy get 2001:db8::5 port 8080)
is "get v6" "$(jq -r .prefix <<<"$g")" "2001:db8::/32"
g=$(ctl -j policy get 2001:db8::5 port 8081)
is "get v6 outside range: default" "$(jq -r .default <<<"$g")" true
check "policy del with port" ctl policy del 10.1.0.0/16 port 443
out=$(ctl policy del 10.1.0.0/16 port 443 2>&1); rc=$?
is "policy del again: exit 2" "$rc" 2
check "  ... Error: mptcpsec: no policy" grep -q "^Error: mptcpsec: no policy" <<<"$out"
check "key del k1 now unused" ctl key del k1

# --- batch
cat >"$T/batch" <<'EOF'
# a comment
policy add 198.51.100.0/24 mode require   # trailing comment

key add "k 7" file /nonexistent
EOF
out=$(ctl -b "$T/batch" 2>&1); rc=$?
is "batch: usage error exit 1" "$rc" 1
check "  ... line 4 reported" grep -q "Command failed $T/batch:4" <<<"$out"
is "  ... line 2 ran" "$(ctl -j policy get 198.51.100.9 | jq -r .prefix)" "198.51.100.0/24"
printf 'policy del 198.51.100.0/24\npolicy del 198.51.100.0/24\nstats\n' >"$T/b2"
out=$(ctl -b "$T/b2" 2>&1); rc=$?
is "batch: kernel error exit 2" "$rc" 2
check "  ... line 2" grep -q "Command failed $T/b2:2" <<<"$out"
out=$(printf 'policy show\nkey show\nstats\n' | ctl -j -b -); rc=$?
is "batch -j: exit 0" "$rc" 0
is "  ... three JSON documents" "$(jq -s length <<<"$out")" 3
out=$(printf 'key add kk file -\n' | ctl -b - 2>&1); rc=$?
is "batch from stdin refuses key file -" "$rc" 1

# --- stats, conn
s=$(ctl -j stats)
is "stats JSON has 37 counters" "$(jq 'keys | length' <<<"$s")" 37
check "stats policy_lookups is a number" jq -e '.policy_lookups | type == "number"' <<<"$s"
is "no handshake holds state when none runs" "$(jq .handshakes_current <<<"$s")" 0
is "stats text has 37 lines" "$(ctl stats | wc -l)" 37
is "conn show JSON empty" "$(ctl -j conn show)" "[]"
is "conn show text empty" "$(ctl conn show)" ""
check "conn flush" ctl conn flush
check "policy flush" ctl policy flush
is "policy show after flush" "$(ctl -j policy show)" "[]"

# --- namespaces
ip netns add ns_a
check "-n: policy add in ns_a" ctl -n ns_a policy add 10.9.0.0/16 mode require
is "-n: ns_a has it" "$(ctl -n ns_a -j policy show | jq length)" 1
is "  ... initial namespace does not" "$(ctl -j policy show | jq length)" 0
out=$(ctl -n nosuchns stats 2>&1); rc=$?
is "-n missing namespace: exit 2" "$rc" 2
check "  ... says so" grep -q 'cannot open network namespace "nosuchns"' <<<"$out"
check "-n with batch" bash -c "printf 'policy flush\n' | \"$MPTCPSECCTL\" -n ns_a -b -"
is "  ... flushed ns_a" "$(ctl -n ns_a -j policy show | jq length)" 0

# --- unprivileged
out=$(setpriv --reuid 65534 --regid 65534 --clear-groups "$MPTCPSECCTL" stats 2>&1); rc=$?
is "unprivileged: exit 2" "$rc" 2
is "  ... message" "$out" "Error: Operation not permitted"
out=$(setpriv --reuid 65534 --regid 65534 --clear-groups "$MPTCPSECCTL" -V 2>&1); rc=$?
is "unprivileged -V: exit 0" "$rc" 0
check "  ... module unknown (Operation not permitted)" grep -q "module unknown (Operation not permitted)" <<<"$out"

# --- usage errors never reach the kernel
for cmd in "policy add 10.0.0.0/33 mode off" "policy add 10.0.0.0/8 mode maybe" \
	   "policy add 10.0.0.0/8 port 9-8 mode off" "key add k1 c2VjcmV0" "conn add" \
	   "bogus" "policy get 10.0.0.0/8"; do
	# shellcheck disable=SC2086
	out=$(ctl $cmd 2>&1); rc=$?
	is "usage error exit 1: $cmd" "$rc" 1
done
check "help" bash -c "\"$MPTCPSECCTL\" policy help | grep -q 'policy get ADDRESS'"

# --- a real connection shows up
netns_topology_2paths
ip netns exec ns_srv "$MPTCPSEC_XFER" server -p 5301 -o /dev/null -t 60 >/dev/null 2>&1 &
spid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':5301 '"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5301 -s $((12 * 1024 * 1024)) \
	-r $((1024 * 1024)) -t 60 >/dev/null 2>&1 &
cpid=$!
check "conn: two subflows seen" wait_until 20 bash -c "[ \"\$(\"$MPTCPSECCTL\" -j -n ns_cli conn show | jq '.[0].subflows | length')\" = 2 ]"
c=$(ctl -j -n ns_cli conn show)
check "conn: tokens are 8 hex digits" jq -e '.[0].local_token | test("^[0-9a-f]{8}$")' <<<"$c"
check "conn: join has addr_id, capable has null" jq -e '[.[0].subflows[] | select(.kind=="mp-join") | .addr_id | type == "number"] == [true] and [.[0].subflows[] | select(.kind=="mp-capable") | .addr_id] == [null]' <<<"$c"
txt=$(ctl -n ns_cli conn show)
check "conn text: conn line" grep -Eq '^conn [0-9]+ (established|syn-sent|syn-rcvd) active mode off auth none age [0-9]+\.[0-9]{3}s$' <<<"$txt"
check "conn text: subflow lines" grep -Eq '^    subflow mp-join +id [0-9]+ +10\.0\.2\.1:[0-9]+ -> 10\.0\.1\.2:5301 ' <<<"$txt"
check "conn -p valid JSON" bash -c "\"$MPTCPSECCTL\" -p -n ns_srv conn show | jq -e 'length == 1'"
echo "$txt" | sed 's/^/# /'
ctl -n ns_cli stats | sed 's/^/# /'
wait "$cpid"; wait "$spid" 2>/dev/null

mod_unload
check "no kernel warnings" dmesg_clean
tap_done
