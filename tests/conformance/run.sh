#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's MPTCP selftests as a conformance suite of the module: per
# kernel series, the selftests of that kernel's Debian source package run
# in a VM without and then with the module (default_policy=require).
#
#   run.sh [-k SERIES]... [-c] [-t TIMEOUT_S] [[prefer:]SPEC...]
#
# -k  kernel series (6.1, 6.12; default both)
# -c  the CI subset (SPECS_CI) instead of the full suite (SPECS_FULL)
# SPEC  a selftest script with its arguments, e.g. "mptcp_join.sh -f";
#       "prefer:SCRIPT" runs it with default_policy=prefer in the module run
#
# Prints the TAP of each run and the side-by-side table; the results
# (logs of both runs, table.txt, counters.txt) stay in the directory
# run.sh names. Exit status 0 only when no kernel shows a regression.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# Everything: mptcp_connect.sh in its default mode and its mmap, sendfile
# and checksum variants (netem loss/delay/reordering, MTU and GSO/GRO
# changes are part of each run), every mptcp_join.sh group, and the rest.
# mptcp_connect*.sh run under prefer: their MPTCP clients also connect to
# plain TCP listeners, which require refuses (docs/CONFORMANCE.md).
SPECS_FULL=(diag.sh pm_netlink.sh mptcp_sockopt.sh simult_flows.sh
	    prefer:mptcp_connect.sh prefer:mptcp_connect_mmap.sh
	    prefer:mptcp_connect_sendfile.sh prefer:mptcp_connect_checksum.sh
	    mptcp_join.sh userspace_pm.sh)
# What fits CI's budget (both kernels well under 15 minutes under TCG).
SPECS_CI=(mptcp_sockopt.sh "mptcp_join.sh -f")

series=()
ci=0
timeout_s=
while getopts "k:ct:" o; do
	case $o in
	k) series+=("$OPTARG") ;;
	c) ci=1 ;;
	t) timeout_s=$OPTARG ;;
	*) echo "usage: $0 [-k SERIES]... [-c] [-t TIMEOUT_S] [[prefer:]SPEC...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
((${#series[@]})) || series=(6.1 6.12)
if [ $# -gt 0 ]; then
	specs=("$@")
elif [ $ci = 1 ]; then
	specs=("${SPECS_CI[@]}")
else
	specs=("${SPECS_FULL[@]}")
fi
# 30 minutes per script and run (kselftest's own limit), plus the boot
: "${timeout_s:=$((${#specs[@]} * 2 * 1800 + 300))}"

rc=0
for s in "${series[@]}"; do
	dir=$("$here/extract.sh" "$s") || { rc=1; continue; }
	kr=$("$top/tests/vm/kernels.sh" release "$s") || { rc=1; continue; }
	[ -f "$top/build/$kr/module/mptcpsec.ko" ] ||
		make -C "$top" --no-print-directory module KERNELRELEASE="$kr" >/dev/null || { rc=1; continue; }
	start=$(date +%s)
	log=$(mktemp)
	flock /var/lock/mptcpsec-vm.lock "$top/tests/vm/run.sh" -k "$s" -t "$timeout_s" -K \
		"$here/guest.sh" "$dir" "${specs[@]}" | tee "$log"
	r=${PIPESTATUS[0]}
	res=$(sed -n 's/^# results kept in //p' "$log")
	rm -f "$log"
	if [ -n "$res" ] && [ -d "$res" ]; then
		grep -E '^(ok|not ok|#|1\.\.)' "$res/output"
	fi
	echo "# $s: $(($(date +%s) - start))s, results in ${res:-?}"
	[ "$r" = 0 ] || rc=1
done
exit $rc
