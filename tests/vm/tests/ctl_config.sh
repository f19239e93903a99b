#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mptcpsecctl save and restore: the running configuration of two
# namespaces (identity, keys from files, policies with port ranges, psk
# and pinned auth) saved, checked (keys by path, no secret, deterministic,
# 0600, atomic), flushed, restored with -n NETNS (and $MPTCPSEC_CONF) to
# the very same key show, policy show and identity show; a PSK-secured
# transfer after the restore; files with bad lines change nothing; a
# kernel refusal names its line; a key from standard input is left out of
# a save with a comment, a warning and exit 1; the command line of
# tools/systemd/mptcpsec.service as the unit runs it (no systemd here).
#
#        ns_cli                          ns_srv
#   +-------------+  cli1 -- srv1   +-------------+
#   | 10.0.1.1    |-----------------| 10.0.1.2    |
#   | 10.0.2.1    |-----------------| 10.0.2.2    |
#   +-------------+  cli2 -- srv2   +-------------+
#   both: key site, an identity, policy 10.0.0.0/8 require auth psk site
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
T=$(realpath "$(mktemp -d)")
UNIT=$MPTCPSEC_SRC/tools/systemd/mptcpsec.service
trap 'rm -rf "$T"; netns_del_all' EXIT

plan 78

# snap NS: the configuration of NS ("" for the initial namespace) as one
# JSON document: keys by name, policy in match order without hit
# counts, the identity (null without one)
snap() {
	local ns=()
	[ -n "$1" ] && ns=(-n "$1")
	jq -n -S -c --argjson k "$(ctl "${ns[@]}" -j key show)" \
		--argjson p "$(ctl "${ns[@]}" -j policy show)" \
		--argjson i "$(ctl "${ns[@]}" -j identity show 2>/dev/null || echo null)" \
		'{keys: ($k | sort_by(.name)), policy: ($p | map(del(.hits))), identity: $i}'
}
# body FILE: its lines that are not comments
body() { grep -v -E '^[[:space:]]*(#|$)' "$1"; }
# clear_ns NS: policy flush, every key and the identity deleted
clear_ns() {
	local k
	ctl -n "$1" policy flush
	for k in $(ctl -n "$1" -j key show | jq -r '.[].name'); do
		ctl -n "$1" key del "$k"
	done
	ctl -n "$1" identity del 2>/dev/null
	return 0
}

netns_topology_2paths
mod_load default_policy=off

# --- a configuration in two namespaces
umask 077
mkdir "$T/keys" "$T/my keys"
ctl key generate >"$T/keys/site.key"
ctl key generate >"$T/my keys/it's.key"
ctl identity generate >"$T/keys/cli-id.key"
ctl identity generate >"$T/keys/srv-id.key"
ctl -n ns_cli identity load "$T/keys/cli-id.key"
ctl -n ns_srv identity load "$T/keys/srv-id.key"
clipub=$(ctl -n ns_cli -j identity show | jq -r .public_key)
srvpub=$(ctl -n ns_srv -j identity show | jq -r .public_key)
for ns in ns_cli ns_srv; do
	ctl -n $ns key add site file "$T/keys/site.key"
	ctl -n $ns policy add 10.0.0.0/8 mode require auth psk site
done
# relative paths are taken as given on the command line: the kernel keeps the absolute one
(cd "$T/my keys" && ctl -n ns_cli key add spare file "it's.key")
ctl -n ns_cli policy add fd00::/16 port 5000-6000 mode prefer
ctl -n ns_cli policy add 192.0.2.0/24 port 443 mode off auth psk spare
ctl -n ns_cli policy add 203.0.113.9 mode require auth pinned "$srvpub"
ctl -n ns_srv policy add 198.51.100.7 mode require auth pinned "$clipub"
ctl -n ns_srv policy add 2001:db8::/32 port 8080 mode prefer
cli0=$(snap ns_cli)
srv0=$(snap ns_srv)
init0=$(snap "")
is "ns_cli holds 2 keys, 4 entries, an identity" \
	"$(jq -c '[(.keys | length), (.policy | length), (.identity != null)]' <<<"$cli0")" '[2,4,true]'

# --- save
out=$(ctl -n ns_cli save "$T/cli.conf" 2>&1); rc=$?
is "save FILE: exit 0" "$rc" 0
is "  ... prints nothing" "$out" ""
is "  ... file mode 0600" "$(stat -c %a "$T/cli.conf")" 600
check "  ... no temporary file left" test ! -e "$T/cli.conf.tmp"
sed 's/^/# | /' "$T/cli.conf"
MPTCPSEC_CONF=/nonexistent ctl -n ns_srv save >"$T/srv.conf" 2>"$T/err"
is "save to standard output: exit 0" "$?" 0
is "  ... nothing on stderr" "$(cat "$T/err")" ""
check "  ... starts with the header" grep -q -x '# mptcpsec configuration, written by mptcpsecctl .* save\.' "$T/srv.conf"
want="identity load $T/keys/cli-id.key
key add site file $T/keys/site.key
key add spare file '$T/my keys/it'\"'\"'s.key'
policy add 10.0.0.0/8 mode require auth psk site
policy add 192.0.2.0/24 port 443 mode off auth psk spare
policy add 203.0.113.9/32 mode require auth pinned $srvpub
policy add fd00::/16 port 5000-6000 mode prefer"
is "ns_cli: identity and keys by path, every entry (sorted)" \
	"$(body "$T/cli.conf" | sort)" "$(sort <<<"$want")"
is "  ... identity first, then keys, then policy" \
	"$(body "$T/cli.conf" | cut -d' ' -f1 | uniq | tr '\n' ' ')" "identity key policy "
is "  ... entries in match order (as policy show lists them)" \
	"$(body "$T/cli.conf" | sed -n 's/^policy add \([^ ]*\) .*/\1/p' | tr '\n' ' ')" \
	"$(jq -r '.policy[].prefix' <<<"$cli0" | tr '\n' ' ')"
want="identity load $T/keys/srv-id.key
key add site file $T/keys/site.key
policy add 10.0.0.0/8 mode require auth psk site
policy add 198.51.100.7/32 mode require auth pinned $clipub
policy add 2001:db8::/32 port 8080 mode prefer"
is "ns_srv: its own configuration (sorted)" "$(body "$T/srv.conf" | sort)" "$(sort <<<"$want")"
leak=0
for f in "$T/keys/site.key" "$T/my keys/it's.key" "$T/keys/cli-id.key" "$T/keys/srv-id.key"; do
	b64=$(tr -d '\n' <"$f")
	hex=$(base64 -d <"$f" | od -An -tx1 | tr -d ' \n')
	grep -q -F -e "$b64" -e "${b64:0:16}" "$T/cli.conf" "$T/srv.conf" && leak=1
	grep -q -i -F -e "$hex" -e "${hex:0:16}" "$T/cli.conf" "$T/srv.conf" && leak=1
done
is "no secret in any encoding in the saved files" "$leak" 0
ctl -n ns_cli save "$T/cli2.conf"
check "saving again gives the same file" cmp "$T/cli.conf" "$T/cli2.conf"
: >"$T/cli2.conf.tmp"
chmod 0644 "$T/cli2.conf.tmp" "$T/cli2.conf"
ctl -n ns_cli save "$T/cli2.conf"
is "save over a file and a leftover .tmp: mode 0600" "$(stat -c %a "$T/cli2.conf")" 600
check "  ... the .tmp renamed over it" test ! -e "$T/cli2.conf.tmp"
out=$(ctl -n ns_cli save "$T/nodir/x.conf" 2>&1); rc=$?
is "save into a missing directory: exit 1" "$rc" 1
check "  ... says it cannot create the file" grep -q "^Error: cannot create $T/nodir/x.conf.tmp" <<<"$out"

# --- flush everything, restore with -n
clear_ns ns_cli
clear_ns ns_srv
is "ns_cli flushed" "$(snap ns_cli)" '{"identity":null,"keys":[],"policy":[]}'
out=$(ctl -n ns_cli restore "$T/cli.conf" 2>&1); rc=$?
is "-n ns_cli restore FILE: exit 0" "$rc" 0
is "  ... prints nothing" "$out" ""
is "  ... key show, policy show, identity show as before the save" "$(snap ns_cli)" "$cli0"
is "  ... ns_srv untouched (still empty)" "$(snap ns_srv)" '{"identity":null,"keys":[],"policy":[]}'
MPTCPSEC_CONF=$T/srv.conf ctl -n ns_srv restore
is "-n ns_srv restore from \$MPTCPSEC_CONF: exit 0" "$?" 0
is "  ... as before the save" "$(snap ns_srv)" "$srv0"
is "the initial namespace untouched" "$(snap "")" "$init0"
is "  ... relative key path kept absolute" \
	"$(jq -r '.keys[] | select(.name == "spare") | .file' <<<"$cli0")" "$T/my keys/it's.key"
ctl -n ns_cli restore "$T/cli.conf"
is "restoring again: the same configuration (it replaces, not adds)" "$(snap ns_cli)" "$cli0"

# --- a PSK-secured transfer after the restore
head -c $((2 * 1024 * 1024)) /dev/urandom >"$T/data"
ip netns exec ns_srv "$MPTCPSEC_XFER" server -p 5901 -o "$T/recv" -t 90 >/dev/null 2>&1 &
spid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':5901 '"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5901 -i "$T/data" \
	-r $((256 * 1024)) -t 90 >/dev/null 2>&1 &
cpid=$!
check "the transfer is secured with the restored psk on both hosts" \
	wait_until 30 bash -c "for ns in ns_cli ns_srv; do $MPTCPSECCTL -j -n \$ns conn show | jq -e \
		'[.[] | select(.security == \"secured\" and .auth == \"psk\" and .key == \"site\")] |
		 length == 1' >/dev/null || exit 1; done"
wait $cpid
is "  ... the client finishes" "$?" 0
wait $spid
is "  ... the server too" "$?" 0
check "  ... the data arrived intact" cmp "$T/data" "$T/recv"
is "  ... no handshake failure" \
	"$(for ns in ns_cli ns_srv; do ctl -j -n $ns stats | jq .handshake_failures; done | tr '\n' ' ')" "0 0 "
before=$(snap ns_cli)
hits=$(ctl -n ns_cli -j policy show | jq -c '[.[].hits]')
is "the transfer counted as a hit of 10.0.0.0/8" \
	"$(ctl -n ns_cli -j policy show | jq '.[] | select(.prefix == "10.0.0.0/8") | .hits > 0')" true

# --- bad files change nothing
{ cat "$T/cli.conf"; cat <<EOF
policy add 10.0.0.1/8 mode off
policy flush
key add gone file $T/keys/nonexistent.key
key add site file $T/keys/site.key
policy add 10.8.0.0/16 mode require auth psk nokey
"unterminated
EOF
} >"$T/bad.conf"
base=$(wc -l <"$T/cli.conf")
site_line=$(grep -n '^key add site ' "$T/cli.conf" | cut -d: -f1)
out=$(ctl -n ns_cli restore "$T/bad.conf" 2>&1); rc=$?
is "a file with bad lines: exit 1" "$rc" 1
is "  ... every bad line reported as FILE:LINE: message" "$out" \
"$T/bad.conf:$((base + 1)): host bits set in 10.0.0.1/8
$T/bad.conf:$((base + 2)): \"policy flush\" is not a configuration command (key add|replace, policy add|replace, identity load)
$T/bad.conf:$((base + 3)): key file $T/keys/nonexistent.key: No such file or directory
$T/bad.conf:$((base + 4)): key site is defined on line $site_line already (key replace overwrites it)
$T/bad.conf:$((base + 5)): auth psk nokey: no line above defines key nokey (key add nokey file PATH)
$T/bad.conf:$((base + 6)): unterminated quote"
is "  ... nothing changed" "$(snap ns_cli)" "$before"
is "  ... not even the hit counts (no flush)" "$(ctl -n ns_cli -j policy show | jq -c '[.[].hits]')" \
	"$hits"
head -c 8 /dev/urandom | base64 >"$T/keys/short.key"
printf 'key add short file %s\npolicy add 10.0.0.0/8 mode prefer\n' "$T/keys/short.key" >"$T/short.conf"
out=$(ctl -n ns_cli restore "$T/short.conf" 2>&1); rc=$?
is "a key file too short: exit 1" "$rc" 1
is "  ... named with its line" "$out" "$T/short.conf:1: key file $T/keys/short.key: the key is shorter than 16 bytes"
head -c 48 /dev/urandom | base64 -w0 >"$T/keys/k48.key"
printf 'identity load %s\n' "$T/keys/k48.key" >"$T/id.conf"
out=$(ctl -n ns_cli restore "$T/id.conf" 2>&1); rc=$?
is "an identity file of another length: exit 1" "$rc" 1
is "  ... says so" "$out" \
	"$T/id.conf:1: identity file $T/keys/k48.key: 48 bytes, an X25519 private key has 32"
printf 'policy add 10.9.0.0/16 mode require auth pinned %s\n' "$srvpub" >"$T/pin.conf"
out=$(ctl -n ns_cli restore "$T/pin.conf" 2>&1); rc=$?
is "auth pinned without an identity line: exit 1" "$rc" 1
is "  ... says so" "$out" "$T/pin.conf:1: auth pinned needs an identity: no identity load line above"
is "none of these changed anything" "$(snap ns_cli)" "$before"
out=$(ctl -n ns_cli restore "$T/nonexistent.conf" 2>&1); rc=$?
is "a missing file: exit 1" "$rc" 1
is "  ... clear message" "$out" "Error: cannot open configuration file $T/nonexistent.conf: No such file or directory"
is "  ... nothing changed" "$(snap ns_cli)" "$before"
out=$(printf 'restore %s\n' "$T/cli.conf" | ctl -n ns_cli -b - 2>&1); rc=$?
is "restore in a batch file refused: exit 1" "$rc" 1
check "  ... says why" grep -q "not in a batch file" <<<"$out"

# --- a kernel refusal: the lines before it are in force, its line named
cat >"$T/kernel.conf" <<EOF
key add site file $T/keys/site.key
identity load $T/keys/cli-id.key
policy add 10.0.0.0/8 mode prefer
policy add 10.5.0.0/16 mode require auth pinned $(printf '0%.0s' $(seq 64))
policy add 10.6.0.0/16 mode off
EOF
out=$(ctl -n ns_cli restore "$T/kernel.conf" 2>&1); rc=$?
is "a line the kernel refuses: exit 2" "$rc" 2
is "  ... FILE:LINE: and the kernel's message" "$out" "$T/kernel.conf:4: mptcpsec: peer key is all zero"
is "  ... the lines above it in force, none below" \
	"$(ctl -n ns_cli -j policy show | jq -r '[.[].prefix] | join(" ")')" "10.0.0.0/8"
ctl -n ns_cli restore "$T/cli.conf"
is "restoring the good file again: as saved" "$(snap ns_cli)" "$cli0"

# --- a key read from standard input cannot be saved
ctl -n ns_cli key add fromstdin file - <"$T/keys/site.key"
ctl -n ns_cli save >"$T/part.conf" 2>"$T/err"
is "save with a key from standard input: exit 1" "$?" 1
check "  ... a comment in its place" grep -q -x "# key fromstdin: loaded from standard input, not saved" "$T/part.conf"
is "  ... and a warning" "$(cat "$T/err")" "Warning: key fromstdin: loaded from standard input, not saved"
is "  ... everything else written" "$(body "$T/part.conf")" "$(body "$T/cli.conf")"
ctl -n ns_cli save "$T/part2.conf" 2>/dev/null
is "  ... to a FILE too, exit 1" "$?" 1
check "  ... the file written" cmp "$T/part.conf" "$T/part2.conf"
ctl -n ns_cli restore "$T/part.conf"
is "restoring it: the key from standard input is gone, the rest as saved" "$(snap ns_cli)" "$cli0"
ctl -n ns_cli key add fromstdin file - <"$T/keys/site.key"
ctl -n ns_cli policy add 10.7.0.0/16 mode require auth psk fromstdin
before=$(snap ns_cli)
ctl -n ns_cli save "$T/dep.conf" 2>/dev/null
out=$(ctl -n ns_cli restore "$T/dep.conf" 2>&1); rc=$?
is "an entry naming that key: its restore refused (exit 1), not weakened" "$rc" 1
check "  ... the entry's line named" grep -q "^$T/dep.conf:[0-9]*: auth psk fromstdin: no line above defines key fromstdin" <<<"$out"
is "  ... nothing changed" "$(snap ns_cli)" "$before"

# --- the unit's command line, as systemd runs it (no systemd in the VM)
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
is "the unit's ExecStart" "$exec_start" "/usr/local/sbin/mptcpsecctl restore"
is "  ... its ExecStartPre (the module is loaded here already)" \
	"$(sed -n 's/^ExecStartPre=//p' "$UNIT")" "/sbin/modprobe mptcpsec"
is "  ... its ConditionPathExists" "$(sed -n 's/^ConditionPathExists=//p' "$UNIT")" \
	/etc/mptcpsec/mptcpsec.conf
read -r -a cmd <<<"${exec_start/\/usr\/local\/sbin\/mptcpsecctl/$MPTCPSECCTL}"
printf 'key add u1 file %s\npolicy add 10.9.0.0/16 mode require auth psk u1\n' \
	"$T/keys/site.key" >"$T/unit.conf"
MPTCPSEC_CONF=$T/unit.conf "${cmd[@]}"
is "ExecStart with \$MPTCPSEC_CONF: exit 0" "$?" 0
is "  ... the initial namespace configured" \
	"$(snap "" | jq -c '[.keys[].name, .policy[].prefix]')" '["u1","10.9.0.0/16"]'
is "  ... the others untouched" "$(snap ns_cli)" "$before"
MPTCPSEC_CONF=$T/unit.conf "${cmd[@]}"
is "ExecReload (the same command) again: exit 0, the same" \
	"$(snap "" | jq -c '[.keys[].name, .policy[].prefix]')" '["u1","10.9.0.0/16"]'
MPTCPSEC_CONF=$MPTCPSEC_SRC/tools/systemd/mptcpsec.conf "${cmd[@]}"
is "the installed example (comments only): exit 0" "$?" 0
is "  ... leaves the namespace empty" "$(snap "")" '{"identity":null,"keys":[],"policy":[]}'
if [ -e /etc/mptcpsec/mptcpsec.conf ]; then
	ok "without \$MPTCPSEC_CONF: /etc/mptcpsec/mptcpsec.conf exists here # SKIP"
else
	out=$(env -u MPTCPSEC_CONF "${cmd[@]}" 2>&1)
	is "without the file the unit's condition guards: exit 1, clear message" "$?:$out" \
		"1:Error: cannot open configuration file /etc/mptcpsec/mptcpsec.conf: No such file or directory"
fi

# --- without the module
for ns in ns_cli ns_srv; do ctl -n $ns conn flush; clear_ns $ns; done
mod_unload
out=$(ctl restore "$T/cli.conf" 2>&1); rc=$?
is "no module: restore exit 2" "$rc" 2
is "  ... the usual message" "$out" "mptcpsec module not loaded (modprobe mptcpsec)"
ctl restore "$T/bad.conf" >/dev/null 2>&1
is "no module: a bad file still exit 1 (checked before any netlink)" "$?" 1
check "no kernel warnings" dmesg_clean
tap_done
