#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# auth pinned: each host has a static identity key pair and pins its
# peer's public key per destination; no shared secret.
#   - right pins: secured, same session ID on both ends, the pinned key
#     shown by conn show, the data intact;
#   - a wrong pin: connect() fails at once (ECONNREFUSED), both hosts
#     count a handshake failure, the server application never sees it;
#   - a man in the middle that took over the server's address (it holds
#     the real public keys, its own identity, the same module): with auth
#     none the client is secured to the attacker (the attack is real);
#     with the server's key pinned the connection is refused and the
#     attacker's application receives nothing;
#   - control plane: no pinned policy without an identity, no identity
#     deletion under a pinned policy, the private key never shown;
#   - dynamic debug lines for the handshake and the failure, with no key.
#
#   ns_cli 10.0.1.1 -- 10.0.1.254 ns_mitm 10.1.1.254 -- 10.1.1.2 ns_srv
#   (ns_mitm routes; for the attack it also holds 10.1.1.2 itself)
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }
WORK=$(mktemp -d)
stat_of() { ctl -j -n "$1" stats | jq -r ".$2"; }

# serve NS PORT: a server accepting one connection, in the background
serve() {
	ip netns exec "$1" "$MPTCPSEC_XFER" server -p "$2" -o "$WORK/got.$1.$2" -t 30 \
		>"$WORK/srv.$1.$2" 2>&1 &
	echo $! >"$WORK/srv.$1.$2.pid"
	wait_until 10 bash -c "ip netns exec $1 ss -Hltn | grep -q ':$2 '"
}
unserve() {
	kill "$(cat "$WORK/srv.$1.$2.pid")" 2>/dev/null
	wait "$(cat "$WORK/srv.$1.$2.pid")" 2>/dev/null
}
# timed_send PORT: 256 KiB from the client to 10.1.1.2; sets err, rc, ms
timed_send() {
	local t0
	t0=$(date +%s%N)
	err=$(ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.1.1.2 -p "$1" \
		-s $((256 * 1024)) -t 20 2>&1 >/dev/null)
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
}
conns_gone() {
	wait_until 10 bash -c "[ \"\$($MPTCPSECCTL -j -n $1 conn show | jq length)\" = 0 ]"
}

plan 33

ip netns add ns_cli
ip netns add ns_mitm
ip netns add ns_srv
trap netns_del_all EXIT
for ns in ns_cli ns_mitm ns_srv; do
	ip -n $ns link set lo up
	ip netns exec $ns sysctl -qw net.mptcp.enabled=1
done
ip link add cli1 netns ns_cli type veth peer name m_c netns ns_mitm
ip link add srv1 netns ns_srv type veth peer name m_s netns ns_mitm
ip -n ns_cli addr add 10.0.1.1/24 dev cli1
ip -n ns_mitm addr add 10.0.1.254/24 dev m_c
ip -n ns_mitm addr add 10.1.1.254/24 dev m_s
ip -n ns_srv addr add 10.1.1.2/24 dev srv1
for l in ns_cli/cli1 ns_mitm/m_c ns_mitm/m_s ns_srv/srv1; do
	ip -n "${l%/*}" link set "${l#*/}" up
done
ip -n ns_cli route add default via 10.0.1.254
ip -n ns_srv route add default via 10.1.1.254
ip netns exec ns_mitm sysctl -qw net.ipv4.ip_forward=1
wait_until 5 ip netns exec ns_cli ping -c1 -W1 10.1.1.2

mod_load close_linger_ms=2000 dyndbg=+p
DMESG_START=$(dmesg | wc -l)

# Identities: generated, loaded, public keys read back.
for ns in ns_cli ns_srv ns_mitm; do
	(umask 077; ctl identity generate >"$WORK/id.$ns")
	ctl -n $ns identity load "$WORK/id.$ns"
	ctl -j -n $ns identity show >"$WORK/show.$ns"
done
CLI_PUB=$(jq -r .public_key "$WORK/show.ns_cli")
SRV_PUB=$(jq -r .public_key "$WORK/show.ns_srv")
MITM_PUB=$(jq -r .public_key "$WORK/show.ns_mitm")
is "identity show: a 32-byte public key" "$(base64 -d <<<"$CLI_PUB" | wc -c)" 32
check "identity show: distinct keys per host" \
	bash -c "[ '$CLI_PUB' != '$SRV_PUB' ] && [ '$SRV_PUB' != '$MITM_PUB' ]"
is "identity show: the file it was loaded from" "$(jq -r .file "$WORK/show.ns_cli")" \
	"$(realpath "$WORK/id.ns_cli")"
check "identity show: never the private key" \
	bash -c "! grep -q -F \"\$(cat '$WORK/id.ns_cli')\" '$WORK/show.ns_cli' &&
		! ctl -n ns_cli identity show | grep -q -F \"\$(cat '$WORK/id.ns_cli')\""

# Control plane.
ip netns add ns_noid
err=$(ctl -n ns_noid policy add 10.0.0.0/8 mode require auth pinned "$SRV_PUB" 2>&1)
is "policy auth pinned without an identity: refused (exit 2)" "$?" 2
check "  ... with the kernel's reason" grep -q "no identity in this namespace" <<<"$err"
err=$(ctl -n ns_noid policy add 10.0.0.0/8 mode require auth pinned AAAA 2>&1)
is "policy auth pinned with a malformed key: usage error (exit 1)" "$?" 1
ip netns del ns_noid

ctl -n ns_cli policy add 10.1.1.2/32 mode require auth pinned "$SRV_PUB"
ctl -n ns_srv policy add 10.0.0.0/8 mode require auth pinned "$CLI_PUB"
err=$(ctl -n ns_cli identity del 2>&1)
is "identity del under a pinned policy: refused (exit 2)" "$?" 2
check "  ... because a policy uses it" grep -q "in use by auth pinned policies" <<<"$err"
is "policy show: the pinned key" "$(ctl -j -n ns_cli policy show | jq -r '.[0] | "\(.auth) \(.peer_key)"')" \
	"pinned $SRV_PUB"

# 1. Right pins through the router.
serve ns_srv 6001
head -c $((1024 * 1024)) /dev/urandom >"$WORK/data"
ip netns exec ns_cli "$MPTCPSEC_XFER" client -c 10.1.1.2 -p 6001 -i "$WORK/data" \
	-r $((256 * 1024)) -t 20 >/dev/null 2>&1 &
cpid=$!
check "pinned: connection secured on the client" wait_until 10 bash -c \
	"$MPTCPSECCTL -j -n ns_cli conn show | jq -e '.[0].security == \"secured\" and .[0].auth == \"pinned\"'"
cj=$(ctl -j -n ns_cli conn show)
sj=$(ctl -j -n ns_srv conn show)
is "pinned: the client shows the server's pinned key" "$(jq -r '.[0].peer_key' <<<"$cj")" "$SRV_PUB"
is "pinned: the server, secured, shows the client's" \
	"$(jq -r '.[0] | "\(.security) \(.auth) \(.peer_key)"' <<<"$sj")" "secured pinned $CLI_PUB"
is "pinned: same session ID on both ends" "$(jq -r '.[0].session_id' <<<"$cj")" \
	"$(jq -r '.[0].session_id' <<<"$sj")"
wait $cpid
is "pinned: transfer completes" "$?" 0
unserve ns_srv 6001
check "pinned: the server received the data intact" cmp -s "$WORK/data" "$WORK/got.ns_srv.6001"
conns_gone ns_cli

# 2. A wrong pin: the client pins the attacker's key for the server.
hf_cli=$(stat_of ns_cli handshake_failures)
hf_srv=$(stat_of ns_srv handshake_failures)
ctl -n ns_cli policy replace 10.1.1.2/32 mode require auth pinned "$MITM_PUB"
serve ns_srv 6002
timed_send 6002
unserve ns_srv 6002
check "wrong pin: connect fails" test $rc -ne 0
check "wrong pin: with ECONNREFUSED" grep -q "refused" <<<"$err"
check "wrong pin: within 3 s ($ms ms)" test $ms -lt 3000
check "wrong pin: the client counts a handshake failure" \
	test "$(stat_of ns_cli handshake_failures)" -gt "$hf_cli"
check "wrong pin: the server counts a handshake failure" \
	wait_until 5 bash -c "[ \"\$($MPTCPSECCTL -j -n ns_srv stats | jq .handshake_failures)\" -gt $hf_srv ]"
check "wrong pin: the server application received nothing" \
	bash -c "! [ -s '$WORK/got.ns_srv.6002' ]"
conns_gone ns_srv

# 3. The attacker takes over the server's address.
ip -n ns_mitm addr add 10.1.1.2/32 dev lo
ctl -n ns_mitm policy add 10.0.0.0/8 mode require auth none
ctl -n ns_cli policy replace 10.1.1.2/32 mode require auth none
serve ns_mitm 6003
timed_send 6003
unserve ns_mitm 6003
is "MitM control, auth none: the client connects (to the attacker)" "$rc" 0
check "  ... and the attacker's application got the data" \
	test "$(stat -c %s "$WORK/got.ns_mitm.6003" 2>/dev/null || echo 0)" -eq $((256 * 1024))
check "  ... secured (opportunistic encryption alone cannot tell)" \
	test "$(stat_of ns_cli conns_secured)" -ge 2
conns_gone ns_cli

hf_cli=$(stat_of ns_cli handshake_failures)
ctl -n ns_mitm policy replace 10.0.0.0/8 mode require auth pinned "$CLI_PUB"
ctl -n ns_cli policy replace 10.1.1.2/32 mode require auth pinned "$SRV_PUB"
serve ns_mitm 6004
timed_send 6004
unserve ns_mitm 6004
check "MitM, server key pinned: connect fails" test $rc -ne 0
check "  ... with ECONNREFUSED" grep -q "refused" <<<"$err"
check "  ... counted as a handshake failure on the client" \
	test "$(stat_of ns_cli handshake_failures)" -gt "$hf_cli"
check "  ... the attacker's application received nothing" \
	bash -c "! [ -s '$WORK/got.ns_mitm.6004' ]"

# Dynamic debug (enabled with dyndbg=+p at load): events, no secrets.
dmesg | tail -n +$((DMESG_START + 1)) >"$WORK/dmesg"
check "dynamic debug: a conn-secured line" grep -q "mptcpsec: conn [0-9]* conn-secured 10\.0\.1\.1:" "$WORK/dmesg"
check "dynamic debug: a conn-failed line" grep -q "mptcpsec: conn [0-9]* conn-failed " "$WORK/dmesg"
check "dynamic debug: no private key in the kernel log" \
	bash -c "! grep -q -F -e \"\$(cat '$WORK/id.ns_cli')\" -e \"\$(cat '$WORK/id.ns_srv')\" '$WORK/dmesg'"
check "no warning, oops or leak in the kernel log" dmesg_clean
tap_done
