#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The side-by-side comparison of a conformance run (tests/conformance/
# guest.sh): per subtest of each spec, its result without and with the
# module, as TAP and as OUT/table.txt, and per spec the module's counters
# summed over every namespace the script used.
#
#   compare.sh OUT SPEC...
#
# OUT holds baseline/NAME.log|.rc and module/NAME.log|.rc|.stats.
# A subtest that passes in the baseline and not with the module is
# "not ok" unless tests/conformance/expected-differences.txt lists it.
# Sourced by guest.sh; runs on its own on a kept results directory too.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if ! declare -F ok >/dev/null; then
	TAP_N=0
	TAP_FAILED=0
	ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
	fail() { TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $*"; }
fi
expected=$here/expected-differences.txt

# A spec is "[MODE:]SCRIPT [ARGS...]". MODE (prefer) is the module's
# default policy while the script runs with the module; require without.
# spec_mode SPEC: the mode; spec_cmd SPEC: the script and its arguments
spec_mode() {
	case $1 in
	prefer:*) echo prefer ;;
	*) echo require ;;
	esac
}

spec_cmd() {
	echo "${1#prefer:}"
}

# The files a spec's output goes to: "mptcp_join.sh -f -s" -> mptcp_join-f-s,
# "prefer:mptcp_connect.sh" -> mptcp_connect@prefer
spec_name() {
	local cmd script mode
	cmd=$(spec_cmd "$1")
	script=${cmd%% *}
	mode=$(spec_mode "$1")
	[ "$mode" = require ] && mode= || mode=@$mode
	tr -d ' ' <<<"${script%.sh}${cmd#"$script"}$mode"
}

# parse LOG RC: "id<TAB>ok|fail|skip" per subtest. The kselftest TAP the
# 6.12 scripts print at the end where there is one; otherwise the
# [ ok ]/[fail]/[skip] marks (mptcp_join.sh: per numbered subtest, all
# of its checks; other scripts: per line, named by the text before the
# mark; 6.1 mptcp_sockopt.sh: per PASS:/FAIL: line). Last, the script's exit status (0 ok, 4 skip).
parse() {
	local log=$1 rc=$2 join=0
	[[ $log == */mptcp_join* ]] && join=1
	awk -v rc="$rc" -v join="$join" '
	function emit(id, st) {
		# mptcp_connect*.sh: "(duration 589ms)" differs from run to run
		gsub(/\(duration +[0-9]+ms\)/, "", id)
		gsub(/[ \t]+/, " ", id); sub(/^ /, "", id); sub(/ $/, "", id)
		if (id == "") id = "(unnamed)"
		if (seen[id]++) id = id " #" seen[id]
		printf "%s\t%s\n", id, st
	}
	function flush() {
		if (cur != "") emit(cur, cfail ? "fail" : (cok ? "ok" : "skip"))
		cur = ""; cfail = cok = 0
	}
	/^TAP version 13/ { tap = 1; next }
	tap && /^(not )?ok [0-9]+ / {
		st = /^not ok/ ? "fail" : "ok"
		line = $0
		sub(/^(not )?ok [0-9]+ (- )?/, "", line)
		if (line ~ /# *SKIP/) st = "skip"
		sub(/ *# .*$/, "", line)	# directives, "# time=NNNms"
		emit(line, st); ntap++
		next
	}
	tap { next }
	{ lines[++n] = $0 }
	END {
		if (!ntap) {
			for (i = 1; i <= n; i++) {
				l = lines[i]
				if (join) {
					if (l ~ /^[0-9][0-9][0-9] /) {
						flush(); cur = substr(l, 1, 40)
					}
					if (cur == "") continue
					t = tolower(l)
					if (t ~ /\[ *fail *\]/) cfail = 1
					if (t ~ /\[ *ok *\]/) cok = 1
					continue
				}
				# 6.1 mptcp_sockopt.sh: "PASS: what", "FAIL: what"
				if (match(l, /^(PASS|FAIL|SKIP): /)) {
					st = l ~ /^PASS/ ? "ok" : (l ~ /^FAIL/ ? "fail" : "skip")
					emit(substr(l, RLENGTH + 1), st)
					continue
				}
				t = tolower(l)
				if (match(t, /\[ *(ok|fail|skip) *\]/)) {
					m = substr(t, RSTART, RLENGTH)
					st = m ~ /ok/ ? "ok" : (m ~ /fail/ ? "fail" : "skip")
					emit(substr(l, 1, RSTART - 1), st)
				}
			}
			flush()
		}
		emit("exit status", rc == 0 ? "ok" : (rc == 4 ? "skip" : "fail"))
	}' "$log"
}

# listed SCRIPT ID: the reason expected-differences.txt gives, if any
# (lines "SCRIPT<TAB>ID<TAB>REASON"; the series may prefix the script:
# "6.12/mptcp_join.sh")
listed() {
	[ -r "$expected" ] || return 1
	awk -F'\t' -v s="$1" -v s2="$MPTCPSEC_SERIES/$1" -v id="$2" '
		!/^#/ && ($1 == s || $1 == s2) && $2 == id { print $3; found = 1; exit }
		END { exit !found }' "$expected"
}


# fallback_cases LOG: the most fallbacks an mptcp_connect*.sh run may
# count under prefer: two (client and listener side) per transfer its log
# shows from an MPTCP client to a plain TCP listener, as in
# "ns1 MPTCP -> ns2 (10.0.1.2:10001 ) TCP".
fallback_cases() {
	local n
	n=$(grep -cE 'MPTCP[[:space:]]+->[[:space:]].*[[:space:]]TCP[[:space:]]' "$1")
	echo $((2 * n))
}

# compare OUT SPEC...: TAP per subtest and per spec's counters
compare() {
	local out=$1 spec name script mode id b m verdict reason stats sum line
	local created secured fb unprot prot refused nsn table
	shift
	table=$out/table.txt
	: >"$out/counters.txt"
	printf '%-16s %-56s %-8s %-8s %s\n' script subtest baseline module verdict >"$table"
	for spec in "$@"; do
		name=$(spec_name "$spec")
		script=$(spec_cmd "$spec")
		script=${script%% *}
		mode=$(spec_mode "$spec")
		parse "$out/baseline/$name.log" "$(cat "$out/baseline/$name.rc")" >"$out/baseline/$name.res"
		parse "$out/module/$name.log" "$(cat "$out/module/$name.rc")" >"$out/module/$name.res"
		while IFS=$'\t' read -r id b; do
			m=$(awk -F'\t' -v id="$id" '$1 == id { print $2; exit }' "$out/module/$name.res")
			m=${m:-missing}
			if [ "$b" != ok ]; then
				verdict="not compared (baseline $b)"
				ok "$spec: $id # SKIP baseline $b"
			elif [ "$m" = ok ]; then
				verdict=same
				ok "$spec: $id"
			elif reason=$(listed "$script" "$id"); then
				verdict="listed: $reason"
				ok "$spec: $id (expected difference: $reason)"
			else
				verdict=REGRESSION
				fail "$spec: $id (baseline ok, module $m)"
			fi
			printf '%-16s %-56s %-8s %-8s %s\n' "$spec" "$id" "$b" "$m" "$verdict" >>"$table"
		done <"$out/baseline/$name.res"
		# subtests only the module run has
		while IFS=$'\t' read -r id m; do
			grep -qF "$id"$'\t' "$out/baseline/$name.res" && continue
			printf '%-16s %-56s %-8s %-8s %s\n' "$spec" "$id" missing "$m" "only with the module" >>"$table"
		done <"$out/module/$name.res"

		# The module's counters over every namespace the script used.
		stats=$out/module/$name.stats
		sum=$(cut -f2 "$stats" | grep '^{' |
			jq -s 'reduce .[] as $o ({}; reduce ($o | to_entries[]) as $e (.; .[$e.key] += $e.value))')
		get() { jq -r ".$1 // 0" <<<"$sum"; }
		created=$(get conns_created) secured=$(get conns_secured) fb=$(get fallbacks)
		unprot=$(get unprotected) prot=$(get protected) refused=$(get refused)
		nsn=$(grep -c '^' "$stats")
		line="conns_created=$created conns_secured=$secured protected=$prot fallbacks=$fb unprotected=$unprot refused=$refused auth_failures=$(get auth_failures) handshake_failures=$(get handshake_failures) namespaces=$nsn"
		echo "$spec: $line" >>"$out/counters.txt"
		if [ "$created" = 0 ] && { [ "$script" = pm_netlink.sh ] || listed "$script" "counters: no connection" >/dev/null; }; then
			ok "$spec: counters: no MPTCP connection to secure ($line)"
		elif [ "$mode" = require ] && [ "$secured" -ge 1 ] && [ "$fb" = 0 ] && [ "$unprot" = 0 ]; then
			ok "$spec: counters: connections secured, no fallback, no unprotected segment ($line)"
		elif [ "$mode" = prefer ] && [ "$secured" -ge 1 ] && [ "$unprot" = 0 ] &&
		     [ "$fb" -le "$(fallback_cases "$out/module/$name.log")" ]; then
			# prefer: a peer that does not negotiate (a plain TCP
			# listener) is a fallback, and only such a peer
			ok "$spec: counters: connections secured, fallbacks only towards plain TCP peers, no unprotected segment ($line)"
		elif reason=$(listed "$script" "counters"); then
			ok "$spec: counters ($line) (expected difference: $reason)"
		else
			fail "$spec: counters: want conns_secured >= 1, unprotected 0, fallbacks $([ "$mode" = prefer ] && echo "<= $(fallback_cases "$out/module/$name.log") (transfers to a TCP peer)" || echo 0) ($line)"
		fi
	done
	sed 's/^/# /' "$table"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	compare "$@"
	echo "1..$TAP_N"
	[ "$TAP_FAILED" = 0 ]
fi
