#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel coding style and static checks of module/:
#  - checkpatch.pl --strict (taken from Debian's linux-source-6.1 package,
#    extracted once into a cache outside the tree);
#  - sparse on every supported kernel series (Kbuild C=2).
# Generated files are checked too: the generator must emit kernel style.
#
# usage: tests/lint.sh [KERNELRELEASE...]
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${MPTCPSEC_LINT_CACHE:-/var/cache/mptcpsec-lint}
checkpatch=$cache/linux-source-6.1/scripts/checkpatch.pl
kerneldoc=$cache/linux-source-6.1/scripts/kernel-doc
n=0
failed=0

tap() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

if [ ! -x "$checkpatch" ] || [ ! -x "$kerneldoc" ]; then
	mkdir -p "$cache"
	(
		set -e
		cd "$cache"
		apt-get download linux-source-6.1 >/dev/null 2>&1 || {
			apt-get update -qq && apt-get download linux-source-6.1 >/dev/null
		}
		dpkg-deb --fsys-tarfile linux-source-6.1_*.deb |
			tar -x --wildcards -O '*/linux-source-6.1.tar.xz' |
			tar -xJ --wildcards '*/scripts/checkpatch.pl' \
				'*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch' \
				'*/scripts/kernel-doc'
		rm -f linux-source-6.1_*.deb
	) || echo "# could not fetch checkpatch.pl from linux-source-6.1"
fi

if [ -x "$checkpatch" ]; then
	out=$(cd "$top" && "$checkpatch" --strict --no-tree --terse --show-types \
		-f module/*.c module/*.h 2>&1 | grep -v 'total: 0 errors, 0 warnings, 0 checks')
	[ -z "$out" ]
	tap $? "checkpatch --strict clean on module/"
	[ -z "$out" ] || sed 's/^/# /' <<<"$out"
else
	tap 1 "checkpatch --strict clean on module/ (checkpatch.pl unavailable)"
fi

if [ -x "$kerneldoc" ]; then
	out=$(cd "$top" && "$kerneldoc" -none module/*.c module/*.h 2>&1)
	[ -z "$out" ]
	tap $? "kernel-doc comments well-formed in module/"
	[ -z "$out" ] || sed 's/^/# /' <<<"$out"
	# Every function with external linkage carries kernel-doc.
	undocumented=$(cd "$top" && for f in module/*.c; do
		grep -E '^[a-z][a-z0-9_ *]* \**(mptcpsec_[a-z0-9_]+)\(' "$f" | grep -v '^static' |
			sed -E 's/.*[ *](mptcpsec_[a-z0-9_]+)\(.*/\1/' |
			while read -r fn; do grep -q "^ \* $fn() - " "$f" || echo "$f:$fn"; done
	done)
	[ -z "$undocumented" ]
	tap $? "every non-static function in module/ has kernel-doc"
	[ -z "$undocumented" ] || sed 's/^/# /' <<<"$undocumented"
else
	tap 1 "kernel-doc available"
fi

releases=("$@")
if [ ${#releases[@]} = 0 ]; then
	for s in 6.1 6.12; do
		releases+=("$("$top/tests/vm/kernels.sh" release "$s")")
	done
fi
for kr in "${releases[@]}"; do
	make -C "$top" -s --no-print-directory module KERNELRELEASE="$kr" >/dev/null 2>&1
	out=$(make -C "/lib/modules/$kr/build" M="$top/build/$kr/module" C=2 W=1 modules 2>&1 |
		grep -E 'warning|error' | grep -v 'BTF')
	[ -z "$out" ]
	tap $? "sparse and W=1 clean against $kr"
	[ -z "$out" ] || sed 's/^/# /' <<<"$out"
done

echo "1..$n"
echo "lint: $((n - failed)) passed, $failed failed"
[ $failed = 0 ]
