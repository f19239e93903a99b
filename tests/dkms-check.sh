#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS round trip on the host, for one kernel release: `make dkms-install`
# hands the release tarball (`make dist`) to `dkms add` as it is; check
# that the tarball holds exactly the manifest, that DKMS built and
# installed the module for that kernel with the project's version, and
# that a kernel lacking a required option is refused. The VM test "dkms_load" then loads
# the installed module in that kernel.
#
# usage: tests/dkms-check.sh KERNELRELEASE
set -uo pipefail

kr=${1:?usage: $0 KERNELRELEASE}
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(cat "$top/VERSION")
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

log=$(mktemp)
trap 'rm -f "$log"' EXIT

make -C "$top" --no-print-directory dkms-install KERNELRELEASE="$kr" >"$log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$log"
tap $rc "make dkms-install KERNELRELEASE=$kr"

# The tarball: the manifest under dkms_source_tree/, nothing else.
want=$(cd "$top" && make --no-print-directory -s -f Makefile print-dist-files | tr ' ' '\n' |
	sed 's|^|dkms_source_tree/|' | sort)
got=$(tar -tzf "$top/build/mptcpsec-$version.dkms.tar.gz" 2>/dev/null | grep -v '/$' | sort)
[ -n "$got" ] && [ "$got" = "$want" ]
tap $? "make dist: build/mptcpsec-$version.dkms.tar.gz holds exactly the manifest"

dkms status -m mptcpsec -v "$version" -k "$kr" 2>/dev/null | grep -q installed
tap $? "dkms status shows mptcpsec/$version installed for $kr"

ko=$(find "/lib/modules/$kr/updates/dkms" -name 'mptcpsec.ko*' 2>/dev/null | head -n1)
[ -n "$ko" ]
tap $? "module installed under /lib/modules/$kr/updates/dkms"

if [ -n "$ko" ]; then
	[ "$(modinfo -F version "$ko")" = "$version" ]
	tap $? "installed module reports version $version"
	[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$kr" ]
	tap $? "installed module built for $kr"
else
	tap 1 "installed module reports version $version"
	tap 1 "installed module built for $kr"
fi

# The source tree DKMS got is exactly the manifest: no stray files.
extra=$(cd "/usr/src/mptcpsec-$version" && find . -type f | sed 's|^\./||' | sort |
	grep -v -x -F -f <(cd "$top" && make --no-print-directory -s -f Makefile print-dist-files | tr ' ' '\n' | sort) || true)
[ -z "$extra" ]
tap $? "DKMS source tree holds only the manifest${extra:+ (extra: $extra)}"

# BUILD_EXCLUSIVE_CONFIG: a kernel tree without CONFIG_MPTCP is refused.
fake=$(mktemp -d)
cp -a "/lib/modules/$kr/build/." "$fake/" 2>/dev/null || true
if [ -f "$fake/.config" ]; then
	sed -i 's/^CONFIG_MPTCP=y/# CONFIG_MPTCP is not set/' "$fake/.config"
	out=$(dkms build -m mptcpsec -v "$version" -k "$kr" --kernelsourcedir "$fake" --force 2>&1)
	rc=$?
	[ $rc != 0 ] && grep -qi "BUILD_EXCLUSIVE\|not supported\|exclusive" <<<"$out"
	tap $? "DKMS refuses a kernel without CONFIG_MPTCP"
	[ $rc != 0 ] || sed 's/^/# /' <<<"$out"
else
	tap 1 "DKMS refuses a kernel without CONFIG_MPTCP (no .config in $kr build tree)"
fi
rm -rf "$fake"

echo "1..$n"
echo "dkms: $((n - failed)) passed, $failed failed"
[ $failed = 0 ]
