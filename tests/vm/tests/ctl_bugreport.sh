#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/mptcpsec-bugreport while a PSK-secured connection is alive: the
# report holds the system, the loaded module with its parameters, MPTCP's
# settings, every namespace's stats, policy, key names and connections
# (the live connection with the session ID both hosts show), and the
# module's kernel log lines; the pre-shared key, in any of its encodings,
# appears nowhere in it. Usage errors exit 2, an unwritable -o 1.
#
#        ns_cli                          ns_srv
#   +-------------+  cli1 -- srv1   +-------------+
#   | 10.0.1.1    |-----------------| 10.0.1.2    |
#   | 10.0.2.1    |-----------------| 10.0.2.2    |
#   +-------------+  cli2 -- srv2   +-------------+
#   policy 10.0.0.0/8 require auth psk site on both hosts
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
REPORT=$MPTCPSEC_SRC/tools/mptcpsec-bugreport
WORK=$(mktemp -d)

plan 17

netns_topology_2paths
mod_load default_policy=off max_auth_failures=50

(umask 077; ctl key generate >"$WORK/site.key")
b64=$(tr -d '\n' <"$WORK/site.key")
hex=$(base64 -d <"$WORK/site.key" | od -An -tx1 | tr -d ' \n')
for ns in ns_cli ns_srv; do
	ctl -n $ns key add site file "$WORK/site.key"
	ctl -n $ns policy add 10.0.0.0/8 mode require auth psk site
done

ip netns exec ns_srv "$MPTCPSEC_XFER" server -p 5801 -o /dev/null -t 60 >/dev/null 2>&1 &
spid=$!
wait_until 10 bash -c "ip netns exec ns_srv ss -Hltn | grep -q ':5801 '"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.0.1.2 -p 5801 -s $((8 * 1024 * 1024)) \
	-r $((256 * 1024)) -t 60 >/dev/null 2>&1 &
cpid=$!
check "a PSK-secured connection is established" \
	wait_until 20 bash -c "$MPTCPSECCTL -j -n ns_cli conn show | jq -e \
		'[.[] | select(.security == \"secured\" and .auth == \"psk\")] | length == 1' >/dev/null"
sid=$(ctl -j -n ns_cli conn show | jq -r '.[0].session_id')

MPTCPSECCTL=$MPTCPSECCTL "$REPORT" -o "$WORK/report.txt"
is "mptcpsec-bugreport -o FILE exits 0" "$?" 0
r=$WORK/report.txt
sed -n '1,400p' "$r" | sed 's/^/# | /' | head -n 60

# part TITLE: the lines of the report's section TITLE
part() { awk -v t="===== $1 =====" '$0 == t { on = 1; next } /^===== / { on = 0 } on' "$r"; }
# in_part TITLE ERE: a line of section TITLE matches ERE
in_part() { part "$1" | grep -q -E -e "$2"; }

is "sections: system, module, mptcp, the initial namespace, both named ones, kernel log" \
	"$(grep -c -x -E '===== (system|module|mptcp|namespace \(initial\)|namespace ns_cli|namespace ns_srv|kernel log \(module lines, last 200\)) =====' "$r")" 7
check "system: the running kernel" in_part system "$(uname -r | sed 's/[.+]/\\&/g')"
check "module: loaded, with its version" \
	in_part module "^loaded: yes, version $(sed 's/[.+]/\\&/g' /sys/module/mptcpsec/version)\$"
check "module: its parameters as set (default_policy, max_auth_failures)" \
	bash -c "grep -q -x 'parameter default_policy: off' '$r' &&
		grep -q -x 'parameter max_auth_failures: 50' '$r'"
check "mptcp: the net.mptcp sysctls" in_part mptcp '^net\.mptcp\.enabled = 1$'
check "ns_cli: its policy" in_part "namespace ns_cli" '10\.0\.0\.0/8.*require.*site'
check "ns_cli: its key, by name" in_part "namespace ns_cli" '(^| )site( |$)'
conns=$(part "namespace ns_cli" | sed -n '/^\$ .* -j conn show$/,$p' | sed '1d')
is "ns_cli: the live connection, with the session ID conn show gives" \
	"$(jq -r '[.[] | select(.security == "secured")][0].session_id' <<<"$conns" 2>/dev/null)" "$sid"
check "ns_srv: its counters (conns_secured 1)" in_part "namespace ns_srv" '^conns_secured +1 '
check "kernel log: the module's load line" \
	in_part "kernel log (module lines, last 200)" 'mptcpsec: version .* loaded'
check "the pre-shared key appears nowhere, in base64 or hex" \
	bash -c "! grep -q -F -e '$b64' -e '${b64:0:16}' '$r' && ! grep -q -i -F -e '$hex' -e '${hex:0:16}' '$r'"
"$REPORT" -x >/dev/null 2>&1
is "an unknown option exits 2" "$?" 2
"$REPORT" -o /proc/no/such/file >/dev/null 2>"$WORK/err"
is "an unwritable -o exits 1" "$?" 1
check "... and says so" grep -q "cannot write /proc/no/such/file" "$WORK/err"

kill $cpid $spid 2>/dev/null
wait $cpid $spid 2>/dev/null
for ns in ns_cli ns_srv; do ctl -n $ns conn flush; done
check "no kernel warnings" dmesg_clean
rm -rf "$WORK"
tap_done
