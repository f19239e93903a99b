#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run VM tests on kernels, sequentially, and summarise.
#
#   tests/vm/run-all.sh [-k SERIES]... [TEST...]
#
# Without -k: every supported kernel. Without TEST: every tests/vm/tests/*.sh.
# Ends with "vm: N passed, N failed, N skipped" (one count per test and
# kernel) after one "# time: SERIES/TEST N s" line per run; exits
# non-zero if any failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kernels=()
while getopts "k:" opt; do
	case $opt in
	k) kernels+=("$OPTARG") ;;
	*) echo "usage: $0 [-k SERIES]... [TEST...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)
tests=("$@")
if [ ${#tests[@]} = 0 ]; then
	for t in "$here"/tests/*.sh; do
		tests+=("$(basename "$t" .sh)")
	done
fi

passed=0
failed=0
skipped=0
failures=()
times=()
for k in "${kernels[@]}"; do
	for t in "${tests[@]}"; do
		t0=$SECONDS
		"$here/run.sh" -k "$k" "$t"
		rc=$?
		times+=("$k/$t $((SECONDS - t0)) s")
		case $rc in
		0) passed=$((passed + 1)) ;;
		4) skipped=$((skipped + 1)) ;;
		*) failed=$((failed + 1)); failures+=("$k/$t") ;;
		esac
	done
done
printf '# time: %s\n' "${times[@]}"
[ ${#failures[@]} = 0 ] || echo "# failed: ${failures[*]}"
echo "vm: $passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
