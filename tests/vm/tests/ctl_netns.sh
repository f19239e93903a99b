#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mptcpsecctl policy and key round trip in two namespaces whose state is
# independent, plus the namespace going away while it holds state.
#
#   +---------+        +---------+        +------------------+
#   |  ns_a   |        |  ns_b   |        | initial namespace |
#   | policy  |        | policy  |        |  (must stay empty)|
#   | keys    |        | keys    |        |                   |
#   +---------+        +---------+        +------------------+
#   (no links needed: control plane only)
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }

plan 31

ip netns add ns_a
ip netns add ns_b
trap 'ip netns del ns_a 2>/dev/null; ip netns del ns_b 2>/dev/null' EXIT
mod_load

keyfile=$(mktemp)
ctl key generate >"$keyfile"
chmod 600 "$keyfile"
secret_b64=$(tr -d '\n' <"$keyfile")
secret_hex=$(base64 -d <"$keyfile" | od -An -tx1 | tr -d ' \n')

check "key add in ns_a from a file" ctl -n ns_a key add k1 file "$keyfile"
check "policy add IPv4 prefix in ns_a" ctl -n ns_a policy add 10.0.0.0/8 mode require
check "policy add with psk in ns_a" \
	ctl -n ns_a policy add 10.1.0.0/16 port 443 mode require auth psk k1
check "policy add IPv6 prefix with port range in ns_b" \
	ctl -n ns_b policy add 2001:db8::/32 port 8000-8080 mode prefer

a=$(ctl -j -n ns_a policy show)
b=$(ctl -j -n ns_b policy show)
root=$(ctl -j policy show)
is "ns_a lists its 2 policies" "$(jq length <<<"$a")" 2
is "ns_b lists its 1 policy" "$(jq length <<<"$b")" 1
is "initial namespace has none" "$(jq length <<<"$root")" 0
is "most specific entry first in ns_a" "$(jq -r '.[0].prefix' <<<"$a")" "10.1.0.0/16"
is "psk policy names its key" "$(jq -r '.[0].auth + " " + .[0].key' <<<"$a")" "psk k1"
is "port range round-trips in ns_b" "$(jq -r '"\(.[0].port_min)-\(.[0].port_max)"' <<<"$b")" "8000-8080"
is "mode round-trips in ns_b" "$(jq -r '.[0].mode' <<<"$b")" "prefer"

k=$(ctl -j -n ns_a key show)
is "ns_a key show: name, length, references" \
	"$(jq -r '.[0] | "\(.name) \(.len) \(.refs)"' <<<"$k")" "k1 32 1"
is "ns_b has no keys" "$(ctl -j -n ns_b key show | jq length)" 0
all_out=$(ctl -n ns_a key show; ctl -j -n ns_a key show; ctl -n ns_a policy show; dmesg)
check "key material appears in no output or log" \
	bash -c '! grep -qiF -e "$1" -e "$2" <<<"$3"' _ "$secret_b64" "$secret_hex" "$all_out"

g=$(ctl -j -n ns_a policy get 10.1.2.3 port 443)
is "policy get resolves the /16 port 443 entry" \
	"$(jq -r '"\(.prefix) \(.mode) \(.default)"' <<<"$g")" "10.1.0.0/16 require false"
g=$(ctl -j -n ns_a policy get 10.9.9.9 port 80)
is "policy get falls back to the /8" "$(jq -r '.prefix' <<<"$g")" "10.0.0.0/8"
g=$(ctl -j -n ns_b policy get 10.1.2.3 port 443)
is "the same destination in ns_b gets the default" "$(jq -r '.default' <<<"$g")" "true"

out=$(ctl -n ns_a policy add 10.0.0.0/8 mode prefer 2>&1)
is "adding an existing policy fails with kernel error (exit 2)" "$?" 2
check "  ... and says it exists" grep -q "exists" <<<"$out"
check "replace changes it" ctl -n ns_a policy replace 10.0.0.0/8 mode prefer
is "replaced mode visible" \
	"$(ctl -j -n ns_a policy show | jq -r '.[] | select(.prefix=="10.0.0.0/8") | .mode')" prefer

out=$(ctl -n ns_a key del k1 2>&1)
is "deleting a key in use fails (exit 2)" "$?" 2
check "  ... and says a policy uses it" grep -q "used by a policy" <<<"$out"
check "policy del" ctl -n ns_a policy del 10.1.0.0/16 port 443
check "key del once unused" ctl -n ns_a key del k1
out=$(ctl -n ns_a policy del 10.1.0.0/16 port 443 2>&1)
is "deleting a missing policy fails (exit 2)" "$?" 2

check "policy flush in ns_a" ctl -n ns_a policy flush
is "ns_a empty after flush" "$(ctl -j -n ns_a policy show | jq length)" 0
is "ns_b untouched by ns_a's flush" "$(ctl -j -n ns_b policy show | jq length)" 1

# A namespace holding state goes away: its state is freed, nothing warns.
ctl -n ns_b key add k2 file "$keyfile"
ip netns del ns_b
check "module still answers after a namespace with state was deleted" \
	ctl -n ns_a policy show
mod_unload
check "no kernel warnings" dmesg_clean
rm -f "$keyfile"
tap_done
