#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the VM: the kernel's MPTCP selftests, unmodified, first without the
# module (baseline), then with it loaded with default_policy=require, so
# that every MPTCP connection in every namespace they create is secured.
#
#   guest.sh SELFTEST_DIR "[prefer:]SCRIPT [ARGS...]"...
#
# "prefer:" runs that script with default_policy=prefer instead: every
# connection to a peer that negotiates is secured, one to a plain TCP
# listener falls back (mptcp_connect*.sh test MPTCP clients against TCP
# servers, which require refuses by design).
#
# Per subtest, the two results side by side (table.txt in the results
# directory, and as TAP comments), and one TAP line per subtest: "not ok"
# when it passes in the baseline and not with the module, unless
# tests/conformance/expected-differences.txt lists it. Per script, the
# module's counters of every namespace the script used, read just before
# the script deletes it (an "ip" first in PATH reads them, then runs the
# real ip), must show secured connections, no fallback to plain MPTCP and
# no unprotected segment.
. "$MPTCPSEC_SRC/tests/vm/lib.sh"
here=$MPTCPSEC_SRC/tests/conformance
# shellcheck source=tests/conformance/compare.sh
. "$here/compare.sh"
dir=${1:?usage: guest.sh SELFTEST_DIR SPEC...}
shift
out=$MPTCPSEC_RESULTS/conformance
mkdir -p "$out/baseline" "$out/module"
# Each selftest script has this long (its kselftest "settings" timeout).
script_timeout=${CONFORMANCE_SCRIPT_TIMEOUT:-1800}


# run_spec PHASE SPEC: run one selftest script, keep its output and status
run_spec() {
	local phase=$1 spec=$2 name start rc
	local -a argv
	read -r -a argv <<<"$(spec_cmd "$spec")"
	name=$(spec_name "$spec")
	start=$(date +%s)
	(cd "$dir" && timeout --kill-after=10 "$script_timeout" bash "${argv[@]}") \
		>"$out/$phase/$name.log" 2>&1 </dev/null
	rc=$?
	echo "$rc" >"$out/$phase/$name.rc"
	echo "# $phase: $spec: exit $rc in $(($(date +%s) - start))s"
}

# The "ip" the scripts find first in PATH while the module is loaded:
# before a namespace is deleted, its counters go to $CONFORMANCE_STATS.
wrap=$(mktemp -d)
real_ip=$(command -v ip)
cat >"$wrap/ip" <<EOF
#!/bin/sh
snap() { printf '%s\t%s\n' "\$1" "\$("$MPTCPSECCTL" -j -n "\$1" stats 2>/dev/null)" >>"\$CONFORMANCE_STATS"; }
if [ -n "\$CONFORMANCE_STATS" ]; then
	case "\$1 \$2 \$3" in
	"netns del "* | "netns delete "*) snap "\$3" ;;
	"-all netns del"*) for ns in \$("$real_ip" netns list | cut -d' ' -f1); do snap "\$ns"; done ;;
	esac
fi
exec "$real_ip" "\$@"
EOF
chmod 755 "$wrap/ip"

echo "# selftests: $(cat "$dir/../../../../../.built" 2>/dev/null) kernel $(uname -r)"
specs=("$@")
for spec in "${specs[@]}"; do
	run_spec baseline "$spec"
done

if ! mod_load default_policy=require; then
	fail "module loads with default_policy=require"
	tap_done
fi
echo "# module: default_policy=$(cat /sys/module/mptcpsec/parameters/default_policy)"
for spec in "${specs[@]}"; do
	name=$(spec_name "$spec")
	stats=$out/module/$name.stats
	: >"$stats"
	mode=$(spec_mode "$spec")
	echo "$mode" >/sys/module/mptcpsec/parameters/default_policy
	CONFORMANCE_STATS=$stats PATH=$wrap:$PATH run_spec module "$spec"
	echo require >/sys/module/mptcpsec/parameters/default_policy
	# namespaces the script left behind
	for ns in $(ip netns list | cut -d' ' -f1); do
		printf '%s\t%s\n' "$ns" "$("$MPTCPSECCTL" -j -n "$ns" stats 2>/dev/null)" >>"$stats"
		ip netns del "$ns"
	done
done

compare "$out" "${specs[@]}"
if bad=$(dmesg_clean); then
	ok "kernel log clean"
else
	fail "kernel log clean"
	awk 'NR <= 10 { print "#   " $0 }' <<<"$bad"
fi
echo "1..$TAP_N"
mod_unload
rm -rf "$wrap"
[ "$TAP_FAILED" = 0 ]
